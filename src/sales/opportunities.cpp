#include "sales/opportunities.hpp"

#include <algorithm>
#include <map>

#include "sales/analytics.hpp"
#include "sales/write_helpers.hpp"

namespace guanxi::sales {

namespace {

using internal::now_ms;
using internal::set;

Result<Opportunity> load_opportunity(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto o, store::find_opportunity(db, shop, id));
  if (!o) return Status::not_found("opportunity " + std::to_string(id) + " does not exist");
  return std::move(*o);
}

Result<Stage> load_stage(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto s, store::find_stage(db, shop, id));
  if (!s) return Status::not_found("stage " + std::to_string(id) + " does not exist");
  return std::move(*s);
}

Result<OpportunityDetail> opportunity_detail(store::Connection& db, int64_t shop, Opportunity o) {
  OpportunityDetail d;
  GX_ASSIGN_OR_RETURN(d.stage, load_stage(db, shop, o.stage_id));
  GX_ASSIGN_OR_RETURN(auto p, store::find_pipeline(db, shop, o.pipeline_id));
  if (p) d.pipeline_name = p->name;
  GX_ASSIGN_OR_RETURN(d.lines, store::list_opportunity_lines(db, shop, o.id));
  GX_ASSIGN_OR_RETURN(d.competitors, store::list_opportunity_competitors(db, shop, o.id));
  d.opportunity = std::move(o);
  return d;
}

