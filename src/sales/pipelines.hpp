// Pipelines and their stages. A shop gets a default pipeline on first use:
// 初步接洽 10% → 需求确认 25% → 方案报价 50% (needs amount and expected close
// date) → 谈判 75% → 赢单 100% (won) / 输单 0% (lost, needs a close reason).
// Each stage has a position, a win probability, a kind (open | won | lost)
// and the opportunity fields required to enter it (kRequirableFields).
// Changes: pipeline_created/updated, stage_created/updated/deleted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sales/model.hpp"

namespace guanxi::sales {

// Opportunity fields a stage may require.
inline constexpr std::string_view kRequirableFields[] = {
    "amount_minor", "expected_close_date", "close_reason", "next_step",
    "account_id",   "primary_contact_id",  "lines",        "competitors"};

struct StageFields {
  std::optional<std::string> name;     // required on create, unique in the pipeline
  std::optional<int64_t> position;     // default: after the last
  std::optional<int64_t> probability;  // 0..100 (default: 0 lost, 100 won, else required)
  std::optional<std::string> kind;     // open (default) | won | lost
  std::optional<std::vector<std::string>> required_fields;
  std::optional<bool> active;
};

struct PipelineFields {
  std::optional<std::string> name;  // required on create
  std::optional<bool> is_default;
  // On create only: the stages (default: the standard seven-step set).
  std::optional<std::vector<StageFields>> stages;
};

struct PipelineDetail {
  Pipeline pipeline;
  std::vector<Stage> stages;  // by position
};

// The shop's default pipeline, created (with the standard stages) when the
// shop has no pipeline yet.
Result<PipelineDetail> ensure_default_pipeline(domain::WriteContext& ctx);
// The default pipeline when there is one (reads never create).
Result<std::optional<PipelineDetail>> find_default_pipeline(domain::ReadContext& ctx);

Result<PipelineDetail> create_pipeline(domain::WriteContext& ctx, const PipelineFields& in);
Result<PipelineDetail> update_pipeline(domain::WriteContext& ctx, int64_t id,
                                       const PipelineFields& patch);
Result<PipelineDetail> get_pipeline(domain::ReadContext& ctx, int64_t id);
Result<std::vector<PipelineDetail>> list_pipelines(domain::ReadContext& ctx);

Result<Stage> add_stage(domain::WriteContext& ctx, int64_t pipeline, const StageFields& in);
Result<Stage> update_stage(domain::WriteContext& ctx, int64_t pipeline, int64_t stage,
                           const StageFields& patch);
// conflict while opportunities are (or were) in the stage: deactivate it instead.
Status delete_stage(domain::WriteContext& ctx, int64_t pipeline, int64_t stage);

// The stage's required fields (parsed from the stored JSON).
std::vector<std::string> required_fields(const Stage& s);

}  // namespace guanxi::sales
