// Internal to the CLI: the percentage format its report tables share.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

namespace guanxi::cli::detail {

// A rate (0.25) as "25.0%"; "-" when there is none.
inline std::string pct(const std::optional<double>& rate) {
  return rate ? fmt::format("{:.1f}%", *rate * 100.0) : "-";
}

}  // namespace guanxi::cli::detail
