#include "demo/domain_inputs.hpp"

#include <fmt/format.h>

#include "demo/catalog.hpp"

namespace guanxi::demo {

namespace {

using domain::IdentityType;

void add(domain::CustomerInput& in, IdentityType type, std::string value) {
  if (!value.empty()) in.identities.push_back({type, std::move(value)});
}

// Message ids are deterministic, so replaying the same seed into the same shop
// de-duplicates the events instead of doubling them.
std::string message_id(const ShopHistory& history, std::string_view kind, uint32_t number) {
  return fmt::format("demo-{:016x}-{}-{}", history.purchases.salt, kind, number);
}

}  // namespace

domain::CustomerInput signup_input(const Population& people, const Person& p) {
  domain::CustomerInput in;
  switch (p.channel) {
    case Channel::kTaobao:
    case Channel::kTmall:
      add(in, IdentityType::kTaobaoNick, people.taobao_nick(p));
      add(in, IdentityType::kPhone, people.phone(p));
      add(in, IdentityType::kEmail, people.email(p));
      break;
    case Channel::kJd:
      add(in, IdentityType::kJdPin, people.jd_pin(p));
      add(in, IdentityType::kPhone, people.phone(p));
      add(in, IdentityType::kEmail, people.email(p));
      break;
    case Channel::kWechat:
      add(in, IdentityType::kWechatOpenid, people.wechat_openid(p));
      add(in, IdentityType::kAnonymousId, people.anonymous_id(p));
      if (!p.cross_channel) {
        add(in, IdentityType::kPhone, people.phone(p));
        add(in, IdentityType::kEmail, people.email(p));
      }
      break;
    case Channel::kShopify:
      add(in, IdentityType::kShopifyCustomerId, people.shopify_customer_id(p));
      add(in, IdentityType::kEmail, people.email(p));
      add(in, IdentityType::kPhone, people.phone(p));
      break;
  }
  in.name = p.name;
  in.gender = p.gender;
  in.birthday = p.birthday;
  in.province = std::string(people.region(p).province);
  in.city = std::string(people.region(p).city);
  in.signup_at = p.signup_at;
  in.source_channel = std::string(channel_name(p.channel));
  in.consent_sms = p.consent_sms;
  in.consent_email = p.consent_email;
  in.consent_wechat = p.consent_wechat;
  return in;
}

domain::OrderInput order_input(const ShopHistory& history, const PlannedOrder& o,
                               const std::string& currency) {
  const Population& people = history.people;
  const Person& p = people[o.person];
  domain::OrderInput in;
  in.platform = std::string(channel_name(o.platform));
  in.external_id = external_order_id(history.purchases, o, history.window);
  const std::string phone =
      o.household_phone_of ? people.phone(people[*o.household_phone_of]) : people.phone(p);
  domain::CustomerInput& buyer = in.customer;
  switch (o.platform) {
    case Channel::kTaobao:
    case Channel::kTmall:
      add(buyer, IdentityType::kTaobaoNick, people.taobao_nick(p));
      add(buyer, IdentityType::kPhone, phone);
      break;
    case Channel::kJd:
      add(buyer, IdentityType::kJdPin, people.jd_pin(p));
      add(buyer, IdentityType::kPhone, phone);
      break;
    case Channel::kWechat:
      add(buyer, IdentityType::kWechatOpenid, people.wechat_openid(p));
      if (!p.cross_channel) add(buyer, IdentityType::kPhone, phone);
      break;
    case Channel::kShopify:
      add(buyer, IdentityType::kShopifyCustomerId, people.shopify_customer_id(p));
      add(buyer, IdentityType::kEmail, people.email(p));
      break;
  }
  buyer.name = p.name;
  buyer.province = std::string(people.region(p).province);
  buyer.city = std::string(people.region(p).city);

  in.status = o.status;
  in.created_at = o.created_at;
  in.paid_at = o.paid_at;
  in.shipped_at = o.shipped_at;
  in.completed_at = o.completed_at;
  in.currency = currency;
  in.goods_amount = o.goods_amount;
  in.discount_amount = o.discount_amount;
  in.shipping_fee = o.shipping_fee;
  in.paid_amount = o.paid_amount;
  in.refunded_amount = o.refunded_amount;
  if (o.coupon >= 0)
    in.coupon_code = std::string(demo_coupons()[static_cast<size_t>(o.coupon)].code);
  if (o.refund_reason >= 0) {
    in.refund_reason =
        std::string(demo_refund_reasons()[static_cast<size_t>(o.refund_reason)].text);
  }
  in.receiver_name = o.relative_receives ? people.relative_name(p) : p.name;
  in.receiver_phone = phone;
  in.receiver_address = people.address(p);
  for (const PlannedItem& it : o.lines()) {
    const Product& product = demo_products()[it.product];
    in.items.push_back({std::string(product.sku), std::string(product.name),
                        std::string(product.category), it.quantity, it.unit_price});
  }
  return in;
}

domain::IdentifyCall link_call(const ShopHistory& history, const PlannedLink& link,
                               uint32_t number) {
  const Population& people = history.people;
  const Person& p = people[link.person];
  domain::IdentifyCall call;
  call.user_id = people.member_id(p);
  call.traits = Json{
      {"name", p.name}, {"wechat_openid", people.wechat_openid(p)}, {"phone", people.phone(p)}};
  if (p.has_email) call.traits["email"] = people.email(p);
  call.timestamp = link.at;
  call.message_id = message_id(history, "link", number);
  return call;
}

domain::TrackCall track_call(const ShopHistory& history, const PlannedTrack& track,
                             uint32_t number) {
  domain::TrackCall call;
  call.anonymous_id = history.people.anonymous_id(history.people[track.person]);
  call.event = std::string(track_event_name(track));
  call.properties = track_properties(track);
  call.timestamp = track.at;
  call.message_id = message_id(history, "track", number);
  return call;
}

domain::CustomerInput assignment_patch(const PlannedAssignment& assignment) {
  domain::CustomerInput patch;
  patch.owner_user_id = assignment.owner;
  patch.csr_user_id = assignment.csr;
  return patch;
}

}  // namespace guanxi::demo
