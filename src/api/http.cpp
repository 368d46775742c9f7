#include "api/http.hpp"

#include <array>

namespace guanxi::api {

namespace {

constexpr std::array<std::pair<std::string_view, Method>, 7> kMethods{{
    {"GET", Method::kGet},
    {"HEAD", Method::kHead},
    {"POST", Method::kPost},
    {"PUT", Method::kPut},
    {"PATCH", Method::kPatch},
    {"DELETE", Method::kDelete},
    {"OPTIONS", Method::kOptions},
}};

}  // namespace

std::string_view method_name(Method m) {
  for (const auto& [name, value] : kMethods) {
    if (value == m) return name;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (const auto& [text, value] : kMethods) {
    if (text == name) return value;
  }
  return Method::kOther;
}

std::string_view Request::path() const {
  const size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::string_view Request::query() const {
  const size_t q = target.find('?');
  return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

}  // namespace guanxi::api
