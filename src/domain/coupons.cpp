#include "domain/coupons.hpp"

#include <fmt/format.h>

#include <random>

#include "core/money.hpp"
#include "domain/internal.hpp"
#include "domain/loyalty_internal.hpp"
#include "store/loyalty_table.hpp"

namespace guanxi::domain {

namespace {

using internal::check_limit;
using internal::opt_ms;
using internal::opt_time;

// Digits and capitals without the look-alikes 0/O and 1/I: 32 symbols, 5 bits each.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr size_t kCodeLength = 10;  // 50 random bits
constexpr int kCodeAttempts = 8;
constexpr size_t kMaxName = 100;
constexpr size_t kMaxPrefix = 12;
constexpr int64_t kMaxAmountOff = 10'000'000'000LL;
constexpr int64_t kMaxThreshold = 1'000'000'000'000LL;
constexpr int32_t kMaxValidDays = 3650;
constexpr int32_t kMaxPerCustomer = 1000;
constexpr int64_t kMaxTotal = 100'000'000;
constexpr size_t kMaxCodeInOrder = 64;

std::string random_code_part() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, kCodeAlphabet.size() - 1);
  std::string out(kCodeLength, ' ');
  for (auto& c : out) c = kCodeAlphabet[pick(rng)];
  return out;
}

// ASCII letters upcased, surrounding spaces removed: how order exports and
// people write codes.
std::string normalize_code(std::string_view code) {
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
  std::string out(code);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

Status check_name(std::string_view name) {
  if (name.empty()) return Status::invalid_field("name", "name is required");
  if (name.size() > kMaxName) {
    return Status::invalid_field("name", fmt::format("name is longer than {} bytes", kMaxName));
  }
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return Status::invalid_field("name", "name must not contain control characters");
    }
  }
  return Status::ok();
}

Status check_per_customer(int32_t n) {
  if (n < 1 || n > kMaxPerCustomer) {
    return Status::invalid_field(
        "per_customer_limit",
        fmt::format("per_customer_limit must be between 1 and {}", kMaxPerCustomer));
  }
  return Status::ok();
}

Status check_total(const std::optional<int64_t>& n) {
  if (n && (*n < 1 || *n > kMaxTotal)) {
    return Status::invalid_field(
        "total_limit", fmt::format("total_limit must be null or between 1 and {}", kMaxTotal));
  }
  return Status::ok();
}

Status check_input(const CouponBatchInput& in) {
  GX_RETURN_IF_ERROR(check_name(in.name));
  if (in.kind == CouponKind::kAmountOff) {
    if (in.amount_off < 1 || in.amount_off > kMaxAmountOff) {
      return Status::invalid_field("amount_off",
                                   fmt::format("an amount coupon needs amount_off between 1 "
                                               "and {} (minor units)",
                                               kMaxAmountOff));
    }
    if (in.percent_off != 0)
      return Status::invalid_field("percent_off", "an amount coupon has no percent_off");
  } else {
    if (in.percent_off < 1 || in.percent_off > 100) {
      return Status::invalid_field("percent_off",
                                   "a percent coupon needs percent_off between 1 and 100");
    }
    if (in.amount_off != 0)
      return Status::invalid_field("amount_off", "a percent coupon has no amount_off");
  }
  if (in.threshold < 0 || in.threshold > kMaxThreshold) {
    return Status::invalid_field(
        "threshold",
        fmt::format("threshold must be between 0 and {} (minor units)", kMaxThreshold));
  }
  if (!in.currency.empty()) {
    if (auto c = Currency::parse(in.currency); !c.ok()) {
      return Status::invalid_field("currency", c.status().message());
    }
  }
  if (in.valid_days && (in.valid_until || in.valid_from)) {
    return Status::invalid_field("valid_days",
                                 "give either valid_days or valid_from/valid_until, not both");
  }
  if (!in.valid_days && !in.valid_until) {
    return Status::invalid_field("valid_until",
                                 "a batch needs valid_until (fixed validity) or valid_days");
  }
  if (in.valid_days && (*in.valid_days < 1 || *in.valid_days > kMaxValidDays)) {
    return Status::invalid_field("valid_days",
                                 fmt::format("valid_days must be between 1 and {}", kMaxValidDays));
  }
  if (in.valid_from && in.valid_until && *in.valid_until <= *in.valid_from) {
    return Status::invalid_field("valid_until", "valid_until must be after valid_from");
  }
  GX_RETURN_IF_ERROR(check_per_customer(in.per_customer_limit));
  GX_RETURN_IF_ERROR(check_total(in.total_limit));
  if (in.code_prefix.size() > kMaxPrefix) {
    return Status::invalid_field(
        "code_prefix", fmt::format("code_prefix is longer than {} characters", kMaxPrefix));
  }
  for (const char c : in.code_prefix) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!ok)
      return Status::invalid_field("code_prefix", "code_prefix takes letters A-Z and digits only");
  }
  return Status::ok();
}

