// Keeping sales_rollups current: each opportunity's snapshot and what it
// contributes, the refresh hooks the record code calls, and the rebuild.
#include <date/date.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "sales/analytics.hpp"
#include "sales/analytics_internal.hpp"
#include "store/sales_report_table.hpp"

namespace guanxi::sales {

namespace detail {

// ---- snapshots -------------------------------------------------------------------------

Json snapshot_to_json(const OpportunitySnapshot& s) {
  if (!s.counted) return Json::object();
  Json times = Json::array();
  for (const auto& [stage, ms] : s.stage_times) times.push_back(Json::array({stage, ms}));
  Json j = {{"p", s.pipeline_id}, {"s", s.stage_id},         {"o", s.owner},
            {"st", s.status},     {"fc", s.category},        {"a", s.amount},
            {"c", s.currency},    {"cm", s.created_month},   {"xm", s.close_month},
            {"r", s.reason},      {"se", s.stage_entered_s}, {"re", s.reach},
            {"k", s.competitors}, {"t", std::move(times)}};
  if (s.cycle_ms) j["cy"] = *s.cycle_ms;
  return j;
}

OpportunitySnapshot snapshot_from_json(const Json& j) {
  OpportunitySnapshot s;
  if (!j.is_object() || !j.contains("p")) return s;
  s.counted = true;
  s.pipeline_id = j.value("p", int64_t{0});
  s.stage_id = j.value("s", int64_t{0});
  s.owner = j.value("o", int64_t{0});
  s.status = j.value("st", std::string());
  s.category = j.value("fc", std::string());
  s.amount = j.value("a", int64_t{0});
  s.currency = j.value("c", std::string());
  s.created_month = j.value("cm", std::string());
  s.close_month = j.value("xm", std::string());
  s.reason = j.value("r", std::string());
  s.stage_entered_s = j.value("se", int64_t{0});
  s.reach = j.value("re", int64_t{0});
  if (j.contains("cy")) s.cycle_ms = j["cy"].get<int64_t>();
  if (j.contains("k")) s.competitors = j["k"].get<std::vector<int64_t>>();
  if (j.contains("t")) {
    for (const auto& t : j["t"])
      s.stage_times.emplace_back(t[0].get<int64_t>(), t[1].get<int64_t>());
  }
  return s;
}

namespace {

const std::string kNoMonth;

void put(Contributions& out, store::RollupKey key, int64_t n, int64_t amount, int64_t total) {
  for (int64_t owner : {key.owner_user_id, int64_t{-1}}) {
    key.owner_user_id = owner;
    auto& v = out[key];
    v.n += n;
    v.amount_minor += amount;
    v.total += total;
  }
}

}  // namespace

void add_contributions(const OpportunitySnapshot& s, int sign, Contributions& out) {
  if (!s.counted) return;
  auto key = [&](const char* metric, const std::string& month) {
    store::RollupKey k;
    k.metric = metric;
    k.owner_user_id = s.owner;
    k.month = month;
    k.pipeline_id = s.pipeline_id;
    k.currency = s.currency;
    return k;
  };
  const int64_t a = sign * s.amount;
  {
    auto k = key(kStage, s.created_month);
    k.stage_id = s.stage_id;
    k.status = s.status;
    put(out, k, sign, a, s.status == "open" ? sign * s.stage_entered_s : 0);
  }
  {
    auto k = key(kReach, s.created_month);
    k.dim = s.reach;
    put(out, k, sign, a, 0);
  }
  {
    auto k = key(kClose, s.close_month);
    k.stage_id = s.stage_id;
    k.status = s.status;
    if (s.status == "open") k.label = s.category;
    put(out, k, sign, a, 0);
  }
  for (const auto& [stage, ms] : s.stage_times) {
    for (auto [metric, month] :
         {std::pair{kStageTime, &s.created_month}, std::pair{kStageTimeAll, &kNoMonth}}) {
      auto k = key(metric, *month);
      k.stage_id = stage;
      k.dim = ms / kDayMs;
      put(out, k, sign, 0, sign * ms);
    }
  }
  if (s.cycle_ms) {
    for (auto [metric, month] :
         {std::pair{kCycle, &s.created_month}, std::pair{kCycleAll, &kNoMonth}}) {
      auto k = key(metric, *month);
      k.dim = *s.cycle_ms / kDayMs;
      put(out, k, sign, a, sign * *s.cycle_ms);
    }
  }
  for (int64_t c : s.competitors) {
    auto k = key(kCompetitor, s.created_month);
    k.dim = c;
    k.status = s.status;
    put(out, k, sign, a, 0);
    if (s.status == "lost") {
      auto r = key(kLostReason, s.created_month);
      r.dim = c;
      r.label = s.reason;
      put(out, r, sign, a, 0);
    }
  }
}

// ---- months --------------------------------------------------------------------------------

MonthIndex MonthOf::index(int64_t utc_ms) {
  const date::year_month_day ymd{date::sys_days(date::days(days_.day(utc_ms)))};
  return static_cast<MonthIndex>(static_cast<int>(ymd.year()) * 12 +
                                 static_cast<int>(static_cast<unsigned>(ymd.month())) - 1);
}

std::string month_of_date(std::string_view date) {
  if (date.size() < 7 || date[4] != '-') return "";
  return std::string(date.substr(0, 7));
}

Timestamp month_start(const ShopZone& zone, MonthIndex m) {
  auto t = zone.parse_local(month_text(m) + "-01");
  return t.ok() ? *t : Timestamp{};
}

std::optional<double> ratio(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

// ---- building a snapshot -------------------------------------------------------------------

namespace {

struct StageInfo {
  int64_t position = 0;
  std::string kind;
};
using StageMap = std::map<int64_t, StageInfo>;

StageMap stage_map(const std::vector<store::StageRow>& stages) {
  StageMap m;
  for (const auto& s : stages) m[s.id] = StageInfo{s.position, s.kind};
  return m;
}

// The first open position of each pipeline.
std::map<int64_t, int64_t> first_open_positions(const std::vector<store::StageRow>& stages) {
  std::map<int64_t, int64_t> out;
  for (const auto& s : stages) {
    if (s.kind != "open") continue;
    auto [it, fresh] = out.emplace(s.pipeline_id, s.position);
    if (!fresh) it->second = std::min(it->second, s.position);
  }
  return out;
}

OpportunitySnapshot make_snapshot(const store::OpportunityFactsRow& o,
                                  const std::vector<store::StageMoveRow>& moves,
                                  std::vector<int64_t> competitors, const StageMap& stages,
                                  const std::map<int64_t, int64_t>& first_open, MonthOf& months) {
  OpportunitySnapshot s;
  if (o.deleted_at) return s;
  s.counted = true;
  s.pipeline_id = o.pipeline_id;
  s.stage_id = o.stage_id;
  s.owner = o.owner_user_id.value_or(0);
  s.status = o.status;
  s.category = o.forecast_category;
  s.amount = o.amount_minor;
  s.currency = o.currency;
  s.created_month = months.text(o.created_at);
  if (o.status == "open") {
    s.close_month = o.expected_close_date ? month_of_date(*o.expected_close_date) : "";
  } else {
    s.close_month = o.closed_at ? months.text(*o.closed_at) : s.created_month;
    if (o.status == "lost") s.reason = o.close_reason;
  }
  s.stage_entered_s = o.stage_entered_at / 1000;
  // Reach: the furthest open stage ever entered (the current one included);
  // every opportunity reaches the first open stage; won reaches all.
  int64_t reach = 0;
  if (auto it = first_open.find(o.pipeline_id); it != first_open.end()) reach = it->second;
  auto note = [&](int64_t stage) {
    auto it = stages.find(stage);
    if (it != stages.end() && it->second.kind == "open")
      reach = std::max(reach, it->second.position);
  };
  note(o.stage_id);
  for (const auto& m : moves) note(m.to_stage_id);
  s.reach = o.status == "won" ? kReachWon : reach;
  // Finished stays in open stages.
  for (size_t i = 0; i + 1 < moves.size(); ++i) {
    auto it = stages.find(moves[i].to_stage_id);
    if (it == stages.end() || it->second.kind != "open") continue;
    s.stage_times.emplace_back(moves[i].to_stage_id,
                               std::max<int64_t>(moves[i + 1].moved_at - moves[i].moved_at, 0));
  }
  if (o.status == "won" && o.closed_at)
    s.cycle_ms = std::max<int64_t>(*o.closed_at - o.created_at, 0);
  s.competitors = std::move(competitors);
  return s;
}

// What a lead adds to the cohort rollups.
store::LeadFacts lead_facts_of(const store::LeadFactsRow& l, MonthOf& months) {
  store::LeadFacts f;
  f.month = months.text(l.created_at);
  f.owner_user_id = l.owner_user_id.value_or(0);
  f.status = l.status;
  f.won = l.status == "converted" && l.opportunity_status == "won" ? 1 : 0;
  return f;
}

void add_lead(const store::LeadFacts& f, int sign, Contributions& out) {
  store::RollupKey k;
  k.metric = kLead;
  k.owner_user_id = f.owner_user_id;
  k.month = f.month;
  k.status = f.status;
  k.dim = f.won;
  put(out, k, sign, 0, 0);
}

Status apply(store::Connection& db, int64_t shop, const Contributions& c) {
  for (const auto& [k, v] : c) {
    if (v.zero()) continue;
    GX_RETURN_IF_ERROR(store::add_to_rollup(db, shop, k, v));
  }
  return Status::ok();
}

}  // namespace

// ---- reading rollups -------------------------------------------------------------------------

std::pair<std::string, std::string> month_range(const ReportFilter& f) {
  return {f.from_month ? month_text(*f.from_month) : std::string("0000-00"),
          f.to_month ? month_text(*f.to_month) : std::string("9999-12")};
}

Result<std::vector<store::RollupRow>> rollups_for(domain::ReadContext& ctx, const char* metric,
                                                  const ReportFilter& f, const std::string& from,
                                                  const std::string& to) {
  if (!f.owners) return store::read_rollups(ctx.db, ctx.shop.id, metric, -1, from, to);
  // One (cached) query per owner: cheaper than summing in SQL, whose GROUP BY
  // sorts every row.
  std::vector<store::RollupRow> out;
  for (int64_t owner : *f.owners) {
    GX_ASSIGN_OR_RETURN(auto rows,
                        store::read_rollups(ctx.db, ctx.shop.id, metric, owner, from, to));
    out.insert(out.end(), std::make_move_iterator(rows.begin()),
               std::make_move_iterator(rows.end()));
  }
  return out;
}

Status check_fresh(domain::ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto newest, store::newest_opportunity(ctx.db, ctx.shop.id));
  if (newest && !newest->has_facts) {
    return Status(ErrorCode::kUnavailable,
                  "sales analytics are behind the records (opportunity " +
                      std::to_string(newest->id) +
                      " was never refreshed); run `guanxi sales-report rebuild`");
  }
  return Status::ok();
}

Result<int64_t> pipeline_of(domain::ReadContext& ctx, const ReportFilter& f) {
  if (f.pipeline_id) return *f.pipeline_id;
  GX_ASSIGN_OR_RETURN(auto p, store::default_pipeline(ctx.db, ctx.shop.id));
  if (!p) return Status::not_found("the shop has no sales pipeline");
  return *p;
}

std::string currency_of(domain::ReadContext& ctx, const ReportFilter& f) {
  return f.currency.empty() ? ctx.shop.currency : f.currency;
}

Result<std::map<int64_t, std::string>> names_of_users(domain::ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto rows, store::user_names(ctx.db, ctx.shop.id));
  return std::map<int64_t, std::string>(rows.begin(), rows.end());
}

Result<std::vector<int64_t>> listed_owners(domain::ReadContext& ctx, const ReportFilter& f) {
  if (f.owners) return *f.owners;
  GX_ASSIGN_OR_RETURN(auto rows, store::user_names(ctx.db, ctx.shop.id));
  std::vector<int64_t> out{0};
  for (const auto& [id, name] : rows) out.push_back(id);
  return out;
}

}  // namespace detail

