// The demo shop's customers as people: who they are (Chinese names, gender,
// birthdays, where they live), where they came from (Taobao, Tmall, JD,
// WeChat, Shopify), what they consent to, when they signed up, and the
// identities each channel knows them by.
//
// Identity values are pure functions of a person's index and the run's salt,
// so they are unique within a population by construction (see scramble()),
// cost no memory, and are identical wherever they are needed (the demo
// database and the Taobao CSV generator agree).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "demo/shop_calendar.hpp"
#include "domain/model.hpp"

namespace guanxi::demo {

enum class Channel : uint8_t { kTaobao, kTmall, kJd, kWechat, kShopify };
// "taobao", "tmall", "jd", "wechat", "shopify": the source channel of a
// profile and the platform of an order.
std::string_view channel_name(Channel channel);

struct Region {
  std::string_view province;  // "浙江省"
  std::string_view city;      // "杭州市"
  std::span<const std::string_view> districts;
  uint32_t weight = 1;  // relative share of the shop's customers
  bool remote = false;  // far provinces pay more shipping
};
std::span<const Region> demo_regions();

struct Person {
  uint32_t index = 0;
  Timestamp signup_at{};
  std::string name;           // "王小明"
  uint8_t surname_bytes = 0;  // bytes of `name` that are the surname
  domain::Gender gender = domain::Gender::kUnknown;
  std::optional<domain::Birthday> birthday;
  Channel channel = Channel::kTaobao;
  // Signs up through the WeChat mini-program but buys on Taobao: two profiles
  // that are unified once an identify call links the identities.
  bool cross_channel = false;
  bool has_phone = false;
  bool has_email = false;
  domain::Consent consent_sms = domain::Consent::kUnknown;
  domain::Consent consent_email = domain::Consent::kUnknown;
  domain::Consent consent_wechat = domain::Consent::kUnknown;
  uint16_t region = 0;  // index into demo_regions()
  uint8_t district = 0;
  uint8_t road = 0;
  uint8_t compound = 0;
  uint16_t house_number = 0;
  uint8_t phone_prefix = 0;
  uint8_t nick_style = 0;
  uint8_t email_style = 0;
  uint16_t favorite_product = 0;  // index into demo_products(): what they come back for

  std::string_view given_name() const { return std::string_view(name).substr(surname_bytes); }
};

class Population {
 public:
  // `count` people with sign-ups spread over the window, growing over time
  // (later days see more sign-ups). Deterministic for (seed, count, window).
  static Population draw(uint64_t seed, int64_t count, const HistoryWindow& window);

  std::span<const Person> people() const { return people_; }
  const Person& operator[](size_t i) const { return people_[i]; }
  size_t size() const { return people_.size(); }

  // Identities. Each is unique within the population; phone and email are
  // empty when the shop does not know them (has_phone / has_email).
  std::string phone(const Person& p) const;  // "13812345678"
  // The person's mobile number whether or not the shop knows it (a Taobao
  // order always carries one for delivery).
  std::string mobile_number(const Person& p) const;
  std::string email(const Person& p) const;          // "382910457@qq.com"
  std::string taobao_nick(const Person& p) const;    // "tb3859201745", "小芳爱购物_k3x9a2"
  std::string jd_pin(const Person& p) const;         // "jd_k3x9a2bd"
  std::string wechat_openid(const Person& p) const;  // "oV7sZ5..." (28 characters)
  std::string shopify_customer_id(const Person& p) const;  // "7" + 12 digits
  std::string member_id(const Person& p) const;            // "M00000042": the event API's userId
  std::string anonymous_id(const Person& p) const;         // the mini-program visitor id

  const Region& region(const Person& p) const;
  // A delivery address as Taobao exports it: "浙江省 杭州市 西湖区 文三路 478 号 阳光花园 3 栋 1201
  // 室".
  std::string address(const Person& p) const;
  // Someone else in the household who sometimes receives the parcel.
  std::string relative_name(const Person& p) const;

 private:
  explicit Population(uint64_t salt) : salt_(salt) {}

  uint64_t salt_;
  std::vector<Person> people_;
};

}  // namespace guanxi::demo
