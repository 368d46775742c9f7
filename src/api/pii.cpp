#include "api/pii.hpp"

#include <string>
#include <string_view>

#include "api/auth.hpp"

namespace guanxi::api {

namespace {

bool looks_like_email(std::string_view s) {
  const size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size();
}

bool looks_like_phone(std::string_view s) {
  if (s.size() < 5) return false;
  int digits = 0;
  for (const char c : s) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '+' && c != ' ')  // not '-': "2024-06-01" is a date
      return false;
  }
  return digits >= 5;
}

std::string mask_other(std::string_view s) {
  if (s.size() <= 5) return std::string(s.size(), '*');
  return std::string(s.substr(0, 3)) + "****" + std::string(s.substr(s.size() - 2));
}

// Masks by the value's shape: an e-mail, a phone number, else `fallback`.
std::string mask_value(std::string_view s, std::string (*fallback)(std::string_view)) {
  if (looks_like_email(s)) return mask_email(s);
  if (looks_like_phone(s)) return mask_phone(s);
  return fallback(s);
}

std::string keep(std::string_view s) {
  return std::string(s);
}

void mask_identity(Json& obj) {
  const std::string type = obj["type"].get<std::string>();
  Json& value = obj["value"];
  if (!value.is_string()) return;
  const std::string v = value.get<std::string>();
  if (type == "phone")
    value = mask_phone(v);
  else if (type == "email")
    value = mask_email(v);
  else
    value = mask_other(v);
}

void walk(Json& node) {
  if (node.is_array()) {
    for (Json& item : node) walk(item);
    return;
  }
  if (!node.is_object()) return;
  if (node.contains("type") && node.contains("value") && node["type"].is_string() &&
      node.size() <= 4) {
    mask_identity(node);
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    Json& v = it.value();
    if (!v.is_string()) {
      walk(v);
      continue;
    }
    const std::string& key = it.key();
    const std::string s = v.get<std::string>();
    if (s.empty()) continue;
    if (key == "phone" || key == "mobile" || key == "receiver_phone" || key == "caller" ||
        key == "caller_phone" || key == "phone_number") {
      v = mask_phone(s);
    } else if (key == "email" || key == "from" || key == "to") {
      v = mask_value(s, keep);
    } else if (key == "address" || key == "receiver_address" || key == "street") {
      v = mask_value(s, mask_address);
    }
  }
}

}  // namespace

void mask_pii(Json& body) {
  walk(body);
}

void mask_pii_for(const Principal& principal, Json& body) {
  if (!can_view_pii(principal)) walk(body);
}

}  // namespace guanxi::api