Status check_currency(const std::string& c) {
  if (c.size() != 3 ||
      !std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
    return Status::invalid_field("currency", "currency is a 3-letter ISO 4217 code (CNY, USD)");
  return Status::ok();
}

Result<std::vector<QuoteLine>> build_lines(const std::vector<QuoteLineInput>& in, int64_t shop,
                                           int64_t opportunity) {
  if (in.size() > 200) return Status::invalid_field("lines", "at most 200 quote lines");
  std::vector<QuoteLine> out;
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string at = "lines/" + std::to_string(i) + "/";
    const auto& l = in[i];
    if (l.name.empty() || l.name.size() > 200)
      return Status::invalid_field(at + "name", "name is required (1-200 bytes)");
    if (l.quantity < 1 || l.quantity > 1'000'000'000)
      return Status::invalid_field(at + "quantity", "quantity is 1 or more");
    if (l.unit_price_minor < 0 || l.unit_price_minor > 1'000'000'000'000'000)
      return Status::invalid_field(at + "unit_price_minor", "unit_price_minor must be 0 or more");
    QuoteLine q;
    q.shop_id = shop;
    q.opportunity_id = opportunity;
    q.product_id = l.product_id;
    q.sku = l.sku;
    q.name = l.name;
    q.quantity = l.quantity;
    q.unit_price_minor = l.unit_price_minor;
    q.discount_minor = l.discount_minor;
    q.position = static_cast<int64_t>(i) + 1;
    if (l.discount_minor < 0 || l.discount_minor > q.quantity * q.unit_price_minor)
      return Status::invalid_field(at + "discount_minor", "discount_minor is 0 .. the line total");
    out.push_back(q);
  }
  return out;
}

// The first field the stage requires that the opportunity lacks: 422 naming it.
Status check_requirements(store::Connection& db, const Opportunity& o, const Stage& s,
                          size_t lines) {
  std::vector<std::string> need = required_fields(s);
  if (s.kind == "lost" && std::find(need.begin(), need.end(), "close_reason") == need.end())
    need.push_back("close_reason");
  for (const auto& f : need) {
    bool missing = false;
    if (f == "amount_minor") missing = o.amount_minor <= 0;
    if (f == "expected_close_date") missing = !o.expected_close_date;
    if (f == "close_reason") missing = o.close_reason.empty();
    if (f == "next_step") missing = o.next_step.empty();
    if (f == "account_id") missing = !o.account_id;
    if (f == "primary_contact_id") missing = !o.primary_contact_id;
    if (f == "lines") missing = lines == 0;
    if (f == "competitors") {
      GX_ASSIGN_OR_RETURN(auto cs, store::list_opportunity_competitors(db, o.shop_id, o.id));
      missing = cs.empty();
    }
    if (missing)
      return Status::unprocessable_field(
          f, "stage '" + s.name + "' requires " + f +
                 (f == "close_reason" ? " (why the deal was won or lost)" : ""));
  }
  return Status::ok();
}

Status apply_fields(domain::WriteContext& ctx, Opportunity& o, const OpportunityFields& f) {
  set(o.name, f.name);
  set(o.amount_minor, f.amount_minor);
  set(o.currency, f.currency);
  set(o.expected_close_date, f.expected_close_date);
  set(o.owner_user_id, f.owner_user_id);
  set(o.account_id, f.account_id);
  set(o.primary_contact_id, f.primary_contact_id);
  set(o.next_step, f.next_step);
  set(o.source, f.source);
  set(o.attributes, f.attributes);
  if (f.external_id) o.external_id = *f.external_id;
  if (o.name.empty() || o.name.size() > 200)
    return Status::invalid_field("name", "name is required (1-200 bytes)");
  if (o.amount_minor < 0)
    return Status::invalid_field("amount_minor", "amount_minor must be 0 or more");
  GX_RETURN_IF_ERROR(check_currency(o.currency));
  if (o.expected_close_date)
    GX_RETURN_IF_ERROR(check_date("expected_close_date", *o.expected_close_date));
  if (f.forecast_category) {
    if (o.status != "open")
      return Status::unprocessable_field(
          "forecast_category", "a closed opportunity's forecast category is closed or omitted");
    GX_RETURN_IF_ERROR(check_one_of("forecast_category", *f.forecast_category,
                                    std::span(kForecastCategories).first(3), false));
    o.forecast_category = *f.forecast_category;
  }
  if (o.next_step.size() > 500)
    return Status::invalid_field("next_step", "next_step is at most 500 bytes");
  GX_RETURN_IF_ERROR(check_attributes("attributes", o.attributes));
  if (o.external_id && (o.external_id->empty() || o.external_id->size() > 200))
    return Status::invalid_field("external_id", "external_id must be 1-200 bytes");
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, o.owner_user_id, "owner_user_id"));
  if (o.account_id) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_account(ctx.db, ctx.shop.id, *o.account_id));
    if (!a)
      return Status::unprocessable_field(
          "account_id", "account " + std::to_string(*o.account_id) + " does not exist");
  }
  if (o.primary_contact_id) {
    GX_ASSIGN_OR_RETURN(auto c, store::find_contact(ctx.db, ctx.shop.id, *o.primary_contact_id));
    if (!c)
      return Status::unprocessable_field(
          "primary_contact_id",
          "contact " + std::to_string(*o.primary_contact_id) + " does not exist");
    if (o.account_id && c->account_id && *c->account_id != *o.account_id)
      return Status::unprocessable_field(
          "primary_contact_id", "contact " + std::to_string(c->id) + " works for another account");
  }
  return Status::ok();
}

void close_as(Opportunity& o, const Stage& s, int64_t now) {
  if (s.kind == "won" || s.kind == "lost") {
    if (o.status != s.kind) o.closed_at = now;
    o.status = s.kind;
    o.forecast_category = s.kind == "won" ? "closed" : "omitted";
  } else if (o.status != "open") {
    // Reopened: the history keeps the close; the record is open again.
    o.status = "open";
    o.closed_at.reset();
    o.close_reason.clear();
    o.forecast_category = "pipeline";
  }
}

Status add_history(domain::WriteContext& ctx, const Opportunity& o, std::optional<int64_t> from,
                   const Stage& to) {
  store::StageHistoryRecord h;
  h.shop_id = ctx.shop.id;
  h.opportunity_id = o.id;
  h.from_stage_id = from;
  h.to_stage_id = to.id;
  h.amount_minor = o.amount_minor;
  h.probability = to.probability;
  h.actor = ctx.actor;
  h.moved_at = o.stage_entered_at;
  return store::insert_stage_history(ctx.db, h);
}

