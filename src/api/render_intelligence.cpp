#include "api/render_intelligence.hpp"

#include "api/inputs.hpp"
#include "segment/rule/ast.hpp"
#include "segment/rule/json_form.hpp"
#include "segment/rule/parser.hpp"

namespace guanxi::api {

namespace {

void put_instant(Json& obj, const std::string& key, Timestamp t, const ShopZone& zone) {
  obj[key] = format_utc_iso8601(t);
  obj[key + "_local"] = zone.format_local(t);
}

Json amount_pair(int64_t customers, int64_t revenue) {
  return {{"customers", customers}, {"revenue", revenue}};
}

}  // namespace

Json render_segment(const segment::Segment& s, const ShopZone& zone) {
  Json j = {
      {"id", s.id},
      {"name", s.name},
      {"kind", segment::segment_kind_name(s.kind)},
      {"rule", s.rule.empty() ? Json(nullptr) : Json(s.rule)},
      {"rule_json", nullptr},
      {"description", s.description},
      {"tag", s.tag},
      {"member_count", s.member_count},
      {"created_by", s.created_by},
  };
  // The stored text is canonical, so it parses; the JSON form is what the UI edits.
  if (!s.rule.empty()) {
    if (auto rule = segment::parse_rule(s.rule); rule.ok()) {
      j["rule_json"] = segment::rule_to_json(*rule);
    }
  }
  j["snapshot_at"] = s.snapshot_at ? Json(format_utc_iso8601(*s.snapshot_at)) : Json(nullptr);
  j["snapshot_at_local"] = s.snapshot_at ? Json(zone.format_local(*s.snapshot_at)) : Json(nullptr);
  put_instant(j, "created_at", s.created_at, zone);
  put_instant(j, "updated_at", s.updated_at, zone);
  return j;
}

Json render_size_point(const segment::SizePoint& p) {
  return {{"day", p.day}, {"size", p.size}, {"entered", p.entered}, {"exited", p.exited}};
}

Json render_overlap(const segment::Overlap& o) {
  return {{"a", o.a}, {"b", o.b}, {"both", o.both}, {"only_a", o.only_a}, {"only_b", o.only_b}};
}

Json render_rfm(const segment::RfmReport& r, const domain::Shop& shop) {
  Json groups = Json::array();
  for (const auto& g : r.groups) {
    groups.push_back({{"name", g.name},
                      {"name_en", g.name_en},
                      {"customers", g.customers},
                      {"revenue", g.revenue}});
  }
  Json cells = Json::array();
  for (const auto& c : r.cells) {
    cells.push_back(
        {{"r", c.r}, {"f", c.f}, {"m", c.m}, {"customers", c.customers}, {"revenue", c.revenue}});
  }
  return {
      {"as_of", format_day_number(r.as_of_day)},
      {"currency", shop.currency},
      {"purchasers", r.purchasers},
      {"mean_recency_days", r.mean_recency_days},
      {"mean_orders", r.mean_orders},
      {"mean_revenue", r.mean_revenue},
      {"groups", std::move(groups)},
      {"cells", std::move(cells)},
  };
}

Json render_abc(const segment::AbcReport& r, const domain::Shop& shop) {
  Json classes = Json::array();
  constexpr const char* kNames[3] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) {
    Json c = amount_pair(r.count[i], r.revenue[i]);
    c["class"] = kNames[i];
    classes.push_back(std::move(c));
  }
  return {
      {"as_of", format_day_number(r.as_of_day)},
      {"currency", shop.currency},
      {"purchasers", r.purchasers},
      {"total_revenue", r.total_revenue},
      {"classes", std::move(classes)},
      {"gold", amount_pair(r.gold_customers, r.gold_revenue)},
      {"top20", amount_pair(r.top20_customers, r.top20_revenue)},
      {"drag", amount_pair(r.drag_customers, r.drag_revenue)},
  };
}

Json render_lifecycle(const segment::LifecycleReport& r, const domain::Shop& shop) {
  Json stages = Json::array();
  for (size_t i = 0; i < std::size(segment::kLifecycleStages); ++i) {
    Json s = amount_pair(r.counts[i], r.revenue[i]);
    s["stage"] = segment::kLifecycleStages[i];
    stages.push_back(std::move(s));
  }
  return {{"as_of", format_day_number(r.as_of_day)},
          {"currency", shop.currency},
          {"stages", std::move(stages)}};
}

Json render_tier_change(const domain::TierChange& c, const ShopZone& zone) {
  Json j = {
      {"id", c.id},           {"customer_id", c.customer_id},
      {"from", c.from_tier},  {"to", c.to_tier},
      {"reason", c.reason},   {"order_id", c.order_id ? Json(*c.order_id) : Json(nullptr)},
      {"revenue", c.revenue}, {"purchases", c.purchases},
      {"actor", c.actor},
  };
  put_instant(j, "at", c.at, zone);
  return j;
}

Json render_tier_review(const domain::TierReviewSummary& s, LocalDays day) {
  return {{"review_day", format_day_number(static_cast<int32_t>(day.time_since_epoch().count()))},
          {"upgraded", s.upgraded},
          {"downgraded", s.downgraded},
          {"unchanged", s.unchanged}};
}

}  // namespace guanxi::api
