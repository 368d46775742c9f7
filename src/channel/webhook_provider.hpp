// The webhook provider: POSTs the message body (a JSON document) to a fixed
// URL, signed as webhook_signature.hpp describes.
//
//   POST {url}
//   Content-Type: application/json
//   Idempotency-Key: <key>
//   X-Guanxi-Timestamp: <unix seconds>
//   X-Guanxi-Signature: sha256=<hex HMAC-SHA256(secret, timestamp "." body)>
//   <configured extra headers>
//
// Any 2xx accepts (the provider id is the answer's "id" when it is a JSON
// object with one). A body that is not JSON is kPermanent without sending.
//
// Configuration keys: url, secret (or secret_env) — required; headers (an
// object of extra header names to string values), timeout_ms,
// connect_timeout_ms, proxy, ca_file.
#pragma once

#include <memory>

#include "channel/config_reader.hpp"
#include "channel/provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_webhook_provider(ConfigReader& config, const Clock& clock);

}  // namespace guanxi::channel
