// Customer-intelligence values -> response JSON, with the conventions of
// render.hpp: segments, rule answers' companions (sizes, overlap), the model
// reports (RFM, ABC, lifecycle) and membership tiers. Money is minor units
// beside "currency"; days are shop-local "YYYY-MM-DD".
#pragma once

#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "domain/tiers.hpp"
#include "segment/engine.hpp"

namespace guanxi::api {

// {id, name, kind, rule, rule_json, description, tag, member_count,
// snapshot_at, created_by, created_at, updated_at (+ _local)}; rule and
// rule_json are null for a static list uploaded as ids.
Json render_segment(const segment::Segment& s, const ShopZone& zone);
Json render_size_point(const segment::SizePoint& p);
Json render_overlap(const segment::Overlap& o);

// {as_of, currency, purchasers, mean_*, groups: [8 × {name, name_en,
// customers, revenue}], cells: [125 × {r, f, m, customers, revenue}]}.
Json render_rfm(const segment::RfmReport& r, const domain::Shop& shop);
// {as_of, currency, purchasers, total_revenue, classes: [{class, customers,
// revenue}] (A, B, C), gold, top20, drag: {customers, revenue}}.
Json render_abc(const segment::AbcReport& r, const domain::Shop& shop);
// {as_of, currency, stages: [{stage, customers, revenue}] (6, in order)}.
Json render_lifecycle(const segment::LifecycleReport& r, const domain::Shop& shop);

// {id, customer_id, from, to, reason, order_id, revenue, purchases, actor, at (+ _local)}.
Json render_tier_change(const domain::TierChange& c, const ShopZone& zone);
Json render_tier_review(const domain::TierReviewSummary& s, LocalDays day);

}  // namespace guanxi::api
