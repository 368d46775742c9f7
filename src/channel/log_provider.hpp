// The log provider: accepts every well-formed message and records it instead
// of sending it, for demos, `make run` and development.
//
// Each message becomes one JSON line {"time", "channel", "id",
// "idempotency_key", "to", "subject", "body", "template_code", "params",
// "unsubscribe_url", "link_url"} appended to `path` (one write per message, so
// instances sharing the file do not interleave), or logged through spdlog at
// info level when there is no path. The provider id is "log:" + the key.
//
// Configuration keys: channel ("sms", "email", "wechat" or "webhook",
// required), path.
#pragma once

#include <memory>

#include "channel/config_reader.hpp"
#include "channel/provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_log_provider(ConfigReader& config, const Clock& clock);

}  // namespace guanxi::channel
