#include "core/money.hpp"

#include <cctype>
#include <limits>

namespace guanxi {

Result<Currency> Currency::parse(std::string_view code) {
  if (code.size() != 3) return Status::invalid("currency must be a 3-letter ISO 4217 code");
  Currency c;
  for (size_t i = 0; i < 3; ++i) {
    const auto ch = static_cast<unsigned char>(code[i]);
    if (!std::isalpha(ch)) return Status::invalid("currency must be a 3-letter ISO 4217 code");
    c.code_[i] = static_cast<char>(std::toupper(ch));
  }
  return c;
}

int Currency::exponent() const {
  const std::string_view c(code_.data(), code_.size());
  if (c == "JPY" || c == "KRW" || c == "VND" || c == "CLP" || c == "ISK" || c == "UGX") return 0;
  if (c == "KWD" || c == "BHD" || c == "OMR" || c == "JOD" || c == "TND" || c == "LYD") return 3;
  return 2;
}

namespace {

bool consume_prefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) == prefix) {
    s.remove_prefix(prefix.size());
    return true;
  }
  return false;
}

void trim(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
}

}  // namespace

Result<int64_t> parse_minor_units(std::string_view text, int exponent) {
  std::string_view s = text;
  trim(s);
  bool negative = false;
  if (consume_prefix(s, "-"))
    negative = true;
  else
    consume_prefix(s, "+");
  for (std::string_view symbol : {"¥", "￥", "$", "€", "£", "RMB", "CNY"}) {
    if (consume_prefix(s, symbol)) break;
  }
  trim(s);
  if (!negative && consume_prefix(s, "-")) negative = true;
  if (s.empty()) return Status::invalid("amount is empty");

  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t major = 0;
  bool any_digit = false;
  size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    const char ch = s[i];
    if (ch == ',') continue;
    if (ch < '0' || ch > '9') {
      return Status::invalid("amount '" + std::string(text) + "' is not a decimal number");
    }
    any_digit = true;
    if (major > (kMax - (ch - '0')) / 10)
      return Status::invalid("amount '" + std::string(text) + "' is too large");
    major = major * 10 + (ch - '0');
  }
  int64_t fraction = 0;
  int fraction_digits = 0;
  if (i < s.size()) {  // at '.'
    for (++i; i < s.size(); ++i) {
      const char ch = s[i];
      if (ch < '0' || ch > '9') {
        return Status::invalid("amount '" + std::string(text) + "' is not a decimal number");
      }
      any_digit = true;
      if (fraction_digits < exponent) {
        fraction = fraction * 10 + (ch - '0');
        ++fraction_digits;
      } else if (ch != '0') {
        return Status::invalid("amount '" + std::string(text) + "' has more than " +
                               std::to_string(exponent) + " decimal digits");
      }
    }
  }
  if (!any_digit) return Status::invalid("amount '" + std::string(text) + "' has no digits");
  for (; fraction_digits < exponent; ++fraction_digits) fraction *= 10;
  int64_t scale = 1;
  for (int e = 0; e < exponent; ++e) scale *= 10;
  if (major > (kMax - fraction) / scale)
    return Status::invalid("amount '" + std::string(text) + "' is too large");
  const int64_t minor = major * scale + fraction;
  return negative ? -minor : minor;
}

std::string format_major_units(int64_t minor, int exponent) {
  const bool negative = minor < 0;
  // Work in unsigned to format INT64_MIN correctly.
  uint64_t value = negative ? (~static_cast<uint64_t>(minor) + 1) : static_cast<uint64_t>(minor);
  uint64_t scale = 1;
  for (int e = 0; e < exponent; ++e) scale *= 10;
  std::string out = negative ? "-" : "";
  out += std::to_string(value / scale);
  if (exponent > 0) {
    std::string frac = std::to_string(value % scale);
    out += '.';
    out.append(static_cast<size_t>(exponent) - frac.size(), '0');
    out += frac;
  }
  return out;
}

}  // namespace guanxi
