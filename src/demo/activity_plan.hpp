// What the shop's staff and channels did around the purchases: CSR memos of
// calls, visits and chats; tags (VIP, 老客户, 敏感肌, 价格敏感, 黑名单); a
// dedicated owner and CSR for some VIPs; mini-program behaviour events; and
// the identify calls that unify a WeChat profile with the Taobao one.
//
// Derived from the purchase plan so that it tells a consistent story: a VIP is
// tagged when their spend crosses ¥5,000, 黑名单 follows repeated full refunds,
// 价格敏感 goes to those who mostly buy with coupons, care calls follow orders.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "demo/people.hpp"
#include "demo/purchases.hpp"
#include "domain/activity.hpp"

namespace guanxi::demo {

enum class DemoTag : uint8_t { kVip, kLoyal, kSensitiveSkin, kPriceSensitive, kBlacklist };
// "VIP", "老客户", "敏感肌", "价格敏感", "黑名单".
std::string_view tag_name(DemoTag tag);

struct PlannedTag {
  uint32_t person = 0;
  DemoTag tag = DemoTag::kVip;
  Timestamp at{};
};

struct PlannedNote {
  uint32_t person = 0;
  uint16_t kind = 0;     // which memo (see note_input)
  uint16_t product = 0;  // the product it mentions
  uint8_t author = 0;    // which CSR wrote it
  Timestamp at{};
};

// A dedicated account owner (sales) and CSR for a valuable customer.
struct PlannedAssignment {
  uint32_t person = 0;
  domain::UserId owner = 0;
  domain::UserId csr = 0;
  Timestamp at{};
};

struct PlannedTrack {
  uint32_t person = 0;
  uint8_t kind = 0;  // page_view, add_to_cart, coupon_claimed, share
  uint16_t product = 0;
  Timestamp at{};
};

// The identify call in which a cross-channel customer binds phone (and email)
// in the mini-program, joining the WeChat profile and the Taobao one.
struct PlannedLink {
  uint32_t person = 0;
  Timestamp at{};
};

struct ActivityPlan {
  std::vector<PlannedTag> tags;
  std::vector<PlannedNote> notes;
  std::vector<PlannedAssignment> assignments;
  std::vector<PlannedTrack> tracks;
  std::vector<PlannedLink> links;
};

// Everything happens after the purchase or sign-up it follows and not after
// window.end(). Deterministic for (seed, population, purchases, window).
ActivityPlan plan_activity(const Population& population, const PurchasePlan& purchases,
                           uint64_t seed, const HistoryWindow& window);

// The memo as the domain stores it (Chinese text naming the product).
domain::NoteInput note_input(const PlannedNote& note);

// The track event's name ("page_view", ...) and properties.
std::string_view track_event_name(const PlannedTrack& track);
Json track_properties(const PlannedTrack& track);

}  // namespace guanxi::demo
