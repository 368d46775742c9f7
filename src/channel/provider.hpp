// Provider: one configured way of delivering messages of one channel (an SMTP
// server, an SMS gateway, a WeChat Official Account, a webhook receiver), built
// from configuration data by make_provider.
//
//   GX_ASSIGN_OR_RETURN(auto sms, channel::make_provider(config["providers"]["sms"]));
//   channel::SendResult r = sms->send(message);   // blocking
//
// Every failure is classified for the dispatcher (see SendResult and the table
// in src/channel/README.md): connection errors, timeouts, HTTP 5xx and 429 are
// kRetry (with the provider's Retry-After when given); HTTP 4xx and provider
// business errors are kPermanent, except the provider codes known to be
// transient. An ambiguous outcome (a timeout after the request went out, an
// unreadable 2xx answer) is kRetry: the idempotency key lets providers that
// deduplicate recognise the repeat.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "channel/channel.hpp"
#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::channel {

// send() is blocking and thread-compatible: one thread uses one instance at a
// time (a dispatcher with N sending threads builds N instances from the same
// configuration). An instance keeps its connection open between sends.
class Provider {
 public:
  virtual ~Provider() = default;
  virtual Channel channel() const = 0;
  // "smtp", "sms_http", "sms_tencent", "wechat_template", "webhook", "log".
  virtual std::string_view kind() const = 0;
  // Delivers one message. Never throws. A message that cannot be sent as given
  // (missing idempotency key, wrong channel, malformed address) is kPermanent
  // without contacting the provider.
  virtual SendResult send(const OutboundMessage& m) = 0;
};

// What a provider takes from its surroundings besides its configuration.
struct ProviderEnv {
  // Source of "now" (email Date, request timestamps, token expiry, HTTP-date
  // Retry-After). Null = the system clock. Must outlive the provider.
  const Clock* clock = nullptr;
  // Prefix for configuration errors, e.g. "providers.sms". Empty =
  // "providers." + the config's "name", or its "kind" when it has no name.
  std::string config_path;
};

// Validates a provider configuration and builds the provider. The config is a
// JSON object with "kind" and the kind's keys (README.md lists them with an
// example each); unknown keys are rejected. Errors are invalid_argument naming
// the key, e.g. "providers.smtp.url: must start with smtp:// or smtps://", with
// the same dotted key in the status location's field.
Result<std::unique_ptr<Provider>> make_provider(const Json& config);
Result<std::unique_ptr<Provider>> make_provider(const Json& config, const ProviderEnv& env);

}  // namespace guanxi::channel
