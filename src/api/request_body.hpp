// Checks applied to a request body before any handler reads it: the content
// type, UTF-8 validity, nesting depth and JSON syntax. Each failure is a 4xx
// problem, never an exception or a crash.
#pragma once

#include <string_view>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::api {

// Objects and arrays nested deeper than this are rejected before parsing, so
// neither parsing, rendering nor destruction can recurse without bound.
inline constexpr int kMaxJsonDepth = 32;

// True for "application/json" and "application/<anything>+json", with or
// without parameters; a charset parameter, when present, must be utf-8.
bool is_json_content_type(std::string_view content_type);

// Parses a JSON body. invalid_argument (with the byte offset as the
// location's column) for: an empty body, invalid UTF-8, nesting deeper than
// kMaxJsonDepth, and syntax errors.
Result<Json> parse_json_body(std::string_view body);

}  // namespace guanxi::api
