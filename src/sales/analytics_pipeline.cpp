// Pipeline reports over the rollups: the funnel, velocity, the forecast with
// quota attainment; and stalled deals over the opportunities themselves.
#include <algorithm>

#include "sales/analytics.hpp"
#include "sales/analytics_internal.hpp"
#include "store/sales_report_table.hpp"

namespace guanxi::sales {

using detail::ratio;

namespace {

// Median (of whole-day buckets) and mean of a distribution day -> (n, total ms).
Durations durations_of(const std::map<int64_t, store::RollupValue>& dist) {
  Durations d;
  int64_t total_ms = 0;
  for (const auto& [day, v] : dist) {
    d.count += v.n;
    total_ms += v.total;
  }
  if (d.count <= 0) return d;
  d.mean_days = static_cast<double>(total_ms) / static_cast<double>(d.count) /
                static_cast<double>(detail::kDayMs);
  // The values at 0-based ranks (count-1)/2 and count/2.
  const int64_t lo_rank = (d.count - 1) / 2, hi_rank = d.count / 2;
  std::optional<int64_t> lo, hi;
  int64_t seen = 0;
  for (const auto& [day, v] : dist) {
    if (v.n <= 0) continue;
    if (!lo && lo_rank < seen + v.n) lo = day;
    if (!hi && hi_rank < seen + v.n) hi = day;
    seen += v.n;
  }
  if (lo && hi) d.median_days = (static_cast<double>(*lo) + static_cast<double>(*hi)) / 2.0;
  return d;
}

std::vector<store::StageRow> stages_of(const std::vector<store::StageRow>& all, int64_t pipeline) {
  std::vector<store::StageRow> out;
  for (const auto& s : all) {
    if (s.pipeline_id == pipeline) out.push_back(s);
  }
  return out;
}

Result<std::vector<store::StageRow>> pipeline_stages(domain::ReadContext& ctx, int64_t pipeline) {
  GX_ASSIGN_OR_RETURN(auto all, store::shop_stages(ctx.db, ctx.shop.id));
  auto stages = stages_of(all, pipeline);
  if (stages.empty()) {
    Location loc;
    loc.field = "?pipeline_id";
    return Status(ErrorCode::kNotFound,
                  "pipeline " + std::to_string(pipeline) + " not found or without stages", loc);
  }
  return stages;
}

int64_t weighted(int64_t amount, int64_t probability) {
  const int64_t x = amount * probability;
  return x >= 0 ? (x + 50) / 100 : -((-x + 50) / 100);
}

}  // namespace

// ---- funnel --------------------------------------------------------------------------------

Result<FunnelReport> funnel_report(domain::ReadContext& ctx, const ReportFilter& f) {
  GX_RETURN_IF_ERROR(detail::check_fresh(ctx));
  GX_ASSIGN_OR_RETURN(const int64_t pipeline, detail::pipeline_of(ctx, f));
  GX_ASSIGN_OR_RETURN(auto stage_rows, pipeline_stages(ctx, pipeline));
  const auto [from, to] = detail::month_range(f);
  FunnelReport out;
  out.pipeline_id = pipeline;
  out.currency = detail::currency_of(ctx, f);
  std::map<int64_t, size_t> index;
  for (const auto& s : stage_rows) {
    index[s.id] = out.stages.size();
    FunnelStage st;
    st.stage_id = s.id;
    st.name = s.name;
    st.position = s.position;
    st.probability = s.probability;
    st.kind = s.kind;
    out.stages.push_back(std::move(st));
  }
  GX_ASSIGN_OR_RETURN(auto now, detail::rollups_for(ctx, detail::kStage, f, from, to));
  for (const auto& r : now) {
    if (r.key.pipeline_id != pipeline) continue;
    const bool in_currency = r.key.currency == out.currency;
    const int64_t amount = in_currency ? r.value.amount_minor : 0;
    if (!in_currency) out.other_currency_count += r.value.n;
    out.created += r.value.n;
    out.created_amount += amount;
    if (r.key.status == "open") {
      out.open += r.value.n;
      if (auto it = index.find(r.key.stage_id); it != index.end()) {
        out.stages[it->second].open_count += r.value.n;
        out.stages[it->second].open_amount += amount;
      }
    } else if (r.key.status == "won") {
      out.won += r.value.n;
      out.won_amount += amount;
    } else if (r.key.status == "lost") {
      out.lost += r.value.n;
      out.lost_amount += amount;
    }
  }
  GX_ASSIGN_OR_RETURN(auto reach, detail::rollups_for(ctx, detail::kReach, f, from, to));
  for (auto& st : out.stages) {
    if (st.kind == "won") st.reached = out.won;
    if (st.kind == "lost") st.reached = out.lost;
  }
  for (const auto& r : reach) {
    if (r.key.pipeline_id != pipeline) continue;
    for (auto& st : out.stages) {
      if (st.kind == "open" && r.key.dim >= st.position) st.reached += r.value.n;
    }
  }
  // Conversion: to the next open stage, the last open stage to won.
  std::optional<size_t> first_open;
  for (size_t i = 0; i < out.stages.size(); ++i) {
    if (out.stages[i].kind != "open") continue;
    if (!first_open) first_open = i;
    std::optional<int64_t> next;
    for (size_t j = i + 1; j < out.stages.size(); ++j) {
      if (out.stages[j].kind == "open") {
        next = out.stages[j].reached;
        break;
      }
    }
    out.stages[i].conversion = ratio(next.value_or(out.won), out.stages[i].reached);
  }
  out.win_rate = ratio(out.won, out.won + out.lost);
  if (first_open) out.overall_conversion = ratio(out.won, out.stages[*first_open].reached);
  return out;
}

// ---- velocity --------------------------------------------------------------------------------

Result<VelocityReport> velocity_report(domain::ReadContext& ctx, const ReportFilter& f) {
  GX_RETURN_IF_ERROR(detail::check_fresh(ctx));
  GX_ASSIGN_OR_RETURN(const int64_t pipeline, detail::pipeline_of(ctx, f));
  GX_ASSIGN_OR_RETURN(auto stage_rows, pipeline_stages(ctx, pipeline));
  const auto [from, to] = detail::month_range(f);
  // Without a period, the stays and cycles summed over all months (month '').
  const bool all_months = !f.from_month && !f.to_month;
  GX_ASSIGN_OR_RETURN(auto times, all_months
                                      ? detail::rollups_for(ctx, detail::kStageTimeAll, f, "", "")
                                      : detail::rollups_for(ctx, detail::kStageTime, f, from, to));
  GX_ASSIGN_OR_RETURN(auto now_rows, detail::rollups_for(ctx, detail::kStage, f, from, to));
  GX_ASSIGN_OR_RETURN(auto cycles, all_months
                                       ? detail::rollups_for(ctx, detail::kCycleAll, f, "", "")
                                       : detail::rollups_for(ctx, detail::kCycle, f, from, to));
  std::map<int64_t, std::map<int64_t, store::RollupValue>> by_stage;  // stage -> day -> sum
  for (const auto& r : times) {
    if (r.key.pipeline_id != pipeline) continue;
    auto& v = by_stage[r.key.stage_id][r.key.dim];
    v.n += r.value.n;
    v.total += r.value.total;
  }
  std::map<int64_t, std::pair<int64_t, int64_t>> current;  // stage -> (n, Σ entered s)
  for (const auto& r : now_rows) {
    if (r.key.pipeline_id != pipeline || r.key.status != "open") continue;
    current[r.key.stage_id].first += r.value.n;
    current[r.key.stage_id].second += r.value.total;
  }
  const int64_t now_s = to_millis(ctx.clock.now()) / 1000;
  VelocityReport out;
  out.pipeline_id = pipeline;
  for (const auto& s : stage_rows) {
    if (s.kind != "open") continue;
    VelocityStage v;
    v.stage_id = s.id;
    v.name = s.name;
    v.position = s.position;
    v.finished = durations_of(by_stage[s.id]);
    const auto [n, entered] = current[s.id];
    v.current_count = n;
    if (n > 0) {
      v.current_mean_days =
          static_cast<double>(now_s * n - entered) / static_cast<double>(n) / 86400.0;
    }
    out.stages.push_back(std::move(v));
  }
  std::map<int64_t, store::RollupValue> cycle;
  for (const auto& r : cycles) {
    if (r.key.pipeline_id != pipeline) continue;
    auto& v = cycle[r.key.dim];
    v.n += r.value.n;
    v.total += r.value.total;
  }
  out.sales_cycle = durations_of(cycle);
  return out;
}

// ---- stalled ----------------------------------------------------------------------------------

Result<StalledReport> stalled_report(domain::ReadContext& ctx, const ReportFilter& f, int64_t days,
                                     int64_t limit) {
  const int64_t now = to_millis(ctx.clock.now());
  store::StalledFilter sf;
  sf.idle_before = now - days * detail::kDayMs;
  sf.pipeline_id = f.pipeline_id;
  sf.owners = f.owners;
  sf.limit = limit;
  StalledReport out;
  out.days = days;
  GX_ASSIGN_OR_RETURN(out.total, store::count_stalled_opportunities(ctx.db, ctx.shop.id, sf));
  GX_ASSIGN_OR_RETURN(auto rows, store::stalled_opportunities(ctx.db, ctx.shop.id, sf));
  for (auto& r : rows) {
    StalledDeal d;
    d.opportunity_id = r.id;
    d.name = std::move(r.name);
    d.owner_user_id = r.owner_user_id;
    d.owner_name = std::move(r.owner_name);
    d.stage_id = r.stage_id;
    d.stage_name = std::move(r.stage_name);
    d.amount_minor = r.amount_minor;
    d.currency = std::move(r.currency);
    d.idle_since = r.idle_since;
    d.days_idle = (now - r.idle_since) / detail::kDayMs;
    out.deals.push_back(std::move(d));
  }
  return out;
}

// ---- forecast ----------------------------------------------------------------------------------

Result<ForecastReport> forecast_report(domain::ReadContext& ctx, const ReportFilter& f,
                                       const std::string& quota_period) {
  GX_RETURN_IF_ERROR(detail::check_fresh(ctx));
  detail::MonthOf months(ctx.zone);
  const MonthIndex this_month = months.index(to_millis(ctx.clock.now()));
  const MonthIndex from_m = f.from_month.value_or(this_month);
  const MonthIndex to_m = f.to_month.value_or(from_m + 5);
  if (to_m < from_m) {
    Location loc;
    loc.field = "?to";
    return Status::invalid("to must not be before from", loc);
  }
  if (to_m - from_m > 60) {
    Location loc;
    loc.field = "?to";
    return Status::invalid("a forecast spans at most 60 months", loc);
  }
  GX_ASSIGN_OR_RETURN(auto all_stages, store::shop_stages(ctx.db, ctx.shop.id));
  std::map<int64_t, int64_t> probability;
  for (const auto& s : all_stages) probability[s.id] = s.probability;
  ForecastReport out;
  out.pipeline_id = f.pipeline_id.value_or(0);
  out.currency = detail::currency_of(ctx, f);
  std::map<std::string, ForecastMonth> by_month;
  for (MonthIndex m = from_m; m <= to_m; ++m) by_month[month_text(m)].month = month_text(m);
  std::map<std::pair<std::string, int64_t>, int64_t> stage_amount;  // (month, stage) -> open amount
  auto add_rows = [&](const std::vector<store::RollupRow>& rows) {
    for (const auto& r : rows) {
      if (f.pipeline_id && r.key.pipeline_id != *f.pipeline_id) continue;
      const std::string month = r.key.month.empty() ? "none" : r.key.month;
      if (r.key.status == "won" && r.key.month.empty()) continue;
      auto& fm = by_month[month];
      fm.month = month;
      const bool in_currency = r.key.currency == out.currency;
      const int64_t amount = in_currency ? r.value.amount_minor : 0;
      if (r.key.status == "open") {
        fm.open_count += r.value.n;
        fm.by_category[r.key.label] += amount;
        if (r.key.label != "omitted") {
          fm.amount += amount;
          stage_amount[{month, r.key.stage_id}] += amount;
        }
      } else if (r.key.status == "won") {
        fm.closed_won += amount;
        fm.closed_won_count += r.value.n;
      }
    }
  };
  {
    GX_ASSIGN_OR_RETURN(auto rows, detail::rollups_for(ctx, detail::kClose, f, month_text(from_m),
                                                       month_text(to_m)));
    add_rows(rows);
  }
  {
    GX_ASSIGN_OR_RETURN(auto rows, detail::rollups_for(ctx, detail::kClose, f, "", ""));
    add_rows(rows);
  }
  for (const auto& [key, amount] : stage_amount) {
    by_month[key.first].weighted += weighted(amount, probability[key.second]);
  }
  out.total.month = "total";
  for (auto& [month, fm] : by_month) {
    if (month == "none") continue;
    for (const auto& [c, a] : fm.by_category) out.total.by_category[c] += a;
    out.total.open_count += fm.open_count;
    out.total.amount += fm.amount;
    out.total.weighted += fm.weighted;
    out.total.closed_won += fm.closed_won;
    out.total.closed_won_count += fm.closed_won_count;
    out.months.push_back(std::move(fm));
  }
  if (auto it = by_month.find("none"); it != by_month.end()) out.months.push_back(it->second);
  // Quota attainment.
  const std::string period = quota_period.empty() ? std::to_string(this_month / 12) + "-Q" +
                                                        std::to_string((this_month % 12) / 3 + 1)
                                                  : quota_period;
  GX_ASSIGN_OR_RETURN(auto range, parse_period(period, "?quota_period"));
  out.quota_period = period;
  GX_ASSIGN_OR_RETURN(auto quotas, store::quotas_for_period(ctx.db, ctx.shop.id, period));
  std::map<int64_t, int64_t> quota_of;
  for (const auto& q : quotas) {
    if (q.currency == out.currency) quota_of[q.user_id] = q.amount_minor;
  }
  GX_ASSIGN_OR_RETURN(auto owners, detail::listed_owners(ctx, f));
  GX_ASSIGN_OR_RETURN(auto names, detail::names_of_users(ctx));
  out.quota_total.name = "total";
  out.quota_total.period = period;
  for (int64_t owner : owners) {
    GX_ASSIGN_OR_RETURN(auto rows,
                        store::read_rollups(ctx.db, ctx.shop.id, detail::kClose, owner,
                                            month_text(range.first), month_text(range.second)));
    QuotaLine line;
    line.user_id = owner;
    line.name = names.contains(owner) ? names[owner] : "";
    line.period = period;
    for (const auto& r : rows) {
      if (r.key.status != "won" || r.key.currency != out.currency) continue;
      if (f.pipeline_id && r.key.pipeline_id != *f.pipeline_id) continue;
      line.won += r.value.amount_minor;
    }
    if (auto q = quota_of.find(owner); q != quota_of.end()) line.quota = q->second;
    if (!line.quota && line.won == 0) continue;
    if (line.quota) line.attainment = ratio(line.won, *line.quota);
    out.quota_total.won += line.won;
    if (line.quota) out.quota_total.quota = out.quota_total.quota.value_or(0) + *line.quota;
    out.quotas.push_back(std::move(line));
  }
  if (out.quota_total.quota) {
    out.quota_total.attainment = ratio(out.quota_total.won, *out.quota_total.quota);
  }
  return out;
}

}  // namespace guanxi::sales
