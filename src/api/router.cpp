#include "api/router.hpp"

#include <cstdint>

namespace guanxi::api {

namespace {

bool is_param(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

// Splits "/a/b/c" into {"a", "b", "c"}; false when the path does not start
// with '/' or has more segments than `out` holds.
template <size_t N>
bool split_path(std::string_view path, std::array<std::string_view, N>& out, size_t& count) {
  count = 0;
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  for (;;) {
    if (count == N) return false;
    const size_t slash = path.find('/');
    out[count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

constexpr size_t kMaxSegments = 16;

}  // namespace

std::string_view PathParams::raw(std::string_view name) const {
  for (size_t i = 0; i < size_; ++i) {
    if (items_[i].first == name) return items_[i].second;
  }
  return {};
}

void PathParams::add(std::string_view name, std::string_view value) {
  if (size_ < kMaxParams) items_[size_++] = {name, value};
}

Status Router::add(const RouteSpec& spec) {
  std::array<std::string_view, kMaxSegments> parts{};
  size_t count = 0;
  if (spec.handler == nullptr || !split_path(spec.path, parts, count)) {
    return Status::invalid("malformed route " + std::string(spec.path));
  }
  Route route{spec, routes_.size(), {}};
  size_t params = 0;
  for (size_t i = 0; i < count; ++i) {
    if (parts[i].empty())
      return Status::invalid("empty segment in route " + std::string(spec.path));
    if (is_param(parts[i])) ++params;
    route.segments.emplace_back(parts[i]);
  }
  if (params > PathParams::kMaxParams) {
    return Status::invalid("too many parameters in route " + std::string(spec.path));
  }
  for (const Route& r : routes_) {
    if (r.spec.method == spec.method && r.spec.path == spec.path) {
      return Status::invalid("duplicate route " + std::string(method_name(spec.method)) + " " +
                             std::string(spec.path));
    }
  }
  routes_.push_back(std::move(route));
  return Status::ok();
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match m;
  std::array<std::string_view, kMaxSegments> parts{};
  size_t count = 0;
  if (!split_path(path, parts, count)) return m;

  // Among the templates matching the path, the most specific one wins: a
  // literal segment beats a parameter, earlier segments weighing more.
  uint32_t best_score = 0;
  uint32_t allowed = 0;  // bit per Method of the templates matching with another method
  for (const Route& r : routes_) {
    if (r.segments.size() != count) continue;
    uint32_t score = 1;
    bool matches = true;
    for (size_t i = 0; i < count && matches; ++i) {
      const std::string& seg = r.segments[i];
      if (is_param(seg)) {
        matches = !parts[i].empty();
      } else {
        matches = seg == parts[i];
        score |= 1U << (31 - i);
      }
    }
    if (!matches) continue;
    if (r.spec.method != method) {
      allowed |= 1U << static_cast<unsigned>(r.spec.method);
      continue;
    }
    if (score > best_score) {
      best_score = score;
      m.route = &r;
    }
  }
  if (m.route != nullptr) {
    for (size_t i = 0; i < count; ++i) {
      const std::string& seg = m.route->segments[i];
      if (is_param(seg)) m.params.add(std::string_view(seg).substr(1, seg.size() - 2), parts[i]);
    }
    return m;
  }
  if (allowed != 0) {
    m.path_known = true;
    for (unsigned bit = 0; bit <= static_cast<unsigned>(Method::kOther); ++bit) {
      if ((allowed & (1U << bit)) == 0) continue;
      if (!m.allow.empty()) m.allow += ", ";
      m.allow += method_name(static_cast<Method>(bit));
    }
  }
  return m;
}

}  // namespace guanxi::api
