// Internal to the store: binding optional text.
#pragma once

#include <string_view>

namespace guanxi::store::detail {

// A default-constructed string_view has no data and would bind as NULL.
inline std::string_view not_null(std::string_view text) {
  return text.data() ? text : std::string_view("");
}

}  // namespace guanxi::store::detail
