#include "sales/pipelines.hpp"

#include <algorithm>

#include "sales/analytics.hpp"
#include "sales/write_helpers.hpp"

namespace guanxi::sales {

namespace {

using internal::now_ms;

struct DefaultStage {
  const char* name;
  int64_t probability;
  const char* kind;
  const char* required;
};

constexpr DefaultStage kDefaultStages[] = {
    {"初步接洽", 10, "open", "[]"},
    {"需求确认", 25, "open", "[]"},
    {"方案报价", 50, "open", R"(["amount_minor","expected_close_date"])"},
    {"谈判", 75, "open", R"(["amount_minor","expected_close_date"])"},
    {"赢单", 100, "won", R"(["amount_minor"])"},
    {"输单", 0, "lost", R"(["close_reason"])"},
};

Status stage_rules(const Stage& s, std::string_view prefix) {
  const std::string p(prefix);
  if (s.name.empty() || s.name.size() > 100)
    return Status::invalid_field(p + "name", "name is required (1-100 bytes)");
  if (s.probability < 0 || s.probability > 100)
    return Status::invalid_field(p + "probability", "probability is 0..100");
  if (s.kind != "open" && s.kind != "won" && s.kind != "lost")
    return Status::invalid_field(p + "kind", "kind must be open, won or lost");
  if (s.position < 1) return Status::invalid_field(p + "position", "position is 1 or more");
  return Status::ok();
}

Result<std::string> required_json(const std::vector<std::string>& fields, std::string_view at) {
  Json j = Json::array();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (std::find(std::begin(kRequirableFields), std::end(kRequirableFields), fields[i]) ==
        std::end(kRequirableFields)) {
      std::string all;
      for (auto f : kRequirableFields) all += (all.empty() ? "" : ", ") + std::string(f);
      return Status::invalid_field(std::string(at) + "required_fields/" + std::to_string(i),
                                   "'" + fields[i] + "' cannot be required (one of " + all + ")");
    }
    j.push_back(fields[i]);
  }
  return j.dump();
}

Result<Stage> apply_stage(Stage s, const StageFields& f, std::string_view prefix) {
  if (f.name) s.name = *f.name;
  if (f.kind) s.kind = *f.kind;
  if (f.probability) s.probability = *f.probability;
  if (f.position) s.position = *f.position;
  if (f.active) s.active = *f.active;
  if (f.required_fields) {
    GX_ASSIGN_OR_RETURN(s.required_fields, required_json(*f.required_fields, prefix));
  }
  GX_RETURN_IF_ERROR(stage_rules(s, prefix));
  return s;
}

Result<PipelineDetail> load_pipeline(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto p, store::find_pipeline(db, shop, id));
  if (!p) return Status::not_found("pipeline " + std::to_string(id) + " does not exist");
  PipelineDetail d;
  d.pipeline = std::move(*p);
  GX_ASSIGN_OR_RETURN(d.stages, store::list_stages(db, shop, id));
  return d;
}

Status check_unique_stage(const std::vector<Stage>& stages, const Stage& s,
                          std::string_view field) {
  for (const auto& o : stages) {
    if (o.id != s.id && o.name == s.name)
      return Status(ErrorCode::kAlreadyExists,
                    "the pipeline already has a stage named '" + s.name + "'",
                    Location{"", 0, 0, std::string(field)});
  }
  return Status::ok();
}

