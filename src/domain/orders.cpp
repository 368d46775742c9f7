#include "domain/orders.hpp"

#include <fmt/format.h>

#include "domain/customers.hpp"
#include "domain/internal.hpp"
#include "domain/loyalty_internal.hpp"
#include "store/orders_table.hpp"

namespace guanxi::domain {

namespace {

// FNV-1a over every field an order write carries, so an identical re-import is
// recognised without comparing rows.
class ContentHash {
 public:
  void add(std::string_view s) {
    for (const char ch : s) mix(static_cast<unsigned char>(ch));
    mix(0xff);
  }
  void add(int64_t v) {
    for (int i = 0; i < 8; ++i)
      mix(static_cast<unsigned char>(static_cast<uint64_t>(v) >> (8 * i)));
  }
  void add(const std::optional<Timestamp>& t) { add(t ? to_millis(*t) : INT64_MIN); }
  template <typename T>
  void add(const std::optional<T>& v) {
    if (v) {
      mix(1);
      add(*v);
    } else {
      mix(0);
    }
  }
  int64_t value() const { return static_cast<int64_t>(h_); }

 private:
  void mix(unsigned char c) {
    h_ ^= c;
    h_ *= 1099511628211ULL;
  }
  uint64_t h_ = 14695981039346656037ULL;
};

int64_t content_hash(const OrderInput& in) {
  ContentHash h;
  h.add(in.platform);
  h.add(in.external_id);
  h.add(static_cast<int64_t>(in.status));
  h.add(in.created_at);
  h.add(in.paid_at);
  h.add(in.shipped_at);
  h.add(in.completed_at);
  h.add(in.currency);
  h.add(in.goods_amount);
  h.add(in.discount_amount);
  h.add(in.shipping_fee);
  h.add(in.paid_amount);
  h.add(in.refunded_amount);
  h.add(in.coupon_code);
  h.add(in.refund_reason);
  h.add(in.receiver_name);
  h.add(in.receiver_phone);
  h.add(in.receiver_address);
  h.add(in.customer_id);
  for (const auto& it : in.items) {
    h.add(it.sku);
    h.add(it.product_name);
    h.add(it.category);
    h.add(it.quantity);
    h.add(it.unit_price);
  }
  const CustomerInput& c = in.customer;
  for (const auto& id : c.identities) {
    h.add(static_cast<int64_t>(id.type));
    h.add(id.value);
  }
  h.add(c.name);
  h.add(c.province);
  h.add(c.city);
  h.add(c.gender ? static_cast<int64_t>(*c.gender) : -1);
  h.add(c.birthday ? c.birthday->to_string() : "");
  h.add(c.attributes.empty() ? "" : c.attributes.dump());
  return h.value();
}

bool is_paid_status(OrderStatus s, bool has_paid_at) {
  return has_paid_at || s == OrderStatus::kPaid || s == OrderStatus::kShipped ||
         s == OrderStatus::kCompleted || s == OrderStatus::kPartiallyRefunded ||
         s == OrderStatus::kRefunded;
}

// The change-feed kind that best describes the move from `before` to the input.
std::string_view change_kind(const std::optional<store::OrderKeyRecord>& before,
                             const OrderInput& in, bool now_paid) {
  if (!before) {
    if (in.status == OrderStatus::kCancelled) return "order_cancelled";
    if (in.refunded_amount > 0) return "order_refunded";
    return now_paid ? "order_paid" : "order_created";
  }
  const bool was_paid = before->paid_at.has_value();
  if (in.refunded_amount > before->refunded_amount) return "order_refunded";
  if (!was_paid && now_paid) return "order_paid";
  const std::string_view old_status = before->status;
  const std::string_view new_status = order_status_name(in.status);
  if (old_status != new_status) {
    if (in.status == OrderStatus::kCancelled) return "order_cancelled";
    if (in.status == OrderStatus::kCompleted) return "order_completed";
    if (in.status == OrderStatus::kShipped) return "order_shipped";
  }
  return "order_updated";
}

}  // namespace

Status validate_order(const OrderInput& in) {
  if (in.platform.empty()) return Status::invalid_field("platform", "platform is required");
  if (in.platform.size() > 32)
    return Status::invalid_field("platform", "platform is longer than 32 bytes");
  if (in.external_id.empty())
    return Status::invalid_field("external_id", "external_id is required");
  if (in.external_id.size() > 128)
    return Status::invalid_field("external_id", "external_id is longer than 128 bytes");
  if (auto c = Currency::parse(in.currency); !c.ok())
    return Status::invalid_field("currency", c.status().message());
  const std::pair<const char*, int64_t> amounts[] = {{"goods_amount", in.goods_amount},
                                                     {"discount_amount", in.discount_amount},
                                                     {"shipping_fee", in.shipping_fee},
                                                     {"paid_amount", in.paid_amount},
                                                     {"refunded_amount", in.refunded_amount}};
  for (const auto& [name, value] : amounts) {
    if (value < 0) return Status::invalid_field(name, std::string(name) + " must not be negative");
    if (value > 1'000'000'000'000LL)
      return Status::invalid_field(name, std::string(name) + " is implausibly large");
  }
  if (in.refunded_amount > in.paid_amount) {
    return Status::invalid_field("refunded_amount",
                                 fmt::format("refunded_amount {} exceeds paid_amount {}",
                                             in.refunded_amount, in.paid_amount));
  }
  if (in.status == OrderStatus::kRefunded && in.paid_amount > 0 && in.refunded_amount == 0) {
    return Status::invalid_field("refunded_amount", "a refunded order needs refunded_amount");
  }
  if (in.items.size() > 1000)
    return Status::invalid_field("items", "an order has at most 1000 items");
  for (size_t i = 0; i < in.items.size(); ++i) {
    const auto& it = in.items[i];
    const std::string at = "items/" + std::to_string(i);
    if (it.quantity <= 0)
      return Status::invalid_field(at + "/quantity", "quantity must be positive");
    if (it.quantity > 1'000'000)
      return Status::invalid_field(at + "/quantity", "quantity is implausibly large");
    if (it.unit_price < 0)
      return Status::invalid_field(at + "/unit_price", "unit_price must not be negative");
    if (it.sku.size() > 128)
      return Status::invalid_field(at + "/sku", "sku is longer than 128 bytes");
    if (it.product_name.size() > 1000)
      return Status::invalid_field(at + "/product_name", "product_name is too long");
  }
  if (in.paid_at && in.created_at && *in.paid_at < *in.created_at - std::chrono::hours(24)) {
    return Status::invalid_field("paid_at", "paid_at is before created_at");
  }
  return Status::ok();
}

Result<OrderUpsert> upsert_order(WriteContext& ctx, const OrderInput& in) {
  GX_RETURN_IF_ERROR(validate_order(in));
  GX_ASSIGN_OR_RETURN(auto before,
                      store::find_order_key(ctx.db, ctx.shop.id, in.platform, in.external_id));
  const int64_t hash = content_hash(in);
  OrderUpsert result;
  if (before && before->content_hash == hash) {
    GX_ASSIGN_OR_RETURN(result.customer_id,
                        resolve_customer_id(ctx.db, ctx.shop.id, before->customer_id));
    result.order_id = before->id;
    result.outcome = UpsertOutcome::kUnchanged;
    return result;
  }

  // The buyer: the given id, else the profile owning the identities (created or
  // merged as needed), else the order's current buyer, else a new profile.
  std::optional<CustomerId> known = in.customer_id;
  if (!known && before && in.customer.identities.empty()) known = before->customer_id;
  GX_ASSIGN_OR_RETURN(auto buyer, internal::upsert_customer_with(
                                      ctx, in.customer, internal::ProfileMode::kFillEmpty, known));
  result.customer_id = buyer.customer_id;
  result.customer_created = buyer.outcome == UpsertOutcome::kCreated;
  result.customers_merged = buyer.customers_merged;

  const int64_t now = internal::now_ms(ctx);
  auto ms = [](const std::optional<Timestamp>& t) -> std::optional<int64_t> {
    if (!t) return std::nullopt;
    return to_millis(*t);
  };
  store::OrderRecord rec;
  rec.shop_id = ctx.shop.id;
  rec.platform = in.platform;
  rec.external_id = in.external_id;
  rec.customer_id = result.customer_id;
  rec.status = std::string(order_status_name(in.status));
  rec.created_at = ms(in.created_at ? in.created_at : std::optional<Timestamp>(ctx.clock.now()));
  rec.paid_at = ms(in.paid_at);
  const bool now_paid = is_paid_status(in.status, in.paid_at.has_value());
  if (now_paid && !rec.paid_at)
    rec.paid_at = rec.created_at;  // paid, time unknown: assume at creation
  rec.shipped_at = ms(in.shipped_at);
  rec.completed_at = ms(in.completed_at);
  rec.currency = Currency::parse(in.currency).value().code();
  rec.goods_amount = in.goods_amount;
  rec.discount_amount = in.discount_amount;
  rec.shipping_fee = in.shipping_fee;
  rec.paid_amount = in.paid_amount;
  rec.refunded_amount = in.refunded_amount;
  rec.coupon_code = in.coupon_code;
  rec.refund_reason = in.refund_reason;
  rec.receiver_name = in.receiver_name;
  rec.receiver_phone = in.receiver_phone;
  rec.receiver_address = in.receiver_address;
  rec.content_hash = hash;
  rec.inserted_at = now;
  rec.updated_at = now;
  rec.items.reserve(in.items.size());
  for (size_t i = 0; i < in.items.size(); ++i) {
    const auto& it = in.items[i];
    rec.items.push_back({static_cast<int64_t>(i + 1), it.sku, it.product_name, it.category,
                         it.quantity, it.unit_price});
    if (!it.sku.empty() && (ctx.cache == nullptr || !ctx.cache->known_skus.contains(it.sku))) {
      GX_RETURN_IF_ERROR(store::ensure_product(ctx.db, ctx.shop.id, it.sku, it.product_name,
                                               it.category, rec.currency, now));
      if (ctx.cache != nullptr) ctx.cache->known_skus.insert(it.sku);
    }
  }
  if (before) {
    rec.id = before->id;
    GX_RETURN_IF_ERROR(store::update_order(ctx.db, rec));
    result.outcome = UpsertOutcome::kUpdated;
  } else {
    GX_ASSIGN_OR_RETURN(rec.id, store::insert_order(ctx.db, rec));
    result.outcome = UpsertOutcome::kCreated;
  }
  result.order_id = rec.id;

  const std::string_view kind = change_kind(before, in, now_paid);
  const std::string payload = fmt::format(
      R"({{"status":"{}","previous_status":"{}","paid_amount":{},"refunded_amount":{},"previous_refunded_amount":{}}})",
      rec.status, before ? before->status : "", rec.paid_amount, rec.refunded_amount,
      before ? before->refunded_amount : 0);
  GX_RETURN_IF_ERROR(internal::record_change(ctx, kind, result.customer_id, rec.id, payload));
  // Coupon redemption and points, with the tier the buyer held at payment.
  GX_RETURN_IF_ERROR(internal::loyalty_after_order(ctx, result.customer_id, rec));
  // A purchase can only lift its buyer's tier; anything else waits for the review.
  if (is_purchase(in.status, rec.paid_at.has_value())) {
    GX_RETURN_IF_ERROR(internal::upgrade_tier_after_purchase(ctx, result.customer_id, rec.id,
                                                             from_millis(*rec.created_at)));
  }
  return result;
}

Result<Order> get_order(ReadContext& ctx, OrderId id) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_order(ctx.db, ctx.shop.id, id));
  if (!rec) return Status::not_found("order " + std::to_string(id) + " does not exist");
  return internal::to_order(*rec);
}

Result<std::optional<Order>> find_order(ReadContext& ctx, std::string_view platform,
                                        std::string_view external_id) {
  GX_ASSIGN_OR_RETURN(auto id, store::find_order_id(ctx.db, ctx.shop.id, platform, external_id));
  if (!id) return std::optional<Order>();
  GX_ASSIGN_OR_RETURN(Order o, get_order(ctx, *id));
  return std::optional<Order>(std::move(o));
}

Result<std::vector<Order>> list_customer_orders(ReadContext& ctx, CustomerId customer, int limit,
                                                std::optional<OrderId> before) {
  if (limit < 1 || limit > 1000) return Status::invalid("limit must be between 1 and 1000");
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  GX_ASSIGN_OR_RETURN(auto recs,
                      store::list_orders_of_customer(ctx.db, ctx.shop.id, live, limit, before));
  std::vector<Order> out;
  out.reserve(recs.size());
  for (const auto& r : recs) out.push_back(internal::to_order(r));
  return out;
}

}  // namespace guanxi::domain
