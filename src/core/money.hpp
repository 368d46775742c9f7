// Money: integer minor units (fen, cents) with an ISO 4217 currency.
// There is no floating point anywhere in an amount's life: parsing a decimal
// string, storing, summing and printing are all integer operations.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace guanxi {

class Currency {
 public:
  // Defaults to CNY, the shop default.
  constexpr Currency() : code_{'C', 'N', 'Y'} {}

  // Parses a 3-letter ISO 4217 code (case-insensitive). Unknown but well-formed
  // codes are accepted with 2 decimal digits.
  static Result<Currency> parse(std::string_view code);

  std::string code() const { return std::string(code_.data(), code_.size()); }
  // Digits after the decimal point in the major unit (CNY 2, JPY 0, KWD 3).
  int exponent() const;
  bool operator==(const Currency&) const = default;

 private:
  std::array<char, 3> code_;
};

struct Money {
  int64_t minor = 0;
  Currency currency;

  bool operator==(const Money&) const = default;
};

// Parses a decimal amount in major units into minor units for a currency with
// `exponent` decimal digits: "1,234.5" -> 123450 (exponent 2). Accepts a leading
// sign, thousands separators (","), a currency symbol prefix (¥ ￥ $ €), and
// surrounding spaces. Rejects more significant decimals than the exponent allows
// ("1.234" for CNY), empty text, and values that overflow int64.
Result<int64_t> parse_minor_units(std::string_view text, int exponent = 2);

// Formats minor units as a decimal string in major units: 123450 -> "1234.50".
std::string format_major_units(int64_t minor, int exponent = 2);

}  // namespace guanxi
