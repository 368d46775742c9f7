#include "api/login_limiter.hpp"

namespace guanxi::api {

namespace {

constexpr size_t kMaxKeys = 100'000;  // bounded memory under a flood of usernames

std::string lower(std::string_view s) {
  std::string out(s.substr(0, 128));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::optional<std::chrono::seconds> LoginLimiter::check(
    std::unordered_map<std::string, Window>& map, const std::string& key, int limit,
    Timestamp now) {
  auto it = map.find(key);
  if (it == map.end() || now - it->second.start >= options_.window) return std::nullopt;
  if (it->second.count < limit) return std::nullopt;
  const auto left = options_.window - (now - it->second.start);
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

std::optional<std::chrono::seconds> LoginLimiter::attempt(std::string_view username,
                                                          std::string_view ip, Timestamp now) {
  const std::string user_key = lower(username);
  const std::string ip_key(ip);
  std::lock_guard lock(mu_);
  if (auto wait = check(by_user_, user_key, options_.per_username, now)) return wait;
  if (auto wait = check(by_ip_, ip_key, options_.per_ip, now)) return wait;
  for (auto* map : {&by_user_, &by_ip_}) {
    if (map->size() >= kMaxKeys) {
      std::erase_if(*map, [&](const auto& e) { return now - e.second.start >= options_.window; });
      if (map->size() >= kMaxKeys) map->clear();
    }
    Window& w = (*map)[map == &by_user_ ? user_key : ip_key];
    if (now - w.start >= options_.window) w = Window{now, 0};
    ++w.count;
  }
  return std::nullopt;
}

}  // namespace guanxi::api
