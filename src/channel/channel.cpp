#include "channel/channel.hpp"

#include <utility>

namespace guanxi::channel {

std::string_view channel_name(Channel channel) {
  switch (channel) {
    case Channel::kSms:
      return "sms";
    case Channel::kEmail:
      return "email";
    case Channel::kWechat:
      return "wechat";
    case Channel::kWebhook:
      return "webhook";
  }
  return "unknown";
}

Result<Channel> parse_channel(std::string_view name) {
  for (Channel c : {Channel::kSms, Channel::kEmail, Channel::kWechat, Channel::kWebhook}) {
    if (channel_name(c) == name) return c;
  }
  return Status::invalid("unknown channel '" + std::string(name) +
                         "' (expected sms, email, wechat or webhook)");
}

SendResult SendResult::accepted_with_json_id(std::string_view answer) {
  std::string id;
  const Json json = Json::parse(answer, nullptr, false);
  if (json.is_object()) {
    const auto it = json.find("id");
    if (it != json.end() && it->is_string()) id = it->get<std::string>();
    if (it != json.end() && it->is_number_integer()) id = it->dump();
  }
  return accepted(std::move(id));
}

SendResult SendResult::accepted(std::string provider_message_id) {
  SendResult r;
  r.outcome = Outcome::kAccepted;
  r.provider_message_id = std::move(provider_message_id);
  return r;
}

SendResult SendResult::retry(std::string error,
                             std::optional<std::chrono::milliseconds> retry_after) {
  SendResult r;
  r.outcome = Outcome::kRetry;
  r.error = std::move(error);
  r.retry_after = retry_after;
  return r;
}

SendResult SendResult::permanent(std::string error) {
  SendResult r;
  r.outcome = Outcome::kPermanent;
  r.error = std::move(error);
  return r;
}

std::string_view outcome_name(SendResult::Outcome outcome) {
  switch (outcome) {
    case SendResult::Outcome::kAccepted:
      return "accepted";
    case SendResult::Outcome::kRetry:
      return "retry";
    case SendResult::Outcome::kPermanent:
      return "permanent";
  }
  return "unknown";
}

}  // namespace guanxi::channel
