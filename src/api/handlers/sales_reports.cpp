// /api/v1/analytics/sales/...: funnel, velocity, stalled, forecast,
// competitors, leaderboard, lead-cohorts (permission analytics.read).
//
// Common query parameters: pipeline_id; owner (a user id) or team (a team id);
// from / to (months YYYY-MM; a quarter YYYY-Qn or a year YYYY stands for its
// first resp. last month) or period (a month, quarter or year: both ends);
// currency (default the shop's). Record visibility narrows the owners: a
// caller whose RecordScope is own sees only their own numbers, team their
// team's; asking for someone outside that is a 403 naming the parameter.
#include <algorithm>
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/render_sales_reports.hpp"
#include "api/url.hpp"
#include "sales/analytics.hpp"

namespace guanxi::api::handlers {

namespace {

struct FilterParams {
  std::optional<int64_t> pipeline_id, owner, team;
  std::optional<std::string> from, to, period, currency;
};

FilterParams read_filter_params(QueryParams& qp) {
  FilterParams p;
  p.pipeline_id = qp.int64("pipeline_id", 1, INT64_MAX);
  p.owner = qp.int64("owner", 1, INT64_MAX);
  p.team = qp.int64("team", 1, INT64_MAX);
  p.from = qp.string("from");
  p.to = qp.string("to");
  p.period = qp.string("period");
  p.currency = qp.string("currency");
  return p;
}

Status invalid_param(const std::string& name, std::string message) {
  Location loc;
  loc.field = "?" + name;
  return Status::invalid(std::move(message), loc);
}

Status forbidden_param(const std::string& name, std::string message) {
  Location loc;
  loc.field = "?" + name;
  return Status(ErrorCode::kPermissionDenied, std::move(message), loc);
}

// The filter the caller asked for, narrowed to what they may see.
Result<sales::ReportFilter> resolve_filter(domain::ReadContext& r, const Principal& who,
                                           const FilterParams& p) {
  sales::ReportFilter f;
  f.pipeline_id = p.pipeline_id;
  if (p.period && (p.from || p.to)) {
    return invalid_param("period", "give either period or from/to, not both");
  }
  if (p.period) {
    GX_ASSIGN_OR_RETURN(auto range, sales::parse_period(*p.period, "?period"));
    f.from_month = range.first;
    f.to_month = range.second;
  }
  if (p.from) {
    GX_ASSIGN_OR_RETURN(auto range, sales::parse_period(*p.from, "?from"));
    f.from_month = range.first;
  }
  if (p.to) {
    GX_ASSIGN_OR_RETURN(auto range, sales::parse_period(*p.to, "?to"));
    f.to_month = range.second;
  }
  if (f.from_month && f.to_month && *f.to_month < *f.from_month) {
    return invalid_param("to", "to must not be before from");
  }
  if (p.currency) {
    const std::string& c = *p.currency;
    const bool ok = c.size() == 3 &&
                    std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!ok) return invalid_param("currency", "currency must be a 3-letter code such as CNY");
    f.currency = c;
  }
  if (p.owner && p.team) return invalid_param("team", "give either owner or team, not both");
  // What the caller may see.
  std::optional<std::vector<int64_t>> allowed;
  const RecordScope scope = record_scope(who);
  if (scope == RecordScope::kOwn || (scope == RecordScope::kTeam && who.team_id == 0)) {
    allowed = std::vector<int64_t>{who.user_id};
  } else if (scope == RecordScope::kTeam) {
    GX_ASSIGN_OR_RETURN(allowed, sales::team_members(r, who.team_id));
  }
  auto visible = [&](int64_t user) {
    return !allowed || std::find(allowed->begin(), allowed->end(), user) != allowed->end();
  };
  if (p.owner) {
    if (!visible(*p.owner)) {
      return forbidden_param("owner",
                             "you may not see the numbers of user " + std::to_string(*p.owner));
    }
    f.owners = std::vector<int64_t>{*p.owner};
  } else if (p.team) {
    if (allowed && (scope == RecordScope::kOwn || *p.team != who.team_id)) {
      return forbidden_param("team",
                             "you may not see the numbers of team " + std::to_string(*p.team));
    }
    auto members = sales::team_members(r, *p.team);
    if (!members.ok()) {
      Location loc;
      loc.field = "?team";
      return members.status().with_location(loc);
    }
    f.owners = std::move(*members);
  } else {
    f.owners = allowed;
  }
  return f;
}

// The rendered report, or its error.
template <typename T, typename Render>
Result<Json> rendered(Result<T> report, Render render) {
  if (!report.ok()) return report.status();
  return Json(render(*report));
}

// Runs a report inside one read transaction with the resolved filter.
template <typename Report>
Result<Json> run_report(RequestContext& ctx, const FilterParams& p, Report report) {
  const Principal& who = ctx.principal();
  return ctx.read([&](domain::ReadContext& r) -> Result<Json> {
    GX_ASSIGN_OR_RETURN(sales::ReportFilter f, resolve_filter(r, who, p));
    return report(r, f);
  });
}

awaitable<Response> funnel(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(sales::funnel_report(r, f), render_sales_funnel);
      }));
  co_return ok(body);
}