Result<Opportunity> visible_opportunity(domain::WriteContext& ctx, const Viewer& viewer,
                                        int64_t id) {
  GX_ASSIGN_OR_RETURN(Opportunity o, load_opportunity(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kOpportunity, id, o.owner_user_id));
  return o;
}

Status check_external_free(domain::WriteContext& ctx, const std::optional<std::string>& ext,
                           int64_t self) {
  if (!ext) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto taken, store::find_opportunity_by_external(ctx.db, ctx.shop.id, *ext));
  if (taken && taken->id != self)
    return Status(ErrorCode::kAlreadyExists,
                  "external_id '" + *ext + "' is opportunity " + std::to_string(taken->id),
                  Location{"", 0, 0, "/external_id"});
  return Status::ok();
}

}  // namespace

int64_t line_total(const QuoteLine& l) {
  return l.quantity * l.unit_price_minor - l.discount_minor;
}

Result<OpportunityDetail> create_opportunity(domain::WriteContext& ctx, const Viewer& viewer,
                                             const OpportunityFields& in) {
  if (!in.name) return Status::invalid_field("name", "name is required");
  PipelineDetail p;
  if (in.pipeline_id) {
    auto found = store::find_pipeline(ctx.db, ctx.shop.id, *in.pipeline_id);
    GX_RETURN_IF_ERROR(found.status());
    if (!*found)
      return Status::unprocessable_field(
          "pipeline_id", "pipeline " + std::to_string(*in.pipeline_id) + " does not exist");
    p.pipeline = **found;
    GX_ASSIGN_OR_RETURN(p.stages, store::list_stages(ctx.db, ctx.shop.id, p.pipeline.id));
  } else {
    GX_ASSIGN_OR_RETURN(p, ensure_default_pipeline(ctx));
  }
  std::optional<Stage> stage;
  for (const auto& s : p.stages) {
    if (in.stage_id ? s.id == *in.stage_id : (s.active && s.kind == "open")) {
      stage = s;
      break;
    }
  }
  if (!stage) {
    if (in.stage_id)
      return Status::unprocessable_field("stage_id", "stage " + std::to_string(*in.stage_id) +
                                                         " is not a stage of pipeline " +
                                                         std::to_string(p.pipeline.id));
    return Status::unprocessable_field("pipeline_id", "the pipeline has no active open stage");
  }
  if (!stage->active)
    return Status::unprocessable_field("stage_id", "stage '" + stage->name + "' is not active");
  Opportunity o;
  o.shop_id = ctx.shop.id;
  o.pipeline_id = p.pipeline.id;
  o.stage_id = stage->id;
  o.lead_id = in.lead_id;
  o.currency = ctx.shop.currency;
  if (viewer.user_id != 0) o.owner_user_id = viewer.user_id;
  const int64_t now = now_ms(ctx);
  o.created_at = now;
  o.updated_at = now;
  o.stage_entered_at = now;
  GX_RETURN_IF_ERROR(apply_fields(ctx, o, in));
  GX_RETURN_IF_ERROR(check_external_free(ctx, o.external_id, 0));
  std::vector<QuoteLine> lines;
  if (in.lines) {
    GX_ASSIGN_OR_RETURN(lines, build_lines(*in.lines, ctx.shop.id, 0));
    if (in.amount_from_lines) {
      o.amount_minor = 0;
      for (const auto& l : lines) o.amount_minor += line_total(l);
    }
  }
  close_as(o, *stage, now);
  GX_RETURN_IF_ERROR(check_requirements(ctx.db, o, *stage, lines.size()));
  GX_ASSIGN_OR_RETURN(o.id, store::insert_opportunity(ctx.db, o));
  if (!lines.empty())
    GX_RETURN_IF_ERROR(store::replace_opportunity_lines(ctx.db, ctx.shop.id, o.id, lines));
  GX_RETURN_IF_ERROR(add_history(ctx, o, std::nullopt, *stage));
  GX_RETURN_IF_ERROR(record_sales_change(
      ctx, "opportunity_created", o.id,
      Json{{"stage_id", o.stage_id}, {"amount_minor", o.amount_minor}, {"currency", o.currency}}));
  GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, o.id));
  return opportunity_detail(ctx.db, ctx.shop.id, std::move(o));
}

