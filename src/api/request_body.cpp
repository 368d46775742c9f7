#include "api/request_body.hpp"

#include "api/http.hpp"
#include "api/utf8.hpp"

namespace guanxi::api {

namespace {

Status body_error(std::string message, size_t offset) {
  Location loc;
  loc.column = static_cast<int64_t>(offset) + 1;
  return Status::invalid(std::move(message), loc);
}

// The offset where nesting first exceeds the limit, or npos.
size_t too_deep_at(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

bool is_json_content_type(std::string_view content_type) {
  const size_t semi = content_type.find(';');
  const std::string_view media = trim(content_type.substr(0, semi));
  const size_t slash = media.find('/');
  if (slash == std::string_view::npos || !iequals(media.substr(0, slash), "application"))
    return false;
  const std::string_view sub = media.substr(slash + 1);
  const bool json =
      iequals(sub, "json") || (sub.size() > 5 && iequals(sub.substr(sub.size() - 5), "+json"));
  if (!json) return false;
  std::string_view params =
      semi == std::string_view::npos ? std::string_view() : content_type.substr(semi + 1);
  while (!params.empty()) {
    const size_t next = params.find(';');
    const std::string_view param = trim(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim(param.substr(0, eq)), "charset")) continue;
    std::string_view value = trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (!iequals(value, "utf-8") && !iequals(value, "utf8")) return false;
  }
  return true;
}

Result<Json> parse_json_body(std::string_view body) {
  if (body.empty()) return Status::invalid("a JSON request body is required");
  if (const auto bad = first_invalid_utf8(body))
    return body_error("request body is not valid UTF-8", *bad);
  if (const size_t at = too_deep_at(body); at != std::string_view::npos) {
    return body_error("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", at);
  }
  // parse_json reports syntax errors; nlohmann also throws out_of_range for
  // numbers beyond double (1e999999), which core does not catch yet.
  try {
    return parse_json(body);
  } catch (const Json::exception& e) {
    return Status::invalid(std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace guanxi::api
