// SQL for stored segments (dynamic rules, static lists, auto-tag rules), their
// members (a portable Roaring bitmap of customer ids, as a blob) and the daily
// size log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

struct SegmentRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string kind;  // dynamic | static
  std::string rule;
  std::string description;
  std::string tag;
  int64_t member_count = 0;
  std::optional<int64_t> snapshot_at;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

Result<int64_t> insert_segment(Connection& db, const SegmentRecord& s);
// Updates name, rule, description, tag and updated_at.
Status update_segment_definition(Connection& db, const SegmentRecord& s);
Status delete_segment(Connection& db, int64_t shop, int64_t id);
Result<std::vector<SegmentRecord>> list_segments(Connection& db, int64_t shop);
Result<std::vector<SegmentRecord>> list_all_segments(Connection& db);
Result<std::optional<SegmentRecord>> find_segment(Connection& db, int64_t shop, int64_t id);
Result<std::optional<SegmentRecord>> find_segment_by_name(Connection& db, int64_t shop,
                                                          std::string_view name);

// The members blob ("" when never saved).
Result<std::string> load_segment_members(Connection& db, int64_t id);
Status save_segment_members(Connection& db, int64_t id, std::string_view blob, int64_t count,
                            int64_t now);

struct SegmentSizeRecord {
  std::string day;  // shop-local YYYY-MM-DD
  int64_t size = 0;
  int64_t entered = 0;
  int64_t exited = 0;
};
// Sets the day's size and adds to its entered/exited counts.
Status record_segment_size(Connection& db, int64_t id, std::string_view day, int64_t size,
                           int64_t entered, int64_t exited);
// The latest `limit` days, oldest first.
Result<std::vector<SegmentSizeRecord>> list_segment_sizes(Connection& db, int64_t id, int limit);

}  // namespace guanxi::store