Result<OpportunityDetail> update_opportunity(domain::WriteContext& ctx, const Viewer& viewer,
                                             int64_t id, const OpportunityFields& patch) {
  if (patch.pipeline_id || patch.stage_id)
    return Status::invalid_field(patch.stage_id ? "stage_id" : "pipeline_id",
                                 "move the opportunity with POST /opportunities/{id}/stage");
  if (patch.lead_id) return Status::invalid_field("lead_id", "lead_id is set by lead conversion");
  GX_ASSIGN_OR_RETURN(Opportunity o, visible_opportunity(ctx, viewer, id));
  GX_RETURN_IF_ERROR(apply_fields(ctx, o, patch));
  GX_RETURN_IF_ERROR(check_external_free(ctx, o.external_id, id));
  GX_ASSIGN_OR_RETURN(auto lines, store::list_opportunity_lines(ctx.db, ctx.shop.id, id));
  if (patch.lines) {
    GX_ASSIGN_OR_RETURN(lines, build_lines(*patch.lines, ctx.shop.id, id));
    GX_RETURN_IF_ERROR(store::replace_opportunity_lines(ctx.db, ctx.shop.id, id, lines));
  }
  if (patch.amount_from_lines) {
    o.amount_minor = 0;
    for (const auto& l : lines) o.amount_minor += line_total(l);
  }
  GX_ASSIGN_OR_RETURN(Stage stage, load_stage(ctx.db, ctx.shop.id, o.stage_id));
  GX_RETURN_IF_ERROR(check_requirements(ctx.db, o, stage, lines.size()));
  o.updated_at = now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_opportunity(ctx.db, o));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "opportunity_updated", id, Json::object()));
  GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, id));
  return opportunity_detail(ctx.db, ctx.shop.id, std::move(o));
}

