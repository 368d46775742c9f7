#include "store/service_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr const char* kTicketColumns =
    "id, shop_id, customer_id, subject, description, type, channel, priority, priority_reason, "
    "category, status, assignee_agent_id, order_ids, attachments, pauses, first_response_at, "
    "first_response_due, resolution_due, resolved_at, first_resolved_at, closed_at, sla_state, "
    "sla_next_at, sla_fired, customer_contacts, agent_replies, contacts_at_resolution, "
    "replies_at_resolution, reopen_count, reopened_in_window, created_by, created_at, updated_at, "
    "speed_stored, first_response_ms, first_response_breached, first_resolution_ms, "
    "resolution_breached ";

std::string ticket_select() {
  return std::string("SELECT ") + kTicketColumns + "FROM tickets ";
}

std::optional<bool> opt_bool(std::optional<int64_t> v) {
  if (!v) return std::nullopt;
  return *v != 0;
}

std::optional<int64_t> opt_int(std::optional<bool> v) {
  if (!v) return std::nullopt;
  return *v ? 1 : 0;
}

TicketRecord read_ticket(const Query& q) {
  TicketRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.customer_id = q.i64(2);
  r.subject = q.text(3);
  r.description = q.text(4);
  r.type = q.text(5);
  r.channel = q.text(6);
  r.priority = q.text(7);
  r.priority_reason = q.text(8);
  r.category = q.text(9);
  r.status = q.text(10);
  r.assignee_agent_id = q.opt_i64(11);
  r.order_ids = q.text(12);
  r.attachments = q.text(13);
  r.pauses = q.text(14);
  r.first_response_at = q.opt_i64(15);
  r.first_response_due = q.opt_i64(16);
  r.resolution_due = q.opt_i64(17);
  r.resolved_at = q.opt_i64(18);
  r.first_resolved_at = q.opt_i64(19);
  r.closed_at = q.opt_i64(20);
  r.sla_state = q.text(21);
  r.sla_next_at = q.opt_i64(22);
  r.sla_fired = q.i64(23);
  r.customer_contacts = q.i64(24);
  r.agent_replies = q.i64(25);
  r.contacts_at_resolution = q.opt_i64(26);
  r.replies_at_resolution = q.opt_i64(27);
  r.reopen_count = q.i64(28);
  r.reopened_in_window = q.i64(29) != 0;
  r.created_by = q.text(30);
  r.created_at = q.i64(31);
  r.updated_at = q.i64(32);
  r.speed_stored = q.i64(33) != 0;
  r.first_response_ms = q.opt_i64(34);
  r.first_response_breached = opt_bool(q.opt_i64(35));
  r.first_resolution_ms = q.opt_i64(36);
  r.resolution_breached = opt_bool(q.opt_i64(37));
  return r;
}

Result<std::vector<std::pair<int64_t, int64_t>>> pairs(Query& q) {
  std::vector<std::pair<int64_t, int64_t>> out;
  while (q.next()) out.emplace_back(q.i64(0), q.i64(1));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

// The priority's rank for sorting (urgent first).
constexpr const char* kPriorityRank =
    "(CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END)";

// LIKE pattern for "contains": %, _ and the escape character escaped.
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

// The search words of `text`: split at ASCII white space and the ideographic
// space (U+3000).
std::vector<std::string> search_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ideographic_space = text.substr(i, 3) == "\xE3\x80\x80";
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || ideographic_space) {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
      if (ideographic_space) i += 2;
      continue;
    }
    word += c;
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// Characters (code points) of UTF-8 text.
size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// An FTS5 phrase that matches `word` as a substring (trigram tokenizer):
// double quotes inside are doubled, so no query syntax comes from the input.
std::string fts_phrase(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// Indexes (or re-indexes) the ticket's subject and description.
Status index_ticket_text(Connection& db, int64_t ticket, const std::string& subject,
                         const std::string& body) {
  Query current(db, "SELECT subject, body FROM ticket_search WHERE rowid = ?");
  current.bind(ticket);
  if (current.next()) {
    if (current.text(0) == subject && current.text(1) == body) return Status::ok();
    Query q(db, "UPDATE ticket_search SET subject = ?, body = ? WHERE rowid = ?");
    q.bind(subject, body, ticket);
    return q.run();
  }
  GX_RETURN_IF_ERROR(current.status());
  Query q(db, "INSERT INTO ticket_search (rowid, subject, body) VALUES (?, ?, ?)");
  q.bind(ticket, subject, body);
  return q.run();
}

}  // namespace

