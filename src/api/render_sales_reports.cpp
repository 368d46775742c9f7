#include "api/render_sales_reports.hpp"

#include "api/render.hpp"

namespace guanxi::api {

namespace {

Json money(int64_t amount, const std::string& currency) {
  return Json{{"amount_minor", amount}, {"currency", currency}};
}

Json durations(const sales::Durations& d) {
  return Json{{"count", d.count},
              {"median_days", optional_value(d.median_days)},
              {"mean_days", optional_value(d.mean_days)}};
}

Json forecast_month(const sales::ForecastMonth& m, const std::string& currency) {
  Json categories = Json::object();
  for (const char* c : {"commit", "best_case", "pipeline", "omitted"}) {
    auto it = m.by_category.find(c);
    categories[c] = money(it == m.by_category.end() ? 0 : it->second, currency);
  }
  return Json{{"month", m.month},
              {"open_count", m.open_count},
              {"amount", money(m.amount, currency)},
              {"weighted", money(m.weighted, currency)},
              {"by_category", std::move(categories)},
              {"closed_won", money(m.closed_won, currency)},
              {"closed_won_count", m.closed_won_count}};
}

Json quota_line(const sales::QuotaLine& q, const std::string& currency) {
  Json j = {{"name", q.name},
            {"period", q.period},
            {"quota", q.quota ? money(*q.quota, currency) : Json(nullptr)},
            {"won", money(q.won, currency)},
            {"attainment", optional_value(q.attainment)}};
  if (q.user_id != 0 || q.name != "total") j["user_id"] = q.user_id;
  return j;
}

Json cohort(const sales::LeadCohort& c) {
  Json by_status = Json::object();
  for (const auto& [s, n] : c.by_status) by_status[s] = n;
  return Json{{"month", c.month},
              {"leads", c.leads},
              {"by_status", std::move(by_status)},
              {"reached",
               {{"new", c.leads},
                {"working", c.reached_working},
                {"qualified", c.reached_qualified},
                {"converted", c.converted},
                {"won", c.won}}}};
}

}  // namespace

Json render_sales_funnel(const sales::FunnelReport& r) {
  Json stages = Json::array();
  for (const auto& s : r.stages) {
    stages.push_back(Json{{"stage_id", s.stage_id},
                          {"name", s.name},
                          {"position", s.position},
                          {"probability", s.probability},
                          {"kind", s.kind},
                          {"open_count", s.open_count},
                          {"open_amount", money(s.open_amount, r.currency)},
                          {"reached", s.reached},
                          {"conversion", optional_value(s.conversion)}});
  }
  return Json{{"pipeline_id", r.pipeline_id},
              {"stages", std::move(stages)},
              {"created", r.created},
              {"created_amount", money(r.created_amount, r.currency)},
              {"open", r.open},
              {"won", r.won},
              {"lost", r.lost},
              {"won_amount", money(r.won_amount, r.currency)},
              {"lost_amount", money(r.lost_amount, r.currency)},
              {"win_rate", optional_value(r.win_rate)},
              {"overall_conversion", optional_value(r.overall_conversion)},
              {"other_currency_count", r.other_currency_count}};
}

Json render_sales_velocity(const sales::VelocityReport& r) {
  Json stages = Json::array();
  for (const auto& s : r.stages) {
    stages.push_back(Json{{"stage_id", s.stage_id},
                          {"name", s.name},
                          {"position", s.position},
                          {"finished", durations(s.finished)},
                          {"current_count", s.current_count},
                          {"current_mean_days", optional_value(s.current_mean_days)}});
  }
  return Json{{"pipeline_id", r.pipeline_id},
              {"stages", std::move(stages)},
              {"sales_cycle", durations(r.sales_cycle)}};
}

Json render_sales_stalled(const sales::StalledReport& r, const ShopZone& zone) {
  Json items = Json::array();
  for (const auto& d : r.deals) {
    Json j = {{"opportunity_id", d.opportunity_id},
              {"name", d.name},
              {"owner_user_id", optional_value(d.owner_user_id)},
              {"owner_name", d.owner_name},
              {"stage_id", d.stage_id},
              {"stage_name", d.stage_name},
              {"amount", money(d.amount_minor, d.currency)},
              {"days_idle", d.days_idle}};
    put_time(j, "idle_since", from_millis(d.idle_since), zone);
    items.push_back(std::move(j));
  }
  return Json{{"days", r.days}, {"total", r.total}, {"items", std::move(items)}};
}

Json render_sales_forecast(const sales::ForecastReport& r) {
  Json months = Json::array();
  for (const auto& m : r.months) months.push_back(forecast_month(m, r.currency));
  Json quotas = Json::array();
  for (const auto& q : r.quotas) quotas.push_back(quota_line(q, r.currency));
  Json total = quota_line(r.quota_total, r.currency);
  total.erase("name");
  return Json{{"pipeline_id", r.pipeline_id == 0 ? Json(nullptr) : Json(r.pipeline_id)},
              {"months", std::move(months)},
              {"total", forecast_month(r.total, r.currency)},
              {"quota_period", r.quota_period},
              {"quotas", std::move(quotas)},
              {"quota_total", std::move(total)}};
}

Json render_sales_competitors(const sales::CompetitorReport& r) {
  Json items = Json::array();
  for (const auto& c : r.competitors) {
    Json reasons = Json::array();
    for (const auto& x : c.lost_reasons) {
      reasons.push_back(
          Json{{"reason", x.reason}, {"count", x.count}, {"amount", money(x.amount, r.currency)}});
    }
    items.push_back(Json{{"competitor_id", c.competitor_id},
                         {"name", c.name},
                         {"met", c.met},
                         {"open", c.open},
                         {"won", c.won},
                         {"lost", c.lost},
                         {"win_rate", optional_value(c.win_rate)},
                         {"lost_amount", money(c.lost_amount, r.currency)},
                         {"lost_reasons", std::move(reasons)}});
  }
  return Json{{"items", std::move(items)}};
}

Json render_sales_leaderboard(const sales::LeaderboardReport& r) {
  Json items = Json::array();
  for (const auto& l : r.reps) {
    Json acts = Json::object();
    for (const auto& [k, n] : l.activities) acts[k] = n;
    items.push_back(Json{{"user_id", l.user_id == 0 ? Json(nullptr) : Json(l.user_id)},
                         {"name", l.name},
                         {"won_count", l.won_count},
                         {"won_amount", money(l.won_amount, r.currency)},
                         {"lost_count", l.lost_count},
                         {"win_rate", optional_value(l.win_rate)},
                         {"opportunities_created", l.opportunities_created},
                         {"pipeline_created", money(l.pipeline_created, r.currency)},
                         {"activities", std::move(acts)},
                         {"activities_total", l.activities_total}});
  }
  return Json{{"items", std::move(items)}};
}

Json render_sales_lead_cohorts(const sales::LeadCohortReport& r) {
  Json items = Json::array();
  for (const auto& c : r.cohorts) items.push_back(cohort(c));
  return Json{{"cohorts", std::move(items)}, {"total", cohort(r.total)}};
}

}  // namespace guanxi::api