Result<OpportunityDetail> move_stage(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                                     const StageMoveInput& m) {
  GX_ASSIGN_OR_RETURN(Opportunity o, visible_opportunity(ctx, viewer, id));
  GX_ASSIGN_OR_RETURN(auto stages, store::list_stages(ctx.db, ctx.shop.id, o.pipeline_id));
  std::optional<Stage> to;
  for (const auto& s : stages) {
    if (m.stage_id ? s.id == *m.stage_id : s.name == m.stage_name) to = s;
  }
  if (!to) {
    if (m.stage_id)
      return Status::unprocessable_field("stage_id",
                                         "stage " + std::to_string(*m.stage_id) +
                                             " is not a stage of this opportunity's pipeline");
    return Status::unprocessable_field("stage",
                                       "the pipeline has no stage named '" + m.stage_name + "'");
  }
  if (!to->active)
    return Status::unprocessable_field("stage_id", "stage '" + to->name + "' is not active");
  if (to->id == o.stage_id)
    return Status::conflict("opportunity " + std::to_string(id) + " is already in stage '" +
                            to->name + "'");
  set(o.amount_minor, m.amount_minor);
  if (o.amount_minor < 0)
    return Status::invalid_field("amount_minor", "amount_minor must be 0 or more");
  if (m.expected_close_date) {
    GX_RETURN_IF_ERROR(check_date("expected_close_date", *m.expected_close_date));
    o.expected_close_date = *m.expected_close_date;
  }
  set(o.next_step, m.next_step);
  const std::int64_t from = o.stage_id;
  const int64_t now = now_ms(ctx);
  close_as(o, *to, now);
  if (m.close_reason) {
    if (m.close_reason->size() > 500)
      return Status::invalid_field("reason", "the reason is at most 500 bytes");
    o.close_reason = *m.close_reason;
  }
  if (m.forecast_category) {
    if (o.status != "open")
      return Status::unprocessable_field(
          "forecast_category", "a closed opportunity's forecast category is closed or omitted");
    GX_RETURN_IF_ERROR(check_one_of("forecast_category", *m.forecast_category,
                                    std::span(kForecastCategories).first(3), false));
    o.forecast_category = *m.forecast_category;
  }
  GX_ASSIGN_OR_RETURN(auto lines, store::list_opportunity_lines(ctx.db, ctx.shop.id, id));
  if (Status s = check_requirements(ctx.db, o, *to, lines.size()); !s.is_ok()) {
    // The move's own name for the close reason is "reason".
    if (s.location().field == "/close_reason")
      return Status::unprocessable_field("reason", s.message());
    return s;
  }
  o.stage_id = to->id;
  o.stage_entered_at = now;
  o.updated_at = now;
  GX_RETURN_IF_ERROR(store::update_opportunity(ctx.db, o));
  GX_RETURN_IF_ERROR(add_history(ctx, o, from, *to));
  GX_RETURN_IF_ERROR(record_sales_change(
      ctx, "opportunity_stage_changed", id,
      Json{{"from_stage_id", from}, {"to_stage_id", to->id}, {"status", o.status}}));
  GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, id));
  return opportunity_detail(ctx.db, ctx.shop.id, std::move(o));
}

Status delete_opportunity(domain::WriteContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Opportunity o, visible_opportunity(ctx, viewer, id));
  o.deleted_at = now_ms(ctx);
  o.updated_at = *o.deleted_at;
  GX_RETURN_IF_ERROR(store::update_opportunity(ctx.db, o));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "opportunity_deleted", id, Json::object()));
  return refresh_opportunity_analytics(ctx, id);
}

Result<OpportunityDetail> get_opportunity(domain::ReadContext& ctx, const Viewer& viewer,
                                          int64_t id) {
  GX_ASSIGN_OR_RETURN(Opportunity o, load_opportunity(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kOpportunity, id, o.owner_user_id));
  return opportunity_detail(ctx.db, ctx.shop.id, std::move(o));
}

