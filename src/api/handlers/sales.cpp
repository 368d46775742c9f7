// B2B sales records: /api/v1/accounts, /contacts, /leads (duplicate check,
// status, scores, conversion), /pipelines (stages, the kanban board),
// /opportunities (stage moves, history, quote lines, competitors),
// /competitors, /activities, /sales/tasks, record shares
// (/{type}/{id}/shares), /settings/sales and the CSV import
// /sales/import?type=. Every read and list is filtered by the caller's record
// visibility (viewer_of(principal)): a record outside it is a 403 on read by
// id and absent from lists. Contacts' and leads' phone and email are masked
// unless the caller may see personal data.
// Permissions: sales.read / sales.write, settings.read / settings.write.
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/input_fields.hpp"
#include "api/render.hpp"
#include "api/render_sales.hpp"
#include "api/sales_input.hpp"
#include "api/url.hpp"
#include "importer/byte_source.hpp"
#include "sales/import.hpp"
#include "sales/settings.hpp"

namespace guanxi::api::handlers {

namespace {

sales::Viewer viewer(const RequestContext& ctx) {
  return viewer_of(ctx.principal());
}

bool pii(const RequestContext& ctx) {
  return can_view_pii(ctx.principal());
}

template <typename T>
Json page_body(Json items, const std::vector<T>& rows, int limit, int64_t last_id) {
  Json body = items_of(std::move(items));
  body["next_after"] =
      static_cast<int>(rows.size()) == limit && !rows.empty() ? Json(last_id) : Json(nullptr);
  return body;
}

// ---- accounts ------------------------------------------------------------------------

// ?owner=&parent=&industry=&region=&q= (name prefix)&after=&limit=
awaitable<Response> list_accounts(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::AccountFilter f;
  f.owner = qp.int64("owner", 1, INT64_MAX);
  f.parent = qp.int64("parent", 1, INT64_MAX);
  f.industry = qp.string("industry").value_or("");
  f.region = qp.string("region").value_or("");
  f.name_prefix = qp.string("q").value_or("");
  f.after_id = qp.int64("after", 1, INT64_MAX);
  f.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto rows, ctx.read([&](domain::ReadContext& r) { return sales::list_accounts(r, v, f); }));
  Json items = Json::array();
  for (const auto& a : rows) items.push_back(render_account(a, zone_of(ctx)));
  co_return ok(page_body(std::move(items), rows, f.limit, rows.empty() ? 0 : rows.back().id));
}

awaitable<Response> create_account(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_account_fields(ctx.body()));
  auto job = [in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::create_account(w, v, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto a, co_await ctx.write(job));
  co_return created(render_account(a, zone_of(ctx)), "/api/v1/accounts/" + std::to_string(a.id));
}

// The account page: the account with parent, children, contacts grouped by
// decision role and as the reports_to tree, opportunities, recent activities.
awaitable<Response> get_account(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto d, ctx.read([&](domain::ReadContext& r) { return sales::account_detail(r, v, id); }));
  co_return ok(render_account_detail(d, zone_of(ctx), pii(ctx)));
}

awaitable<Response> patch_account(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_account_fields(ctx.body()));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::update_account(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto a, co_await ctx.write(job));
  co_return ok(render_account(a, zone_of(ctx)));
}

awaitable<Response> delete_account(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::delete_account(w, v, id);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// ---- contacts ------------------------------------------------------------------------

// ?account=&owner=&role=&after=&limit=
awaitable<Response> list_contacts(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::ContactFilter f;
  f.account = qp.int64("account", 1, INT64_MAX);
  f.owner = qp.int64("owner", 1, INT64_MAX);
  f.decision_role =
      qp.one_of("role", {"decision_maker", "purchasing_lead", "user", "influencer", "gatekeeper"})
          .value_or("");
  f.after_id = qp.int64("after", 1, INT64_MAX);
  f.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto rows, ctx.read([&](domain::ReadContext& r) { return sales::list_contacts(r, v, f); }));
  Json items = Json::array();
  for (const auto& c : rows) items.push_back(render_contact(c, zone_of(ctx), pii(ctx)));
  co_return ok(page_body(std::move(items), rows, f.limit, rows.empty() ? 0 : rows.back().id));
}

