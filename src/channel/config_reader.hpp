// ConfigReader: strict reading of one provider's configuration object, with
// errors that name the dotted key ("providers.smtp.url: must start with ...").
// Internal to src/channel.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::channel {

// Reads members of one JSON object. Accessors return the value or nullopt
// (absent, or on error); the first problem is kept and returned by finish(),
// which also reports the first member nobody asked for.
class ConfigReader {
 public:
  enum class Need { kOptional, kRequired };

  // `path` is the object's dotted location, e.g. "providers.smtp".
  ConfigReader(const Json& config, std::string path);

  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;

  // A non-empty string without control characters.
  std::optional<std::string> string(std::string_view key, Need need = Need::kOptional);
  // A string given inline as `key`, or as `key_env` naming an environment
  // variable that holds it (so secrets can stay out of configuration files).
  std::optional<std::string> secret(std::string_view key, Need need = Need::kOptional);
  // An http(s):// (or, per `schemes`, other) URL with a host.
  std::optional<std::string> url(std::string_view key,
                                 std::initializer_list<std::string_view> schemes,
                                 Need need = Need::kOptional);
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max,
                                 Need need = Need::kOptional);
  std::chrono::milliseconds millis(std::string_view key, std::chrono::milliseconds fallback,
                                   int64_t min_ms, int64_t max_ms);
  std::optional<bool> boolean(std::string_view key);
  const Json* object(std::string_view key, Need need = Need::kOptional);
  // One of `choices`.
  std::optional<std::string> choice(std::string_view key,
                                    std::initializer_list<std::string_view> choices,
                                    Need need = Need::kOptional);
  void allow(std::string_view key) { seen_.insert(std::string(key)); }

  // Records an error at a key (the first one wins).
  void fail(std::string_view key, std::string_view message);
  bool ok() const { return first_error_.is_ok(); }

  // The first error; else an error for the first unknown key; else OK.
  Status finish() const;

 private:
  const Json* find(std::string_view key, Need need, const char* what);

  const Json& config_;
  std::string path_;
  std::set<std::string, std::less<>> seen_;
  Status first_error_;
};

// invalid_argument "<path>: <message>" with the path as location field.
Status config_error(const std::string& key_path, std::string_view message);

}  // namespace guanxi::channel
