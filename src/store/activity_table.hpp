// SQL for what happens around a customer: notes (interaction memos), tags and
// tracked events.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace guanxi::store {

Result<int64_t> insert_note(Connection& db, const NoteRecord& n);
Result<std::vector<NoteRecord>> list_notes(Connection& db, int64_t shop, int64_t customer,
                                           int limit);
// The interactions logged against a ticket, oldest first.
Result<std::vector<NoteRecord>> list_ticket_notes(Connection& db, int64_t shop, int64_t ticket);
// Deletes a note of the shop; returns whether it existed.
Result<bool> delete_note(Connection& db, int64_t shop, int64_t note_id);
Status move_notes(Connection& db, int64_t from, int64_t to);

// The id of the shop's tag with this name, creating it when missing.
Result<int64_t> ensure_tag(Connection& db, int64_t shop, std::string_view name, int64_t now);
Result<std::optional<int64_t>> find_tag(Connection& db, int64_t shop, std::string_view name);
// Adds a tag to a customer; returns false when it was already there.
Result<bool> add_customer_tag(Connection& db, int64_t customer, int64_t tag,
                              std::string_view source, int64_t now);
// Removes a tag from a customer; returns false when it was not there.
Result<bool> remove_customer_tag(Connection& db, int64_t customer, int64_t tag);
Result<std::vector<TagRecord>> list_customer_tags(Connection& db, int64_t customer);
// Moves tags of `from` to `to`, keeping the earlier of two identical tags.
Status move_customer_tags(Connection& db, int64_t from, int64_t to);
struct TagCount {
  int64_t tag_id = 0;
  std::string name;
  int64_t customers = 0;
};
Result<std::vector<TagCount>> list_tags(Connection& db, int64_t shop);

// Inserts an event; returns nullopt when an event with the same message id
// was already stored (de-duplication).
Result<std::optional<int64_t>> insert_event(Connection& db, const EventRecord& e);
Status set_event_customer(Connection& db, int64_t event_id, int64_t customer);
// Gives unattributed events of an anonymous id to a customer.
Status attribute_anonymous_events(Connection& db, int64_t shop, std::string_view anonymous_id,
                                  int64_t customer);
Status move_events(Connection& db, int64_t from, int64_t to);
Result<std::vector<EventRecord>> list_customer_events(Connection& db, int64_t customer, int limit);

}  // namespace guanxi::store