awaitable<Response> create_contact(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_contact_fields(ctx.body()));
  auto job = [in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::create_contact(w, v, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return created(render_contact(c, zone_of(ctx), pii(ctx)),
                    "/api/v1/contacts/" + std::to_string(c.id));
}

awaitable<Response> get_contact(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto c, ctx.read([&](domain::ReadContext& r) { return sales::get_contact(r, v, id); }));
  co_return ok(render_contact(c, zone_of(ctx), pii(ctx)));
}

awaitable<Response> patch_contact(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_contact_fields(ctx.body()));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::update_contact(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_contact(c, zone_of(ctx), pii(ctx)));
}

awaitable<Response> delete_contact(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::delete_contact(w, v, id);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// ---- leads -----------------------------------------------------------------------------

// ?status=new,working&owner=&source=&min_score=&after=&limit=
awaitable<Response> list_leads(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::LeadFilter f;
  f.statuses = split_list(qp.string("status"));
  f.owner = qp.int64("owner", 1, INT64_MAX);
  f.source = qp.string("source").value_or("");
  f.min_score = qp.int64("min_score", INT64_MIN, INT64_MAX);
  f.after_id = qp.int64("after", 1, INT64_MAX);
  f.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto rows, ctx.read([&](domain::ReadContext& r) { return sales::list_leads(r, v, f); }));
  Json items = Json::array();
  for (const auto& l : rows) items.push_back(render_lead(l, zone_of(ctx), pii(ctx)));
  co_return ok(page_body(std::move(items), rows, f.limit, rows.empty() ? 0 : rows.back().id));
}

// ?on_duplicate=reject (default: 409 listing the matches) | link (the
// existing lead, 200) | allow (created anyway). The body of a 201/200 carries
// "duplicates" (the matches, with reasons).
awaitable<Response> create_lead(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const std::string mode =
      qp.one_of("on_duplicate", {"reject", "link", "allow"}).value_or("reject");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto in, read_lead_fields(ctx.body()));
  const sales::OnDuplicate on =
      sales::parse_on_duplicate(mode).value_or(sales::OnDuplicate::kReject);
  auto job = [in = std::move(in), v = viewer(ctx), on](domain::WriteContext& w) {
    return sales::create_lead(w, v, in, on);
  };
  GX_CO_ASSIGN_OR_RETURN(auto outcome, co_await ctx.write(job));
  if (outcome.kind == sales::LeadOutcome::Kind::kRejected) {
    Json doc = problem_json(Status::conflict(
        "the lead looks like existing records (see duplicates); send ?on_duplicate=link to use "
        "the existing lead or ?on_duplicate=allow to create it anyway"));
    doc["duplicates"] = render_duplicates(outcome.duplicates);
    Response r = json_response(409, doc);
    r.content_type = "application/problem+json";
    co_return r;
  }
  Json body = render_lead(outcome.lead, zone_of(ctx), pii(ctx));
  body["duplicates"] = render_duplicates(outcome.duplicates);
  body["outcome"] = outcome.kind == sales::LeadOutcome::Kind::kLinked ? "linked" : "created";
  if (outcome.kind == sales::LeadOutcome::Kind::kLinked) co_return ok(body);
  co_return created(body, "/api/v1/leads/" + std::to_string(outcome.lead.id));
}

// ?email=&phone=&company=: what a lead with these values would match.
awaitable<Response> lead_duplicates(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const std::string email = qp.string("email").value_or("");
  const std::string phone = qp.string("phone").value_or("");
  const std::string company = qp.string("company").value_or("");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto matches, ctx.read([&](domain::ReadContext& r) {
    return sales::find_duplicates(r.db, r.shop.id, email, phone, company, std::nullopt);
  }));
  co_return ok(items_of(render_duplicates(matches)));
}

awaitable<Response> get_lead(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto l, ctx.read([&](domain::ReadContext& r) { return sales::get_lead(r, v, id); }));
  co_return ok(render_lead(l, zone_of(ctx), pii(ctx)));
}

awaitable<Response> patch_lead(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_lead_fields(ctx.body()));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::update_lead(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto l, co_await ctx.write(job));
  co_return ok(render_lead(l, zone_of(ctx), pii(ctx)));
}

