#include "core/json.hpp"

namespace guanxi {

Result<Json> parse_json(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    Location loc;
    loc.column = static_cast<int64_t>(e.byte);
    return Status::invalid("malformed JSON: " + std::string(e.what()), loc);
  } catch (const Json::exception& e) {  // e.g. out_of_range for 1e999999
    return Status::invalid("unacceptable JSON: " + std::string(e.what()));
  }
}

namespace {

// Escapes a member name for a JSON pointer (RFC 6901).
std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace

JsonFields::JsonFields(const Json& object, std::string pointer)
    : object_(object), pointer_(std::move(pointer)) {
  if (!object_.is_object()) {
    Location loc;
    loc.field = pointer_.empty() ? "/" : pointer_;
    first_error_ = Status::invalid("expected a JSON object", loc);
  }
}

std::string JsonFields::pointer_of(std::string_view key) const {
  return pointer_ + "/" + escape_pointer_token(key);
}

void JsonFields::fail(std::string_view key, std::string message) {
  if (!first_error_.is_ok()) return;
  Location loc;
  loc.field = pointer_of(key);
  first_error_ = Status::invalid(std::move(message), loc);
}

void JsonFields::fail_type(std::string_view key, const char* type_name) {
  fail(key, "'" + std::string(key) + "' must be " + type_name);
}

const Json* JsonFields::find(std::string_view key, Need need, const char* type_name) {
  seen_.insert(std::string(key));
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end() || (it->is_null() && need == Need::kOptional)) {
    if (need == Need::kRequired)
      fail(key, "'" + std::string(key) + "' is required (" + type_name + ")");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonFields::string(std::string_view key, Need need) {
  const Json* v = find(key, need, "a string");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    fail_type(key, "a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> JsonFields::int64(std::string_view key, Need need) {
  const Json* v = find(key, need, "an integer");
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      fail(key, "'" + std::string(key) + "' is out of range");
      return std::nullopt;
    }
    return v->get<int64_t>();
  }
  fail_type(key, "an integer");
  return std::nullopt;
}

std::optional<bool> JsonFields::boolean(std::string_view key, Need need) {
  const Json* v = find(key, need, "a boolean");
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    fail_type(key, "a boolean");
    return std::nullopt;
  }
  return v->get<bool>();
}

const Json* JsonFields::object(std::string_view key, Need need) {
  const Json* v = find(key, need, "an object");
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    fail_type(key, "an object");
    return nullptr;
  }
  return v;
}

const Json* JsonFields::array(std::string_view key, Need need) {
  const Json* v = find(key, need, "an array");
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    fail_type(key, "an array");
    return nullptr;
  }
  return v;
}

const Json* JsonFields::any(std::string_view key, Need need) {
  seen_.insert(std::string(key));
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end()) {
    if (need == Need::kRequired) fail(key, "'" + std::string(key) + "' is required");
    return nullptr;
  }
  return &*it;
}

bool JsonFields::is_null(std::string_view key) const {
  if (!object_.is_object()) return false;
  const auto it = object_.find(key);
  return it != object_.end() && it->is_null();
}

Status JsonFields::finish() const {
  if (!first_error_.is_ok()) return first_error_;
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) {
      Location loc;
      loc.field = pointer_of(key);
      return Status::invalid("unknown field '" + key + "'", loc);
    }
  }
  return Status::ok();
}

}  // namespace guanxi
