// Planned history -> the input shapes of the domain's write functions. Each
// channel carries the identities it really knows a buyer by:
//   taobao / tmall  taobao_nick + phone      jd       jd_pin + phone
//   wechat          wechat_openid (+ phone)  shopify  shopify_customer_id + email (+ phone)
// A cross-channel person's WeChat profile knows only the openid and visitor
// id, and their Taobao orders only nick and phone, until the link call
// carries openid, phone and email together.
#pragma once

#include <string>

#include "demo/history.hpp"
#include "domain/events.hpp"
#include "domain/model.hpp"

namespace guanxi::demo {

// The sign-up: profile fields, consents and the channel's identities.
domain::CustomerInput signup_input(const Population& people, const Person& person);

// The order as its platform reports it. `currency` is the shop's.
domain::OrderInput order_input(const ShopHistory& history, const PlannedOrder& order,
                               const std::string& currency);

// The identify call that unifies a cross-channel customer's profiles.
domain::IdentifyCall link_call(const ShopHistory& history, const PlannedLink& link,
                               uint32_t number);

// A mini-program behaviour event, attributed through the visitor id.
domain::TrackCall track_call(const ShopHistory& history, const PlannedTrack& track,
                             uint32_t number);

// The owner / CSR assignment as a profile patch.
domain::CustomerInput assignment_patch(const PlannedAssignment& assignment);

}  // namespace guanxi::demo
