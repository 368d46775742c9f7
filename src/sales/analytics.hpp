// Sales analytics: the funnel, velocity, stalled deals, the forecast with
// quota attainment, the competitor report, leaderboards and lead cohorts.
//
// How the numbers stay fast (≤ 100 ms over 1M opportunities and 10M
// activities): every report except stalled deals reads *rollups* (table
// sales_rollups, 0008), small sums keyed by metric, owner,
// shop-local month, pipeline, stage and a few labels, maintained in the same
// transaction as the write that changes them. Each opportunity's current
// contribution to the rollups is kept beside it (sales_opportunity_facts), so
// refreshing one opportunity subtracts what it added last time and adds what
// it adds now: refreshes are idempotent and never double count. Every
// contribution is written twice, for its owner and for owner -1 ("every
// owner"), so a shop-wide report reads a few hundred rows, a team's report
// its members' rows (one query each), the leaderboard every rep's in three
// queries summed in SQL. Stage times and sales cycles are also kept
// summed over all months (month '', metrics stage_time_all / cycle_all), so
// velocity without a period reads a few hundred rows per owner instead of a
// day bucket per creation month. Lead cohorts are rollups too (metric lead:
// cohort month, owner, status now, won), with each lead's contribution in
// sales_lead_facts (0010). Stalled deals read the opportunities through the
// partial indexes opportunities_idle (whole shop) and opportunities_idle_owner
// (some owners: one range per owner over its stalled deals only).
//
// ---- What the record code (part 1) must call, in the same transaction ----
//  - refresh_opportunity_analytics(w, id) after ANY write that changes an
//    opportunity or what it is linked to: create (with its first stage-history
//    row), update of amount/currency/owner/expected close date/forecast
//    category/close reason, stage move, won/lost/reopen, soft delete, lead
//    conversion creating one, and linking or unlinking a competitor.
//  - refresh_lead_analytics(w, id) after ANY write of a lead's status, owner
//    or conversion: create, update, status change, conversion, duplicate
//    link, import (a rescore changes nothing the cohorts count).
//    refresh_opportunity_analytics refreshes the leads converted into the
//    opportunity (their "won").
//  - record_activity_analytics(w, id) after inserting a sales activity;
//    forget_activity_analytics(w, id) before deleting one or before changing
//    its kind, user or occurred_at (then record_activity_analytics after).
//  - rebuild_sales_analytics(w) after pipeline stages are re-ordered or change
//    kind (positions decide what "reached" means), and for repairs
//    (`guanxi sales-report rebuild`).
// A report finds the rollups behind when the newest opportunity of the shop
// has no facts row, and then fails (failed precondition, naming the rebuild)
// instead of returning stale numbers. Lead cohorts read their rollups once
// they cover every lead of the shop (after a rebuild, or when the shop's first
// lead was refreshed; migration 0010 marks shops without leads) and read the
// leads themselves until then.
//
// ---- Definitions ----
// Months are shop-local 'YYYY-MM'. A period filter is an inclusive month range
// [from_month, to_month]; a quarter 'YYYY-Qn' is its three months.
// Amounts are summed in one currency (the shop's unless asked): opportunities
// in another currency count in the counts but not in the amounts
// (other_currency_count says how many).
//
// Funnel (opportunities created in the period, of the chosen owners):
//  - per stage: open opportunities now in it (count, amount);
//  - "reached": an opportunity reached an open stage when it was ever in that
//    stage or in a later open stage (by position) — skipping a stage counts as
//    reaching the stages skipped — or it is won now (a won deal reached every
//    open stage). It reached "won" when its status is won now.
//  - conversion of open stage k = reached(k+1) / reached(k); of the last open
//    stage = won / reached(last). overall_conversion = won / reached(first
//    open stage) (every opportunity reaches the first). Lost stages are not
//    steps of the funnel.
//  - win_rate = won / (won + lost) by status now.
// Velocity (same cohort): for every stage-history row, the time in its stage
// is from its moved_at to the next row's moved_at, for open-kind stages only;
// the stage an open opportunity is in now is not finished and is excluded
// from the median and mean (reported apart as current_count and
// current_mean_days: time since stage_entered_at, at the read's now). The
// median is of the durations truncated to whole days (the middle one, or the
// mean of the middle two); the mean is exact. Sales cycle: created_at →
// closed_at of won opportunities.
// Stalled: open opportunities whose last activity (last_activity_at, or
// created_at when none) is at least N days before now; oldest first.
// Forecast: open opportunities by the month of their expected close date
// ('none' when unset): amount, weighted amount (Σ amount × the stage's current
// probability / 100, rounded half up per stage and month) and the amount per
// forecast category (pipeline, best_case, commit; omitted is excluded from the
// totals); closed_won: amount won (closed_at) in the month. Quota attainment
// per owner for a quota period ('YYYY-Qn' or 'YYYY-MM'): won amount closed in
// the period / sales_quotas.amount_minor.
// Competitors (opportunities created in the period, linked to the
// competitor): met, open/won/lost, win_rate = won / (won + lost), lost amount
// and the close reasons of the lost deals with counts and amounts.
// Leaderboard per owner: won count/amount and lost count closed in the period,
// win_rate = won / (won + lost), pipeline created (amount of opportunities
// created in the period, any status), activities in the period by kind (by
// the activity's user).
// Lead cohorts: leads created in [from, to) by the status they are in now and
// how far they got: every lead reached new; working = any status but new;
// qualified = qualified or converted; converted; won = converted and the
// converted opportunity is won now. (Leads have no status history: a
// disqualified or nurturing lead counts as worked, not as qualified.)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "domain/context.hpp"

