#include "domain/referrals.hpp"

#include <fmt/format.h>

#include "domain/internal.hpp"
#include "domain/loyalty_internal.hpp"
#include "store/loyalty_table.hpp"

namespace guanxi::domain {

namespace {

// Referral chains are short in practice; the bound guards against a corrupt table.
constexpr int kMaxChain = 100'000;

Referral to_referral(const store::ReferralRecord& r) {
  return Referral{r.id, r.referrer_id, r.referred_id, r.source, r.actor, from_millis(r.created_at)};
}

// Whether `ancestor` is `start` or appears among the referrers above it.
Result<bool> referred_up_from(store::Connection& db, CustomerId start, CustomerId ancestor) {
  CustomerId current = start;
  for (int hop = 0; hop < kMaxChain; ++hop) {
    if (current == ancestor) return true;
    GX_ASSIGN_OR_RETURN(auto up, store::find_active_referral(db, current));
    if (!up) return false;
    current = up->referrer_id;
  }
  return Status(ErrorCode::kCorruption,
                "the referral chain above customer " + std::to_string(start) + " does not end");
}

std::optional<double> rate(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

LoyaltyGroup to_group(const store::ReferralGroupTotals& t) {
  return LoyaltyGroup{t.customers, t.purchasers, t.repeat_purchasers,
                      rate(t.repeat_purchasers, t.purchasers)};
}

}  // namespace

Result<ReferralAdd> add_referral(WriteContext& w, CustomerId referrer, CustomerId referred,
                                 std::string_view source) {
  return internal::atomically<ReferralAdd>(w.db, "add_referral", [&]() -> Result<ReferralAdd> {
    GX_RETURN_IF_ERROR(internal::check_loyalty_source(source));
    GX_ASSIGN_OR_RETURN(const CustomerId from,
                        internal::live_customer(w.db, w.shop.id, referrer, "referrer_id"));
    GX_ASSIGN_OR_RETURN(const CustomerId to,
                        internal::live_customer(w.db, w.shop.id, referred, "referred_id"));
    if (from == to) {
      Location loc;
      loc.field = "/referred_id";
      return Status::invalid(
          fmt::format("customer {} cannot refer themselves (customer {} and {} are one profile)",
                      from, referrer, referred),
          loc);
    }
    GX_ASSIGN_OR_RETURN(auto existing, store::find_active_referral(w.db, to));
    if (existing) {
      if (existing->referrer_id == from) return ReferralAdd{to_referral(*existing), false};
      return Status::conflict(fmt::format("customer {} was already referred by customer {}", to,
                                          existing->referrer_id));
    }
    GX_ASSIGN_OR_RETURN(const bool cycle, referred_up_from(w.db, from, to));
    if (cycle) {
      return Status::conflict(fmt::format(
          "customer {} was (directly or indirectly) referred by customer {}: the referral would "
          "make a cycle",
          from, to));
    }
    store::ReferralRecord r;
    r.shop_id = w.shop.id;
    r.referrer_id = from;
    r.referred_id = to;
    r.status = "active";
    r.source = std::string(source);
    r.actor = w.actor;
    r.created_at = internal::now_ms(w);
    GX_ASSIGN_OR_RETURN(r.id, store::insert_referral(w.db, r));
    GX_RETURN_IF_ERROR(internal::record_change(
        w, "referral_added", to, r.id,
        Json{
            {"referral_id", r.id}, {"referrer_id", from}, {"referred_id", to}, {"source", r.source}}
            .dump()));
    return ReferralAdd{to_referral(r), true};
  });
}

Result<CustomerReferrals> customer_referrals(ReadContext& ctx, CustomerId customer, int limit) {
  if (limit < 1 || limit > 1000) {
    Location loc;
    loc.field = "limit";
    return Status::invalid("limit must be between 1 and 1000", loc);
  }
  CustomerReferrals out;
  GX_ASSIGN_OR_RETURN(out.customer_id, internal::live_customer(ctx.db, ctx.shop.id, customer, ""));
  GX_ASSIGN_OR_RETURN(auto by, store::find_active_referral(ctx.db, out.customer_id));
  if (by) out.referred_by = to_referral(*by);
  GX_ASSIGN_OR_RETURN(auto made, store::list_referrals_by(ctx.db, out.customer_id, limit));
  for (const auto& r : made) out.referred.push_back(to_referral(r));
  GX_ASSIGN_OR_RETURN(out.referral_count, store::count_referrals_by(ctx.db, out.customer_id));
  return out;
}

Result<LoyaltyReport> loyalty_report(ReadContext& ctx, int top) {
  if (top < 0 || top > 100) {
    Location loc;
    loc.field = "top";
    return Status::invalid("top must be between 0 and 100", loc);
  }
  GX_ASSIGN_OR_RETURN(auto totals, store::loyalty_totals(ctx.db, ctx.shop.id));
  LoyaltyReport report;
  report.referrals = totals.referrals;
  report.customers_with_referrals = totals.referrers;
  report.referred = to_group(totals.referred);
  report.not_referred = to_group(totals.not_referred);
  report.customers_with_points = totals.customers_with_points;
  report.points_outstanding = totals.points_outstanding;
  if (top > 0) {
    GX_ASSIGN_OR_RETURN(auto rows, store::top_referrers(ctx.db, ctx.shop.id, top));
    for (auto& r : rows) {
      report.top_referrers.push_back(TopReferrer{r.customer_id, std::move(r.name), r.referrals,
                                                 r.referred_purchasers,
                                                 r.referred_repeat_purchasers, r.purchases});
    }
  }
  return report;
}

namespace internal {

Status move_referrals(WriteContext& ctx, CustomerId survivor, CustomerId merged) {
  // Referrals the merged profile made: one naming the survivor would become a
  // self-referral; the others move.
  GX_ASSIGN_OR_RETURN(auto survivor_by, store::find_active_referral(ctx.db, survivor));
  if (survivor_by && survivor_by->referrer_id == merged) {
    GX_RETURN_IF_ERROR(store::supersede_referral(ctx.db, survivor_by->id));
    survivor_by.reset();
  }
  GX_RETURN_IF_ERROR(store::move_referrer(ctx.db, merged, survivor));

  // Who referred the merged profile: the earlier of its and the survivor's
  // referral is kept; one by the survivor itself is not.
  GX_ASSIGN_OR_RETURN(auto merged_by, store::find_active_referral(ctx.db, merged));
  if (merged_by) {
    const bool self = merged_by->referrer_id == survivor;
    const bool later =
        survivor_by &&
        (survivor_by->created_at < merged_by->created_at ||
         (survivor_by->created_at == merged_by->created_at && survivor_by->id < merged_by->id));
    if (self || later) {
      GX_RETURN_IF_ERROR(store::supersede_referral(ctx.db, merged_by->id));
    } else {
      if (survivor_by) GX_RETURN_IF_ERROR(store::supersede_referral(ctx.db, survivor_by->id));
      GX_RETURN_IF_ERROR(store::move_referred(ctx.db, merged_by->id, survivor));
    }
  }

  // Joining two profiles of a forest can close a cycle only through the
  // survivor: if its referrers lead back to it, its own referral goes.
  GX_ASSIGN_OR_RETURN(auto by, store::find_active_referral(ctx.db, survivor));
  if (by) {
    GX_ASSIGN_OR_RETURN(const bool cycle, referred_up_from(ctx.db, by->referrer_id, survivor));
    if (cycle) GX_RETURN_IF_ERROR(store::supersede_referral(ctx.db, by->id));
  }
  return Status::ok();
}

}  // namespace internal

}  // namespace guanxi::domain