// ---- periods ------------------------------------------------------------------------------

std::string month_text(MonthIndex m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
  return buf;
}

Result<std::pair<MonthIndex, MonthIndex>> parse_period(std::string_view text,
                                                       std::string_view field) {
  auto bad = [&]() -> Status {
    Location loc;
    loc.field = std::string(field);
    return Status::invalid("expected a month YYYY-MM, a quarter YYYY-Qn or a year YYYY, got '" +
                               std::string(text) + "'",
                           loc);
  };
  auto number = [](std::string_view s, int& out) {
    if (s.empty()) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc();
  };
  int year = 0;
  if (text.size() < 4 || !number(text.substr(0, 4), year) || year < 1970 || year > 9998) {
    return bad();
  }
  if (text.size() == 4) return std::make_pair(year * 12, year * 12 + 11);
  if (text.size() == 7 && text[4] == '-' && text[5] == 'Q') {
    int q = 0;
    if (!number(text.substr(6, 1), q) || q < 1 || q > 4) return bad();
    return std::make_pair(year * 12 + (q - 1) * 3, year * 12 + (q - 1) * 3 + 2);
  }
  int month = 0;
  if (text.size() == 7 && text[4] == '-' && number(text.substr(5, 2), month) && month >= 1 &&
      month <= 12) {
    return std::make_pair(year * 12 + month - 1, year * 12 + month - 1);
  }
  return bad();
}