Result<PipelineDetail> insert_pipeline(domain::WriteContext& ctx, const PipelineFields& in) {
  if (!in.name || in.name->empty() || in.name->size() > 100)
    return Status::invalid_field("name", "name is required (1-100 bytes)");
  GX_ASSIGN_OR_RETURN(auto existing, store::list_pipelines(ctx.db, ctx.shop.id));
  for (const auto& p : existing) {
    if (p.name == *in.name)
      return Status(ErrorCode::kAlreadyExists, "a pipeline named '" + *in.name + "' exists",
                    Location{"", 0, 0, "/name"});
  }
  PipelineDetail d;
  d.pipeline.shop_id = ctx.shop.id;
  d.pipeline.name = *in.name;
  d.pipeline.is_default = existing.empty() || in.is_default.value_or(false);
  d.pipeline.created_at = now_ms(ctx);
  d.pipeline.updated_at = d.pipeline.created_at;
  GX_ASSIGN_OR_RETURN(d.pipeline.id, store::insert_pipeline(ctx.db, d.pipeline));
  if (d.pipeline.is_default)
    GX_RETURN_IF_ERROR(store::clear_default_pipeline(ctx.db, ctx.shop.id, d.pipeline.id));
  std::vector<StageFields> stages;
  if (in.stages) {
    stages = *in.stages;
  } else {
    for (const auto& s : kDefaultStages) {
      StageFields f;
      f.name = s.name;
      f.probability = s.probability;
      f.kind = s.kind;
      std::vector<std::string> req;
      for (const auto& r : Json::parse(s.required)) req.push_back(r.get<std::string>());
      f.required_fields = req;
      stages.push_back(f);
    }
  }
  if (stages.empty()) return Status::invalid_field("stages", "a pipeline needs at least one stage");
  for (size_t i = 0; i < stages.size(); ++i) {
    const std::string at = "stages/" + std::to_string(i) + "/";
    Stage s;
    s.shop_id = ctx.shop.id;
    s.pipeline_id = d.pipeline.id;
    s.position = static_cast<int64_t>(i) + 1;
    const std::string kind = stages[i].kind.value_or("open");
    s.probability = kind == "won" ? 100 : 0;
    if (kind == "open" && !stages[i].probability)
      return Status::invalid_field(at + "probability", "probability is required for an open stage");
    GX_ASSIGN_OR_RETURN(s, apply_stage(s, stages[i], at));
    GX_RETURN_IF_ERROR(check_unique_stage(d.stages, s, "/" + at + "name"));
    GX_ASSIGN_OR_RETURN(s.id, store::insert_stage(ctx.db, s));
    d.stages.push_back(s);
  }
  std::sort(d.stages.begin(), d.stages.end(),
            [](const Stage& a, const Stage& b) { return a.position < b.position; });
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "pipeline_created", d.pipeline.id, Json{{"name", d.pipeline.name}}));
  return d;
}

}  // namespace

std::vector<std::string> required_fields(const Stage& s) {
  std::vector<std::string> out;
  auto j = Json::parse(s.required_fields, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Result<PipelineDetail> ensure_default_pipeline(domain::WriteContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto p, store::find_default_pipeline(ctx.db, ctx.shop.id));
  if (p) return load_pipeline(ctx.db, ctx.shop.id, p->id);
  PipelineFields f;
  f.name = "销售流程";
  f.is_default = true;
  return insert_pipeline(ctx, f);
}

Result<std::optional<PipelineDetail>> find_default_pipeline(domain::ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto p, store::find_default_pipeline(ctx.db, ctx.shop.id));
  if (!p) return std::optional<PipelineDetail>();
  GX_ASSIGN_OR_RETURN(auto d, load_pipeline(ctx.db, ctx.shop.id, p->id));
  return std::optional<PipelineDetail>(std::move(d));
}

Result<PipelineDetail> create_pipeline(domain::WriteContext& ctx, const PipelineFields& in) {
  return insert_pipeline(ctx, in);
}

Result<PipelineDetail> update_pipeline(domain::WriteContext& ctx, int64_t id,
                                       const PipelineFields& patch) {
  GX_ASSIGN_OR_RETURN(auto d, load_pipeline(ctx.db, ctx.shop.id, id));
  if (patch.stages)
    return Status::invalid_field("stages", "change stages through /pipelines/{id}/stages");
  if (patch.name) {
    if (patch.name->empty() || patch.name->size() > 100)
      return Status::invalid_field("name", "name is 1-100 bytes");
    GX_ASSIGN_OR_RETURN(auto all, store::list_pipelines(ctx.db, ctx.shop.id));
    for (const auto& p : all) {
      if (p.id != id && p.name == *patch.name)
        return Status(ErrorCode::kAlreadyExists, "a pipeline named '" + *patch.name + "' exists",
                      Location{"", 0, 0, "/name"});
    }
    d.pipeline.name = *patch.name;
  }
  if (patch.is_default) {
    if (!*patch.is_default && d.pipeline.is_default)
      return Status::unprocessable_field("is_default", "make another pipeline the default instead");
    d.pipeline.is_default = *patch.is_default;
  }
  d.pipeline.updated_at = now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_pipeline(ctx.db, d.pipeline));
  if (d.pipeline.is_default)
    GX_RETURN_IF_ERROR(store::clear_default_pipeline(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "pipeline_updated", id, Json::object()));
  return d;
}

