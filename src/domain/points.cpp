#include "domain/points.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/internal.hpp"
#include "domain/loyalty_internal.hpp"
#include "domain/tiers.hpp"
#include "store/loyalty_table.hpp"
#include "store/tier_table.hpp"

namespace guanxi::domain {

namespace {

constexpr int64_t kMaxDelta = 1'000'000'000;
constexpr size_t kMaxReason = 200;

__extension__ using Int128 = __int128;

struct Movement {
  CustomerId customer = 0;
  PointsKind kind = PointsKind::kAdjust;
  int64_t delta = 0;
  std::string_view reason;
  std::string_view source;
  std::optional<OrderId> order;
  std::optional<Timestamp> expires_at;  // of a positive movement
  bool may_go_negative = false;         // reversals are never refused
};

// Takes up to `amount` points out of the customer's lots, soonest expiry first.
Status consume_lots(store::Connection& db, CustomerId customer, int64_t amount) {
  if (amount <= 0) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto lots, store::list_points_lots(db, customer));
  for (const auto& lot : lots) {
    if (amount == 0) break;
    const int64_t take = std::min(amount, lot.remaining);
    GX_RETURN_IF_ERROR(store::set_lot_remaining(db, lot.entry_id, lot.remaining - take));
    amount -= take;
  }
  return Status::ok();
}

Status record_points_change(WriteContext& ctx, CustomerId customer, std::string_view kind,
                            int64_t delta, int64_t balance, std::string_view reason,
                            std::string_view source, std::optional<OrderId> order,
                            std::optional<int64_t> entry) {
  const Json payload = {{"kind", kind},
                        {"delta", delta},
                        {"balance", balance},
                        {"reason", reason},
                        {"source", source},
                        {"order_id", order ? Json(*order) : Json(nullptr)},
                        {"entry_id", entry ? Json(*entry) : Json(nullptr)}};
  return internal::record_change(ctx, "points_changed", customer, entry, payload.dump());
}

// Writes one movement: the ledger row, the lots it fills or drains, the
// balance and the change. The invariant kept: the lots' remaining points sum
// to max(balance, 0).
Result<int64_t> apply_movement(WriteContext& ctx, const Movement& m) {
  GX_ASSIGN_OR_RETURN(auto found, store::find_points_balance(ctx.db, ctx.shop.id, m.customer));
  if (!found)
    return Status::not_found("customer " + std::to_string(m.customer) + " does not exist");
  const int64_t balance = *found;
  if (m.delta < 0 && !m.may_go_negative && -m.delta > balance) {
    return Status::conflict(fmt::format("customer {} has {} points; {} cannot be taken", m.customer,
                                        balance, -m.delta));
  }
  store::PointsEntryRecord e;
  e.shop_id = ctx.shop.id;
  e.customer_id = m.customer;
  e.kind = std::string(points_kind_name(m.kind));
  e.delta = m.delta;
  e.balance_after = balance + m.delta;
  if (m.delta > 0) {
    e.remaining = std::max<int64_t>(0, std::min(m.delta, e.balance_after));  // a debt is paid first
    if (m.expires_at) e.expires_at = to_millis(*m.expires_at);
  } else {
    GX_RETURN_IF_ERROR(
        consume_lots(ctx.db, m.customer, std::min(-m.delta, std::max<int64_t>(balance, 0))));
  }
  e.order_id = m.order;
  e.reason = std::string(m.reason);
  e.source = std::string(m.source);
  e.actor = ctx.actor;
  e.created_at = internal::now_ms(ctx);
  GX_ASSIGN_OR_RETURN(const int64_t id, store::insert_points_entry(ctx.db, e));
  GX_RETURN_IF_ERROR(store::set_points_balance(ctx.db, ctx.shop.id, m.customer, e.balance_after));
  GX_RETURN_IF_ERROR(record_points_change(ctx, m.customer, e.kind, m.delta, e.balance_after,
                                          m.reason, m.source, m.order, id));
  return e.balance_after;
}

Status check_reason(std::string_view reason) {
  if (reason.empty()) return Status::invalid_field("reason", "a points movement needs a reason");
  if (reason.size() > kMaxReason) {
    return Status::invalid_field("reason",
                                 fmt::format("reason is longer than {} bytes", kMaxReason));
  }
  return Status::ok();
}

// The points multiplier of the buyer's current tier; 100 without one.
Result<int32_t> tier_multiplier(WriteContext& ctx, CustomerId buyer) {
  GX_ASSIGN_OR_RETURN(TierConfig config, load_tier_config(ctx.db, ctx.shop.id));
  if (!config.enabled) return 100;
  GX_ASSIGN_OR_RETURN(auto tier, store::find_customer_tier(ctx.db, ctx.shop.id, buyer));
  const int rank = tier ? tier_rank(config, *tier) : -1;
  if (rank < 0) return 100;
  return config.levels[static_cast<size_t>(rank)].points_multiplier_pct;
}

PointsEntry to_entry(const store::PointsEntryRecord& r) {
  PointsEntry e;
  e.id = r.id;
  e.customer_id = r.customer_id;
  e.kind = parse_points_kind(r.kind).value_or(PointsKind::kAdjust);
  e.delta = r.delta;
  e.balance_after = r.balance_after;
  e.remaining = r.remaining;
  if (r.expires_at) e.expires_at = from_millis(*r.expires_at);
  e.order_id = r.order_id;
  e.reason = r.reason;
  e.source = r.source;
  e.actor = r.actor;
  e.at = from_millis(r.created_at);
  return e;
}

}  // namespace

