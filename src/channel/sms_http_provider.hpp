// The sms_http provider: a generic JSON SMS gateway.
//
//   POST {url}
//   Content-Type: application/json
//   Idempotency-Key: <key>
//   Authorization: Bearer <token>          (when configured)
//   {"to": "+8613800138000", "text": "...", "idempotency_key": "<key>",
//    "template_code": "...", "params": {...}}   (the last two when set)
//
// "to" is sent in E.164 form (see to_e164). Any 2xx accepts; the provider id
// is the answer's "id" (string or number) when the body is a JSON object that
// has one. Configuration keys: url (required), token (or token_env),
// timeout_ms, connect_timeout_ms, proxy, ca_file.
#pragma once

#include <memory>

#include "channel/config_reader.hpp"
#include "channel/provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_sms_http_provider(ConfigReader& config, const Clock& clock);

}  // namespace guanxi::channel
