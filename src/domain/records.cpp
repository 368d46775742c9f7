#include "domain/internal.hpp"
#include "store/change_feed.hpp"

namespace guanxi::domain::internal {

Customer to_customer(const store::CustomerRecord& r) {
  Customer c;
  c.id = r.id;
  c.shop_id = r.shop_id;
  c.name = r.name;
  c.gender = parse_gender(r.gender).value_or(Gender::kUnknown);
  if (r.birthday) {
    auto b = parse_birthday(*r.birthday, r.birthday_lunar);
    if (b.ok()) c.birthday = *b;
  }
  c.province = r.province;
  c.city = r.city;
  c.signup_at = opt_time(r.signup_at);
  c.source_channel = r.source_channel;
  c.owner_user_id = r.owner_user_id;
  c.csr_user_id = r.csr_user_id;
  c.consent_sms = parse_consent(r.consent_sms).value_or(Consent::kUnknown);
  c.consent_email = parse_consent(r.consent_email).value_or(Consent::kUnknown);
  c.consent_wechat = parse_consent(r.consent_wechat).value_or(Consent::kUnknown);
  c.attributes = Json::parse(r.attributes, nullptr, false);
  if (!c.attributes.is_object()) c.attributes = Json::object();
  c.tier = r.tier;
  c.created_at = from_millis(r.created_at);
  c.updated_at = from_millis(r.updated_at);
  return c;
}

store::CustomerRecord to_record(const Customer& c) {
  store::CustomerRecord r;
  r.id = c.id;
  r.shop_id = c.shop_id;
  r.name = c.name;
  r.gender = std::string(gender_name(c.gender));
  if (c.birthday) {
    r.birthday = c.birthday->to_string();
    r.birthday_lunar = c.birthday->lunar;
  }
  r.province = c.province;
  r.city = c.city;
  r.signup_at = opt_ms(c.signup_at);
  r.source_channel = c.source_channel;
  r.owner_user_id = c.owner_user_id;
  r.csr_user_id = c.csr_user_id;
  r.consent_sms = std::string(consent_name(c.consent_sms));
  r.consent_email = std::string(consent_name(c.consent_email));
  r.consent_wechat = std::string(consent_name(c.consent_wechat));
  r.attributes = c.attributes.dump();
  r.tier = c.tier;
  r.created_at = to_millis(c.created_at);
  r.updated_at = to_millis(c.updated_at);
  return r;
}

Order to_order(const store::OrderRecord& r) {
  Order o;
  o.id = r.id;
  o.shop_id = r.shop_id;
  o.platform = r.platform;
  o.external_id = r.external_id;
  o.customer_id = r.customer_id;
  o.status = parse_order_status(r.status).value_or(OrderStatus::kCreated);
  o.created_at = opt_time(r.created_at);
  o.paid_at = opt_time(r.paid_at);
  o.shipped_at = opt_time(r.shipped_at);
  o.completed_at = opt_time(r.completed_at);
  o.currency = r.currency;
  o.goods_amount = r.goods_amount;
  o.discount_amount = r.discount_amount;
  o.shipping_fee = r.shipping_fee;
  o.paid_amount = r.paid_amount;
  o.refunded_amount = r.refunded_amount;
  o.coupon_code = r.coupon_code;
  o.refund_reason = r.refund_reason;
  o.receiver_name = r.receiver_name;
  o.receiver_phone = r.receiver_phone;
  o.receiver_address = r.receiver_address;
  o.updated_at = from_millis(r.updated_at);
  for (const auto& it : r.items) {
    o.items.push_back({static_cast<int>(it.line_no), it.sku, it.product_name, it.category,
                       it.quantity, it.unit_price});
  }
  return o;
}

Status record_change(WriteContext& ctx, std::string_view kind, std::optional<CustomerId> customer,
                     std::optional<int64_t> entity, std::string payload) {
  store::ChangeRecord c;
  c.shop_id = ctx.shop.id;
  c.kind = std::string(kind);
  c.customer_id = customer;
  c.entity_id = entity;
  c.payload = std::move(payload);
  c.actor = ctx.actor;
  c.created_at = now_ms(ctx);
  return store::append_change(ctx.db, c).status();
}

}  // namespace guanxi::domain::internal
