#include "channel/webhook_provider.hpp"

#include <algorithm>
#include <cctype>

#include "channel/http_outcome.hpp"
#include "channel/http_transport.hpp"
#include "channel/webhook_signature.hpp"

namespace guanxi::channel {

namespace {

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 &&
         (std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos);
}

class WebhookProvider final : public Provider {
 public:
  WebhookProvider(std::string url, std::string secret, HttpHeaders extra, HttpOptions net,
                  const Clock& clock)
      : url_(std::move(url)),
        secret_(std::move(secret)),
        extra_(std::move(extra)),
        http_(std::move(net)),
        clock_(clock) {}

  Channel channel() const override { return Channel::kWebhook; }
  std::string_view kind() const override { return "webhook"; }

  SendResult send(const OutboundMessage& m) override {
    if (m.channel != Channel::kWebhook) return SendResult::permanent("webhook sends webhook only");
    if (m.idempotency_key.empty()) return SendResult::permanent("missing idempotency key");
    if (!Json::accept(m.body)) return SendResult::permanent("webhook body is not a JSON document");
    const Timestamp now = clock_.now();
    const int64_t ts =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    HttpHeaders headers = extra_;
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Idempotency-Key", m.idempotency_key);
    headers.emplace_back("X-Guanxi-Timestamp", std::to_string(ts));
    headers.emplace_back("X-Guanxi-Signature", webhook_signature(secret_, ts, m.body));
    auto response = http_.post(url_, headers, m.body);
    if (!response.ok()) {
      if (response.status().code() == ErrorCode::kInvalidArgument) {
        return SendResult::permanent(response.status().message());
      }
      return classify_transport_failure(response.status());
    }
    if (response->status < 200 || response->status > 299) {
      return classify_http_failure(*response, now);
    }
    return SendResult::accepted_with_json_id(response->body);
  }

 private:
  std::string url_;
  std::string secret_;
  HttpHeaders extra_;
  HttpTransport http_;
  const Clock& clock_;
};

}  // namespace

Result<std::unique_ptr<Provider>> make_webhook_provider(ConfigReader& config, const Clock& clock) {
  using Need = ConfigReader::Need;
  auto url = config.url("url", {"http", "https"}, Need::kRequired);
  auto secret = config.secret("secret", Need::kRequired);
  HttpHeaders extra;
  if (const Json* headers = config.object("headers")) {
    for (const auto& [name, value] : headers->items()) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const bool reserved = lower == "content-type" || lower == "idempotency-key" ||
                            lower == "x-guanxi-timestamp" || lower == "x-guanxi-signature" ||
                            lower == "host" || lower == "content-length";
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
        config.fail("headers", "'" + name + "' is not a header name");
      } else if (reserved) {
        config.fail("headers", "'" + name + "' is set by Guanxi");
      } else if (!value.is_string() ||
                 value.get<std::string>().find_first_of("\r\n") != std::string::npos) {
        config.fail("headers", "'" + name + "' must be a one-line string");
      } else {
        extra.emplace_back(name, value.get<std::string>());
      }
    }
  }
  HttpOptions net = read_http_options(config);
  GX_RETURN_IF_ERROR(config.finish());
  return std::unique_ptr<Provider>(
      std::make_unique<WebhookProvider>(*url, *secret, std::move(extra), std::move(net), clock));
}

}  // namespace guanxi::channel