// {"status": "qualified", "reason": "..."} (a reason is required to disqualify).
awaitable<Response> post_lead_status(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const std::string status = f.string("status", JsonFields::Need::kRequired).value_or("");
  const std::string reason = f.string("reason").value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, status, reason, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::set_lead_status(w, v, id, status, reason);
  };
  GX_CO_ASSIGN_OR_RETURN(auto l, co_await ctx.write(job));
  co_return ok(render_lead(l, zone_of(ctx), pii(ctx)));
}

awaitable<Response> convert_lead(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_convert_input(ctx.body()));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::convert_lead(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_conversion(c, zone_of(ctx), pii(ctx)));
}

awaitable<Response> rescore_lead(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  const sales::Viewer v = viewer(ctx);
  GX_CO_RETURN_IF_ERROR(
      ctx.read([&](domain::ReadContext& r) { return sales::get_lead(r, v, id).status(); }));
  auto job = [id](domain::WriteContext& w) { return sales::rescore_lead(w, id); };
  GX_CO_ASSIGN_OR_RETURN(auto l, co_await ctx.write(job));
  co_return ok(render_lead(l, zone_of(ctx), pii(ctx)));
}

awaitable<Response> rescore_all(RequestContext& ctx) {
  auto job = [](domain::WriteContext& w) { return sales::rescore_all_leads(w); };
  GX_CO_ASSIGN_OR_RETURN(int64_t changed, co_await ctx.write(job));
  co_return ok(Json{{"leads_changed", changed}});
}

// ---- pipelines -------------------------------------------------------------------------

// The default pipeline is created on first use.
awaitable<Response> list_pipelines(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto all,
                         ctx.read([](domain::ReadContext& r) { return sales::list_pipelines(r); }));
  if (all.empty()) {
    auto job = [](domain::WriteContext& w) { return sales::ensure_default_pipeline(w); };
    GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
    all.push_back(std::move(d));
  }
  Json items = Json::array();
  for (const auto& p : all) items.push_back(render_pipeline(p));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_pipeline(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_pipeline_fields(ctx.body()));
  auto job = [in = std::move(in)](domain::WriteContext& w) {
    return sales::create_pipeline(w, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto p, co_await ctx.write(job));
  co_return created(render_pipeline(p), "/api/v1/pipelines/" + std::to_string(p.pipeline.id));
}

awaitable<Response> get_pipeline(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto p, ctx.read([id](domain::ReadContext& r) { return sales::get_pipeline(r, id); }));
  co_return ok(render_pipeline(p));
}

awaitable<Response> patch_pipeline(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_pipeline_fields(ctx.body()));
  auto job = [id, in = std::move(in)](domain::WriteContext& w) {
    return sales::update_pipeline(w, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto p, co_await ctx.write(job));
  co_return ok(render_pipeline(p));
}

awaitable<Response> add_stage(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_stage_fields(ctx.body()));
  auto job = [id, in = std::move(in)](domain::WriteContext& w) {
    return sales::add_stage(w, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto s, co_await ctx.write(job));
  co_return created(render_stage(s),
                    "/api/v1/pipelines/" + std::to_string(id) + "/stages/" + std::to_string(s.id));
}

