// Shared by the handler files: response shorthands and early-return macros
// for coroutine handlers (GX_RETURN_IF_ERROR cannot `return` in a coroutine).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "api/problem.hpp"
#include "api/request_context.hpp"
#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::api::handlers {

using boost::asio::awaitable;

inline Response ok(const Json& body) {
  return json_response(200, body);
}

inline Response created(const Json& body, std::string location) {
  Response r = json_response(201, body);
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

inline Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

// The largest page (?limit=) of a list route that sets no limit of its own.
inline constexpr int64_t kMaxPage = 1000;

// The shop's time zone (local days and wall times of the request's shop).
inline const ShopZone& zone_of(const RequestContext& ctx) {
  return ctx.shop().zone;
}

// The elements of a comma-separated query parameter ("open,pending"); empty
// elements are skipped, an absent parameter is an empty list.
inline std::vector<std::string> split_list(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text) return out;
  size_t start = 0;
  while (start <= text->size()) {
    const size_t comma = text->find(',', start);
    const size_t end = comma == std::string::npos ? text->size() : comma;
    if (end > start) out.push_back(text->substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// A list response: {"items": [...]} plus extra members.
inline Json items_of(Json items) {
  return Json{{"items", std::move(items)}};
}

// The application's segment engine; unavailable (503) when it is not running.
inline Result<segment::SegmentEngine*> segment_engine(RequestContext& ctx) {
  segment::SegmentEngine* engine = ctx.app().segments();
  if (engine == nullptr) {
    return Status(ErrorCode::kUnavailable, "the segment engine is not running");
  }
  return engine;
}

}  // namespace guanxi::api::handlers

// In a coroutine handler: co_returns the problem response of a non-OK Status.
#define GX_CO_RETURN_IF_ERROR(expr)                                                       \
  do {                                                                                    \
    ::guanxi::Status gx_co_status_ = (expr);                                              \
    if (!gx_co_status_.is_ok()) co_return ::guanxi::api::problem_response(gx_co_status_); \
  } while (false)

#define GX_CO_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                       \
  auto tmp = (expr);                                                      \
  if (!tmp.ok()) co_return ::guanxi::api::problem_response(tmp.status()); \
  lhs = std::move(tmp).value()

// In a coroutine handler: evaluates a Result<T>; on error co_returns its
// problem response, otherwise assigns (or declares) lhs from the value.
#define GX_CO_ASSIGN_OR_RETURN(lhs, expr) \
  GX_CO_ASSIGN_OR_RETURN_IMPL(GX_CONCAT(gx_co_result_, __LINE__), lhs, expr)
