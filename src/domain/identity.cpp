#include <algorithm>
#include <cctype>

#include "domain/customers.hpp"

namespace guanxi::domain {

namespace {

std::string trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  // Full-width spaces (U+3000) are common in Chinese exports.
  while (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
  while (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
  return std::string(s);
}

Result<std::string> normalize_phone(std::string_view raw) {
  const std::string text = trim(raw);
  auto bad = [&](const std::string& why) { return Status::invalid("phone '" + text + "' " + why); };
  if (text.empty()) return bad("is empty");
  if (text.find('*') != std::string::npos) return bad("is masked");
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
      continue;
    } else {
      return bad("contains '" + std::string(1, c) + "'");
    }
  }
  if (!plus && digits.starts_with("00")) {
    plus = true;
    digits.erase(0, 2);
  }
  if (plus) {
    if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0')
      return bad("is not a valid international number");
    if (digits.starts_with("86") && digits.size() == 13 && digits[2] == '1' && (digits[3] < '3')) {
      return bad("is not a valid Chinese mobile number");
    }
    return "+" + digits;
  }
  // Chinese mobile written with the country code but no '+'.
  if (digits.size() == 13 && digits.starts_with("861")) return "+" + digits;
  // Chinese mobile: 11 digits, 1[3-9]x.
  if (digits.size() == 11 && digits[0] == '1') {
    if (digits[1] < '3') return bad("is not a valid Chinese mobile number");
    return "+86" + digits;
  }
  // Chinese landline with area code: 0 + 9..11 digits.
  if (digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0' && digits[1] != '0') {
    return "+86" + digits.substr(1);
  }
  return bad(
      "is not a phone number (expected a Chinese mobile number, a landline with area code, or "
      "+country code)");
}

Result<std::string> normalize_email(std::string_view raw) {
  std::string text = trim(raw);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const size_t at = text.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= text.size() ||
      text.find('@', at + 1) != std::string::npos) {
    return Status::invalid("email '" + text + "' is not an email address");
  }
  const std::string_view domain = std::string_view(text).substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return Status::invalid("email '" + text + "' has no valid domain");
  }
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>') {
      return Status::invalid("email '" + text + "' contains an invalid character");
    }
  }
  return text;
}

}  // namespace

Result<Identity> normalize_identity(const IdentityInput& input) {
  Identity out;
  out.type = input.type;
  switch (input.type) {
    case IdentityType::kPhone: {
      GX_ASSIGN_OR_RETURN(out.value, normalize_phone(input.value));
      return out;
    }
    case IdentityType::kEmail: {
      GX_ASSIGN_OR_RETURN(out.value, normalize_email(input.value));
      return out;
    }
    default:
      break;
  }
  out.value = trim(input.value);
  if (out.value.empty()) {
    return Status::invalid(std::string(identity_type_name(input.type)) + " is empty");
  }
  if (out.value.size() > 256) {
    return Status::invalid(std::string(identity_type_name(input.type)) +
                           " is longer than 256 bytes");
  }
  for (const char ch : out.value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < ' ')
      return Status::invalid(std::string(identity_type_name(input.type)) +
                             " contains a control character");
  }
  return out;
}

std::vector<std::string> drop_invalid_identities(CustomerInput& input) {
  std::vector<std::string> reasons;
  std::vector<IdentityInput> kept;
  for (auto& id : input.identities) {
    auto n = normalize_identity(id);
    if (n.ok()) {
      kept.push_back(std::move(id));
    } else {
      reasons.push_back(n.status().message());
    }
  }
  input.identities = std::move(kept);
  return reasons;
}

}  // namespace guanxi::domain
