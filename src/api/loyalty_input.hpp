// Request bodies of the loyalty routes -> domain inputs. Strict like
// inputs.hpp: unknown members, wrong types and unparseable values are
// invalid_argument at the member's JSON pointer; limits and rules are the
// domain's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/coupons.hpp"
#include "domain/points.hpp"

namespace guanxi::api {

// name, kind ("amount" | "percent"), amount_off, percent_off, threshold,
// currency, valid_from, valid_until (ISO 8601 instants), valid_days,
// per_customer_limit, total_limit, code_prefix.
Result<domain::CouponBatchInput> read_coupon_batch_input(const Json& body);
// name, status, per_customer_limit, total_limit (null: unlimited).
Result<domain::CouponBatchPatch> read_coupon_batch_patch(const Json& body);

// {"customer_id": 42, "source": "campaign:7"} (source default "api").
struct IssueRequest {
  int64_t customer_id = 0;
  std::string source = "api";
};
Result<IssueRequest> read_issue_request(const Json& body);

// {"kind": "adjust", "delta": -20, "reason": "..."} or
// {"kind": "redeem", "points": 500, "reason": "..."}; source default "api".
struct PointsRequest {
  domain::PointsKind kind = domain::PointsKind::kAdjust;
  int64_t amount = 0;  // delta (adjust) or points spent (redeem)
  std::string reason;
  std::string source = "api";
};
Result<PointsRequest> read_points_request(const Json& body);

// {"referrer_id": 1, "referred_id": 2, "source": "api"}.
struct ReferralRequest {
  int64_t referrer_id = 0;
  int64_t referred_id = 0;
  std::string source = "api";
};
Result<ReferralRequest> read_referral_request(const Json& body);

}  // namespace guanxi::api
