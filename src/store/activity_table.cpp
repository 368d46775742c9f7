#include "store/activity_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr const char* kNoteSelect =
    "SELECT id, shop_id, customer_id, type, direction, author, summary, occurred_at, created_at, "
    "agent_id, duration_s, outcome, next_follow_up_at, ticket_id FROM notes ";

NoteRecord read_note(const Query& q) {
  NoteRecord n;
  n.id = q.i64(0);
  n.shop_id = q.i64(1);
  n.customer_id = q.i64(2);
  n.type = q.text(3);
  n.direction = q.text(4);
  n.author = q.text(5);
  n.summary = q.text(6);
  n.occurred_at = q.i64(7);
  n.created_at = q.i64(8);
  n.agent_id = q.opt_i64(9);
  n.duration_s = q.opt_i64(10);
  n.outcome = q.text(11);
  n.next_follow_up_at = q.opt_i64(12);
  n.ticket_id = q.opt_i64(13);
  return n;
}

Result<std::vector<NoteRecord>> read_notes(Query& q) {
  std::vector<NoteRecord> out;
  while (q.next()) out.push_back(read_note(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace

Result<int64_t> insert_note(Connection& db, const NoteRecord& n) {
  Query q(db,
          "INSERT INTO notes (shop_id, customer_id, type, direction, author, summary, occurred_at, "
          "created_at, agent_id, duration_s, outcome, next_follow_up_at, ticket_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(n.shop_id, n.customer_id, n.type, n.direction, n.author, n.summary, n.occurred_at,
         n.created_at, n.agent_id, n.duration_s, n.outcome, n.next_follow_up_at, n.ticket_id);
  return q.insert_row("notes");
}

Result<std::vector<NoteRecord>> list_notes(Connection& db, int64_t shop, int64_t customer,
                                           int limit) {
  Query q(db,
          std::string(kNoteSelect) +
              "WHERE shop_id = ? AND customer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?");
  q.bind(shop, customer, limit);
  return read_notes(q);
}

Result<std::vector<NoteRecord>> list_ticket_notes(Connection& db, int64_t shop, int64_t ticket) {
  Query q(db, std::string(kNoteSelect) +
                  "WHERE ticket_id = ? AND shop_id = ? ORDER BY occurred_at, id");
  q.bind(ticket, shop);
  return read_notes(q);
}

Result<bool> delete_note(Connection& db, int64_t shop, int64_t note_id) {
  Query q(db, "DELETE FROM notes WHERE shop_id = ? AND id = ?");
  q.bind(shop, note_id);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Status move_notes(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE notes SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

Result<int64_t> ensure_tag(Connection& db, int64_t shop, std::string_view name, int64_t now) {
  GX_ASSIGN_OR_RETURN(auto existing, find_tag(db, shop, name));
  if (existing) return *existing;
  Query q(db, "INSERT INTO tags (shop_id, name, created_at) VALUES (?, ?, ?)");
  q.bind(shop, name, now);
  return q.insert_row("tags");
}

Result<std::optional<int64_t>> find_tag(Connection& db, int64_t shop, std::string_view name) {
  Query q(db, "SELECT id FROM tags WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  return q.single_int64();
}

Result<bool> add_customer_tag(Connection& db, int64_t customer, int64_t tag,
                              std::string_view source, int64_t now) {
  Query q(db,
          "INSERT INTO customer_tags (customer_id, tag_id, source, created_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (customer_id, tag_id) DO NOTHING");
  q.bind(customer, tag, source, now);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<bool> remove_customer_tag(Connection& db, int64_t customer, int64_t tag) {
  Query q(db, "DELETE FROM customer_tags WHERE customer_id = ? AND tag_id = ?");
  q.bind(customer, tag);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<std::vector<TagRecord>> list_customer_tags(Connection& db, int64_t customer) {
  Query q(db,
          "SELECT t.id, t.name, ct.source, ct.created_at FROM customer_tags ct JOIN tags t ON t.id "
          "= ct.tag_id "
          "WHERE ct.customer_id = ? ORDER BY t.name");
  q.bind(customer);
  std::vector<TagRecord> out;
  while (q.next()) out.push_back({q.i64(0), q.text(1), q.text(2), q.i64(3)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status move_customer_tags(Connection& db, int64_t from, int64_t to) {
  {
    Query q(db,
            "INSERT INTO customer_tags (customer_id, tag_id, source, created_at) "
            "SELECT ?, tag_id, source, created_at FROM customer_tags WHERE customer_id = ? "
            "ON CONFLICT (customer_id, tag_id) DO UPDATE SET created_at = "
            "CASE WHEN excluded.created_at < customer_tags.created_at THEN excluded.created_at "
            "ELSE customer_tags.created_at END");
    q.bind(to, from);
    GX_RETURN_IF_ERROR(q.run());
  }
  Query q(db, "DELETE FROM customer_tags WHERE customer_id = ?");
  q.bind(from);
  return q.run();
}

Result<std::vector<TagCount>> list_tags(Connection& db, int64_t shop) {
  Query q(db,
          "SELECT t.id, t.name, (SELECT COUNT(*) FROM customer_tags ct WHERE ct.tag_id = t.id) "
          "FROM tags t WHERE t.shop_id = ? ORDER BY t.name");
  q.bind(shop);
  std::vector<TagCount> out;
  while (q.next()) out.push_back({q.i64(0), q.text(1), q.i64(2)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::optional<int64_t>> insert_event(Connection& db, const EventRecord& e) {
  Query q(db,
          "INSERT INTO events (shop_id, message_id, kind, name, customer_id, user_id, "
          "anonymous_id, properties, "
          "occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (shop_id, message_id) DO NOTHING");
  q.bind(e.shop_id, e.message_id, e.kind, e.name, e.customer_id, e.user_id, e.anonymous_id,
         e.properties, e.occurred_at, e.received_at);
  return q.insert();
}

Status set_event_customer(Connection& db, int64_t event_id, int64_t customer) {
  Query q(db, "UPDATE events SET customer_id = ? WHERE id = ?");
  q.bind(customer, event_id);
  return q.run();
}

Status attribute_anonymous_events(Connection& db, int64_t shop, std::string_view anonymous_id,
                                  int64_t customer) {
  Query q(db,
          "UPDATE events SET customer_id = ? WHERE shop_id = ? AND anonymous_id = ? AND "
          "customer_id IS NULL");
  q.bind(customer, shop, anonymous_id);
  return q.run();
}

Status move_events(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE events SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

Result<std::vector<EventRecord>> list_customer_events(Connection& db, int64_t customer, int limit) {
  Query q(
      db,
      "SELECT id, shop_id, message_id, kind, name, customer_id, user_id, anonymous_id, properties, "
      "occurred_at, received_at FROM events WHERE customer_id = ? ORDER BY occurred_at DESC, id "
      "DESC LIMIT ?");
  q.bind(customer, limit);
  std::vector<EventRecord> out;
  while (q.next()) {
    out.push_back({q.i64(0), q.i64(1), q.text(2), q.text(3), q.text(4), q.opt_i64(5), q.opt_text(6),
                   q.opt_text(7), q.text(8), q.i64(9), q.i64(10)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
