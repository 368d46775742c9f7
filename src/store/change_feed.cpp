#include "store/change_feed.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

ChangeRecord read_change(const Query& q) {
  return {q.i64(0),     q.i64(1),  q.text(2), q.opt_i64(3),
          q.opt_i64(4), q.text(5), q.text(6), q.i64(7)};
}

}  // namespace

Result<int64_t> append_change(Connection& db, const ChangeRecord& c) {
  Query q(db,
          "INSERT INTO changes (shop_id, kind, customer_id, entity_id, payload, actor, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(c.shop_id, c.kind, c.customer_id, c.entity_id, c.payload, c.actor, c.created_at);
  return q.insert_row("changes");
}

Result<std::vector<ChangeRecord>> read_changes(Connection& db, int64_t after, int limit) {
  Query q(
      db,
      "SELECT seq, shop_id, kind, customer_id, entity_id, payload, actor, created_at FROM changes "
      "WHERE seq > ? ORDER BY seq LIMIT ?");
  q.bind(after, limit);
  std::vector<ChangeRecord> out;
  while (q.next()) out.push_back(read_change(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> last_change_seq(Connection& db) {
  Query q(db, "SELECT COALESCE(MAX(seq), 0) FROM changes");
  GX_ASSIGN_OR_RETURN(auto seq, q.single_int64());
  return seq.value_or(0);
}

Result<std::vector<ChangeRecord>> read_customer_changes(Connection& db, int64_t shop,
                                                        int64_t customer, int limit) {
  Query q(
      db,
      "SELECT seq, shop_id, kind, customer_id, entity_id, payload, actor, created_at FROM changes "
      "WHERE shop_id = ? AND customer_id = ? ORDER BY seq DESC LIMIT ?");
  q.bind(shop, customer, limit);
  std::vector<ChangeRecord> out;
  while (q.next()) out.push_back(read_change(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> subscriber_offset(Connection& db, std::string_view name) {
  Query q(db, "SELECT seq FROM subscriber_offsets WHERE name = ?");
  q.bind(name);
  GX_ASSIGN_OR_RETURN(auto seq, q.single_int64());
  return seq.value_or(0);
}

Status set_subscriber_offset(Connection& db, std::string_view name, int64_t seq) {
  Query q(db,
          "INSERT INTO subscriber_offsets (name, seq) VALUES (?, ?) "
          "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq");
  q.bind(name, seq);
  return q.run();
}

}  // namespace guanxi::store
