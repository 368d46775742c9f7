// JSON helpers over nlohmann::json: parsing with positioned errors, and a strict
// field reader for request bodies that names the JSON pointer of every problem
// and rejects unknown fields.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace guanxi {

using Json = nlohmann::json;

// Parses text; a syntax error is invalid_argument naming the byte offset.
Result<Json> parse_json(std::string_view text);

// Reads the members of one JSON object. Each accessor returns the value, or
// nullopt when absent (or on error); the first problem is kept and returned by
// finish(), which also reports the first member nobody asked for.
//
//   JsonFields f(body);
//   auto name = f.string("name");
//   auto qty = f.int64("quantity", Need::kRequired);
//   GX_RETURN_IF_ERROR(f.finish());
class JsonFields {
 public:
  enum class Need { kOptional, kRequired };

  // `pointer` is this object's JSON pointer, used in error locations ("" = root).
  explicit JsonFields(const Json& object, std::string pointer = "");

  std::optional<std::string> string(std::string_view key, Need need = Need::kOptional);
  std::optional<int64_t> int64(std::string_view key, Need need = Need::kOptional);
  std::optional<bool> boolean(std::string_view key, Need need = Need::kOptional);
  // Objects and arrays are returned as pointers into the document (valid while it lives).
  const Json* object(std::string_view key, Need need = Need::kOptional);
  const Json* array(std::string_view key, Need need = Need::kOptional);
  // Any JSON value (including null) without a type check.
  const Json* any(std::string_view key, Need need = Need::kOptional);
  // True when the member is present with the value null (used to clear a field in PATCH).
  bool is_null(std::string_view key) const;

  // Marks a member as known without reading it.
  void allow(std::string_view key) { seen_.insert(std::string(key)); }
  // Records an error at a member, e.g. for a value that failed a domain check.
  void fail(std::string_view key, std::string message);
  std::string pointer_of(std::string_view key) const;

  // The first error; else an error for the first unknown member; else OK.
  Status finish() const;

 private:
  const Json* find(std::string_view key, Need need, const char* type_name);
  void fail_type(std::string_view key, const char* type_name);

  const Json& object_;
  std::string pointer_;
  std::set<std::string, std::less<>> seen_;
  Status first_error_;
};

}  // namespace guanxi
