#include "core/status.hpp"

namespace guanxi {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnprocessable:
      return "unprocessable";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kIoError:
      return "io_error";
    case ErrorCode::kCorruption:
      return "corruption";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Location::to_string() const {
  std::string out;
  if (!file.empty()) out += file;
  if (line > 0) {
    if (!out.empty()) out += ':';
    out += "line " + std::to_string(line);
  }
  if (column > 0) {
    out += out.empty() ? "" : ", ";
    out += "col " + std::to_string(column);
  }
  if (!field.empty()) {
    out += out.empty() ? "" : ", ";
    out += "field " + field;
  }
  return out;
}

namespace {

Location at_member(std::string_view field) {
  Location loc;
  loc.field = field.starts_with('/') ? std::string(field) : "/" + std::string(field);
  return loc;
}

}  // namespace

Status Status::invalid_field(std::string_view field, std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message), at_member(field)};
}

Status Status::unprocessable_field(std::string_view field, std::string message) {
  return {ErrorCode::kUnprocessable, std::move(message), at_member(field)};
}

Status Status::with_field_prefix(const std::string& prefix) const {
  Status copy = *this;
  copy.location_.field = prefix + copy.location_.field;
  return copy;
}

Status Status::with_location(Location location) const {
  Status copy = *this;
  copy.location_ = std::move(location);
  return copy;
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string out = error_code_name(code_);
  out += ": ";
  out += message_;
  if (!location_.empty()) out += " (at " + location_.to_string() + ")";
  return out;
}

}  // namespace guanxi
