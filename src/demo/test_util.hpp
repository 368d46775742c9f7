// Helpers for the demo tests.
#pragma once

#include "core/time.hpp"

namespace guanxi::demo::testing {

// The instant the test shops are generated "as of": 2024-06-01 10:00 in Shanghai.
inline Timestamp as_of() {
  return ShopZone::shanghai().parse_local("2024-06-01 10:00:00").value();
}

}  // namespace guanxi::demo::testing
