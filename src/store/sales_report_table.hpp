// SQL for the sales analytics (src/sales/analytics.hpp): the rollups, each
// opportunity's and lead's facts, the rows a refresh or a rebuild reads, and
// the reports that read records directly (stalled deals; lead cohorts until
// their rollups cover the shop). Every function runs on the caller's
// connection, inside the caller's transaction.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// ---- rollups ---------------------------------------------------------------------------

struct RollupKey {
  std::string metric;
  int64_t owner_user_id = 0;  // -1: every owner
  std::string month;          // 'YYYY-MM' or ''
  int64_t pipeline_id = 0;
  int64_t stage_id = 0;
  int64_t dim = 0;
  std::string status;
  std::string label;
  std::string currency;
  auto operator<=>(const RollupKey&) const = default;
};

struct RollupValue {
  int64_t n = 0;
  int64_t amount_minor = 0;
  int64_t total = 0;
  bool zero() const { return n == 0 && amount_minor == 0 && total == 0; }
};

struct RollupRow {
  RollupKey key;
  RollupValue value;
};

// Adds `delta` to the row of `key` (created when missing).
Status add_to_rollup(Connection& db, int64_t shop, const RollupKey& key, const RollupValue& delta);

// Rows of `metric` for one owner (-1: all) with from_month <= month <= to_month.
Result<std::vector<RollupRow>> read_rollups(Connection& db, int64_t shop, std::string_view metric,
                                            int64_t owner, std::string_view from_month,
                                            std::string_view to_month);

// What the leaderboard shows per owner, summed over the rollups of the months
// in [from_month, to_month]: won/lost closes (metric close) and opportunities
// created (metric stage) of the pipeline when given, amounts in `currency`;
// activities by kind (metric activity, any pipeline; kinds with a count).
// Owners without a row are missing. One query per metric, in the order of the
// primary key (no sort).
struct OwnerSums {
  int64_t won_count = 0, won_amount = 0, lost_count = 0;
  int64_t created_count = 0, created_amount = 0;
  std::map<std::string, int64_t> activities;
};
Result<std::map<int64_t, OwnerSums>> owner_sums(
    Connection& db, int64_t shop, const std::vector<int64_t>& owners, std::string_view from_month,
    std::string_view to_month, std::optional<int64_t> pipeline, std::string_view currency);

// Deletes every rollup and fact of the shop (before a rebuild).
Status clear_sales_rollups(Connection& db, int64_t shop);

// ---- facts -------------------------------------------------------------------------------

// The snapshot (JSON) an opportunity was last refreshed from.
Result<std::optional<std::string>> opportunity_facts(Connection& db, int64_t opportunity);
Status put_opportunity_facts(Connection& db, int64_t shop, int64_t opportunity, int64_t updated_at,
                             std::string_view snapshot);
Status delete_opportunity_facts(Connection& db, int64_t opportunity);

// The shop's newest opportunity (highest id) and whether it has facts: the
// staleness check of the reports. nullopt when the shop has none.
struct NewestOpportunity {
  int64_t id = 0;
  bool has_facts = false;
};
Result<std::optional<NewestOpportunity>> newest_opportunity(Connection& db, int64_t shop);

// ---- what a refresh reads ------------------------------------------------------------------

struct OpportunityFactsRow {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t pipeline_id = 0;
  int64_t stage_id = 0;
  std::optional<int64_t> owner_user_id;
  std::string status;
  std::string forecast_category;
  int64_t amount_minor = 0;
  std::string currency;
  std::optional<std::string> expected_close_date;
  std::string close_reason;
  std::optional<int64_t> closed_at;
  int64_t stage_entered_at = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> deleted_at;
};

struct StageMoveRow {
  int64_t opportunity_id = 0;
  int64_t to_stage_id = 0;
  int64_t moved_at = 0;
};

struct StageRow {
  int64_t id = 0;
  int64_t pipeline_id = 0;
  std::string name;
  int64_t position = 0;
  int64_t probability = 0;
  std::string kind;
  bool active = true;
};

Result<std::optional<OpportunityFactsRow>> opportunity_facts_row(Connection& db, int64_t shop,
                                                                 int64_t opportunity);
// In order of moved_at (then id).
Result<std::vector<StageMoveRow>> stage_moves_of(Connection& db, int64_t opportunity);
Result<std::vector<int64_t>> competitors_of(Connection& db, int64_t opportunity);
// Every stage of the shop's pipelines, by pipeline and position.
Result<std::vector<StageRow>> shop_stages(Connection& db, int64_t shop);
// The default pipeline (else the first); nullopt when the shop has none.
Result<std::optional<int64_t>> default_pipeline(Connection& db, int64_t shop);

