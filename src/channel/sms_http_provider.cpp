#include "channel/sms_http_provider.hpp"

#include "channel/http_outcome.hpp"
#include "channel/http_transport.hpp"
#include "channel/phone.hpp"

namespace guanxi::channel {

namespace {

class SmsHttpProvider final : public Provider {
 public:
  SmsHttpProvider(std::string url, std::string token, HttpOptions net, const Clock& clock)
      : url_(std::move(url)), token_(std::move(token)), http_(std::move(net)), clock_(clock) {}

  Channel channel() const override { return Channel::kSms; }
  std::string_view kind() const override { return "sms_http"; }

  SendResult send(const OutboundMessage& m) override {
    if (m.channel != Channel::kSms) return SendResult::permanent("sms_http sends sms only");
    if (m.idempotency_key.empty()) return SendResult::permanent("missing idempotency key");
    auto to = to_e164(m.to);
    if (!to.ok()) return SendResult::permanent(to.status().message());
    Json body = {{"to", *to}, {"text", m.body}, {"idempotency_key", m.idempotency_key}};
    if (!m.template_code.empty()) body["template_code"] = m.template_code;
    if (!m.params.is_null() && !m.params.empty()) body["params"] = m.params;
    std::string payload;
    try {
      payload = body.dump();
    } catch (const Json::exception& e) {  // invalid UTF-8 in the text
      return SendResult::permanent(std::string("message is not valid UTF-8: ") + e.what());
    }
    HttpHeaders headers = {{"Content-Type", "application/json"},
                           {"Idempotency-Key", m.idempotency_key}};
    if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
    auto response = http_.post(url_, headers, payload);
    if (!response.ok()) {
      if (response.status().code() == ErrorCode::kInvalidArgument) {
        return SendResult::permanent(response.status().message());
      }
      return classify_transport_failure(response.status());
    }
    if (response->status < 200 || response->status > 299) {
      return classify_http_failure(*response, clock_.now());
    }
    return SendResult::accepted_with_json_id(response->body);
  }

 private:
  std::string url_;
  std::string token_;
  HttpTransport http_;
  const Clock& clock_;
};

}  // namespace

Result<std::unique_ptr<Provider>> make_sms_http_provider(ConfigReader& config, const Clock& clock) {
  auto url = config.url("url", {"http", "https"}, ConfigReader::Need::kRequired);
  auto token = config.secret("token");
  HttpOptions net = read_http_options(config);
  GX_RETURN_IF_ERROR(config.finish());
  return std::unique_ptr<Provider>(
      std::make_unique<SmsHttpProvider>(*url, token.value_or(""), std::move(net), clock));
}

}  // namespace guanxi::channel
