// In-memory rate limiting of sign-in attempts, per username and per client
// address: at most N attempts in a fixed window each. Complements the
// per-account lockout stored with the user (domain::LockoutPolicy), which
// survives restarts but only covers known usernames; this one also slows
// down guessing across many usernames from one address.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"

namespace guanxi::api {

class LoginLimiter {
 public:
  struct Options {
    int per_username = 10;  // attempts per window for one username
    int per_ip = 30;        // attempts per window from one address
    std::chrono::milliseconds window{std::chrono::minutes(5)};
  };

  explicit LoginLimiter(Options options) : options_(options) {}

  // Counts an attempt; when over a limit returns how long to wait instead
  // (the attempt is then not counted). Thread-safe.
  std::optional<std::chrono::seconds> attempt(std::string_view username, std::string_view ip,
                                              Timestamp now);

 private:
  struct Window {
    Timestamp start{};
    int count = 0;
  };
  std::optional<std::chrono::seconds> check(std::unordered_map<std::string, Window>& map,
                                            const std::string& key, int limit, Timestamp now);

  Options options_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> by_user_;
  std::unordered_map<std::string, Window> by_ip_;
};

}  // namespace guanxi::api
