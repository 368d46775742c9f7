// Reports about people and rivals: the competitor report, the leaderboard
// with activity counts per rep, and lead cohorts.
#include <algorithm>

#include "sales/analytics.hpp"
#include "sales/analytics_internal.hpp"
#include "store/sales_report_table.hpp"

namespace guanxi::sales {

using detail::ratio;

// ---- competitors -------------------------------------------------------------------------------

Result<CompetitorReport> competitor_report(domain::ReadContext& ctx, const ReportFilter& f) {
  GX_RETURN_IF_ERROR(detail::check_fresh(ctx));
  const auto [from, to] = detail::month_range(f);
  CompetitorReport out;
  out.currency = detail::currency_of(ctx, f);
  GX_ASSIGN_OR_RETURN(auto names, store::competitor_names(ctx.db, ctx.shop.id));
  std::map<int64_t, CompetitorLine> lines;
  for (const auto& [id, name] : names) {
    lines[id].competitor_id = id;
    lines[id].name = name;
  }
  GX_ASSIGN_OR_RETURN(auto met, detail::rollups_for(ctx, detail::kCompetitor, f, from, to));
  for (const auto& r : met) {
    if (f.pipeline_id && r.key.pipeline_id != *f.pipeline_id) continue;
    auto& l = lines[r.key.dim];
    l.competitor_id = r.key.dim;
    l.met += r.value.n;
    if (r.key.status == "open") l.open += r.value.n;
    if (r.key.status == "won") l.won += r.value.n;
    if (r.key.status == "lost") {
      l.lost += r.value.n;
      if (r.key.currency == out.currency) l.lost_amount += r.value.amount_minor;
    }
  }
  GX_ASSIGN_OR_RETURN(auto reasons, detail::rollups_for(ctx, detail::kLostReason, f, from, to));
  std::map<std::pair<int64_t, std::string>, CompetitorLine::Reason> by_reason;
  for (const auto& r : reasons) {
    if (f.pipeline_id && r.key.pipeline_id != *f.pipeline_id) continue;
    auto& reason = by_reason[{r.key.dim, r.key.label}];
    reason.reason = r.key.label;
    reason.count += r.value.n;
    if (r.key.currency == out.currency) reason.amount += r.value.amount_minor;
  }
  for (auto& [key, reason] : by_reason) {
    if (reason.count != 0) lines[key.first].lost_reasons.push_back(std::move(reason));
  }
  for (auto& [id, l] : lines) {
    l.win_rate = ratio(l.won, l.won + l.lost);
    std::stable_sort(l.lost_reasons.begin(), l.lost_reasons.end(),
                     [](const auto& a, const auto& b) { return a.count > b.count; });
    out.competitors.push_back(std::move(l));
  }
  std::stable_sort(out.competitors.begin(), out.competitors.end(),
                   [](const auto& a, const auto& b) { return a.met > b.met; });
  return out;
}

// ---- leaderboard
// ----------------------------------------------------------------------------------

Result<LeaderboardReport> leaderboard_report(domain::ReadContext& ctx, const ReportFilter& f,
                                             const std::string& sort_by) {
  static const std::vector<std::string> kSorts = {"won_amount", "won_count", "win_rate",
                                                  "pipeline_created", "activities"};
  const std::string sort = sort_by.empty() ? "won_amount" : sort_by;
  if (std::find(kSorts.begin(), kSorts.end(), sort) == kSorts.end()) {
    Location loc;
    loc.field = "?sort";
    return Status::invalid(
        "sort must be won_amount, won_count, win_rate, pipeline_created or activities", loc);
  }
  GX_RETURN_IF_ERROR(detail::check_fresh(ctx));
  const auto [from, to] = detail::month_range(f);
  LeaderboardReport out;
  out.currency = detail::currency_of(ctx, f);
  GX_ASSIGN_OR_RETURN(auto owners, detail::listed_owners(ctx, f));
  GX_ASSIGN_OR_RETURN(auto names, detail::names_of_users(ctx));
  GX_ASSIGN_OR_RETURN(auto sums, store::owner_sums(ctx.db, ctx.shop.id, owners, from, to,
                                                   f.pipeline_id, out.currency));
  for (int64_t owner : owners) {
    LeaderboardLine l;
    l.user_id = owner;
    l.name = names.contains(owner) ? names[owner] : "";
    if (auto it = sums.find(owner); it != sums.end()) {
      const store::OwnerSums& s = it->second;
      l.won_count = s.won_count;
      l.won_amount = s.won_amount;
      l.lost_count = s.lost_count;
      l.opportunities_created = s.created_count;
      l.pipeline_created = s.created_amount;
      l.activities = s.activities;
      for (const auto& [kind, n] : s.activities) l.activities_total += n;
    }
    l.win_rate = ratio(l.won_count, l.won_count + l.lost_count);
    const bool empty = l.won_count == 0 && l.lost_count == 0 && l.opportunities_created == 0 &&
                       l.activities_total == 0;
    // Without an owner filter, only reps with something to show are listed.
    if (empty && (!f.owners || owner == 0)) continue;
    out.reps.push_back(std::move(l));
  }
  auto key = [&](const LeaderboardLine& l) -> double {
    if (sort == "won_count") return static_cast<double>(l.won_count);
    if (sort == "win_rate") return l.win_rate.value_or(-1.0);
    if (sort == "pipeline_created") return static_cast<double>(l.pipeline_created);
    if (sort == "activities") return static_cast<double>(l.activities_total);
    return static_cast<double>(l.won_amount);
  };
  std::stable_sort(out.reps.begin(), out.reps.end(),
                   [&](const auto& a, const auto& b) { return key(a) > key(b); });
  return out;
}

// ---- lead cohorts
// ---------------------------------------------------------------------------------

Result<LeadCohortReport> lead_cohort_report(domain::ReadContext& ctx, const ReportFilter& f) {
  detail::MonthOf months(ctx.zone);
  const MonthIndex this_month = months.index(to_millis(ctx.clock.now()));
  const MonthIndex to_m = f.to_month.value_or(this_month);
  const MonthIndex from_m = f.from_month.value_or(to_m - 5);
  if (to_m < from_m) {
    Location loc;
    loc.field = "?to";
    return Status::invalid("to must not be before from", loc);
  }
  if (to_m - from_m > 36) {
    Location loc;
    loc.field = "?to";
    return Status::invalid("lead cohorts span at most 36 months", loc);
  }
  LeadCohortReport out;
  std::map<MonthIndex, LeadCohort> cohorts;
  for (MonthIndex m = from_m; m <= to_m; ++m) cohorts[m].month = month_text(m);
  auto add = [](LeadCohort& c, const std::string& status, bool won, int64_t n) {
    c.leads += n;
    c.by_status[status] += n;
    if (status != "new") c.reached_working += n;
    if (status == "qualified" || status == "converted") c.reached_qualified += n;
    if (status == "converted") {
      c.converted += n;
      if (won) c.won += n;
    }
  };
  out.total.month = "total";
  GX_ASSIGN_OR_RETURN(const bool rolled_up, store::lead_cohorts_ready(ctx.db, ctx.shop.id));
  if (rolled_up) {
    // A lead without an owner is in the rollups as owner 0; an owner filter
    // never selects it.
    ReportFilter owners_only;
    if (f.owners) {
      owners_only.owners.emplace();
      for (int64_t o : *f.owners) {
        if (o > 0) owners_only.owners->push_back(o);
      }
    }
    GX_ASSIGN_OR_RETURN(auto rows, detail::rollups_for(ctx, detail::kLead, owners_only,
                                                       month_text(from_m), month_text(to_m)));
    for (const auto& r : rows) {
      auto month = parse_period(r.key.month, "month");
      if (!month.ok()) continue;
      add(cohorts[month->first], r.key.status, r.key.dim != 0, r.value.n);
      add(out.total, r.key.status, r.key.dim != 0, r.value.n);
    }
  } else {
    // Leads written before the cohort rollups (0010) and no rebuild since.
    const int64_t from = to_millis(detail::month_start(ctx.zone, from_m));
    const int64_t to = to_millis(detail::month_start(ctx.zone, to_m + 1));
    GX_RETURN_IF_ERROR(store::each_lead_in_cohort(
        ctx.db, ctx.shop.id, from, to, f.owners, [&](const store::LeadCohortRow& r) {
          const bool won = r.status == "converted" && r.opportunity_status == "won";
          add(cohorts[months.index(r.created_at)], r.status, won, 1);
          add(out.total, r.status, won, 1);
          return Status::ok();
        }));
  }
  for (auto& [m, c] : cohorts) out.cohorts.push_back(std::move(c));
  return out;
}

}  // namespace guanxi::sales