CouponBatch to_batch(const store::CouponBatchRecord& r) {
  CouponBatch b;
  b.id = r.id;
  b.name = r.name;
  b.kind = parse_coupon_kind(r.kind).value_or(CouponKind::kAmountOff);
  b.amount_off = r.amount_off;
  b.percent_off = static_cast<int32_t>(r.percent_off);
  b.threshold = r.threshold;
  b.currency = r.currency;
  b.valid_from = opt_time(r.valid_from);
  b.valid_until = opt_time(r.valid_until);
  if (r.valid_days) b.valid_days = static_cast<int32_t>(*r.valid_days);
  b.per_customer_limit = static_cast<int32_t>(r.per_customer_limit);
  b.total_limit = r.total_limit;
  b.code_prefix = r.code_prefix;
  b.status = parse_coupon_batch_status(r.status).value_or(CouponBatchStatus::kArchived);
  b.issued = r.issued;
  b.created_by = r.created_by;
  b.created_at = from_millis(r.created_at);
  b.updated_at = from_millis(r.updated_at);
  return b;
}

IssuedCoupon to_coupon(const store::CouponRecord& c, const store::CouponBatchRecord& b) {
  IssuedCoupon out;
  out.id = c.id;
  out.batch_id = c.batch_id;
  out.code = c.code;
  out.customer_id = c.customer_id;
  out.kind = parse_coupon_kind(b.kind).value_or(CouponKind::kAmountOff);
  out.amount_off = b.amount_off;
  out.percent_off = static_cast<int32_t>(b.percent_off);
  out.threshold = b.threshold;
  out.currency = b.currency;
  out.valid_from = from_millis(c.valid_from);
  out.valid_until = from_millis(c.valid_until);
  out.source = c.source;
  out.status = parse_coupon_status(c.status).value_or(CouponStatus::kIssued);
  out.issued_at = from_millis(c.issued_at);
  out.order_id = c.order_id;
  out.redeemed_at = opt_time(c.redeemed_at);
  return out;
}

Result<store::CouponBatchRecord> load_batch(store::Connection& db, ShopId shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_coupon_batch(db, shop, id));
  if (!rec) return Status::not_found("coupon batch " + std::to_string(id) + " does not exist");
  return *rec;
}

Status record_batch_change(WriteContext& w, std::string_view kind,
                           const store::CouponBatchRecord& r) {
  return internal::record_change(w, kind, std::nullopt, r.id,
                                 Json{{"batch_id", r.id}, {"name", r.name}}.dump());
}

}  // namespace

std::string_view coupon_kind_name(CouponKind kind) {
  return kind == CouponKind::kPercentOff ? "percent" : "amount";
}

Result<CouponKind> parse_coupon_kind(std::string_view name) {
  if (name == "amount") return CouponKind::kAmountOff;
  if (name == "percent") return CouponKind::kPercentOff;
  return Status::invalid("coupon kind must be \"amount\" or \"percent\", not '" +
                         std::string(name) + "'");
}

std::string_view coupon_batch_status_name(CouponBatchStatus s) {
  switch (s) {
    case CouponBatchStatus::kActive:
      return "active";
    case CouponBatchStatus::kPaused:
      return "paused";
    case CouponBatchStatus::kArchived:
      return "archived";
  }
  return "archived";
}

Result<CouponBatchStatus> parse_coupon_batch_status(std::string_view name) {
  for (const auto s :
       {CouponBatchStatus::kActive, CouponBatchStatus::kPaused, CouponBatchStatus::kArchived}) {
    if (coupon_batch_status_name(s) == name) return s;
  }
  return Status::invalid("batch status must be active, paused or archived, not '" +
                         std::string(name) + "'");
}

std::string_view coupon_status_name(CouponStatus s) {
  return s == CouponStatus::kRedeemed ? "redeemed" : "issued";
}