Result<std::vector<OpportunityRow>> list_opportunities(domain::ReadContext& ctx,
                                                       const Viewer& viewer,
                                                       const store::OpportunityFilter& filter) {
  if (filter.limit < 1 || filter.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  if (filter.status && *filter.status != "open" && *filter.status != "won" &&
      *filter.status != "lost") {
    Location loc;
    loc.field = "?status";
    return Status::invalid("status must be open, won or lost", loc);
  }
  for (const auto* d : {&filter.close_from, &filter.close_to}) {
    if (*d && !check_date("x", **d).is_ok()) {
      Location loc;
      loc.field = d == &filter.close_from ? "?close_from" : "?close_to";
      return Status::invalid("'" + **d + "' is not a date YYYY-MM-DD", loc);
    }
  }
  GX_ASSIGN_OR_RETURN(auto opps,
                      store::list_opportunities(ctx.db, ctx.shop.id, filter, viewer.visibility()));
  std::map<int64_t, Stage> stages;
  std::vector<OpportunityRow> out;
  out.reserve(opps.size());
  for (auto& o : opps) {
    auto it = stages.find(o.stage_id);
    if (it == stages.end()) {
      GX_ASSIGN_OR_RETURN(Stage s, load_stage(ctx.db, ctx.shop.id, o.stage_id));
      it = stages.emplace(o.stage_id, std::move(s)).first;
    }
    out.push_back({std::move(o), it->second.name, it->second.probability});
  }
  return out;
}

Result<Board> pipeline_board(domain::ReadContext& ctx, const Viewer& viewer, int64_t pipeline,
                             int per_stage) {
  if (per_stage < 0 || per_stage > 200) {
    Location loc;
    loc.field = "?per_stage";
    return Status::invalid("per_stage must be between 0 and 200", loc);
  }
  GX_ASSIGN_OR_RETURN(auto p, get_pipeline(ctx, pipeline));
  GX_ASSIGN_OR_RETURN(auto totals,
                      store::open_stage_totals(ctx.db, ctx.shop.id, pipeline, viewer.visibility()));
  Board b;
  b.pipeline = p.pipeline;
  for (const auto& s : p.stages) {
    if (!s.active) continue;
    BoardColumn col;
    col.stage = s;
    for (const auto& t : totals) {
      if (t.stage_id == s.id) {
        col.count = t.count;
        col.amount_minor = t.amount_minor;
      }
    }
    if (per_stage > 0) {
      store::OpportunityFilter f;
      f.status = s.kind;
      f.stages = {s.id};
      f.limit = per_stage;
      GX_ASSIGN_OR_RETURN(col.items,
                          store::list_opportunities(ctx.db, ctx.shop.id, f, viewer.visibility()));
    }
    b.columns.push_back(std::move(col));
  }
  return b;
}

Result<std::vector<HistoryEntry>> opportunity_history(domain::ReadContext& ctx,
                                                      const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto d, get_opportunity(ctx, viewer, id));
  GX_ASSIGN_OR_RETURN(auto moves, store::list_stage_history(ctx.db, ctx.shop.id, id));
  std::map<int64_t, std::string> names;
  auto name_of = [&](int64_t stage) -> std::string {
    auto it = names.find(stage);
    if (it != names.end()) return it->second;
    auto s = store::find_stage(ctx.db, ctx.shop.id, stage);
    std::string n = s.ok() && *s ? (*s)->name : "";
    names.emplace(stage, n);
    return n;
  };
  std::vector<HistoryEntry> out;
  for (auto& m : moves) {
    HistoryEntry e;
    e.from_name = m.from_stage_id ? name_of(*m.from_stage_id) : "";
    e.to_name = name_of(m.to_stage_id);
    e.move = std::move(m);
    out.push_back(std::move(e));
  }
  return out;
}

Result<OpportunityDetail> link_competitor(domain::WriteContext& ctx, const Viewer& viewer,
                                          int64_t opportunity, int64_t competitor,
                                          const std::string& notes) {
  GX_ASSIGN_OR_RETURN(Opportunity o, visible_opportunity(ctx, viewer, opportunity));
  GX_ASSIGN_OR_RETURN(auto c, store::find_competitor(ctx.db, ctx.shop.id, competitor));
  if (!c)
    return Status::unprocessable_field(
        "competitor_id", "competitor " + std::to_string(competitor) + " does not exist");
  if (notes.size() > 2000) return Status::invalid_field("notes", "notes are at most 2000 bytes");
  GX_RETURN_IF_ERROR(store::upsert_opportunity_competitor(
      ctx.db, {opportunity, competitor, ctx.shop.id, notes, ""}));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "opportunity_competitor_linked", opportunity,
                                         Json{{"competitor_id", competitor}}));
  GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, opportunity));
  return opportunity_detail(ctx.db, ctx.shop.id, std::move(o));
}

Result<OpportunityDetail> unlink_competitor(domain::WriteContext& ctx, const Viewer& viewer,
                                            int64_t opportunity, int64_t competitor) {
  GX_ASSIGN_OR_RETURN(Opportunity o, visible_opportunity(ctx, viewer, opportunity));
  GX_ASSIGN_OR_RETURN(bool removed, store::delete_opportunity_competitor(ctx.db, ctx.shop.id,
                                                                         opportunity, competitor));
  if (!removed)
    return Status::not_found("competitor " + std::to_string(competitor) +
                             " is not linked to opportunity " + std::to_string(opportunity));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "opportunity_competitor_unlinked", opportunity,
                                         Json{{"competitor_id", competitor}}));
  GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, opportunity));
  return opportunity_detail(ctx.db, ctx.shop.id, std::move(o));
}

