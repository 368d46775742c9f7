// Helpers shared by the sales write paths (accounts, leads, opportunities,
// pipelines). Not part of the module's API.
#pragma once

#include <cstdint>
#include <optional>

#include "core/time.hpp"
#include "domain/context.hpp"

namespace guanxi::sales::internal {

// The write's clock, in epoch milliseconds.
inline int64_t now_ms(const domain::WriteContext& ctx) {
  return to_millis(ctx.clock.now());
}

// Applies one field of a patch: `target` takes `value` when it is set.
template <typename T>
void set(T& target, const std::optional<T>& value) {
  if (value) target = *value;
}

}  // namespace guanxi::sales::internal
