#include "api/request_context.hpp"

#include <charconv>

#include "api/url.hpp"

namespace guanxi::api {

namespace {

Status param_error(std::string_view name, std::string message) {
  Location loc;
  loc.field = "{" + std::string(name) + "}";
  return Status::invalid(std::move(message), loc);
}

}  // namespace

Result<store::Connection*> ReaderConnection::get() {
  if (!conn_) {
    auto opened = db_.connect(true);
    if (!opened.ok()) {
      return Status(ErrorCode::kUnavailable, "database unavailable: " + opened.status().message());
    }
    conn_ = std::move(*opened);
  }
  return conn_.get();
}

Result<int64_t> RequestContext::id_param(std::string_view name) const {
  const std::string_view raw = params_.raw(name);
  int64_t id = 0;
  const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (raw.empty() || ec != std::errc() || ptr != raw.data() + raw.size() || id <= 0) {
    return param_error(name, "'" + std::string(name) + "' must be a positive integer id");
  }
  return id;
}

Result<std::string> RequestContext::text_param(std::string_view name) const {
  auto decoded = percent_decode(params_.raw(name), false);
  if (!decoded.ok()) return param_error(name, decoded.status().message());
  return decoded;
}

}  // namespace guanxi::api
