// Shared by the analytics files: what one opportunity contributes to the
// rollups, month arithmetic, and reading rollups for a filter.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"
#include "sales/analytics.hpp"
#include "store/sales_report_table.hpp"

namespace guanxi::sales::detail {

// Metric names of sales_rollups.
inline constexpr const char* kStage = "stage";             // created month, current stage, status
inline constexpr const char* kReach = "reach";             // created month, dim = reach position
inline constexpr const char* kClose = "close";             // close month, stage, status, category
inline constexpr const char* kStageTime = "stage_time";    // created month, stage, dim = days
inline constexpr const char* kCycle = "cycle";             // created month, dim = days to won
inline constexpr const char* kCompetitor = "competitor";   // created month, dim = competitor
inline constexpr const char* kLostReason = "lost_reason";  // created month, dim, label = reason
inline constexpr const char* kActivity = "activity";       // occurred month, status = kind
// Summed over all months (month ''): velocity without a period.
inline constexpr const char* kStageTimeAll = "stage_time_all";  // stage, dim = days
inline constexpr const char* kCycleAll = "cycle_all";           // dim = days to won
// Leads: created month, status = status now, dim = 1 when converted and the
// opportunity is won now.
inline constexpr const char* kLead = "lead";

// The reach position of a won opportunity: beyond every stage.
inline constexpr int64_t kReachWon = 1'000'000'000;
inline constexpr int64_t kDayMs = 86'400'000;

// The inputs of an opportunity's contributions, stored as JSON in
// sales_opportunity_facts so that the next refresh can subtract them.
struct OpportunitySnapshot {
  bool counted = false;  // false: deleted (contributes nothing)
  int64_t pipeline_id = 0;
  int64_t stage_id = 0;
  int64_t owner = 0;  // 0: none
  std::string status;
  std::string category;
  int64_t amount = 0;
  std::string currency;
  std::string created_month;
  std::string close_month;  // open: expected close month ('' none); closed: closed month
  std::string reason;       // lost: close reason
  int64_t stage_entered_s = 0;
  int64_t reach = 0;
  std::optional<int64_t> cycle_ms;
  std::vector<int64_t> competitors;
  std::vector<std::pair<int64_t, int64_t>> stage_times;  // (stage, ms)
};

Json snapshot_to_json(const OpportunitySnapshot& s);
OpportunitySnapshot snapshot_from_json(const Json& j);

using Contributions = std::map<store::RollupKey, store::RollupValue>;
// Adds (sign +1) or subtracts (-1) the snapshot's contributions, each for its
// owner and for owner -1.
void add_contributions(const OpportunitySnapshot& s, int sign, Contributions& out);

// Shop-local months of instants; caches the zone's offset span.
class MonthOf {
 public:
  explicit MonthOf(const ShopZone& zone) : days_(zone) {}
  MonthIndex index(int64_t utc_ms);
  std::string text(int64_t utc_ms) { return month_text(index(utc_ms)); }

 private:
  LocalDayCounter days_;
};

// 'YYYY-MM' of a 'YYYY-MM-DD' date text ('' when malformed).
std::string month_of_date(std::string_view date);
// The UTC instant the shop-local month starts.
Timestamp month_start(const ShopZone& zone, MonthIndex m);

std::optional<double> ratio(int64_t num, int64_t den);

// Rollup rows of `metric` for the filter's owners (-1 when everyone) with
// month in [from, to] (texts; '' sorts first).
Result<std::vector<store::RollupRow>> rollups_for(domain::ReadContext& ctx, const char* metric,
                                                  const ReportFilter& f, const std::string& from,
                                                  const std::string& to);
// The filter's month range as texts; to defaults to "9999-12".
std::pair<std::string, std::string> month_range(const ReportFilter& f);

// Fails (failed precondition naming the rebuild) when the newest opportunity
// has not been refreshed.
Status check_fresh(domain::ReadContext& ctx);

// The pipeline of the filter or the default one; not_found when none.
Result<int64_t> pipeline_of(domain::ReadContext& ctx, const ReportFilter& f);
std::string currency_of(domain::ReadContext& ctx, const ReportFilter& f);

// Owners a per-owner report lists: the filter's, or every user of the shop plus 0.
Result<std::vector<int64_t>> listed_owners(domain::ReadContext& ctx, const ReportFilter& f);
Result<std::map<int64_t, std::string>> names_of_users(domain::ReadContext& ctx);

}  // namespace guanxi::sales::detail
