#include "api/url.hpp"

#include <charconv>

#include "api/utf8.hpp"

namespace guanxi::api {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
      const int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
      if (lo < 0) return Status::invalid("malformed percent-escape in URL");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (first_invalid_utf8(out)) return Status::invalid("URL component is not valid UTF-8");
  for (const char c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return Status::invalid("URL component contains a control character");
    }
  }
  return out;
}

QueryParams::QueryParams(std::string_view query) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name.ok()) {
      if (first_error_.is_ok()) first_error_ = name.status();
      continue;
    }
    if (!value.ok()) {
      fail(*name, "query parameter '" + *name + "': " + value.status().message());
      continue;
    }
    for (const auto& [existing, unused] : params_) {
      if (existing == *name) fail(*name, "query parameter '" + *name + "' is given more than once");
    }
    params_.emplace_back(std::move(*name), std::move(*value));
    known_.push_back(false);
  }
}

const std::string* QueryParams::find(std::string_view name) {
  for (size_t i = 0; i < params_.size(); ++i) {
    if (params_[i].first == name) {
      known_[i] = true;
      return &params_[i].second;
    }
  }
  return nullptr;
}

void QueryParams::fail(std::string_view name, std::string message) {
  if (!first_error_.is_ok()) return;
  Location loc;
  loc.field = "?" + std::string(name);
  first_error_ = Status::invalid(std::move(message), loc);
}

std::optional<std::string> QueryParams::string(std::string_view name) {
  const std::string* v = find(name);
  if (v == nullptr) return std::nullopt;
  return *v;
}

std::optional<std::string> QueryParams::one_of(std::string_view name,
                                               std::initializer_list<std::string_view> allowed) {
  const std::string* v = find(name);
  if (v == nullptr) return std::nullopt;
  std::string expected;
  for (const std::string_view a : allowed) {
    if (a == *v) return *v;
    expected += expected.empty() ? "" : ", ";
    expected += a;
  }
  fail(name, "query parameter '" + std::string(name) + "' must be one of: " + expected);
  return std::nullopt;
}

bool QueryParams::has(std::string_view name) {
  return find(name) != nullptr;
}

std::optional<int64_t> QueryParams::int64(std::string_view name, int64_t min, int64_t max) {
  const std::string* v = find(name);
  if (v == nullptr) return std::nullopt;
  int64_t value = 0;
  const char* end = v->data() + v->size();
  const auto [ptr, ec] = std::from_chars(v->data(), end, value);
  if (v->empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    fail(name, "query parameter '" + std::string(name) + "' must be an integer from " +
                   std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

Status QueryParams::finish() const {
  if (!first_error_.is_ok()) return first_error_;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!known_[i]) {
      Location loc;
      loc.field = "?" + params_[i].first;
      return Status::invalid("unknown query parameter '" + params_[i].first + "'", loc);
    }
  }
  return Status::ok();
}

}  // namespace guanxi::api