Result<std::vector<int64_t>> team_members(domain::ReadContext& ctx, int64_t team_id) {
  GX_ASSIGN_OR_RETURN(bool exists, store::team_exists(ctx.db, ctx.shop.id, team_id));
  if (!exists) return Status::not_found("team " + std::to_string(team_id) + " not found");
  return store::team_user_ids(ctx.db, ctx.shop.id, team_id);
}

// ---- maintenance ----------------------------------------------------------------------------

Status refresh_opportunity_analytics(domain::WriteContext& w, int64_t opportunity_id) {
  detail::Contributions delta;
  GX_ASSIGN_OR_RETURN(auto old_text, store::opportunity_facts(w.db, opportunity_id));
  if (old_text) {
    auto old_json = parse_json(*old_text);
    if (!old_json.ok()) return Status::internal("sales_opportunity_facts is not JSON");
    detail::add_contributions(detail::snapshot_from_json(*old_json), -1, delta);
  }
  GX_ASSIGN_OR_RETURN(auto row, store::opportunity_facts_row(w.db, w.shop.id, opportunity_id));
  if (!row) {
    if (old_text) GX_RETURN_IF_ERROR(store::delete_opportunity_facts(w.db, opportunity_id));
    return detail::apply(w.db, w.shop.id, delta);
  }
  GX_ASSIGN_OR_RETURN(auto stages, store::shop_stages(w.db, w.shop.id));
  GX_ASSIGN_OR_RETURN(auto moves, store::stage_moves_of(w.db, opportunity_id));
  GX_ASSIGN_OR_RETURN(auto competitors, store::competitors_of(w.db, opportunity_id));
  detail::MonthOf months(w.zone);
  const detail::OpportunitySnapshot now =
      detail::make_snapshot(*row, moves, std::move(competitors), detail::stage_map(stages),
                            detail::first_open_positions(stages), months);
  detail::add_contributions(now, +1, delta);
  GX_RETURN_IF_ERROR(detail::apply(w.db, w.shop.id, delta));
  GX_RETURN_IF_ERROR(store::put_opportunity_facts(w.db, w.shop.id, opportunity_id, row->updated_at,
                                                  detail::snapshot_to_json(now).dump()));
  // The cohorts count a converted lead as won while its opportunity is.
  GX_ASSIGN_OR_RETURN(auto leads, store::leads_converted_into(w.db, opportunity_id));
  for (int64_t lead : leads) GX_RETURN_IF_ERROR(refresh_lead_analytics(w, lead));
  return Status::ok();
}