std::string_view points_kind_name(PointsKind kind) {
  switch (kind) {
    case PointsKind::kEarn:
      return "earn";
    case PointsKind::kRedeem:
      return "redeem";
    case PointsKind::kAdjust:
      return "adjust";
    case PointsKind::kExpire:
      return "expire";
    case PointsKind::kReverse:
      return "reverse";
  }
  return "adjust";
}

Result<PointsKind> parse_points_kind(std::string_view name) {
  for (const PointsKind k : {PointsKind::kEarn, PointsKind::kRedeem, PointsKind::kAdjust,
                             PointsKind::kExpire, PointsKind::kReverse}) {
    if (points_kind_name(k) == name) return k;
  }
  return Status::invalid("unknown points movement '" + std::string(name) +
                         "' (earn, redeem, adjust, expire, reverse)");
}

namespace internal {

Status points_for_order(WriteContext& ctx, CustomerId buyer, const store::OrderRecord& order) {
  const auto status = parse_order_status(order.status);
  if (!status.ok()) return status.status();
  const bool paid = order.paid_at.has_value();
  const bool purchase = is_purchase(*status, paid);
  const bool takes_all =
      paid && (*status == OrderStatus::kCancelled || *status == OrderStatus::kRefunded);
  GX_ASSIGN_OR_RETURN(const PointsSettings settings, load_points_settings(ctx.db, ctx.shop.id));
  const bool may_earn =
      settings.enabled && purchase && order.paid_amount > 0 && order.currency == ctx.shop.currency;
  if (!may_earn && order.refunded_amount == 0 && !takes_all) return Status::ok();

  GX_ASSIGN_OR_RETURN(const store::OrderPoints done, store::order_points(ctx.db, order.id));
  int64_t earned = done.earn;
  if (!done.earned && may_earn) {
    GX_ASSIGN_OR_RETURN(const int32_t multiplier, tier_multiplier(ctx, buyer));
    const int64_t points = points_for_purchase(settings, order.paid_amount, multiplier);
    if (points > 0) {
      Movement m;
      m.customer = buyer;
      m.kind = PointsKind::kEarn;
      m.delta = points;
      m.reason = "purchase";
      m.source = "order";
      m.order = order.id;
      m.expires_at = points_expiry(settings, ctx.zone, from_millis(*order.paid_at));
      GX_RETURN_IF_ERROR(apply_movement(ctx, m).status());
      earned = points;
    }
  }
  if (earned <= 0 || order.paid_amount <= 0) return Status::ok();
  const int64_t due =
      takes_all ? earned
                : static_cast<int64_t>(Int128{earned} * order.refunded_amount / order.paid_amount);
  if (due <= done.reversed) return Status::ok();
  Movement m;
  m.customer = buyer;
  m.kind = PointsKind::kReverse;
  m.delta = -(due - done.reversed);
  m.reason = takes_all && *status == OrderStatus::kCancelled ? "cancelled" : "refund";
  m.source = "order";
  m.order = order.id;
  m.may_go_negative = true;
  return apply_movement(ctx, m).status();
}

Status move_points(WriteContext& ctx, CustomerId survivor, CustomerId merged) {
  GX_ASSIGN_OR_RETURN(auto from, store::find_points_balance(ctx.db, ctx.shop.id, merged));
  GX_ASSIGN_OR_RETURN(auto to, store::find_points_balance(ctx.db, ctx.shop.id, survivor));
  if (!from || !to) return Status::not_found("a merged customer does not exist");
  GX_RETURN_IF_ERROR(store::move_points_entries(ctx.db, merged, survivor));
  if (*from == 0) return Status::ok();
  // Both lots now belong to the survivor; a debt on either side drains them.
  const int64_t balance = *from + *to;
  const int64_t lots = std::max<int64_t>(*from, 0) + std::max<int64_t>(*to, 0);
  GX_RETURN_IF_ERROR(consume_lots(ctx.db, survivor, lots - std::max<int64_t>(balance, 0)));
  GX_RETURN_IF_ERROR(store::set_points_balance(ctx.db, ctx.shop.id, merged, 0));
  GX_RETURN_IF_ERROR(store::set_points_balance(ctx.db, ctx.shop.id, survivor, balance));
  return record_points_change(ctx, survivor, "merge", *from, balance,
                              "merged customer " + std::to_string(merged), "merge", std::nullopt,
                              std::nullopt);
}

}  // namespace internal