Result<CouponStatus> parse_coupon_status(std::string_view name) {
  if (name == "issued") return CouponStatus::kIssued;
  if (name == "redeemed") return CouponStatus::kRedeemed;
  return Status::invalid("coupon status must be issued or redeemed, not '" + std::string(name) +
                         "'");
}

Result<CouponBatch> create_coupon_batch(WriteContext& w, const CouponBatchInput& in) {
  GX_RETURN_IF_ERROR(check_input(in));
  GX_ASSIGN_OR_RETURN(auto taken, store::find_coupon_batch_by_name(w.db, w.shop.id, in.name));
  if (taken) {
    Location loc;
    loc.field = "/name";
    return Status(ErrorCode::kAlreadyExists,
                  "coupon batch " + std::to_string(*taken) + " is already named " + in.name, loc);
  }
  store::CouponBatchRecord r;
  r.shop_id = w.shop.id;
  r.name = in.name;
  r.kind = std::string(coupon_kind_name(in.kind));
  r.amount_off = in.amount_off;
  r.percent_off = in.percent_off;
  r.threshold = in.threshold;
  r.currency = in.currency.empty() ? w.shop.currency : Currency::parse(in.currency).value().code();
  r.valid_from = opt_ms(in.valid_from);
  r.valid_until = opt_ms(in.valid_until);
  r.valid_days = in.valid_days;
  r.per_customer_limit = in.per_customer_limit;
  r.total_limit = in.total_limit;
  r.code_prefix = in.code_prefix;
  for (auto& c : r.code_prefix) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  r.status = std::string(coupon_batch_status_name(CouponBatchStatus::kActive));
  r.created_by = w.actor;
  r.created_at = r.updated_at = internal::now_ms(w);
  GX_ASSIGN_OR_RETURN(r.id, store::insert_coupon_batch(w.db, r));
  GX_RETURN_IF_ERROR(record_batch_change(w, "coupon_batch_created", r));
  return to_batch(r);
}

Result<CouponBatch> update_coupon_batch(WriteContext& w, int64_t batch_id,
                                        const CouponBatchPatch& patch) {
  GX_ASSIGN_OR_RETURN(store::CouponBatchRecord r, load_batch(w.db, w.shop.id, batch_id));
  if (patch.name && *patch.name != r.name) {
    GX_RETURN_IF_ERROR(check_name(*patch.name));
    GX_ASSIGN_OR_RETURN(auto taken, store::find_coupon_batch_by_name(w.db, w.shop.id, *patch.name));
    if (taken) {
      Location loc;
      loc.field = "/name";
      return Status(ErrorCode::kAlreadyExists,
                    "coupon batch " + std::to_string(*taken) + " is already named " + *patch.name,
                    loc);
    }
    r.name = *patch.name;
  }
  if (patch.status) r.status = std::string(coupon_batch_status_name(*patch.status));
  if (patch.per_customer_limit) {
    GX_RETURN_IF_ERROR(check_per_customer(*patch.per_customer_limit));
    r.per_customer_limit = *patch.per_customer_limit;
  }
  if (patch.total_limit) {
    GX_RETURN_IF_ERROR(check_total(*patch.total_limit));
    if (*patch.total_limit && **patch.total_limit < r.issued) {
      return Status::invalid_field("total_limit",
                                   fmt::format("total_limit must be at least the {} coupons "
                                               "already issued",
                                               r.issued));
    }
    r.total_limit = *patch.total_limit;
  }
  r.updated_at = internal::now_ms(w);
  GX_RETURN_IF_ERROR(store::update_coupon_batch(w.db, r));
  GX_RETURN_IF_ERROR(record_batch_change(w, "coupon_batch_updated", r));
  return to_batch(r);
}

Status delete_coupon_batch(WriteContext& w, int64_t batch_id) {
  GX_ASSIGN_OR_RETURN(store::CouponBatchRecord r, load_batch(w.db, w.shop.id, batch_id));
  if (r.issued > 0) {
    return Status::conflict(fmt::format(
        "coupon batch {} has issued {} coupons and cannot be deleted; archive it instead", r.id,
        r.issued));
  }
  GX_RETURN_IF_ERROR(store::delete_coupon_batch(w.db, w.shop.id, batch_id));
  return record_batch_change(w, "coupon_batch_deleted", r);
}

