// Internal to the cti module: the error for an invalid member of a request.
#pragma once

#include <string>

#include "core/status.hpp"

namespace guanxi::cti::detail {

// invalid_argument "'<field>' <message>", located at the JSON pointer "/<field>".
inline Status field_error(const std::string& field, const std::string& message) {
  Location loc;
  loc.field = "/" + field;
  return Status::invalid("'" + field + "' " + message, loc);
}

}  // namespace guanxi::cti::detail
