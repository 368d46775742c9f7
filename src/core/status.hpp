// Status and Result<T>: the one error type used by every Guanxi module.
//
// A Status carries a code (what kind of failure, which the API maps to an HTTP
// status in one place), a message for a person, and optionally where the
// problem is: a file line and column (imports), a JSON path or field name
// (API bodies), or a rule position (segment language).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace guanxi {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,   // malformed input: bad JSON, wrong type, unknown field, bad CSV value
  kNotFound,          // the addressed record does not exist (in this shop)
  kAlreadyExists,     // a unique key is taken
  kConflict,          // the request is valid but the record's state forbids it
  kUnprocessable,     // semantically invalid (e.g. a state move missing a required field)
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // credentials fine, not allowed
  kPayloadTooLarge,   // request or batch over a limit
  kUnavailable,       // temporarily cannot serve (shutting down, database busy)
  kIoError,           // file or socket failure
  kCorruption,        // stored data violates an invariant
  kInternal,          // a bug
};

// Human-readable name of an error code, e.g. "invalid_argument".
const char* error_code_name(ErrorCode code);

// Where in the input a problem is. Every member is optional.
struct Location {
  std::string file;    // input file name
  int64_t line = 0;    // 1-based line (0 = unknown)
  int64_t column = 0;  // 1-based column (0 = unknown)
  std::string field;   // JSON pointer ("/items/0/quantity") or column name ("订单编号")

  bool empty() const { return file.empty() && line == 0 && column == 0 && field.empty(); }
  // "file:line:col field" style description, empty when nothing is known.
  std::string to_string() const;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, Location location = {})
      : code_(code), message_(std::move(message)), location_(std::move(location)) {}

  static Status ok() { return {}; }
  static Status invalid(std::string message, Location location = {}) {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(location)};
  }
  // invalid_argument (400) blaming a member of a request body. `field` is a JSON
  // pointer ("/items/0/sku") or a top-level member name ("name" means "/name").
  static Status invalid_field(std::string_view field, std::string message);
  // unprocessable (422) blaming a member: a well-formed request that the
  // record's rules refuse (a stage move missing its reason, an unknown owner).
  static Status unprocessable_field(std::string_view field, std::string message);
  static Status not_found(std::string message) {
    return {ErrorCode::kNotFound, std::move(message)};
  }
  static Status conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
  static Status internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }
  static Status io_error(std::string message) { return {ErrorCode::kIoError, std::move(message)}; }

  bool is_ok() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& location() const { return location_; }

  // Returns a copy whose location has the given field (a JSON pointer or column) prefixed.
  Status with_field_prefix(const std::string& prefix) const;
  Status with_location(Location location) const;

  // "invalid_argument: message (at line 3, column 订单编号)".
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  Location location_;
};

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(data_).is_ok()) {
      data_ = Status::internal("Result constructed from an OK status without a value");
    }
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  // The error; an OK status when a value is held.
  Status status() const { return ok() ? Status::ok() : std::get<Status>(data_); }

  // Precondition: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace guanxi

#define GX_CONCAT_INNER(a, b) a##b
#define GX_CONCAT(a, b) GX_CONCAT_INNER(a, b)

// Evaluates an expression yielding a Status and returns it from the caller when not OK.
#define GX_RETURN_IF_ERROR(expr)                \
  do {                                          \
    ::guanxi::Status gx_status_ = (expr);       \
    if (!gx_status_.is_ok()) return gx_status_; \
  } while (false)

#define GX_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

// Evaluates an expression yielding a Result<T>; on error returns its Status from the caller,
// otherwise assigns (or declares) lhs from the value: GX_ASSIGN_OR_RETURN(auto x, f());
#define GX_ASSIGN_OR_RETURN(lhs, expr) \
  GX_ASSIGN_OR_RETURN_IMPL(GX_CONCAT(gx_result_, __LINE__), lhs, expr)
