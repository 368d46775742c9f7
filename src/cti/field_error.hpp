// Internal to the cti module: the error for an invalid member of a request.
#pragma once

#include <string>

#include "core/status.hpp"

namespace guanxi::cti::detail {

// invalid_argument "'<field>' <message>" at the JSON pointer "/<field>": the CTI
// API's messages name the member, for integrators reading logs without the field.
inline Status field_error(const std::string& field, const std::string& message) {
  return Status::invalid_field(field, "'" + field + "' " + message);
}

}  // namespace guanxi::cti::detail
