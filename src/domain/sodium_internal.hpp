// libsodium helpers shared by the domain's implementation files (not part of its API).
#pragma once

#include <sodium.h>

#include <cstddef>
#include <string>

#include "core/status.hpp"

namespace guanxi::domain::internal {

// Initialises libsodium once per process; internal error when it cannot.
inline Status ensure_sodium() {
  static const int rc = sodium_init();
  if (rc < 0) return Status::internal("libsodium failed to initialise");
  return Status::ok();
}

// Lowercase hex of `n` bytes.
inline std::string to_hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

}  // namespace guanxi::domain::internal