Result<PipelineDetail> get_pipeline(domain::ReadContext& ctx, int64_t id) {
  return load_pipeline(ctx.db, ctx.shop.id, id);
}

Result<std::vector<PipelineDetail>> list_pipelines(domain::ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto all, store::list_pipelines(ctx.db, ctx.shop.id));
  std::vector<PipelineDetail> out;
  for (const auto& p : all) {
    GX_ASSIGN_OR_RETURN(auto d, load_pipeline(ctx.db, ctx.shop.id, p.id));
    out.push_back(std::move(d));
  }
  return out;
}

Result<Stage> add_stage(domain::WriteContext& ctx, int64_t pipeline, const StageFields& in) {
  GX_ASSIGN_OR_RETURN(auto d, load_pipeline(ctx.db, ctx.shop.id, pipeline));
  Stage s;
  s.shop_id = ctx.shop.id;
  s.pipeline_id = pipeline;
  s.position = d.stages.empty() ? 1 : d.stages.back().position + 1;
  const std::string kind = in.kind.value_or("open");
  s.probability = kind == "won" ? 100 : 0;
  if (kind == "open" && !in.probability)
    return Status::invalid_field("probability", "probability is required for an open stage");
  GX_ASSIGN_OR_RETURN(s, apply_stage(s, in, ""));
  GX_RETURN_IF_ERROR(check_unique_stage(d.stages, s, "/name"));
  GX_ASSIGN_OR_RETURN(s.id, store::insert_stage(ctx.db, s));
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "stage_created", s.id, Json{{"pipeline_id", pipeline}}));
  GX_RETURN_IF_ERROR(rebuild_sales_analytics(ctx).status());
  return s;
}

Result<Stage> update_stage(domain::WriteContext& ctx, int64_t pipeline, int64_t stage,
                           const StageFields& patch) {
  GX_ASSIGN_OR_RETURN(auto d, load_pipeline(ctx.db, ctx.shop.id, pipeline));
  auto it = std::find_if(d.stages.begin(), d.stages.end(),
                         [stage](const Stage& s) { return s.id == stage; });
  if (it == d.stages.end())
    return Status::not_found("stage " + std::to_string(stage) + " is not a stage of pipeline " +
                             std::to_string(pipeline));
  const Stage before = *it;
  GX_ASSIGN_OR_RETURN(Stage s, apply_stage(*it, patch, ""));
  GX_RETURN_IF_ERROR(check_unique_stage(d.stages, s, "/name"));
  GX_RETURN_IF_ERROR(store::update_stage(ctx.db, s));
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "stage_updated", s.id, Json{{"pipeline_id", pipeline}}));
  if (before.position != s.position || before.kind != s.kind ||
      before.probability != s.probability || before.active != s.active)
    GX_RETURN_IF_ERROR(rebuild_sales_analytics(ctx).status());
  return s;
}

Status delete_stage(domain::WriteContext& ctx, int64_t pipeline, int64_t stage) {
  GX_ASSIGN_OR_RETURN(auto s, store::find_stage(ctx.db, ctx.shop.id, stage));
  if (!s || s->pipeline_id != pipeline)
    return Status::not_found("stage " + std::to_string(stage) + " is not a stage of pipeline " +
                             std::to_string(pipeline));
  GX_ASSIGN_OR_RETURN(int64_t used, store::count_stage_opportunities(ctx.db, ctx.shop.id, stage));
  if (used > 0)
    return Status::conflict("stage " + std::to_string(stage) + " holds " + std::to_string(used) +
                            " opportunities (now or in their history): set active=false instead");
  GX_RETURN_IF_ERROR(store::delete_stage(ctx.db, ctx.shop.id, stage));
  return record_sales_change(ctx, "stage_deleted", stage, Json{{"pipeline_id", pipeline}});
}

}  // namespace guanxi::sales
