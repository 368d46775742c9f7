// SQL for the service desk: tickets, their event log, canned responses, CSAT
// surveys, the ticket-list queries with keyset pagination and the rows reports
// aggregate (tasks are journey_table's). Every function runs
// on the caller's connection (inside the caller's transaction for writes) and is
// scoped by shop where a row is addressed by id. The rules (workflow, SLA,
// assignment) are the service module's; these functions only read and write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// ---- tickets ---------------------------------------------------------------------

struct TicketRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t customer_id = 0;
  std::string subject;
  std::string description;
  std::string type;
  std::string channel;
  std::string priority;
  std::string priority_reason;
  std::string category;
  std::string status;
  std::optional<int64_t> assignee_agent_id;
  std::string order_ids = "[]";    // JSON array of order ids
  std::string attachments = "[]";  // JSON array of {"url", "name"}
  std::string pauses = "[]";       // JSON array of [from, to|null]
  std::optional<int64_t> first_response_at;
  std::optional<int64_t> first_response_due;
  std::optional<int64_t> resolution_due;
  std::optional<int64_t> resolved_at;
  std::optional<int64_t> first_resolved_at;
  std::optional<int64_t> closed_at;
  std::string sla_state = "none";
  std::optional<int64_t> sla_next_at;
  int64_t sla_fired = 0;
  int64_t customer_contacts = 1;
  int64_t agent_replies = 0;
  std::optional<int64_t> contacts_at_resolution;
  std::optional<int64_t> replies_at_resolution;
  int64_t reopen_count = 0;
  bool reopened_in_window = false;
  // Speed kept when the SLA clocks stop (0009_service_speed.sql); false for a
  // row written before them, whose other speed members are then unset.
  bool speed_stored = false;
  std::optional<int64_t> first_response_ms;
  std::optional<bool> first_response_breached;
  std::optional<int64_t> first_resolution_ms;
  std::optional<bool> resolution_breached;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Inserts a ticket (id ignored) and its full-text row (subject, description);
// returns its id.
Result<int64_t> insert_ticket(Connection& db, const TicketRecord& r);
// Writes every mutable column (subject .. updated_at) of ticket `r.id`, and
// re-indexes its subject and description when they changed.
Status update_ticket(Connection& db, const TicketRecord& r);
Result<std::optional<TicketRecord>> find_ticket(Connection& db, int64_t shop, int64_t ticket);
// A customer's tickets, newest first.
Result<std::vector<TicketRecord>> customer_tickets(Connection& db, int64_t shop, int64_t customer,
                                                   int limit);
Status move_tickets(Connection& db, int64_t from, int64_t to);

// The ticket list. Every member narrows (nullopt / empty: no condition); the
// statuses are OR-ed. Sort: "id" (newest first), "updated", "priority" (urgent
// first, then newest), "due" (resolution due soonest first, tickets without one
// last). The cursor is the last row's sort key and id, from TicketPage.
struct TicketFilter {
  std::vector<std::string> statuses;
  std::optional<int64_t> assignee;  // agents.id; 0 = unassigned
  std::optional<std::string> priority;
  std::optional<std::string> type;
  std::optional<std::string> channel;
  std::optional<int64_t> customer;
  std::vector<std::string> sla_states;
  // Words that must all occur in the subject or the description (the opening
  // message), split at white space, case-insensitive: a word of 3 characters
  // or more through the full-text index (trigram), a shorter one by LIKE.
  std::string text;
  std::string sort = "id";
  std::optional<int64_t> after_key;  // keyset cursor: the sort key of the last row …
  std::optional<int64_t> after_id;   // … and its id
  int limit = 50;
};
Result<std::vector<TicketRecord>> list_tickets(Connection& db, int64_t shop, const TicketFilter& f);
// The key list_tickets sorts `r` by under `sort` (for the next cursor).
int64_t ticket_sort_key(const TicketRecord& r, std::string_view sort);

