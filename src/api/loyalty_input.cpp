#include "api/loyalty_input.hpp"

#include <limits>

#include "api/input_fields.hpp"

namespace guanxi::api {

namespace {

using Need = JsonFields::Need;

// An integer member that must fit an int32 (limits and percents).
std::optional<int32_t> int32_member(JsonFields& f, std::string_view key) {
  const auto v = f.int64(key);
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int32_t>::min() || *v > std::numeric_limits<int32_t>::max()) {
    f.fail(key, "'" + std::string(key) + "' is out of range");
    return std::nullopt;
  }
  return static_cast<int32_t>(*v);
}

// True (and the member marked known) when `key` is present as null: on
// create, null means absent.
bool null_member(JsonFields& f, std::string_view key) {
  if (!f.is_null(key)) return false;
  f.allow(key);
  return true;
}

}  // namespace

Result<domain::CouponBatchInput> read_coupon_batch_input(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  domain::CouponBatchInput in;
  in.name = f.string("name", Need::kRequired).value_or("");
  const auto kind = detail::parsed_member<domain::CouponKind>(
      f, "kind", [](std::string_view t) { return domain::parse_coupon_kind(t); }, Need::kRequired);
  if (kind) in.kind = *kind;
  in.amount_off = f.int64("amount_off").value_or(0);
  in.percent_off = int32_member(f, "percent_off").value_or(0);
  in.threshold = f.int64("threshold").value_or(0);
  in.currency = f.string("currency").value_or("");
  if (!null_member(f, "valid_from")) in.valid_from = detail::time_member(f, "valid_from");
  if (!null_member(f, "valid_until")) in.valid_until = detail::time_member(f, "valid_until");
  if (!null_member(f, "valid_days")) in.valid_days = int32_member(f, "valid_days");
  in.per_customer_limit = int32_member(f, "per_customer_limit").value_or(1);
  if (!null_member(f, "total_limit")) in.total_limit = f.int64("total_limit");
  in.code_prefix = f.string("code_prefix").value_or("");
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Result<domain::CouponBatchPatch> read_coupon_batch_patch(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  domain::CouponBatchPatch patch;
  patch.name = f.string("name");
  patch.status = detail::parsed_member<domain::CouponBatchStatus>(
      f, "status", [](std::string_view t) { return domain::parse_coupon_batch_status(t); });
  patch.per_customer_limit = int32_member(f, "per_customer_limit");
  if (null_member(f, "total_limit")) {
    patch.total_limit = std::optional<int64_t>();
  } else if (const auto total = f.int64("total_limit")) {
    patch.total_limit = total;
  }
  GX_RETURN_IF_ERROR(f.finish());
  return patch;
}

Result<IssueRequest> read_issue_request(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  IssueRequest r;
  r.customer_id = detail::id_member(f, "customer_id", Need::kRequired).value_or(0);
  r.source = f.string("source").value_or("api");
  GX_RETURN_IF_ERROR(f.finish());
  return r;
}

Result<PointsRequest> read_points_request(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  PointsRequest r;
  const auto kind = detail::parsed_member<domain::PointsKind>(
      f, "kind", [](std::string_view t) { return domain::parse_points_kind(t); });
  r.kind = kind.value_or(domain::PointsKind::kAdjust);
  if (kind && r.kind != domain::PointsKind::kAdjust && r.kind != domain::PointsKind::kRedeem) {
    f.fail("kind", "'kind' must be \"adjust\" or \"redeem\"");
  }
  if (r.kind == domain::PointsKind::kRedeem) {
    r.amount = f.int64("points", Need::kRequired).value_or(0);
  } else {
    r.amount = f.int64("delta", Need::kRequired).value_or(0);
  }
  r.reason = f.string("reason", Need::kRequired).value_or("");
  r.source = f.string("source").value_or("api");
  GX_RETURN_IF_ERROR(f.finish());
  return r;
}

Result<ReferralRequest> read_referral_request(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  ReferralRequest r;
  r.referrer_id = detail::id_member(f, "referrer_id", Need::kRequired).value_or(0);
  r.referred_id = detail::id_member(f, "referred_id", Need::kRequired).value_or(0);
  r.source = f.string("source").value_or("api");
  GX_RETURN_IF_ERROR(f.finish());
  return r;
}

}  // namespace guanxi::api