// ---- competitors ----

namespace {

Status competitor_rules(const Competitor& c) {
  if (c.name.empty() || c.name.size() > 100)
    return Status::invalid_field("name", "name is required (1-100 bytes)");
  GX_RETURN_IF_ERROR(check_one_of("price_positioning", c.price_positioning, kPricePositions));
  for (const auto* f : {&c.products, &c.strengths, &c.weaknesses, &c.notes, &c.website}) {
    if (f->size() > 5000)
      return Status::invalid_field("notes", "text members are at most 5000 bytes");
  }
  return Status::ok();
}

void apply_competitor(Competitor& c, const CompetitorFields& f) {
  set(c.name, f.name);
  set(c.website, f.website);
  set(c.products, f.products);
  set(c.price_positioning, f.price_positioning);
  set(c.strengths, f.strengths);
  set(c.weaknesses, f.weaknesses);
  set(c.notes, f.notes);
}

Status check_name_free(domain::WriteContext& ctx, const Competitor& c) {
  GX_ASSIGN_OR_RETURN(auto taken, store::find_competitor_by_name(ctx.db, ctx.shop.id, c.name));
  if (taken && taken->id != c.id)
    return Status(ErrorCode::kAlreadyExists,
                  "competitor '" + c.name + "' exists (id " + std::to_string(taken->id) + ")",
                  Location{"", 0, 0, "/name"});
  return Status::ok();
}

}  // namespace

Result<Competitor> create_competitor(domain::WriteContext& ctx, const CompetitorFields& in) {
  Competitor c;
  c.shop_id = ctx.shop.id;
  apply_competitor(c, in);
  GX_RETURN_IF_ERROR(competitor_rules(c));
  GX_RETURN_IF_ERROR(check_name_free(ctx, c));
  c.created_at = now_ms(ctx);
  c.updated_at = c.created_at;
  GX_ASSIGN_OR_RETURN(c.id, store::insert_competitor(ctx.db, c));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "competitor_created", c.id, Json{{"name", c.name}}));
  return c;
}

Result<Competitor> update_competitor(domain::WriteContext& ctx, int64_t id,
                                     const CompetitorFields& patch) {
  GX_ASSIGN_OR_RETURN(auto found, store::find_competitor(ctx.db, ctx.shop.id, id));
  if (!found) return Status::not_found("competitor " + std::to_string(id) + " does not exist");
  Competitor c = *found;
  apply_competitor(c, patch);
  GX_RETURN_IF_ERROR(competitor_rules(c));
  GX_RETURN_IF_ERROR(check_name_free(ctx, c));
  c.updated_at = now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_competitor(ctx.db, c));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "competitor_updated", c.id, Json::object()));
  return c;
}

Status delete_competitor(domain::WriteContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto found, store::find_competitor(ctx.db, ctx.shop.id, id));
  if (!found) return Status::not_found("competitor " + std::to_string(id) + " does not exist");
  GX_ASSIGN_OR_RETURN(auto linked, store::competitor_opportunity_ids(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(store::delete_competitor(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "competitor_deleted", id, Json::object()));
  for (int64_t o : linked) GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, o));
  return Status::ok();
}

Result<Competitor> get_competitor(domain::ReadContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto found, store::find_competitor(ctx.db, ctx.shop.id, id));
  if (!found) return Status::not_found("competitor " + std::to_string(id) + " does not exist");
  return std::move(*found);
}

Result<std::vector<Competitor>> list_competitors(domain::ReadContext& ctx) {
  return store::list_competitors(ctx.db, ctx.shop.id);
}

}  // namespace guanxi::sales
