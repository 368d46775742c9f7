// Helpers shared by the body readers (inputs.hpp): typed members whose text
// must also parse (times, enums), failing at the member's JSON pointer.
#pragma once

#include <optional>
#include <string_view>

#include "core/json.hpp"
#include "core/time.hpp"

namespace guanxi::api::detail {

// A string member turned into T by `parse`; a parse failure is recorded at
// the member with the parser's message.
template <typename T, typename Parse>
std::optional<T> parsed_member(JsonFields& f, std::string_view key, Parse&& parse,
                               JsonFields::Need need = JsonFields::Need::kOptional) {
  const auto text = f.string(key, need);
  if (!text) return std::nullopt;
  auto value = parse(std::string_view(*text));
  if (!value.ok()) {
    f.fail(key, value.status().message());
    return std::nullopt;
  }
  return std::move(*value);
}

// An ISO 8601 instant with an offset ("2024-03-01T12:00:00+08:00").
inline std::optional<Timestamp> time_member(JsonFields& f, std::string_view key,
                                            JsonFields::Need need = JsonFields::Need::kOptional) {
  return parsed_member<Timestamp>(
      f, key, [](std::string_view t) { return parse_iso8601(t); }, need);
}

// A positive integer id.
inline std::optional<int64_t> id_member(JsonFields& f, std::string_view key,
                                        JsonFields::Need need = JsonFields::Need::kOptional) {
  const auto v = f.int64(key, need);
  if (v && *v <= 0) {
    f.fail(key, "'" + std::string(key) + "' must be a positive integer id");
    return std::nullopt;
  }
  return v;
}

// A member that is an id or null (null: clear). Outer nullopt: absent.
inline std::optional<std::optional<int64_t>> nullable_id(JsonFields& f, std::string_view key) {
  if (f.is_null(key)) {
    f.allow(key);
    return std::optional<int64_t>();
  }
  auto v = id_member(f, key);
  if (!v) return std::nullopt;
  return std::optional<int64_t>(*v);
}

}  // namespace guanxi::api::detail