// (shop, ticket) of tickets whose sla_next_at ≤ now, soonest first.
Result<std::vector<std::pair<int64_t, int64_t>>> due_sla_tickets(Connection& db, int64_t now,
                                                                 int limit);
// Open tickets (not resolved or closed) per assigned agent.
Result<std::vector<std::pair<int64_t, int64_t>>> open_tickets_per_agent(Connection& db,
                                                                        int64_t shop);
// Unassigned `new` tickets a free agent may pick: the most urgent priority
// first, then the resolution due soonest (none last), then the oldest.
Result<std::vector<TicketRecord>> unassigned_new_tickets(Connection& db, int64_t shop, int limit);
// Shops that have unassigned `new` tickets.
Result<std::vector<int64_t>> shops_with_unassigned_tickets(Connection& db);
// (shop, ticket) of tickets whose speed columns are not kept yet (written
// before 0009), lowest id first.
Result<std::vector<std::pair<int64_t, int64_t>>> tickets_missing_speed(Connection& db, int limit);
// A customer's open tickets (new .. waiting_customer), the most urgent first
// (priority, then resolution due), at most `limit`.
Result<std::vector<TicketRecord>> open_customer_tickets(Connection& db, int64_t shop,
                                                        int64_t customer, int limit);
// Tickets created in [from, to), oldest first, for reports.
Result<std::vector<TicketRecord>> tickets_created_between(Connection& db, int64_t shop,
                                                          int64_t from, int64_t to);

// ---- ticket events -----------------------------------------------------------------

struct TicketEventRecord {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int64_t shop_id = 0;
  std::string kind;
  std::string from_value;
  std::string to_value;
  std::string body;
  std::string actor;
  std::optional<int64_t> agent_id;
  int64_t at = 0;
};
Result<int64_t> insert_ticket_event(Connection& db, const TicketEventRecord& r);
// The ticket's events, oldest first.
Result<std::vector<TicketEventRecord>> list_ticket_events(Connection& db, int64_t ticket);

// ---- canned responses ----------------------------------------------------------

struct CannedResponseRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string body;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};
Result<int64_t> insert_canned_response(Connection& db, const CannedResponseRecord& r);
Status update_canned_response(Connection& db, const CannedResponseRecord& r);
Result<bool> delete_canned_response(Connection& db, int64_t shop, int64_t id);
Result<std::optional<CannedResponseRecord>> find_canned_response(Connection& db, int64_t shop,
                                                                 int64_t id);
Result<std::optional<int64_t>> find_canned_response_by_name(Connection& db, int64_t shop,
                                                            std::string_view name);
Result<std::vector<CannedResponseRecord>> list_canned_responses(Connection& db, int64_t shop);

// ---- CSAT surveys -------------------------------------------------------------------

struct CsatSurveyRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t ticket_id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> agent_id;
  std::string token;
  std::optional<int64_t> message_id;
  int64_t sent_at = 0;
  std::optional<int64_t> score;
  std::string comment;
  std::string source;
  std::optional<int64_t> answered_at;
};
Result<int64_t> insert_csat_survey(Connection& db, const CsatSurveyRecord& r);
Status set_csat_message(Connection& db, int64_t survey, int64_t message);
// Any shop: the public page finds the shop through the token.
Result<std::optional<CsatSurveyRecord>> find_csat_by_token(Connection& db, std::string_view token);
// The ticket's latest survey.
Result<std::optional<CsatSurveyRecord>> latest_csat_survey(Connection& db, int64_t ticket);
// Records the answer unless one was recorded; returns whether this call recorded it.
Result<bool> answer_csat_survey(Connection& db, int64_t survey, int64_t score,
                                std::string_view comment, std::string_view source, int64_t at);
// Surveys of tickets created in [from, to) (the report's cohort).
Result<std::vector<CsatSurveyRecord>> csat_for_tickets_created_between(Connection& db, int64_t shop,
                                                                       int64_t from, int64_t to);

}  // namespace guanxi::store