Result<int64_t> insert_ticket(Connection& db, const TicketRecord& r) {
  Query q(
      db,
      "INSERT INTO tickets (shop_id, customer_id, subject, description, type, channel, "
      "priority, priority_reason, category, status, assignee_agent_id, order_ids, "
      "attachments, pauses, first_response_at, first_response_due, resolution_due, "
      "resolved_at, first_resolved_at, closed_at, sla_state, sla_next_at, sla_fired, "
      "customer_contacts, agent_replies, contacts_at_resolution, replies_at_resolution, "
      "reopen_count, reopened_in_window, created_by, created_at, updated_at, speed_stored, "
      "first_response_ms, first_response_breached, first_resolution_ms, resolution_breached) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.customer_id, r.subject, r.description, r.type, r.channel, r.priority,
         r.priority_reason, r.category, r.status, r.assignee_agent_id, r.order_ids, r.attachments,
         r.pauses, r.first_response_at, r.first_response_due, r.resolution_due, r.resolved_at,
         r.first_resolved_at, r.closed_at, r.sla_state, r.sla_next_at, r.sla_fired,
         r.customer_contacts, r.agent_replies, r.contacts_at_resolution, r.replies_at_resolution,
         r.reopen_count, r.reopened_in_window, r.created_by, r.created_at, r.updated_at,
         r.speed_stored, r.first_response_ms, opt_int(r.first_response_breached),
         r.first_resolution_ms, opt_int(r.resolution_breached));
  GX_ASSIGN_OR_RETURN(const int64_t id, q.insert_row("tickets"));
  GX_RETURN_IF_ERROR(index_ticket_text(db, id, r.subject, r.description));
  return id;
}

Status update_ticket(Connection& db, const TicketRecord& r) {
  Query q(
      db,
      "UPDATE tickets SET customer_id = ?, subject = ?, description = ?, type = ?, channel = ?, "
      "priority = ?, priority_reason = ?, category = ?, status = ?, assignee_agent_id = ?, "
      "order_ids = ?, attachments = ?, pauses = ?, first_response_at = ?, "
      "first_response_due = ?, resolution_due = ?, resolved_at = ?, first_resolved_at = ?, "
      "closed_at = ?, sla_state = ?, sla_next_at = ?, sla_fired = ?, customer_contacts = ?, "
      "agent_replies = ?, contacts_at_resolution = ?, replies_at_resolution = ?, "
      "reopen_count = ?, reopened_in_window = ?, updated_at = ?, speed_stored = ?, "
      "first_response_ms = ?, first_response_breached = ?, first_resolution_ms = ?, "
      "resolution_breached = ? WHERE shop_id = ? AND id = ?");
  q.bind(r.customer_id, r.subject, r.description, r.type, r.channel, r.priority, r.priority_reason,
         r.category, r.status, r.assignee_agent_id, r.order_ids, r.attachments, r.pauses,
         r.first_response_at, r.first_response_due, r.resolution_due, r.resolved_at,
         r.first_resolved_at, r.closed_at, r.sla_state, r.sla_next_at, r.sla_fired,
         r.customer_contacts, r.agent_replies, r.contacts_at_resolution, r.replies_at_resolution,
         r.reopen_count, r.reopened_in_window, r.updated_at, r.speed_stored, r.first_response_ms,
         opt_int(r.first_response_breached), r.first_resolution_ms, opt_int(r.resolution_breached),
         r.shop_id, r.id);
  GX_RETURN_IF_ERROR(q.run());
  if (q.changes() == 0) return Status::ok();
  return index_ticket_text(db, r.id, r.subject, r.description);
}

Result<std::optional<TicketRecord>> find_ticket(Connection& db, int64_t shop, int64_t ticket) {
  Query q(db, ticket_select() + "WHERE id = ? AND shop_id = ?");
  q.bind(ticket, shop);
  return first<TicketRecord>(q, read_ticket);
}

Result<std::vector<TicketRecord>> customer_tickets(Connection& db, int64_t shop, int64_t customer,
                                                   int limit) {
  Query q(db, ticket_select() + "WHERE customer_id = ? AND shop_id = ? ORDER BY id DESC LIMIT ?");
  q.bind(customer, shop, limit);
  return collect<TicketRecord>(q, read_ticket);
}

