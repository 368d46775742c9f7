#include "domain/model.hpp"

#include <array>
#include <cstdio>

#include "domain/context.hpp"

namespace guanxi::domain {

namespace {

template <typename E, size_t N>
Result<E> parse_name(std::string_view text,
                     const std::array<std::pair<std::string_view, E>, N>& table, const char* what) {
  for (const auto& [name, value] : table) {
    if (name == text) return value;
  }
  std::string expected;
  for (const auto& [name, value] : table) {
    if (!expected.empty()) expected += ", ";
    expected += name;
  }
  return Status::invalid("unknown " + std::string(what) + " '" + std::string(text) +
                         "' (expected one of: " + expected + ")");
}

constexpr std::array<std::pair<std::string_view, IdentityType>, 9> kIdentityNames{{
    {"phone", IdentityType::kPhone},
    {"email", IdentityType::kEmail},
    {"wechat_openid", IdentityType::kWechatOpenid},
    {"wechat_unionid", IdentityType::kWechatUnionid},
    {"taobao_nick", IdentityType::kTaobaoNick},
    {"jd_pin", IdentityType::kJdPin},
    {"shopify_customer_id", IdentityType::kShopifyCustomerId},
    {"external_id", IdentityType::kExternalId},
    {"anonymous_id", IdentityType::kAnonymousId},
}};

constexpr std::array<std::pair<std::string_view, OrderStatus>, 7> kStatusNames{{
    {"created", OrderStatus::kCreated},
    {"paid", OrderStatus::kPaid},
    {"shipped", OrderStatus::kShipped},
    {"completed", OrderStatus::kCompleted},
    {"cancelled", OrderStatus::kCancelled},
    {"refunded", OrderStatus::kRefunded},
    {"partially_refunded", OrderStatus::kPartiallyRefunded},
}};

constexpr std::array<std::pair<std::string_view, Consent>, 3> kConsentNames{{
    {"unknown", Consent::kUnknown},
    {"granted", Consent::kGranted},
    {"denied", Consent::kDenied},
}};

}  // namespace

std::string_view identity_type_name(IdentityType type) {
  for (const auto& [name, value] : kIdentityNames) {
    if (value == type) return name;
  }
  return "external_id";
}

Result<IdentityType> parse_identity_type(std::string_view name) {
  return parse_name(name, kIdentityNames, "identity type");
}

std::string_view gender_name(Gender g) {
  switch (g) {
    case Gender::kMale:
      return "male";
    case Gender::kFemale:
      return "female";
    case Gender::kUnknown:
      break;
  }
  return "unknown";
}

Result<Gender> parse_gender(std::string_view text) {
  if (text == "male" || text == "m" || text == "M" || text == "男") return Gender::kMale;
  if (text == "female" || text == "f" || text == "F" || text == "女") return Gender::kFemale;
  if (text == "unknown" || text.empty() || text == "未知") return Gender::kUnknown;
  return Status::invalid("unknown gender '" + std::string(text) +
                         "' (expected male, female or unknown)");
}

std::string_view consent_name(Consent c) {
  for (const auto& [name, value] : kConsentNames) {
    if (value == c) return name;
  }
  return "unknown";
}

Result<Consent> parse_consent(std::string_view text) {
  if (text == "yes" || text == "true" || text == "1" || text == "是") return Consent::kGranted;
  if (text == "no" || text == "false" || text == "0" || text == "否") return Consent::kDenied;
  return parse_name(text, kConsentNames, "consent");
}

std::string_view order_status_name(OrderStatus s) {
  for (const auto& [name, value] : kStatusNames) {
    if (value == s) return name;
  }
  return "created";
}

Result<OrderStatus> parse_order_status(std::string_view name) {
  return parse_name(name, kStatusNames, "order status");
}

std::string Birthday::to_string() const {
  char buf[32];
  if (year) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", *year, month, day);
  } else {
    std::snprintf(buf, sizeof buf, "--%02u-%02u", month, day);
  }
  return buf;
}

Result<Birthday> parse_birthday(std::string_view text, bool lunar) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto bad = [&] {
    return Status::invalid("'" + std::string(text) + "' is not a birthday (YYYY-MM-DD or MM-DD)");
  };
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  int n = 0;
  if (s.substr(0, 2) == "--") s.remove_prefix(2);
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (digits[n] >= 4) return bad();
      parts[n] = parts[n] * 10 + (c - '0');
      ++digits[n];
    } else if (c == '-' || c == '/' || c == '.') {
      if (digits[n] == 0 || ++n > 2) return bad();
    } else {
      return bad();
    }
  }
  Birthday b;
  b.lunar = lunar;
  if (n == 2) {
    if (digits[0] != 4) return bad();
    b.year = parts[0];
    b.month = static_cast<unsigned>(parts[1]);
    b.day = static_cast<unsigned>(parts[2]);
  } else if (n == 1 && digits[1] > 0) {
    b.month = static_cast<unsigned>(parts[0]);
    b.day = static_cast<unsigned>(parts[1]);
  } else {
    return bad();
  }
  static constexpr unsigned kMaxDay[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const unsigned max_day = lunar ? 30 : (b.month >= 1 && b.month <= 12 ? kMaxDay[b.month - 1] : 0);
  if (b.month < 1 || b.month > 12 || b.day < 1 || b.day > max_day) return bad();
  if (!lunar && b.year && b.month == 2 && b.day == 29) {
    const int y = *b.year;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (!leap) return bad();
  }
  if (b.year && (*b.year < 1900 || *b.year > 2100)) return bad();
  return b;
}

std::string_view upsert_outcome_name(UpsertOutcome o) {
  switch (o) {
    case UpsertOutcome::kCreated:
      return "created";
    case UpsertOutcome::kUpdated:
      return "updated";
    case UpsertOutcome::kUnchanged:
      break;
  }
  return "unchanged";
}

bool is_purchase(OrderStatus status, bool was_paid) {
  if (!was_paid) return false;
  return status != OrderStatus::kCancelled && status != OrderStatus::kRefunded;
}

}  // namespace guanxi::domain