// Every opportunity of the shop in order of id (for a rebuild).
Status each_opportunity(Connection& db, int64_t shop,
                        const std::function<Status(const OpportunityFactsRow&)>& fn);

// ---- activities ------------------------------------------------------------------------------

struct ActivityFactsRow {
  int64_t id = 0;
  std::string kind;
  std::optional<int64_t> user_id;
  int64_t occurred_at = 0;
};
Result<std::optional<ActivityFactsRow>> activity_facts_row(Connection& db, int64_t shop,
                                                           int64_t activity);
Status each_activity(Connection& db, int64_t shop,
                     const std::function<Status(const ActivityFactsRow&)>& fn);

// ---- names, teams, quotas -------------------------------------------------------------------

// id -> display name (else username) of the shop's users.
Result<std::vector<std::pair<int64_t, std::string>>> user_names(Connection& db, int64_t shop);
Result<std::vector<std::pair<int64_t, std::string>>> competitor_names(Connection& db, int64_t shop);
Result<bool> team_exists(Connection& db, int64_t shop, int64_t team);
Result<std::vector<int64_t>> team_user_ids(Connection& db, int64_t shop, int64_t team);

struct QuotaRow {
  int64_t user_id = 0;
  int64_t amount_minor = 0;
  std::string currency;
};
Result<std::vector<QuotaRow>> quotas_for_period(Connection& db, int64_t shop,
                                                std::string_view period);

// ---- leads -----------------------------------------------------------------------------------

// A lead as its cohort counts it.
struct LeadFactsRow {
  int64_t id = 0;
  int64_t created_at = 0;
  std::optional<int64_t> owner_user_id;
  std::string status;
  std::optional<std::string> opportunity_status;  // of the converted opportunity
};
Result<std::optional<LeadFactsRow>> lead_facts_row(Connection& db, int64_t shop, int64_t lead);
// Every lead of the shop (for a rebuild).
Status each_lead(Connection& db, int64_t shop,
                 const std::function<Status(const LeadFactsRow&)>& fn);
// Leads converted into the opportunity.
Result<std::vector<int64_t>> leads_converted_into(Connection& db, int64_t opportunity);

// What a lead adds to the cohort rollups (sales_lead_facts), subtracted when it is refreshed.
struct LeadFacts {
  std::string month;
  int64_t owner_user_id = 0;
  std::string status;
  int64_t won = 0;
};
Result<std::optional<LeadFacts>> lead_facts(Connection& db, int64_t lead);
Status put_lead_facts(Connection& db, int64_t shop, int64_t lead, const LeadFacts& facts);
Status delete_lead_facts(Connection& db, int64_t lead);

// Whether the shop's lead cohort rollups cover every lead (set by a rebuild,
// by migration 0010 for shops without leads, and when a shop's first lead is
// refreshed).
Result<bool> lead_cohorts_ready(Connection& db, int64_t shop);
Status mark_lead_cohorts_ready(Connection& db, int64_t shop, int64_t at);
// Whether the shop has a lead other than `lead`.
Result<bool> shop_has_other_lead(Connection& db, int64_t shop, int64_t lead);

// ---- reports over records ------------------------------------------------------------------

struct StalledFilter {
  int64_t idle_before = 0;  // COALESCE(last_activity_at, created_at) <= this
  std::optional<int64_t> pipeline_id;
  std::optional<std::vector<int64_t>> owners;  // nullopt: all
  int64_t limit = 100;
};
struct StalledRow {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> owner_user_id;
  std::string owner_name;
  int64_t stage_id = 0;
  std::string stage_name;
  int64_t amount_minor = 0;
  std::string currency;
  int64_t idle_since = 0;
};
// Open, not deleted opportunities idle since at most idle_before, oldest first.
Result<std::vector<StalledRow>> stalled_opportunities(Connection& db, int64_t shop,
                                                      const StalledFilter& f);
Result<int64_t> count_stalled_opportunities(Connection& db, int64_t shop, const StalledFilter& f);

struct LeadCohortRow {
  int64_t created_at = 0;
  std::string status;
  std::optional<std::string> opportunity_status;  // of the converted opportunity
};
// Leads created in [from, to), of the owners when given.
Status each_lead_in_cohort(Connection& db, int64_t shop, int64_t from, int64_t to,
                           const std::optional<std::vector<int64_t>>& owners,
                           const std::function<Status(const LeadCohortRow&)>& fn);

}  // namespace guanxi::store