awaitable<Response> patch_stage(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(const int64_t stage, ctx.id_param("stage_id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_stage_fields(ctx.body()));
  auto job = [id, stage, in = std::move(in)](domain::WriteContext& w) {
    return sales::update_stage(w, id, stage, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto s, co_await ctx.write(job));
  co_return ok(render_stage(s));
}

awaitable<Response> delete_stage(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(const int64_t stage, ctx.id_param("stage_id"));
  auto job = [id, stage](domain::WriteContext& w) { return sales::delete_stage(w, id, stage); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// The kanban: ?per_stage=20 opportunities per column, with open counts and amounts.
awaitable<Response> pipeline_board(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int per_stage = static_cast<int>(qp.int64("per_stage", 0, 200).value_or(20));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(auto b, ctx.read([&](domain::ReadContext& r) {
    return sales::pipeline_board(r, v, id, per_stage);
  }));
  co_return ok(render_board(b, zone_of(ctx)));
}

// ---- opportunities ---------------------------------------------------------------------

// ?pipeline=&stage=1,2&owner=&status=open|won|lost&account=&close_from=&close_to=&after=&limit=
awaitable<Response> list_opportunities(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::OpportunityFilter f;
  f.pipeline = qp.int64("pipeline", 1, INT64_MAX);
  for (const auto& s : split_list(qp.string("stage"))) {
    int64_t v = 0;
    try {
      v = std::stoll(s);
    } catch (...) {
      v = 0;
    }
    if (v <= 0) {
      Location loc;
      loc.field = "?stage";
      co_return problem_response(Status::invalid("stage takes stage ids separated by commas", loc));
    }
    f.stages.push_back(v);
  }
  f.owner = qp.int64("owner", 1, INT64_MAX);
  f.status = qp.one_of("status", {"open", "won", "lost"});
  f.account = qp.int64("account", 1, INT64_MAX);
  f.close_from = qp.string("close_from");
  f.close_to = qp.string("close_to");
  f.after_id = qp.int64("after", 1, INT64_MAX);
  f.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(auto rows, ctx.read([&](domain::ReadContext& r) {
    return sales::list_opportunities(r, v, f);
  }));
  Json items = Json::array();
  for (const auto& o : rows) items.push_back(render_opportunity_row(o, zone_of(ctx)));
  co_return ok(
      page_body(std::move(items), rows, f.limit, rows.empty() ? 0 : rows.back().opportunity.id));
}

awaitable<Response> create_opportunity(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_opportunity_fields(ctx.body()));
  auto job = [in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::create_opportunity(w, v, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
  co_return created(render_opportunity(d, zone_of(ctx)),
                    "/api/v1/opportunities/" + std::to_string(d.opportunity.id));
}

awaitable<Response> get_opportunity(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto d, ctx.read([&](domain::ReadContext& r) { return sales::get_opportunity(r, v, id); }));
  co_return ok(render_opportunity(d, zone_of(ctx)));
}

awaitable<Response> patch_opportunity(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_opportunity_fields(ctx.body()));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::update_opportunity(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
  co_return ok(render_opportunity(d, zone_of(ctx)));
}

awaitable<Response> delete_opportunity(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::delete_opportunity(w, v, id);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// The kanban's drag and drop: answers with the moved opportunity. A missing
// required field of the target stage is a 422 naming it.
awaitable<Response> post_stage(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_stage_move(ctx.body()));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::move_stage(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
  co_return ok(render_opportunity(d, zone_of(ctx)));
}

awaitable<Response> opportunity_history(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(auto h, ctx.read([&](domain::ReadContext& r) {
    return sales::opportunity_history(r, v, id);
  }));
  Json items = Json::array();
  for (const auto& e : h) items.push_back(render_history_entry(e, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

// {"lines": [...], "amount_from_lines": true}
awaitable<Response> put_lines(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const Json* lines = f.array("lines", JsonFields::Need::kRequired);
  const bool derive = f.boolean("amount_from_lines").value_or(false);
  GX_CO_RETURN_IF_ERROR(f.finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto in, read_opportunity_fields(Json{{"lines", *lines}, {"amount_from_lines", derive}}));
  auto job = [id, in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::update_opportunity(w, v, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
  co_return ok(render_opportunity(d, zone_of(ctx)));
}

// {"competitor_id": 3, "notes": "..."}
awaitable<Response> link_competitor(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const int64_t competitor =
      detail::id_member(f, "competitor_id", JsonFields::Need::kRequired).value_or(0);
  const std::string notes = f.string("notes").value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, competitor, notes, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::link_competitor(w, v, id, competitor, notes);
  };
  GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
  co_return ok(render_opportunity(d, zone_of(ctx)));
}

awaitable<Response> unlink_competitor(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(const int64_t competitor, ctx.id_param("competitor_id"));
  auto job = [id, competitor, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::unlink_competitor(w, v, id, competitor);
  };
  GX_CO_ASSIGN_OR_RETURN(auto d, co_await ctx.write(job));
  co_return ok(render_opportunity(d, zone_of(ctx)));
}

// ---- competitors -----------------------------------------------------------------------

awaitable<Response> list_competitors(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto all, ctx.read([](domain::ReadContext& r) { return sales::list_competitors(r); }));
  Json items = Json::array();
  for (const auto& c : all) items.push_back(render_competitor(c, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_competitor(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_competitor_fields(ctx.body()));
  auto job = [in = std::move(in)](domain::WriteContext& w) {
    return sales::create_competitor(w, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return created(render_competitor(c, zone_of(ctx)),
                    "/api/v1/competitors/" + std::to_string(c.id));
}

awaitable<Response> get_competitor(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto c, ctx.read([id](domain::ReadContext& r) { return sales::get_competitor(r, id); }));
  co_return ok(render_competitor(c, zone_of(ctx)));
}

awaitable<Response> patch_competitor(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_competitor_fields(ctx.body()));
  auto job = [id, in = std::move(in)](domain::WriteContext& w) {
    return sales::update_competitor(w, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_competitor(c, zone_of(ctx)));
}

awaitable<Response> delete_competitor(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) { return sales::delete_competitor(w, id); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// ---- activities and tasks --------------------------------------------------------------

// ?account=&contact=&opportunity=&lead=&user=&after=&limit=
awaitable<Response> list_activities(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::SalesActivityFilter f;
  f.account = qp.int64("account", 1, INT64_MAX);
  f.contact = qp.int64("contact", 1, INT64_MAX);
  f.opportunity = qp.int64("opportunity", 1, INT64_MAX);
  f.lead = qp.int64("lead", 1, INT64_MAX);
  f.user = qp.int64("user", 1, INT64_MAX);
  f.after_id = qp.int64("after", 1, INT64_MAX);
  f.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto rows, ctx.read([&](domain::ReadContext& r) { return sales::list_activities(r, v, f); }));
  Json items = Json::array();
  for (const auto& a : rows) items.push_back(render_activity(a, zone_of(ctx)));
  co_return ok(page_body(std::move(items), rows, f.limit, rows.empty() ? 0 : rows.back().id));
}

awaitable<Response> create_activity(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_activity_input(ctx.body()));
  auto job = [in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::log_activity(w, v, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto a, co_await ctx.write(job));
  co_return created(render_activity(a, zone_of(ctx)), "/api/v1/activities/" + std::to_string(a.id));
}

awaitable<Response> get_activity(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(
      auto a, ctx.read([&](domain::ReadContext& r) { return sales::get_activity(r, v, id); }));
  co_return ok(render_activity(a, zone_of(ctx)));
}

// ?account=&contact=&opportunity=&lead=&status=open|done|cancelled&limit=
awaitable<Response> list_sales_tasks(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::SalesTaskLinks on;
  on.account = qp.int64("account", 1, INT64_MAX);
  on.contact = qp.int64("contact", 1, INT64_MAX);
  on.opportunity = qp.int64("opportunity", 1, INT64_MAX);
  on.lead = qp.int64("lead", 1, INT64_MAX);
  const auto status = qp.one_of("status", {"open", "done", "cancelled"});
  const int limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(auto rows, ctx.read([&](domain::ReadContext& r) {
    return sales::list_sales_tasks(r, v, on, status, limit);
  }));
  Json items = Json::array();
  for (const auto& t : rows) items.push_back(render_sales_task(t, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_sales_task(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_sales_task(ctx.body()));
  auto job = [in = std::move(in), v = viewer(ctx)](domain::WriteContext& w) {
    return sales::create_sales_task(w, v, in.first, in.second);
  };
  GX_CO_ASSIGN_OR_RETURN(auto t, co_await ctx.write(job));
  co_return created(render_sales_task(t, zone_of(ctx)),
                    "/api/v1/tasks/" + std::to_string(t.task.id));
}

// ---- shares ------------------------------------------------------------------------------

sales::RecordType type_of_path(const RequestContext& ctx) {
  const std::string_view path = ctx.request().path();
  if (path.find("/contacts/") != std::string_view::npos) return sales::RecordType::kContact;
  if (path.find("/leads/") != std::string_view::npos) return sales::RecordType::kLead;
  if (path.find("/opportunities/") != std::string_view::npos)
    return sales::RecordType::kOpportunity;
  return sales::RecordType::kAccount;
}

// {"user_id": 7}: shares the record with a user (the caller must see it).
awaitable<Response> post_share(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const int64_t user = detail::id_member(f, "user_id", JsonFields::Need::kRequired).value_or(0);
  GX_CO_RETURN_IF_ERROR(f.finish());
  const sales::RecordType type = type_of_path(ctx);
  auto job = [id, user, type, v = viewer(ctx)](domain::WriteContext& w) {
    return sales::share_record(w, v, type, id, user);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(auto shares, ctx.read([&](domain::ReadContext& r) {
    return sales::list_shares(r, v, type, id);
  }));
  Json items = Json::array();
  for (const auto& s : shares) items.push_back(render_share(s, zone_of(ctx)));
  co_return created(items_of(std::move(items)), std::string(ctx.request().path()));
}

awaitable<Response> list_shares(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const sales::RecordType type = type_of_path(ctx);
  const sales::Viewer v = viewer(ctx);
  GX_CO_ASSIGN_OR_RETURN(auto shares, ctx.read([&](domain::ReadContext& r) {
    return sales::list_shares(r, v, type, id);
  }));
  Json items = Json::array();
  for (const auto& s : shares) items.push_back(render_share(s, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

// ---- settings and import ---------------------------------------------------------------

awaitable<Response> get_sales_settings(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto s, ctx.read([](domain::ReadContext& r) {
    return sales::load_sales_settings(r.db, r.shop.id);
  }));
  co_return ok(sales::sales_settings_to_json(s));
}

awaitable<Response> put_sales_settings(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto s, sales::sales_settings_from_json(ctx.body()));
  auto job = [s](domain::WriteContext& w) { return sales::save_sales_settings(w, s); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(sales::sales_settings_to_json(s));
}

// ?type=accounts|contacts|leads with {"csv": "<the file's text>", "file": "name.csv"}:
// the summary with every issue (line, column, severity, reason).
awaitable<Response> post_import(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto type = qp.one_of("type", {"accounts", "contacts", "leads"});
  GX_CO_RETURN_IF_ERROR(qp.finish());
  if (!type) {
    Location loc;
    loc.field = "?type";
    co_return problem_response(
        Status::invalid("type (accounts, contacts or leads) is required", loc));
  }
  JsonFields f(ctx.body());
  std::string csv = f.string("csv", JsonFields::Need::kRequired).value_or("");
  const std::string file = f.string("file").value_or("api-upload.csv");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const sales::RecordType t = *type == "accounts"   ? sales::RecordType::kAccount
                              : *type == "contacts" ? sales::RecordType::kContact
                                                    : sales::RecordType::kLead;
  auto job = [csv = std::move(csv), file, t, v = viewer(ctx)](domain::WriteContext& w) {
    importer::MemorySource src(csv);
    return sales::import_sales_csv(w, v, t, src, file);
  };
  GX_CO_ASSIGN_OR_RETURN(auto summary, co_await ctx.write(job));
  co_return ok(render_sales_import(summary));
}

constexpr RouteSpec kSalesRoutes[] = {
    {Method::kGet, "/api/v1/accounts", "sales.read", list_accounts},
    {Method::kPost, "/api/v1/accounts", "sales.write", create_account, BodyKind::kJson},
    {Method::kGet, "/api/v1/accounts/{id}", "sales.read", get_account},
    {Method::kPatch, "/api/v1/accounts/{id}", "sales.write", patch_account, BodyKind::kJson},
    {Method::kDelete, "/api/v1/accounts/{id}", "sales.write", delete_account},
    {Method::kGet, "/api/v1/accounts/{id}/shares", "sales.read", list_shares},
    {Method::kPost, "/api/v1/accounts/{id}/shares", "sales.write", post_share, BodyKind::kJson},
    {Method::kGet, "/api/v1/contacts", "sales.read", list_contacts},
    {Method::kPost, "/api/v1/contacts", "sales.write", create_contact, BodyKind::kJson},
    {Method::kGet, "/api/v1/contacts/{id}", "sales.read", get_contact},
    {Method::kPatch, "/api/v1/contacts/{id}", "sales.write", patch_contact, BodyKind::kJson},
    {Method::kDelete, "/api/v1/contacts/{id}", "sales.write", delete_contact},
    {Method::kGet, "/api/v1/contacts/{id}/shares", "sales.read", list_shares},
    {Method::kPost, "/api/v1/contacts/{id}/shares", "sales.write", post_share, BodyKind::kJson},
    {Method::kGet, "/api/v1/leads", "sales.read", list_leads},
    {Method::kPost, "/api/v1/leads", "sales.write", create_lead, BodyKind::kJson},
    {Method::kGet, "/api/v1/leads/duplicates", "sales.read", lead_duplicates},
    {Method::kPost, "/api/v1/leads/score", "sales.write", rescore_all},
    {Method::kGet, "/api/v1/leads/{id}", "sales.read", get_lead},
    {Method::kPatch, "/api/v1/leads/{id}", "sales.write", patch_lead, BodyKind::kJson},
    {Method::kPost, "/api/v1/leads/{id}/status", "sales.write", post_lead_status, BodyKind::kJson},
    {Method::kPost, "/api/v1/leads/{id}/convert", "sales.write", convert_lead, BodyKind::kJson},
    {Method::kPost, "/api/v1/leads/{id}/score", "sales.write", rescore_lead},
    {Method::kGet, "/api/v1/leads/{id}/shares", "sales.read", list_shares},
    {Method::kPost, "/api/v1/leads/{id}/shares", "sales.write", post_share, BodyKind::kJson},
    {Method::kGet, "/api/v1/pipelines", "sales.read", list_pipelines},
    {Method::kPost, "/api/v1/pipelines", "settings.write", create_pipeline, BodyKind::kJson},
    {Method::kGet, "/api/v1/pipelines/{id}", "sales.read", get_pipeline},
    {Method::kPatch, "/api/v1/pipelines/{id}", "settings.write", patch_pipeline, BodyKind::kJson},
    {Method::kGet, "/api/v1/pipelines/{id}/board", "sales.read", pipeline_board},
    {Method::kPost, "/api/v1/pipelines/{id}/stages", "settings.write", add_stage, BodyKind::kJson},
    {Method::kPatch, "/api/v1/pipelines/{id}/stages/{stage_id}", "settings.write", patch_stage,
     BodyKind::kJson},
    {Method::kDelete, "/api/v1/pipelines/{id}/stages/{stage_id}", "settings.write", delete_stage},
    {Method::kGet, "/api/v1/opportunities", "sales.read", list_opportunities},
    {Method::kPost, "/api/v1/opportunities", "sales.write", create_opportunity, BodyKind::kJson},
    {Method::kGet, "/api/v1/opportunities/{id}", "sales.read", get_opportunity},
    {Method::kPatch, "/api/v1/opportunities/{id}", "sales.write", patch_opportunity,
     BodyKind::kJson},
    {Method::kDelete, "/api/v1/opportunities/{id}", "sales.write", delete_opportunity},
    {Method::kPost, "/api/v1/opportunities/{id}/stage", "sales.write", post_stage, BodyKind::kJson},
    {Method::kGet, "/api/v1/opportunities/{id}/history", "sales.read", opportunity_history},
    {Method::kPut, "/api/v1/opportunities/{id}/lines", "sales.write", put_lines, BodyKind::kJson},
    {Method::kPost, "/api/v1/opportunities/{id}/competitors", "sales.write", link_competitor,
     BodyKind::kJson},
    {Method::kDelete, "/api/v1/opportunities/{id}/competitors/{competitor_id}", "sales.write",
     unlink_competitor},
    {Method::kGet, "/api/v1/opportunities/{id}/shares", "sales.read", list_shares},
    {Method::kPost, "/api/v1/opportunities/{id}/shares", "sales.write", post_share,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/competitors", "sales.read", list_competitors},
    {Method::kPost, "/api/v1/competitors", "sales.write", create_competitor, BodyKind::kJson},
    {Method::kGet, "/api/v1/competitors/{id}", "sales.read", get_competitor},
    {Method::kPatch, "/api/v1/competitors/{id}", "sales.write", patch_competitor, BodyKind::kJson},
    {Method::kDelete, "/api/v1/competitors/{id}", "sales.write", delete_competitor},
    {Method::kGet, "/api/v1/activities", "sales.read", list_activities},
    {Method::kPost, "/api/v1/activities", "sales.write", create_activity, BodyKind::kJson},
    {Method::kGet, "/api/v1/activities/{id}", "sales.read", get_activity},
    {Method::kGet, "/api/v1/sales/tasks", "tasks.read", list_sales_tasks},
    {Method::kPost, "/api/v1/sales/tasks", "tasks.write", create_sales_task, BodyKind::kJson},
    {Method::kPost, "/api/v1/sales/import", "sales.write", post_import, BodyKind::kJsonBatch},
    {Method::kGet, "/api/v1/settings/sales", "settings.read", get_sales_settings},
    {Method::kPut, "/api/v1/settings/sales", "settings.write", put_sales_settings, BodyKind::kJson},
};

}  // namespace

Status add_sales_routes(Router& router) {
  for (const RouteSpec& r : kSalesRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
