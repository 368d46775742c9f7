#include "channel/config_reader.hpp"

#include <cstdlib>
#include <utility>

namespace guanxi::channel {

namespace {

bool has_control(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

}  // namespace

Status config_error(const std::string& key_path, std::string_view message) {
  Location loc;
  loc.field = key_path;
  return Status::invalid(key_path + ": " + std::string(message), loc);
}

ConfigReader::ConfigReader(const Json& config, std::string path)
    : config_(config), path_(std::move(path)) {
  if (!config_.is_object()) first_error_ = config_error(path_, "must be a JSON object");
}

std::string ConfigReader::key_path(std::string_view key) const {
  return path_ + "." + std::string(key);
}

void ConfigReader::fail(std::string_view key, std::string_view message) {
  if (!first_error_.is_ok()) return;
  first_error_ = config_error(key_path(key), message);
}

const Json* ConfigReader::find(std::string_view key, Need need, const char* what) {
  seen_.insert(std::string(key));
  if (!config_.is_object()) return nullptr;
  const auto it = config_.find(key);
  if (it == config_.end() || it->is_null()) {
    if (need == Need::kRequired) fail(key, std::string("is required (") + what + ")");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ConfigReader::string(std::string_view key, Need need) {
  const Json* v = find(key, need, "a string");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  if (s.empty()) {
    if (need == Need::kRequired) fail(key, "must not be empty");
    return std::nullopt;
  }
  if (has_control(s)) {
    fail(key, "must not contain control characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> ConfigReader::secret(std::string_view key, Need need) {
  const std::string env_key = std::string(key) + "_env";
  auto inline_value = string(key);
  auto env_name = string(env_key);
  if (inline_value && env_name) {
    fail(key, "give either " + std::string(key) + " or " + env_key + ", not both");
    return std::nullopt;
  }
  if (inline_value) return inline_value;
  if (env_name) {
    const char* value = std::getenv(env_name->c_str());
    if (value == nullptr || *value == '\0') {
      fail(env_key, "environment variable " + *env_name + " is not set");
      return std::nullopt;
    }
    if (has_control(value)) {
      fail(env_key, "environment variable " + *env_name + " contains control characters");
      return std::nullopt;
    }
    return std::string(value);
  }
  if (need == Need::kRequired && ok()) {
    fail(key, "is required (a string, or " + env_key + " naming an environment variable)");
  }
  return std::nullopt;
}

std::optional<std::string> ConfigReader::url(std::string_view key,
                                             std::initializer_list<std::string_view> schemes,
                                             Need need) {
  auto s = string(key, need);
  if (!s) return std::nullopt;
  std::string expected;
  for (std::string_view scheme : schemes) {
    const std::string prefix = std::string(scheme) + "://";
    if (s->starts_with(prefix)) {
      const std::string_view rest = std::string_view(*s).substr(prefix.size());
      if (rest.empty() || rest.front() == '/' || rest.front() == ':' ||
          rest.find(' ') != std::string_view::npos) {
        fail(key, "must name a host after " + prefix);
        return std::nullopt;
      }
      return s;
    }
    if (!expected.empty()) expected += " or ";
    expected += prefix;
  }
  fail(key, "must start with " + expected);
  return std::nullopt;
}

std::optional<int64_t> ConfigReader::integer(std::string_view key, int64_t min, int64_t max,
                                             Need need) {
  const Json* v = find(key, need, "an integer");
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    fail(key, "must be an integer");
    return std::nullopt;
  }
  const auto n = v->get<int64_t>();
  if (n < min || n > max) {
    fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::chrono::milliseconds ConfigReader::millis(std::string_view key,
                                               std::chrono::milliseconds fallback, int64_t min_ms,
                                               int64_t max_ms) {
  const auto n = integer(key, min_ms, max_ms);
  return n ? std::chrono::milliseconds(*n) : fallback;
}

std::optional<bool> ConfigReader::boolean(std::string_view key) {
  const Json* v = find(key, Need::kOptional, "a boolean");
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    fail(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

const Json* ConfigReader::object(std::string_view key, Need need) {
  const Json* v = find(key, need, "an object");
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    fail(key, "must be a JSON object");
    return nullptr;
  }
  return v;
}

std::optional<std::string> ConfigReader::choice(std::string_view key,
                                                std::initializer_list<std::string_view> choices,
                                                Need need) {
  auto s = string(key, need);
  if (!s) return std::nullopt;
  std::string list;
  for (std::string_view c : choices) {
    if (*s == c) return s;
    if (!list.empty()) list += ", ";
    list += c;
  }
  fail(key, "must be one of " + list);
  return std::nullopt;
}

Status ConfigReader::finish() const {
  if (!first_error_.is_ok()) return first_error_;
  for (const auto& [name, value] : config_.items()) {
    if (!seen_.contains(name)) return config_error(key_path(name), "unknown key");
  }
  return Status::ok();
}

}  // namespace guanxi::channel
