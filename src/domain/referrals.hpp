// Referrals (转介绍): who brought whom, and the loyalty report that measures
// loyalty by referrals and repeat purchases. Rules:
// - A customer has at most one referrer; both are live customers of the shop
//   (merged ids resolve to their survivors); nobody refers themselves; no
//   cycles (A referred B referred ... A). Recording the referral a customer
//   already has is a no-op (idempotent); a different referrer is a conflict.
// - Merge: the survivor keeps one referrer — the earlier referral wins; the
//   other, and any that would now refer the survivor to itself or close a
//   cycle, stay in the table as 'superseded' (nothing is deleted). Referrals
//   the merged profile made move to the survivor.
// - Recorded through the API and the CLI only: the customer input has no
//   `referred_by` (an order's buyer block would make every import a referral
//   source, and customer inputs have no notion of "another customer").
// Each new referral appends `referral_added` to the referred customer
// ({"referral_id", "referrer_id", "referred_id", "source"}).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

struct Referral {
  int64_t id = 0;
  CustomerId referrer_id = 0;
  CustomerId referred_id = 0;
  std::string source;  // api | cli | journey:ID | campaign:ID
  std::string actor;
  Timestamp at{};
};

struct ReferralAdd {
  Referral referral;
  bool created = false;  // false: the same referral was already recorded
};

// Records that `referrer` brought `referred`. Errors: not_found for an unknown
// customer (field "/referrer_id" or "/referred_id"), invalid_argument for a
// self-referral, conflict when `referred` already has another referrer or the
// referral would close a cycle.
Result<ReferralAdd> add_referral(WriteContext& w, CustomerId referrer, CustomerId referred,
                                 std::string_view source);

struct CustomerReferrals {
  CustomerId customer_id = 0;  // the live profile
  std::optional<Referral> referred_by;
  std::vector<Referral> referred;  // oldest first, at most `limit`
  int64_t referral_count = 0;      // all of them
};
// Who referred the customer and whom they referred. limit 1..1000.
Result<CustomerReferrals> customer_referrals(ReadContext& ctx, CustomerId customer, int limit);

// Live customers split by whether a referral brought them.
struct LoyaltyGroup {
  int64_t customers = 0;
  int64_t purchasers = 0;         // ≥ 1 purchase
  int64_t repeat_purchasers = 0;  // ≥ 2 purchases
  // repeat_purchasers / purchasers (复购率); nullopt without purchasers.
  std::optional<double> repeat_rate;
};

struct TopReferrer {
  CustomerId customer_id = 0;
  std::string name;
  int64_t referrals = 0;
  int64_t referred_purchasers = 0;         // referred customers with ≥ 1 purchase
  int64_t referred_repeat_purchasers = 0;  // ... with ≥ 2
  int64_t purchases = 0;                   // the referrer's own
};

struct LoyaltyReport {
  int64_t referrals = 0;                 // active referrals
  int64_t customers_with_referrals = 0;  // customers who referred ≥ 1
  LoyaltyGroup referred;
  LoyaltyGroup not_referred;
  int64_t customers_with_points = 0;  // positive balance
  int64_t points_outstanding = 0;     // sum of positive balances
  // Most referrals first, then most referred purchasers, referred repeat
  // purchasers, own purchases, lowest id.
  std::vector<TopReferrer> top_referrers;
};
// Purchases are all-time (paid, neither cancelled nor fully refunded). top 0..100.
Result<LoyaltyReport> loyalty_report(ReadContext& ctx, int top = 10);

}  // namespace guanxi::domain
