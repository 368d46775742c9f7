// Reading request targets: percent-decoding and strict query parameters.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"

namespace guanxi::api {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as in query
// strings). A malformed escape, invalid UTF-8 or a control character in the
// result is invalid_argument.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The parameters of a query string, read strictly like JsonFields reads a
// body: each accessor marks its name as known and returns the value or nullopt
// (absent, or on error); finish() returns the first problem, else an error for
// the first parameter nobody asked for. Errors name the parameter
// (Location field "?name", see problem.hpp).
class QueryParams {
 public:
  explicit QueryParams(std::string_view query);

  std::optional<std::string> string(std::string_view name);
  // An integer in [min, max].
  std::optional<int64_t> int64(std::string_view name, int64_t min, int64_t max);
  // One of the allowed values ("asc", "desc").
  std::optional<std::string> one_of(std::string_view name,
                                    std::initializer_list<std::string_view> allowed);
  // True when the parameter is present (and marks it known).
  bool has(std::string_view name);

  Status finish() const;

 private:
  const std::string* find(std::string_view name);
  void fail(std::string_view name, std::string message);

  std::vector<std::pair<std::string, std::string>> params_;
  std::vector<bool> known_;
  Status first_error_;
};

}  // namespace guanxi::api