Status move_tickets(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE tickets SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

int64_t ticket_sort_key(const TicketRecord& r, std::string_view sort) {
  if (sort == "updated") return r.updated_at;
  if (sort == "priority") {
    if (r.priority == "urgent") return 4;
    if (r.priority == "high") return 3;
    if (r.priority == "normal") return 2;
    return 1;
  }
  if (sort == "due") return r.resolution_due.value_or(INT64_MAX);
  return r.id;
}

Result<std::vector<TicketRecord>> list_tickets(Connection& db, int64_t shop,
                                               const TicketFilter& f) {
  // Built from fixed fragments only; every value is bound. Each filter that
  // is present adds its condition, so SQLite can pick the index that fits
  // (status, assignee, customer, sla_state) instead of a generic "? IS NULL OR".
  std::string sql = ticket_select() + "WHERE shop_id = ?";
  if (!f.statuses.empty()) {
    sql += " AND status IN (";
    for (size_t i = 0; i < f.statuses.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  if (f.assignee)
    sql += *f.assignee == 0 ? " AND assignee_agent_id IS NULL" : " AND assignee_agent_id = ?";
  if (f.priority) sql += " AND priority = ?";
  if (f.type) sql += " AND type = ?";
  if (f.channel) sql += " AND channel = ?";
  if (f.customer) sql += " AND customer_id = ?";
  if (!f.sla_states.empty()) {
    sql += " AND sla_state IN (";
    for (size_t i = 0; i < f.sla_states.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  std::string match;               // the FTS5 query of the long words
  std::vector<std::string> likes;  // patterns of the short words
  for (const auto& w : search_words(f.text)) {
    if (code_points(w) >= 3) {
      match += (match.empty() ? "" : " ") + fts_phrase(w);
    } else {
      likes.push_back(contains_pattern(w));
    }
  }
  if (!match.empty())
    sql += " AND id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)";
  for (size_t i = 0; i < likes.size(); ++i)
    sql += " AND (subject LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')";
  std::string key;
  bool ascending = false;
  if (f.sort == "updated") {
    key = "updated_at";
  } else if (f.sort == "priority") {
    key = kPriorityRank;
  } else if (f.sort == "due") {
    key = "COALESCE(resolution_due, 9223372036854775807)";
    ascending = true;
  }
  if (key.empty()) {
    if (f.after_id) sql += " AND id < ?";
    sql += " ORDER BY id DESC LIMIT ?";
  } else {
    if (f.after_key && f.after_id) {
      sql += ascending ? " AND (" + key + " > ? OR (" + key + " = ? AND id < ?))"
                       : " AND (" + key + " < ? OR (" + key + " = ? AND id < ?))";
    }
    sql += " ORDER BY " + key + (ascending ? " ASC" : " DESC") + ", id DESC LIMIT ?";
  }
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  for (const auto& s : f.statuses) q.bind_at(i++, s);
  if (f.assignee && *f.assignee != 0) q.bind_at(i++, *f.assignee);
  if (f.priority) q.bind_at(i++, *f.priority);
  if (f.type) q.bind_at(i++, *f.type);
  if (f.channel) q.bind_at(i++, *f.channel);
  if (f.customer) q.bind_at(i++, *f.customer);
  for (const auto& s : f.sla_states) q.bind_at(i++, s);
  if (!match.empty()) q.bind_at(i++, match);
  for (const auto& p : likes) {
    q.bind_at(i++, p);
    q.bind_at(i++, p);
  }
  if (key.empty()) {
    if (f.after_id) q.bind_at(i++, *f.after_id);
  } else if (f.after_key && f.after_id) {
    q.bind_at(i++, *f.after_key);
    q.bind_at(i++, *f.after_key);
    q.bind_at(i++, *f.after_id);
  }
  q.bind_at(i, f.limit);
  return collect<TicketRecord>(q, read_ticket);
}

Result<std::vector<std::pair<int64_t, int64_t>>> due_sla_tickets(Connection& db, int64_t now,
                                                                 int limit) {
  Query q(db,
          "SELECT shop_id, id FROM tickets WHERE sla_next_at IS NOT NULL AND sla_next_at <= ? "
          "ORDER BY sla_next_at, id LIMIT ?");
  q.bind(now, limit);
  return pairs(q);
}

Result<std::vector<std::pair<int64_t, int64_t>>> open_tickets_per_agent(Connection& db,
                                                                        int64_t shop) {
  Query q(db,
          "SELECT assignee_agent_id, COUNT(*) FROM tickets WHERE shop_id = ? AND "
          "assignee_agent_id IS NOT NULL AND status IN ('new', 'assigned', 'in_progress', "
          "'waiting_customer') GROUP BY assignee_agent_id");
  q.bind(shop);
  return pairs(q);
}

Result<std::vector<TicketRecord>> unassigned_new_tickets(Connection& db, int64_t shop, int limit) {
  Query q(db, ticket_select() +
                  "WHERE shop_id = ? AND status = 'new' AND assignee_agent_id IS NULL ORDER BY " +
                  kPriorityRank +
                  " DESC, COALESCE(resolution_due, 9223372036854775807), id LIMIT ?");
  q.bind(shop, limit);
  return collect<TicketRecord>(q, read_ticket);
}

Result<std::vector<int64_t>> shops_with_unassigned_tickets(Connection& db) {
  Query q(db,
          "SELECT id FROM shops s WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.shop_id = s.id "
          "AND t.status = 'new' AND t.assignee_agent_id IS NULL) ORDER BY id");
  std::vector<int64_t> out;
  while (q.next()) out.push_back(q.i64(0));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<std::pair<int64_t, int64_t>>> tickets_missing_speed(Connection& db, int limit) {
  Query q(db, "SELECT shop_id, id FROM tickets WHERE speed_stored = 0 ORDER BY id LIMIT ?");
  q.bind(limit);
  return pairs(q);
}

Result<std::vector<TicketRecord>> open_customer_tickets(Connection& db, int64_t shop,
                                                        int64_t customer, int limit) {
  Query q(db, ticket_select() +
                  "WHERE customer_id = ? AND shop_id = ? AND status IN ('new', 'assigned', "
                  "'in_progress', 'waiting_customer') ORDER BY " +
                  kPriorityRank +
                  " DESC, COALESCE(resolution_due, 9223372036854775807), id LIMIT ?");
  q.bind(customer, shop, limit);
  return collect<TicketRecord>(q, read_ticket);
}

Result<std::vector<TicketRecord>> tickets_created_between(Connection& db, int64_t shop,
                                                          int64_t from, int64_t to) {
  Query q(db,
          ticket_select() +
              "WHERE shop_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, id");
  q.bind(shop, from, to);
  return collect<TicketRecord>(q, read_ticket);
}

// ---- ticket events -------------------------------------------------------------------

Result<int64_t> insert_ticket_event(Connection& db, const TicketEventRecord& r) {
  Query q(db,
          "INSERT INTO ticket_events (ticket_id, shop_id, kind, from_value, to_value, body, actor, "
          "agent_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.ticket_id, r.shop_id, r.kind, r.from_value, r.to_value, r.body, r.actor, r.agent_id,
         r.at);
  return q.insert_row("ticket_events");
}

Result<std::vector<TicketEventRecord>> list_ticket_events(Connection& db, int64_t ticket) {
  Query q(db,
          "SELECT id, ticket_id, shop_id, kind, from_value, to_value, body, actor, agent_id, at "
          "FROM ticket_events WHERE ticket_id = ? ORDER BY id");
  q.bind(ticket);
  return collect<TicketEventRecord>(q, [](const Query& row) {
    return TicketEventRecord{row.i64(0),  row.i64(1),  row.i64(2),  row.text(3),    row.text(4),
                             row.text(5), row.text(6), row.text(7), row.opt_i64(8), row.i64(9)};
  });
}

// ---- canned responses ------------------------------------------------------------

namespace {

CannedResponseRecord read_canned(const Query& q) {
  return CannedResponseRecord{q.i64(0), q.i64(1), q.text(2), q.text(3), q.i64(4), q.i64(5)};
}

constexpr const char* kCannedSelect =
    "SELECT id, shop_id, name, body, created_at, updated_at FROM canned_responses ";

}  // namespace

Result<int64_t> insert_canned_response(Connection& db, const CannedResponseRecord& r) {
  Query q(db,
          "INSERT INTO canned_responses (shop_id, name, body, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.body, r.created_at, r.updated_at);
  return q.insert_row("canned_responses");
}

Status update_canned_response(Connection& db, const CannedResponseRecord& r) {
  Query q(db,
          "UPDATE canned_responses SET name = ?, body = ?, updated_at = ? WHERE shop_id = ? AND "
          "id = ?");
  q.bind(r.name, r.body, r.updated_at, r.shop_id, r.id);
  return q.run();
}

Result<bool> delete_canned_response(Connection& db, int64_t shop, int64_t id) {
  Query q(db, "DELETE FROM canned_responses WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<std::optional<CannedResponseRecord>> find_canned_response(Connection& db, int64_t shop,
                                                                 int64_t id) {
  Query q(db, std::string(kCannedSelect) + "WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return first<CannedResponseRecord>(q, read_canned);
}

Result<std::optional<int64_t>> find_canned_response_by_name(Connection& db, int64_t shop,
                                                            std::string_view name) {
  Query q(db, "SELECT id FROM canned_responses WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  return q.single_int64();
}

Result<std::vector<CannedResponseRecord>> list_canned_responses(Connection& db, int64_t shop) {
  Query q(db, std::string(kCannedSelect) + "WHERE shop_id = ? ORDER BY name");
  q.bind(shop);
  return collect<CannedResponseRecord>(q, read_canned);
}

// ---- CSAT surveys --------------------------------------------------------------------

namespace {

constexpr const char* kCsatSelect =
    "SELECT s.id, s.shop_id, s.ticket_id, s.customer_id, s.agent_id, s.token, s.message_id, "
    "s.sent_at, s.score, s.comment, s.source, s.answered_at FROM csat_surveys s ";

CsatSurveyRecord read_csat(const Query& q) {
  CsatSurveyRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.ticket_id = q.i64(2);
  r.customer_id = q.i64(3);
  r.agent_id = q.opt_i64(4);
  r.token = q.text(5);
  r.message_id = q.opt_i64(6);
  r.sent_at = q.i64(7);
  r.score = q.opt_i64(8);
  r.comment = q.text(9);
  r.source = q.text(10);
  r.answered_at = q.opt_i64(11);
  return r;
}

}  // namespace

Result<int64_t> insert_csat_survey(Connection& db, const CsatSurveyRecord& r) {
  Query q(db,
          "INSERT INTO csat_surveys (shop_id, ticket_id, customer_id, agent_id, token, message_id, "
          "sent_at, score, comment, source, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.ticket_id, r.customer_id, r.agent_id, r.token, r.message_id, r.sent_at,
         r.score, r.comment, r.source, r.answered_at);
  return q.insert_row("csat_surveys");
}

Status set_csat_message(Connection& db, int64_t survey, int64_t message) {
  Query q(db, "UPDATE csat_surveys SET message_id = ? WHERE id = ?");
  q.bind(message, survey);
  return q.run();
}

Result<std::optional<CsatSurveyRecord>> find_csat_by_token(Connection& db, std::string_view token) {
  Query q(db, std::string(kCsatSelect) + "WHERE s.token = ?");
  q.bind(token);
  return first<CsatSurveyRecord>(q, read_csat);
}

Result<std::optional<CsatSurveyRecord>> latest_csat_survey(Connection& db, int64_t ticket) {
  Query q(db, std::string(kCsatSelect) + "WHERE s.ticket_id = ? ORDER BY s.id DESC LIMIT 1");
  q.bind(ticket);
  return first<CsatSurveyRecord>(q, read_csat);
}

Result<bool> answer_csat_survey(Connection& db, int64_t survey, int64_t score,
                                std::string_view comment, std::string_view source, int64_t at) {
  Query q(db,
          "UPDATE csat_surveys SET score = ?, comment = ?, source = ?, answered_at = ? "
          "WHERE id = ? AND score IS NULL");
  q.bind(score, comment, source, at, survey);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<std::vector<CsatSurveyRecord>> csat_for_tickets_created_between(Connection& db, int64_t shop,
                                                                       int64_t from, int64_t to) {
  Query q(db, std::string(kCsatSelect) +
                  "JOIN tickets t ON t.id = s.ticket_id WHERE t.shop_id = ? AND t.created_at >= ? "
                  "AND t.created_at < ? ORDER BY s.id");
  q.bind(shop, from, to);
  return collect<CsatSurveyRecord>(q, read_csat);
}

}  // namespace guanxi::store