namespace guanxi::sales {

// ---- maintenance (called by the record code; see above) ----

Status refresh_opportunity_analytics(domain::WriteContext& w, int64_t opportunity_id);
Status refresh_lead_analytics(domain::WriteContext& w, int64_t lead_id);
Status record_activity_analytics(domain::WriteContext& w, int64_t activity_id);
Status forget_activity_analytics(domain::WriteContext& w, int64_t activity_id);
// Recomputes every rollup of the shop from the records (streams them; for 1M
// opportunities it takes seconds). Returns the number of opportunities seen.
Result<int64_t> rebuild_sales_analytics(domain::WriteContext& w);

// ---- filters ----

// A month 'YYYY-MM' as a number: year * 12 + (month - 1).
using MonthIndex = int32_t;
// Parses 'YYYY-MM', 'YYYY-Qn' or 'YYYY' into an inclusive month range;
// invalid_argument naming `field` otherwise.
Result<std::pair<MonthIndex, MonthIndex>> parse_period(std::string_view text,
                                                       std::string_view field);
std::string month_text(MonthIndex m);  // "2026-03"

struct ReportFilter {
  std::optional<int64_t> pipeline_id;  // default: the shop's default pipeline
  // Owners to include; nullopt = everyone. The API narrows it to what the
  // caller may see (own / team); a team filter expands to its members.
  std::optional<std::vector<int64_t>> owners;
  std::optional<MonthIndex> from_month;  // inclusive; nullopt = open-ended
  std::optional<MonthIndex> to_month;    // inclusive
  std::string currency;                  // "" = the shop's
};

// The users of a team (any state); not_found when the team is not the shop's.
Result<std::vector<int64_t>> team_members(domain::ReadContext& ctx, int64_t team_id);

// ---- reports ----

struct FunnelStage {
  int64_t stage_id = 0;
  std::string name;
  int64_t position = 0;
  int64_t probability = 0;
  std::string kind;                  // open | won | lost
  int64_t open_count = 0;            // open opportunities in the stage now
  int64_t open_amount = 0;           // minor units of the report currency
  int64_t reached = 0;               // open stages and won
  std::optional<double> conversion;  // open stages: to the next step (see above)
};

struct FunnelReport {
  int64_t pipeline_id = 0;
  std::string currency;
  std::vector<FunnelStage> stages;  // by position
  int64_t created = 0;              // opportunities in the cohort
  int64_t created_amount = 0;
  int64_t open = 0, won = 0, lost = 0;
  int64_t won_amount = 0, lost_amount = 0;
  std::optional<double> win_rate;
  std::optional<double> overall_conversion;
  int64_t other_currency_count = 0;
};
Result<FunnelReport> funnel_report(domain::ReadContext& ctx, const ReportFilter& f);

struct Durations {
  int64_t count = 0;
  std::optional<double> median_days;
  std::optional<double> mean_days;
};

struct VelocityStage {
  int64_t stage_id = 0;
  std::string name;
  int64_t position = 0;
  Durations finished;  // stays that ended (moved out)
  int64_t current_count = 0;
  std::optional<double> current_mean_days;
};

struct VelocityReport {
  int64_t pipeline_id = 0;
  std::vector<VelocityStage> stages;  // open stages by position
  Durations sales_cycle;              // created → won
};
Result<VelocityReport> velocity_report(domain::ReadContext& ctx, const ReportFilter& f);

struct StalledDeal {
  int64_t opportunity_id = 0;
  std::string name;
  std::optional<int64_t> owner_user_id;
  std::string owner_name;
  int64_t stage_id = 0;
  std::string stage_name;
  int64_t amount_minor = 0;
  std::string currency;
  int64_t idle_since = 0;  // UTC ms: last activity, or creation
  int64_t days_idle = 0;   // whole days (24 h) since idle_since
};

struct StalledReport {
  int64_t days = 0;
  int64_t total = 0;  // all stalled deals (the list holds at most `limit`)
  std::vector<StalledDeal> deals;
};
// Ignores the period of the filter; pipeline_id only when set.
Result<StalledReport> stalled_report(domain::ReadContext& ctx, const ReportFilter& f, int64_t days,
                                     int64_t limit);

struct ForecastMonth {
  std::string month;  // 'YYYY-MM' or 'none'
  int64_t open_count = 0;
  int64_t amount = 0;
  int64_t weighted = 0;
  std::map<std::string, int64_t> by_category;  // pipeline, best_case, commit, omitted
  int64_t closed_won = 0;
  int64_t closed_won_count = 0;
};

struct QuotaLine {
  int64_t user_id = 0;
  std::string name;
  std::string period;
  std::optional<int64_t> quota;  // nullopt: no quota set
  int64_t won = 0;
  std::optional<double> attainment;
};

struct ForecastReport {
  int64_t pipeline_id = 0;
  std::string currency;
  std::vector<ForecastMonth> months;  // by month; 'none' last
  ForecastMonth total;                // month "total"
  std::string quota_period;
  std::vector<QuotaLine> quotas;  // per owner with a quota or a win in the period
  QuotaLine quota_total;          // of the listed owners
};
// Months from the filter (default: this month and the next five).
Result<ForecastReport> forecast_report(domain::ReadContext& ctx, const ReportFilter& f,
                                       const std::string& quota_period);

struct CompetitorLine {
  int64_t competitor_id = 0;
  std::string name;
  int64_t met = 0, open = 0, won = 0, lost = 0;
  std::optional<double> win_rate;
  int64_t lost_amount = 0;
  struct Reason {
    std::string reason;
    int64_t count = 0;
    int64_t amount = 0;
  };
  std::vector<Reason> lost_reasons;  // most frequent first
};

struct CompetitorReport {
  std::string currency;
  std::vector<CompetitorLine> competitors;  // most deals met first
};
// Over every pipeline unless the filter names one.
Result<CompetitorReport> competitor_report(domain::ReadContext& ctx, const ReportFilter& f);

struct LeaderboardLine {
  int64_t user_id = 0;  // 0: no owner
  std::string name;
  int64_t won_count = 0, won_amount = 0, lost_count = 0;
  std::optional<double> win_rate;
  int64_t pipeline_created = 0;
  int64_t opportunities_created = 0;
  std::map<std::string, int64_t> activities;  // by kind
  int64_t activities_total = 0;
};

struct LeaderboardReport {
  std::string currency;
  std::vector<LeaderboardLine> reps;  // by the sort key, descending
};
// sort_by: won_amount (default) | won_count | win_rate | pipeline_created | activities.
// Over every pipeline unless the filter names one.
Result<LeaderboardReport> leaderboard_report(domain::ReadContext& ctx, const ReportFilter& f,
                                             const std::string& sort_by);

struct LeadCohort {
  std::string month;  // cohort: shop-local month of creation
  int64_t leads = 0;
  std::map<std::string, int64_t> by_status;
  int64_t reached_working = 0, reached_qualified = 0, converted = 0, won = 0;
};

struct LeadCohortReport {
  std::vector<LeadCohort> cohorts;  // by month
  LeadCohort total;                 // month "total"
};
// Leads created in the filter's months (default: the last 6), by their owner.
Result<LeadCohortReport> lead_cohort_report(domain::ReadContext& ctx, const ReportFilter& f);

}  // namespace guanxi::sales