Result<CouponBatch> get_coupon_batch(ReadContext& ctx, int64_t batch_id) {
  GX_ASSIGN_OR_RETURN(auto r, load_batch(ctx.db, ctx.shop.id, batch_id));
  return to_batch(r);
}

Result<std::vector<CouponBatch>> list_coupon_batches(ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_coupon_batches(ctx.db, ctx.shop.id));
  std::vector<CouponBatch> out;
  out.reserve(recs.size());
  for (const auto& r : recs) out.push_back(to_batch(r));
  return out;
}

Result<IssuedCoupon> issue_coupon(WriteContext& w, int64_t batch_id, CustomerId customer,
                                  std::string_view source) {
  return issue_coupon_with(w, batch_id, customer, source, random_code_part);
}

Result<IssuedCoupon> issue_coupon_with(WriteContext& w, int64_t batch_id, CustomerId customer,
                                       std::string_view source,
                                       const std::function<std::string()>& draw) {
  return internal::atomically<IssuedCoupon>(w.db, "issue_coupon", [&]() -> Result<IssuedCoupon> {
    GX_RETURN_IF_ERROR(internal::check_loyalty_source(source));
    GX_ASSIGN_OR_RETURN(store::CouponBatchRecord b, load_batch(w.db, w.shop.id, batch_id));
    const Timestamp now = w.clock.now();
    if (b.status != coupon_batch_status_name(CouponBatchStatus::kActive)) {
      return Status::conflict(
          fmt::format("coupon batch {} is {}: it issues no coupons", b.id, b.status));
    }
    if (b.valid_until && *b.valid_until <= to_millis(now)) {
      return Status::conflict(fmt::format("coupon batch {} expired at {}", b.id,
                                          format_utc_iso8601(from_millis(*b.valid_until))));
    }
    if (b.total_limit && b.issued >= *b.total_limit) {
      return Status::conflict(fmt::format("coupon batch {} is exhausted ({} of {} issued)", b.id,
                                          b.issued, *b.total_limit));
    }
    GX_ASSIGN_OR_RETURN(const CustomerId live,
                        internal::live_customer(w.db, w.shop.id, customer, "customer_id"));
    GX_ASSIGN_OR_RETURN(const int64_t held, store::count_customer_batch_coupons(w.db, b.id, live));
    if (held >= b.per_customer_limit) {
      return Status::conflict(
          fmt::format("customer {} already holds {} coupon(s) of batch {} (limit {})", live, held,
                      b.id, b.per_customer_limit));
    }

    store::CouponRecord c;
    c.shop_id = w.shop.id;
    c.batch_id = b.id;
    for (int attempt = 0;; ++attempt) {
      if (attempt == kCodeAttempts) {
        return Status::internal(fmt::format("no unused coupon code after {} draws", kCodeAttempts));
      }
      c.code = b.code_prefix.empty() ? draw() : b.code_prefix + "-" + draw();
      GX_ASSIGN_OR_RETURN(const bool taken, store::coupon_code_exists(w.db, w.shop.id, c.code));
      if (!taken) break;
    }
    c.customer_id = live;
    c.source = std::string(source);
    c.status = std::string(coupon_status_name(CouponStatus::kIssued));
    c.issued_at = to_millis(now);
    if (b.valid_days) {
      using std::chrono::days;
      c.valid_from = c.issued_at;
      c.valid_until = to_millis(
          w.zone.at_local(w.zone.local_day(now) + days(*b.valid_days), std::chrono::minutes(0)));
    } else {
      c.valid_from = b.valid_from.value_or(c.issued_at);
      c.valid_until = b.valid_until.value_or(c.issued_at);
    }
    c.actor = w.actor;
    GX_ASSIGN_OR_RETURN(c.id, store::insert_coupon(w.db, c));
    GX_RETURN_IF_ERROR(store::increment_batch_issued(w.db, b.id));
    GX_RETURN_IF_ERROR(internal::record_change(
        w, "coupon_issued", live, c.id,
        Json{{"coupon_id", c.id}, {"batch_id", b.id}, {"code", c.code}, {"source", c.source}}
            .dump()));
    return to_coupon(c, b);
  });
}

