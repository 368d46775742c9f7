// The built-in customer models (RFM, ABC/Pareto, lifecycle) computed purely in
// SQL with window functions, exactly as pinned in segment/rule/model_settings.hpp.
// For reports, and as the independent check of the in-memory models.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "segment/sql/sql_compiler.hpp"

namespace guanxi::segment::sql {

struct SqlRfmRow {
  int64_t customer_id = 0;
  int64_t recency_days = 0;  // last_order_days
  int64_t purchases = 0;     // orders
  int64_t revenue = 0;       // minor units
  int r = 0;
  int f = 0;
  int m = 0;
  std::string group;  // Chinese name from kRfmGroups
  bool operator==(const SqlRfmRow&) const = default;
};
// Purchasers as of ctx.as_of_day, by customer id.
Result<std::vector<SqlRfmRow>> rfm_by_sql(store::Connection& db, const SqlContext& ctx);

struct SqlAbcRow {
  int64_t customer_id = 0;
  int64_t revenue = 0;
  char cls = 'C';  // 'A', 'B' or 'C'
  bool gold = false;
  bool drag = false;
  bool operator==(const SqlAbcRow&) const = default;
};
// Purchasers as of ctx.as_of_day, by customer id.
Result<std::vector<SqlAbcRow>> abc_by_sql(store::Connection& db, const SqlContext& ctx);

// Every live customer of the shop -> lifecycle stage (one of kLifecycleStages), by id.
Result<std::vector<std::pair<int64_t, std::string>>> lifecycle_by_sql(store::Connection& db,
                                                                      const SqlContext& ctx);

}  // namespace guanxi::segment::sql
