// Internal to the importer: the error of an export whose header lacks a column
// its adapter requires.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace guanxi::importer::detail {

// invalid_argument at line 1, field `name`.
inline Status missing_column(std::string_view name) {
  Location loc;
  loc.line = 1;
  loc.field = std::string(name);
  return Status::invalid("required column '" + std::string(name) + "' is missing from the header",
                         loc);
}

}  // namespace guanxi::importer::detail
