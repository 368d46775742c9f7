#include "store/segment_table.hpp"

#include <algorithm>

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr std::string_view kColumns =
    "id, shop_id, name, kind, rule, description, tag, member_count, snapshot_at, created_by, "
    "created_at, "
    "updated_at";

SegmentRecord read_segment(const Query& q) {
  SegmentRecord s;
  s.id = q.i64(0);
  s.shop_id = q.i64(1);
  s.name = q.text(2);
  s.kind = q.text(3);
  s.rule = q.text(4);
  s.description = q.text(5);
  s.tag = q.text(6);
  s.member_count = q.i64(7);
  s.snapshot_at = q.opt_i64(8);
  s.created_by = q.text(9);
  s.created_at = q.i64(10);
  s.updated_at = q.i64(11);
  return s;
}

Result<std::vector<SegmentRecord>> read_all(Query& q) {
  std::vector<SegmentRecord> out;
  while (q.next()) out.push_back(read_segment(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace

Result<int64_t> insert_segment(Connection& db, const SegmentRecord& s) {
  Query q(db,
          "INSERT INTO segments (shop_id, name, kind, rule, description, tag, member_count, "
          "snapshot_at, "
          "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(s.shop_id, s.name, s.kind, s.rule, s.description, s.tag, s.member_count, s.snapshot_at,
         s.created_by, s.created_at, s.updated_at);
  return q.insert_row("segments");
}

Status update_segment_definition(Connection& db, const SegmentRecord& s) {
  Query q(db,
          "UPDATE segments SET name = ?, rule = ?, description = ?, tag = ?, updated_at = ? WHERE "
          "id = ?");
  q.bind(s.name, s.rule, s.description, s.tag, s.updated_at, s.id);
  return q.run();
}

Status delete_segment(Connection& db, int64_t shop, int64_t id) {
  {
    Query q(db, "DELETE FROM segment_sizes WHERE segment_id = ?");
    q.bind(id);
    GX_RETURN_IF_ERROR(q.run());
  }
  Query q(db, "DELETE FROM segments WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return q.run();
}

Result<std::vector<SegmentRecord>> list_segments(Connection& db, int64_t shop) {
  Query q(db, "SELECT " + std::string(kColumns) + " FROM segments WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  return read_all(q);
}

Result<std::vector<SegmentRecord>> list_all_segments(Connection& db) {
  Query q(db, "SELECT " + std::string(kColumns) + " FROM segments ORDER BY id");
  return read_all(q);
}

Result<std::optional<SegmentRecord>> find_segment(Connection& db, int64_t shop, int64_t id) {
  Query q(db, "SELECT " + std::string(kColumns) + " FROM segments WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  GX_ASSIGN_OR_RETURN(auto all, read_all(q));
  if (all.empty()) return std::optional<SegmentRecord>();
  return std::optional<SegmentRecord>(std::move(all.front()));
}

Result<std::optional<SegmentRecord>> find_segment_by_name(Connection& db, int64_t shop,
                                                          std::string_view name) {
  Query q(db, "SELECT " + std::string(kColumns) + " FROM segments WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  GX_ASSIGN_OR_RETURN(auto all, read_all(q));
  if (all.empty()) return std::optional<SegmentRecord>();
  return std::optional<SegmentRecord>(std::move(all.front()));
}

Result<std::string> load_segment_members(Connection& db, int64_t id) {
  Query q(db, "SELECT members FROM segments WHERE id = ?");
  q.bind(id);
  std::string out;
  if (q.next() && !q.is_null(0)) out = std::string(q.blob(0));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status save_segment_members(Connection& db, int64_t id, std::string_view blob, int64_t count,
                            int64_t now) {
  Query q(db, "UPDATE segments SET members = ?, member_count = ?, updated_at = ? WHERE id = ?");
  q.bind(Blob{blob}, count, now, id);
  return q.run();
}

Status record_segment_size(Connection& db, int64_t id, std::string_view day, int64_t size,
                           int64_t entered, int64_t exited) {
  Query q(
      db,
      "INSERT INTO segment_sizes (segment_id, day, size, entered, exited) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (segment_id, day) DO UPDATE SET size = excluded.size, "
      "entered = segment_sizes.entered + excluded.entered, exited = segment_sizes.exited + "
      "excluded.exited");
  q.bind(id, day, size, entered, exited);
  return q.run();
}

Result<std::vector<SegmentSizeRecord>> list_segment_sizes(Connection& db, int64_t id, int limit) {
  Query q(db,
          "SELECT day, size, entered, exited FROM segment_sizes WHERE segment_id = ? ORDER BY day "
          "DESC LIMIT ?");
  q.bind(id, limit);
  std::vector<SegmentSizeRecord> out;
  while (q.next()) out.push_back({q.text(0), q.i64(1), q.i64(2), q.i64(3)});
  GX_RETURN_IF_ERROR(q.status());
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace guanxi::store
