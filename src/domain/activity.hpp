// Notes (the memo of every call, visit, chat or email), tags and tracked events.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "store/records.hpp"

namespace guanxi::domain {

enum class NoteType { kCall, kVisit, kChat, kEmail, kOther };
std::string_view note_type_name(NoteType t);  // "call", "visit", "chat", "email", "other"
Result<NoteType> parse_note_type(std::string_view text);

struct NoteInput {
  NoteType type = NoteType::kOther;
  std::string direction;  // "inbound", "outbound" or empty
  std::string author;
  std::string summary;                   // required, at most 10,000 characters
  std::optional<Timestamp> occurred_at;  // default now
};

// The call-center memo's fields (an interaction): who served, how long, how it
// ended, when to follow up, and the ticket it belongs to. The service desk
// checks the agent and ticket exist and creates the follow-up task.
struct InteractionDetails {
  std::optional<int64_t> agent_id;
  std::optional<int64_t> duration_s;  // 0 .. 86400
  std::string outcome;                // at most 200 bytes, e.g. "resolved", "callback"
  std::optional<Timestamp> next_follow_up_at;
  std::optional<int64_t> ticket_id;
};

struct Note {
  int64_t id = 0;
  CustomerId customer_id = 0;
  NoteType type = NoteType::kOther;
  std::string direction;
  std::string author;
  std::string summary;
  Timestamp occurred_at{};
  Timestamp created_at{};
  std::optional<int64_t> agent_id;
  std::optional<int64_t> duration_s;
  std::string outcome;
  std::optional<Timestamp> next_follow_up_at;
  std::optional<int64_t> ticket_id;
};

// Appends a `note_added` change {"type"} (the segment engine counts them).
Result<Note> add_note(WriteContext& ctx, CustomerId customer, const NoteInput& input,
                      const InteractionDetails& details = {});
Note to_note(const store::NoteRecord& r);
Result<std::vector<Note>> list_notes(ReadContext& ctx, CustomerId customer, int limit);
// not_found when the note does not exist in the shop.
Status delete_note(WriteContext& ctx, int64_t note_id);

struct CustomerTag {
  std::string name;
  std::string source;  // "manual", later "auto"
  Timestamp added_at{};
};

// Tag names are trimmed, 1-64 characters, no control characters.
Status validate_tag_name(std::string_view name);
// Returns true when the tag was added, false when the customer already had it.
Result<bool> add_tag(WriteContext& ctx, CustomerId customer, std::string_view tag);
// Returns true when removed, false when the customer did not have it.
Result<bool> remove_tag(WriteContext& ctx, CustomerId customer, std::string_view tag);
Result<std::vector<CustomerTag>> list_tags(ReadContext& ctx, CustomerId customer);

struct TagSummary {
  std::string name;
  int64_t customers = 0;
};
Result<std::vector<TagSummary>> list_shop_tags(ReadContext& ctx);

}  // namespace guanxi::domain
