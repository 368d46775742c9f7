// Opportunities: a deal in a pipeline stage with an amount (minor units and a
// currency), an expected close date (shop-local YYYY-MM-DD), an owner, a
// forecast category, quote lines and competitors. Stage moves check the
// target stage's required fields (unprocessable, HTTP 422, naming the
// missing field), write one opportunity_stage_history row in the same
// transaction (creation writes the first, from_stage_id null), and on a won
// or lost stage set status, closed_at and forecast category closed / omitted;
// moving a closed opportunity to an open stage reopens it. Every write calls
// the analytics maintenance of analytics.hpp in the same transaction.
// Changes: opportunity_created/updated/stage_changed/deleted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sales/model.hpp"
#include "sales/pipelines.hpp"

namespace guanxi::sales {

struct QuoteLineInput {
  std::optional<int64_t> product_id;
  std::string sku;
  std::string name;  // required
  int64_t quantity = 1;
  int64_t unit_price_minor = 0;
  int64_t discount_minor = 0;  // off the line total
};

// A line's total: quantity × unit price − discount.
int64_t line_total(const QuoteLine& l);

struct OpportunityFields {
  std::optional<int64_t> pipeline_id;  // create only; default: the default pipeline
  std::optional<int64_t> stage_id;     // create only; default: the first open stage
  std::optional<std::optional<int64_t>> account_id;
  std::optional<std::optional<int64_t>> primary_contact_id;
  std::optional<int64_t> lead_id;   // create only
  std::optional<std::string> name;  // required on create
  std::optional<int64_t> amount_minor;
  std::optional<std::string> currency;  // default: the shop's
  std::optional<std::optional<std::string>> expected_close_date;
  std::optional<std::optional<int64_t>> owner_user_id;
  std::optional<std::string> forecast_category;  // pipeline | best_case | commit (open deals)
  std::optional<std::string> next_step;
  std::optional<std::string> source;
  std::optional<std::string> attributes;
  std::optional<std::string> external_id;
  // Replaces the quote lines; with amount_from_lines the amount becomes their sum.
  std::optional<std::vector<QuoteLineInput>> lines;
  bool amount_from_lines = false;
};

struct StageMoveInput {
  std::optional<int64_t> stage_id;
  std::string stage_name;  // when no stage_id: a stage of the opportunity's pipeline
  std::optional<std::string> close_reason;  // why won or lost ("reason")
  std::optional<int64_t> amount_minor;
  std::optional<std::string> expected_close_date;
  std::optional<std::string> next_step;
  std::optional<std::string> forecast_category;
};

// The opportunity with its stage and pipeline names and what hangs on it.
struct OpportunityDetail {
  Opportunity opportunity;
  Stage stage;
  std::string pipeline_name;
  std::vector<QuoteLine> lines;
  std::vector<OpportunityCompetitor> competitors;
};

Result<OpportunityDetail> create_opportunity(domain::WriteContext& ctx, const Viewer& viewer,
                                             const OpportunityFields& in);
Result<OpportunityDetail> update_opportunity(domain::WriteContext& ctx, const Viewer& viewer,
                                             int64_t id, const OpportunityFields& patch);
Result<OpportunityDetail> move_stage(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                                     const StageMoveInput& move);
Status delete_opportunity(domain::WriteContext& ctx, const Viewer& viewer, int64_t id);
Result<OpportunityDetail> get_opportunity(domain::ReadContext& ctx, const Viewer& viewer,
                                          int64_t id);

struct OpportunityRow {
  Opportunity opportunity;
  std::string stage_name;
  int64_t probability = 0;
};
Result<std::vector<OpportunityRow>> list_opportunities(domain::ReadContext& ctx,
                                                       const Viewer& viewer,
                                                       const store::OpportunityFilter& filter);

// The kanban: every active stage of a pipeline with the count and amount of
// the open opportunities the viewer sees in it and the first `per_stage`
// (newest first; page further with the list's ?stage=&after=).
struct BoardColumn {
  Stage stage;
  int64_t count = 0;
  int64_t amount_minor = 0;
  std::vector<Opportunity> items;
};
struct Board {
  Pipeline pipeline;
  std::vector<BoardColumn> columns;
};
Result<Board> pipeline_board(domain::ReadContext& ctx, const Viewer& viewer, int64_t pipeline,
                             int per_stage);

// Stage history, oldest first, with the stage names.
struct HistoryEntry {
  StageMove move;
  std::string from_name;
  std::string to_name;
};
Result<std::vector<HistoryEntry>> opportunity_history(domain::ReadContext& ctx,
                                                      const Viewer& viewer, int64_t id);

Result<OpportunityDetail> link_competitor(domain::WriteContext& ctx, const Viewer& viewer,
                                          int64_t opportunity, int64_t competitor,
                                          const std::string& notes);
Result<OpportunityDetail> unlink_competitor(domain::WriteContext& ctx, const Viewer& viewer,
                                            int64_t opportunity, int64_t competitor);

// ---- competitors ----

struct CompetitorFields {
  std::optional<std::string> name;  // required on create, unique
  std::optional<std::string> website;
  std::optional<std::string> products;
  std::optional<std::string> price_positioning;  // kPricePositions or ""
  std::optional<std::string> strengths;
  std::optional<std::string> weaknesses;
  std::optional<std::string> notes;
};
Result<Competitor> create_competitor(domain::WriteContext& ctx, const CompetitorFields& in);
Result<Competitor> update_competitor(domain::WriteContext& ctx, int64_t id,
                                     const CompetitorFields& patch);
Status delete_competitor(domain::WriteContext& ctx, int64_t id);
Result<Competitor> get_competitor(domain::ReadContext& ctx, int64_t id);
Result<std::vector<Competitor>> list_competitors(domain::ReadContext& ctx);

}  // namespace guanxi::sales