Result<int64_t> add_points(WriteContext& w, CustomerId customer, int64_t delta,
                           std::string_view reason, std::string_view source) {
  if (delta == 0) return Status::invalid_field("delta", "delta must not be 0");
  if (delta > kMaxDelta || delta < -kMaxDelta) {
    return Status::invalid_field(
        "delta", fmt::format("delta must be between -{} and {}", kMaxDelta, kMaxDelta));
  }
  GX_RETURN_IF_ERROR(check_reason(reason));
  GX_RETURN_IF_ERROR(internal::check_loyalty_source(source));
  GX_ASSIGN_OR_RETURN(const CustomerId live,
                      internal::live_customer(w.db, w.shop.id, customer, "customer_id"));
  Movement m;
  m.customer = live;
  m.kind = PointsKind::kAdjust;
  m.delta = delta;
  m.reason = reason;
  m.source = source;
  if (delta > 0) {
    GX_ASSIGN_OR_RETURN(const PointsSettings settings, load_points_settings(w.db, w.shop.id));
    m.expires_at = points_expiry(settings, w.zone, w.clock.now());
  }
  return internal::atomically<int64_t>(w.db, "add_points", [&] { return apply_movement(w, m); });
}

Result<int64_t> redeem_points(WriteContext& w, CustomerId customer, int64_t points,
                              std::string_view reason, std::string_view source) {
  if (points <= 0 || points > kMaxDelta) {
    return Status::invalid_field("points",
                                 fmt::format("points must be between 1 and {}", kMaxDelta));
  }
  GX_RETURN_IF_ERROR(check_reason(reason));
  GX_RETURN_IF_ERROR(internal::check_loyalty_source(source));
  GX_ASSIGN_OR_RETURN(const CustomerId live,
                      internal::live_customer(w.db, w.shop.id, customer, "customer_id"));
  Movement m;
  m.customer = live;
  m.kind = PointsKind::kRedeem;
  m.delta = -points;
  m.reason = reason;
  m.source = source;
  return internal::atomically<int64_t>(w.db, "redeem_points", [&] { return apply_movement(w, m); });
}

Result<PointsExpiry> expire_points(WriteContext& w, Timestamp as_of) {
  return internal::atomically<PointsExpiry>(w.db, "expire_points", [&]() -> Result<PointsExpiry> {
    GX_ASSIGN_OR_RETURN(auto lots, store::list_expired_lots(w.db, w.shop.id, to_millis(as_of)));
    PointsExpiry summary;
    for (size_t i = 0; i < lots.size();) {
      const CustomerId customer = lots[i].customer_id;
      int64_t points = 0;
      for (; i < lots.size() && lots[i].customer_id == customer; ++i) {
        points += lots[i].remaining;
        GX_RETURN_IF_ERROR(store::set_lot_remaining(w.db, lots[i].entry_id, 0));
        ++summary.lots;
      }
      GX_ASSIGN_OR_RETURN(auto balance, store::find_points_balance(w.db, w.shop.id, customer));
      if (!balance) return Status(ErrorCode::kCorruption, "points of a missing customer");
      store::PointsEntryRecord e;
      e.shop_id = w.shop.id;
      e.customer_id = customer;
      e.kind = std::string(points_kind_name(PointsKind::kExpire));
      e.delta = -points;
      e.balance_after = *balance - points;
      e.reason = "expired";
      e.source = "expiry";
      e.actor = w.actor;
      e.created_at = internal::now_ms(w);
      GX_ASSIGN_OR_RETURN(const int64_t id, store::insert_points_entry(w.db, e));
      GX_RETURN_IF_ERROR(store::set_points_balance(w.db, w.shop.id, customer, e.balance_after));
      GX_RETURN_IF_ERROR(record_points_change(w, customer, e.kind, e.delta, e.balance_after,
                                              e.reason, e.source, std::nullopt, id));
      ++summary.customers;
      summary.points += points;
    }
    return summary;
  });
}

Result<PointsAccount> points_account(ReadContext& ctx, CustomerId customer, int limit,
                                     std::optional<int64_t> before) {
  if (limit < 1 || limit > 1000) {
    Location loc;
    loc.field = "limit";
    return Status::invalid("limit must be between 1 and 1000", loc);
  }
  PointsAccount account;
  GX_ASSIGN_OR_RETURN(account.customer_id,
                      internal::live_customer(ctx.db, ctx.shop.id, customer, ""));
  GX_ASSIGN_OR_RETURN(auto balance,
                      store::find_points_balance(ctx.db, ctx.shop.id, account.customer_id));
  account.balance = balance.value_or(0);
  GX_ASSIGN_OR_RETURN(auto rows,
                      store::list_points_entries(ctx.db, ctx.shop.id, account.customer_id,
                                                 before.value_or(INT64_MAX), limit + 1));
  if (rows.size() > static_cast<size_t>(limit)) {
    rows.pop_back();
    account.next_before = rows.back().id;
  }
  for (const auto& r : rows) account.entries.push_back(to_entry(r));
  return account;
}

}  // namespace guanxi::domain