Status refresh_lead_analytics(domain::WriteContext& w, int64_t lead_id) {
  detail::Contributions delta;
  GX_ASSIGN_OR_RETURN(auto old, store::lead_facts(w.db, lead_id));
  if (old) detail::add_lead(*old, -1, delta);
  GX_ASSIGN_OR_RETURN(auto row, store::lead_facts_row(w.db, w.shop.id, lead_id));
  if (!row) {
    if (old) GX_RETURN_IF_ERROR(store::delete_lead_facts(w.db, lead_id));
    return detail::apply(w.db, w.shop.id, delta);
  }
  detail::MonthOf months(w.zone);
  const store::LeadFacts now = detail::lead_facts_of(*row, months);
  detail::add_lead(now, +1, delta);
  GX_RETURN_IF_ERROR(detail::apply(w.db, w.shop.id, delta));
  GX_RETURN_IF_ERROR(store::put_lead_facts(w.db, w.shop.id, lead_id, now));
  // The shop's first lead: from now on the rollups cover every lead.
  GX_ASSIGN_OR_RETURN(const bool ready, store::lead_cohorts_ready(w.db, w.shop.id));
  if (ready) return Status::ok();
  GX_ASSIGN_OR_RETURN(const bool others, store::shop_has_other_lead(w.db, w.shop.id, lead_id));
  if (others) return Status::ok();
  return store::mark_lead_cohorts_ready(w.db, w.shop.id, to_millis(w.clock.now()));
}