awaitable<Response> velocity(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(sales::velocity_report(r, f), render_sales_velocity);
      }));
  co_return ok(body);
}

// ?stalled_days= (default 14), ?limit= (default 100, at most 1000).
awaitable<Response> stalled(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  const int64_t days = qp.int64("stalled_days", 1, 3650).value_or(14);
  const int64_t limit = qp.int64("limit", 1, 1000).value_or(100);
  GX_CO_RETURN_IF_ERROR(qp.finish());
  const ShopZone& zone = ctx.shop().zone;
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [&](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(
            sales::stalled_report(r, f, days, limit),
            [&](const sales::StalledReport& s) { return render_sales_stalled(s, zone); });
      }));
  co_return ok(body);
}

// ?quota_period=YYYY-Qn|YYYY-MM (default this quarter).
awaitable<Response> forecast(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  const std::string quota_period = qp.string("quota_period").value_or("");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [&](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(sales::forecast_report(r, f, quota_period), render_sales_forecast);
      }));
  co_return ok(body);
}

awaitable<Response> competitors(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(sales::competitor_report(r, f), render_sales_competitors);
      }));
  co_return ok(body);
}

// ?sort=won_amount|won_count|win_rate|pipeline_created|activities
awaitable<Response> leaderboard(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  const std::string sort =
      qp.one_of("sort", {"won_amount", "won_count", "win_rate", "pipeline_created", "activities"})
          .value_or("won_amount");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [&](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(sales::leaderboard_report(r, f, sort), render_sales_leaderboard);
      }));
  co_return ok(body);
}

awaitable<Response> lead_cohorts(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const FilterParams p = read_filter_params(qp);
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      Json body, run_report(ctx, p, [](domain::ReadContext& r, const sales::ReportFilter& f) {
        return rendered(sales::lead_cohort_report(r, f), render_sales_lead_cohorts);
      }));
  co_return ok(body);
}

constexpr RouteSpec kSalesReportRoutes[] = {
    {Method::kGet, "/api/v1/analytics/sales/funnel", "analytics.read", funnel},
    {Method::kGet, "/api/v1/analytics/sales/velocity", "analytics.read", velocity},
    {Method::kGet, "/api/v1/analytics/sales/stalled", "analytics.read", stalled},
    {Method::kGet, "/api/v1/analytics/sales/forecast", "analytics.read", forecast},
    {Method::kGet, "/api/v1/analytics/sales/competitors", "analytics.read", competitors},
    {Method::kGet, "/api/v1/analytics/sales/leaderboard", "analytics.read", leaderboard},
    {Method::kGet, "/api/v1/analytics/sales/lead-cohorts", "analytics.read", lead_cohorts},
};

}  // namespace

Status add_sales_report_routes(Router& router) {
  for (const RouteSpec& r : kSalesReportRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