Result<CouponPage> list_batch_coupons(ReadContext& ctx, int64_t batch_id, int limit,
                                      std::optional<int64_t> after,
                                      std::optional<CouponStatus> status) {
  GX_RETURN_IF_ERROR(check_limit(limit));
  GX_ASSIGN_OR_RETURN(auto b, load_batch(ctx.db, ctx.shop.id, batch_id));
  GX_ASSIGN_OR_RETURN(
      auto recs, store::list_batch_coupons(ctx.db, ctx.shop.id, batch_id, after.value_or(0),
                                           limit + 1, status ? coupon_status_name(*status) : ""));
  CouponPage page;
  if (recs.size() > static_cast<size_t>(limit)) {
    recs.pop_back();
    page.next_after = recs.back().id;
  }
  for (const auto& r : recs) page.coupons.push_back(to_coupon(r, b));
  return page;
}

Result<std::vector<IssuedCoupon>> list_customer_coupons(ReadContext& ctx, CustomerId customer,
                                                        int limit) {
  GX_RETURN_IF_ERROR(check_limit(limit));
  GX_ASSIGN_OR_RETURN(const CustomerId live,
                      internal::live_customer(ctx.db, ctx.shop.id, customer, ""));
  GX_ASSIGN_OR_RETURN(auto recs, store::list_customer_coupons(ctx.db, ctx.shop.id, live, limit));
  std::vector<IssuedCoupon> out;
  std::optional<store::CouponBatchRecord> batch;
  for (const auto& r : recs) {
    if (!batch || batch->id != r.batch_id) {
      GX_ASSIGN_OR_RETURN(batch, load_batch(ctx.db, ctx.shop.id, r.batch_id));
    }
    out.push_back(to_coupon(r, *batch));
  }
  return out;
}

Result<CustomerCouponSummary> customer_coupon_summary(ReadContext& ctx, CustomerId customer) {
  GX_ASSIGN_OR_RETURN(const CustomerId live,
                      internal::live_customer(ctx.db, ctx.shop.id, customer, ""));
  GX_ASSIGN_OR_RETURN(auto counts,
                      store::count_customer_coupons(ctx.db, live, to_millis(ctx.clock.now())));
  return CustomerCouponSummary{counts.issued, counts.usable, counts.redeemed};
}

Result<CouponBatchReport> coupon_batch_report(ReadContext& ctx, int64_t batch_id) {
  GX_ASSIGN_OR_RETURN(auto b, load_batch(ctx.db, ctx.shop.id, batch_id));
  GX_ASSIGN_OR_RETURN(auto t, store::coupon_batch_totals(ctx.db, b.id));
  CouponBatchReport r;
  r.batch_id = b.id;
  r.issued = t.issued;
  r.redeemed = t.redeemed;
  if (t.issued > 0) {
    r.redemption_rate = static_cast<double>(t.redeemed) / static_cast<double>(t.issued);
  }
  r.revenue = t.revenue;
  r.paid = t.paid;
  r.currency = b.currency;
  return r;
}

namespace internal {

Status redeem_coupon_for_order(WriteContext& ctx, CustomerId buyer,
                               const store::OrderRecord& order) {
  if (order.coupon_code.empty() || !order.paid_at) return Status::ok();
  const std::string code = normalize_code(order.coupon_code);
  if (code.empty() || code.size() > kMaxCodeInOrder) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto coupon, store::find_coupon_by_code(ctx.db, ctx.shop.id, code));
  if (!coupon || coupon->status != coupon_status_name(CouponStatus::kIssued)) return Status::ok();
  if (coupon->customer_id != buyer) return Status::ok();
  const int64_t paid_at = *order.paid_at;
  if (paid_at < coupon->valid_from || paid_at >= coupon->valid_until) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto batch, load_batch(ctx.db, ctx.shop.id, coupon->batch_id));
  if (batch.currency != order.currency) return Status::ok();
  const int64_t amount =
      order.goods_amount > 0 ? order.goods_amount : order.paid_amount + order.discount_amount;
  if (amount < batch.threshold) return Status::ok();
  GX_RETURN_IF_ERROR(store::mark_coupon_redeemed(ctx.db, coupon->id, order.id, paid_at));
  return record_change(ctx, "coupon_redeemed", buyer, coupon->id,
                       Json{{"coupon_id", coupon->id},
                            {"batch_id", coupon->batch_id},
                            {"code", coupon->code},
                            {"order_id", order.id},
                            {"paid_amount", order.paid_amount}}
                           .dump());
}

Status move_coupons(WriteContext& ctx, CustomerId survivor, CustomerId merged) {
  return store::move_coupons(ctx.db, merged, survivor);
}

}  // namespace internal

}  // namespace guanxi::domain