namespace {

Status activity_delta(domain::WriteContext& w, int64_t activity_id, int sign) {
  GX_ASSIGN_OR_RETURN(auto a, store::activity_facts_row(w.db, w.shop.id, activity_id));
  if (!a) return Status::not_found("sales activity " + std::to_string(activity_id) + " not found");
  detail::MonthOf months(w.zone);
  store::RollupKey k;
  k.metric = detail::kActivity;
  k.month = months.text(a->occurred_at);
  k.status = a->kind;
  for (int64_t owner : {a->user_id.value_or(0), int64_t{-1}}) {
    k.owner_user_id = owner;
    GX_RETURN_IF_ERROR(store::add_to_rollup(w.db, w.shop.id, k, store::RollupValue{sign, 0, 0}));
  }
  return Status::ok();
}

}  // namespace

Status record_activity_analytics(domain::WriteContext& w, int64_t activity_id) {
  return activity_delta(w, activity_id, +1);
}

Status forget_activity_analytics(domain::WriteContext& w, int64_t activity_id) {
  return activity_delta(w, activity_id, -1);
}

Result<int64_t> rebuild_sales_analytics(domain::WriteContext& w) {
  GX_RETURN_IF_ERROR(store::clear_sales_rollups(w.db, w.shop.id));
  GX_ASSIGN_OR_RETURN(auto stage_rows, store::shop_stages(w.db, w.shop.id));
  const auto stages = detail::stage_map(stage_rows);
  const auto first_open = detail::first_open_positions(stage_rows);
  detail::MonthOf months(w.zone);
  detail::Contributions totals;
  int64_t seen = 0;
  Status s = store::each_opportunity(w.db, w.shop.id, [&](const store::OpportunityFactsRow& o) {
    GX_ASSIGN_OR_RETURN(auto moves, store::stage_moves_of(w.db, o.id));
    GX_ASSIGN_OR_RETURN(auto competitors, store::competitors_of(w.db, o.id));
    const auto snap =
        detail::make_snapshot(o, moves, std::move(competitors), stages, first_open, months);
    detail::add_contributions(snap, +1, totals);
    seen += 1;
    return store::put_opportunity_facts(w.db, w.shop.id, o.id, o.updated_at,
                                        detail::snapshot_to_json(snap).dump());
  });
  GX_RETURN_IF_ERROR(s);
  // Activities: counted per (user, month, kind) in memory, written once.
  std::map<std::tuple<int64_t, MonthIndex, std::string>, int64_t> activities;
  GX_RETURN_IF_ERROR(store::each_activity(w.db, w.shop.id, [&](const store::ActivityFactsRow& a) {
    activities[{a.user_id.value_or(0), months.index(a.occurred_at), a.kind}] += 1;
    return Status::ok();
  }));
  for (const auto& [key, n] : activities) {
    store::RollupKey k;
    k.metric = detail::kActivity;
    k.month = month_text(std::get<1>(key));
    k.status = std::get<2>(key);
    for (int64_t owner : {std::get<0>(key), int64_t{-1}}) {
      k.owner_user_id = owner;
      auto& v = totals[k];
      v.n += n;
    }
  }
  // Leads: counted per (owner, month, status, won) in memory, written once.
  GX_RETURN_IF_ERROR(store::each_lead(w.db, w.shop.id, [&](const store::LeadFactsRow& l) {
    const store::LeadFacts f = detail::lead_facts_of(l, months);
    detail::add_lead(f, +1, totals);
    return store::put_lead_facts(w.db, w.shop.id, l.id, f);
  }));
  GX_RETURN_IF_ERROR(detail::apply(w.db, w.shop.id, totals));
  GX_RETURN_IF_ERROR(store::mark_lead_cohorts_ready(w.db, w.shop.id, to_millis(w.clock.now())));
  return seen;
}

}  // namespace guanxi::sales
