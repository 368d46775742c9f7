// The vocabulary of sending: which channel a message goes out on, the message
// as a provider receives it, and the provider's answer.
//
// A message reaches this module fully decided and rendered: guardrails
// (consent, caps, quiet hours, suppression) and the outbox live above it
// (src/journey, the dispatcher). A provider only delivers and classifies.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::channel {

enum class Channel { kSms, kEmail, kWechat, kWebhook };

// "sms", "email", "wechat", "webhook".
std::string_view channel_name(Channel channel);

// The inverse of channel_name; invalid_argument for any other text.
Result<Channel> parse_channel(std::string_view name);

// One message to deliver. Which members a provider reads depends on its kind
// (see src/channel/README.md); the others are ignored.
struct OutboundMessage {
  int64_t id = 0;
  // Stable per message across retries: the provider passes it on (Idempotency-Key
  // header, Tencent SessionContext, WeChat client_msg_id, email Message-ID) so a
  // retried send can be recognised. Required by every provider.
  std::string idempotency_key;
  Channel channel = Channel::kSms;
  std::string to;       // phone (E.164 or 11-digit CN), email, WeChat openid; webhook: ignored
  std::string subject;  // email
  std::string body;     // rendered text (sms/email); for webhook the JSON payload
  std::string template_code;     // provider template id (SMS template code, WeChat template_id)
  Json params = Json::object();  // provider template params (SMS TemplateParam, WeChat data)
  std::string unsubscribe_url;   // email List-Unsubscribe (one-click)
  std::string link_url;          // WeChat template message url
};

// What became of one send attempt.
struct SendResult {
  enum class Outcome {
    kAccepted,   // the provider took the message
    kRetry,      // a transient failure: send again later (same idempotency key)
    kPermanent,  // sending again will not help (bad address, rejected content, unsubscribed)
  };
  Outcome outcome = Outcome::kAccepted;
  std::string provider_message_id;
  std::string error;                                     // for people and logs
  std::optional<std::chrono::milliseconds> retry_after;  // provider asked (429 Retry-After)

  static SendResult accepted(std::string provider_message_id);
  // Accepted, with the id a provider's JSON answer names in "id" (a string or
  // an integer); none when the body is not such an object.
  static SendResult accepted_with_json_id(std::string_view answer);
  static SendResult retry(std::string error,
                          std::optional<std::chrono::milliseconds> retry_after = std::nullopt);
  static SendResult permanent(std::string error);

  bool is_accepted() const { return outcome == Outcome::kAccepted; }
};

// "accepted", "retry", "permanent".
std::string_view outcome_name(SendResult::Outcome outcome);

}  // namespace guanxi::channel
