#include "channel/tencent_sms_provider.hpp"

#include <chrono>
#include <map>

#include "channel/http_outcome.hpp"
#include "channel/http_transport.hpp"
#include "channel/phone.hpp"
#include "channel/tc3_signer.hpp"

namespace guanxi::channel {

namespace {

struct TencentConfig {
  std::string endpoint = "https://sms.tencentcloudapi.com";
  std::string host;  // from endpoint
  std::string region = "ap-guangzhou";
  std::string secret_id;
  std::string secret_key;
  std::string sdk_app_id;
  std::string sign_name;
  HttpOptions net;
};

std::string param_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::string strip_brackets(std::string s) {
  constexpr std::string_view kOpen = "【";
  constexpr std::string_view kClose = "】";
  if (s.starts_with(kOpen)) s.erase(0, kOpen.size());
  if (s.ends_with(kClose)) s.erase(s.size() - kClose.size());
  return s;
}

class TencentSmsProvider final : public Provider {
 public:
  TencentSmsProvider(TencentConfig config, const Clock& clock)
      : config_(std::move(config)), http_(config_.net), clock_(clock) {}

  Channel channel() const override { return Channel::kSms; }
  std::string_view kind() const override { return "sms_tencent"; }

  SendResult send(const OutboundMessage& m) override {
    if (m.channel != Channel::kSms) return SendResult::permanent("sms_tencent sends sms only");
    if (m.idempotency_key.empty()) return SendResult::permanent("missing idempotency key");
    if (m.template_code.empty()) {
      return SendResult::permanent("sms_tencent needs template_code (the approved TemplateId)");
    }
    auto phone = to_e164(m.to);
    if (!phone.ok()) return SendResult::permanent(phone.status().message());
    auto params = tencent_template_params(m.params);
    if (!params.ok()) return SendResult::permanent(params.status().message());
    const Json body = {{"PhoneNumberSet", Json::array({*phone})},
                       {"SmsSdkAppId", config_.sdk_app_id},
                       {"SignName", config_.sign_name},
                       {"TemplateId", m.template_code},
                       {"TemplateParamSet", *params},
                       {"SessionContext", m.idempotency_key}};
    std::string payload;
    try {
      payload = body.dump();
    } catch (const Json::exception& e) {
      return SendResult::permanent(std::string("parameters are not valid UTF-8: ") + e.what());
    }

    Tc3Request request;
    request.secret_id = config_.secret_id;
    request.secret_key = config_.secret_key;
    request.service = "sms";
    request.host = config_.host;
    request.action = "SendSms";
    request.payload = payload;
    const Timestamp now = clock_.now();
    request.timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const Tc3Signature signature = tc3_sign(request);
    const HttpHeaders headers = {{"Host", request.host},
                                 {"Content-Type", request.content_type},
                                 {"X-TC-Action", request.action},
                                 {"X-TC-Version", "2021-01-11"},
                                 {"X-TC-Timestamp", std::to_string(request.timestamp)},
                                 {"X-TC-Region", config_.region},
                                 {"Authorization", signature.authorization}};
    auto response = http_.post(config_.endpoint, headers, payload);
    if (!response.ok()) return classify_transport_failure(response.status());
    if (response->status < 200 || response->status > 299) {
      return classify_http_failure(*response, now);
    }
    return read_answer(response->body);
  }

 private:
  static SendResult read_answer(const std::string& text) {
    const Json answer = Json::parse(text, nullptr, false);
    const Json* r = nullptr;
    if (answer.is_object() && answer.contains("Response") && answer["Response"].is_object()) {
      r = &answer["Response"];
    }
    if (r == nullptr) return SendResult::retry("unreadable Tencent answer: " + snippet(text));
    const std::string request_id = r->value("RequestId", "");
    if (r->contains("Error") && (*r)["Error"].is_object()) {
      const Json& e = (*r)["Error"];
      return classify_tencent_code(e.value("Code", "Unknown"),
                                   e.value("Message", "") + " (RequestId " + request_id + ")");
    }
    const auto set = r->find("SendStatusSet");
    if (set == r->end() || !set->is_array() || set->empty() || !(*set)[0].is_object()) {
      return SendResult::retry("Tencent answer without SendStatusSet: " + snippet(text));
    }
    const Json& status = (*set)[0];
    const std::string code = status.value("Code", "");
    if (code == "Ok") return SendResult::accepted(status.value("SerialNo", ""));
    return classify_tencent_code(code, status.value("Message", ""));
  }

  TencentConfig config_;
  HttpTransport http_;
  const Clock& clock_;
};

}  // namespace

Result<Json> tencent_template_params(const Json& params) {
  Json out = Json::array();
  if (params.is_null()) return out;
  if (params.is_array()) {
    for (const Json& v : params) out.push_back(param_text(v));
    return out;
  }
  if (!params.is_object()) {
    return Status::invalid("params must be an array or an object keyed 1..n for sms_tencent");
  }
  std::map<int, std::string> ordered;
  for (const auto& [key, value] : params.items()) {
    int n = 0;
    if (key.empty() || key.size() > 3 || key.find_first_not_of("0123456789") != std::string::npos ||
        (n = std::stoi(key)) < 1) {
      return Status::invalid("sms_tencent params are positional: key '" + key +
                             "' is not 1, 2, 3, ...");
    }
    ordered[n] = param_text(value);
  }
  int expected = 1;
  for (auto& [n, text] : ordered) {
    if (n != expected++) {
      return Status::invalid("sms_tencent params skip position " + std::to_string(expected - 1));
    }
    out.push_back(std::move(text));
  }
  return out;
}

SendResult classify_tencent_code(const std::string& code, const std::string& message) {
  std::string error = "Tencent " + code;
  if (!message.empty()) error += ": " + message;
  using std::chrono::seconds;
  if (code == "LimitExceeded.PhoneNumberThirtySecondLimit") {
    return SendResult::retry(std::move(error), seconds(30));
  }
  if (code == "LimitExceeded.PhoneNumberOneHourLimit") {
    return SendResult::retry(std::move(error), std::chrono::hours(1));
  }
  if (code.starts_with("LimitExceeded.") || code.starts_with("RequestLimitExceeded") ||
      code == "InternalError" || code == "InternalError.Timeout" ||
      code == "InternalError.SendAndRecvFail") {
    return SendResult::retry(std::move(error));
  }
  return SendResult::permanent(std::move(error));
}

Result<std::unique_ptr<Provider>> make_tencent_sms_provider(ConfigReader& config,
                                                            const Clock& clock) {
  using Need = ConfigReader::Need;
  TencentConfig c;
  if (auto endpoint = config.url("endpoint", {"https", "http"})) c.endpoint = *endpoint;
  {
    const size_t scheme_end = c.endpoint.find("://") + 3;
    const size_t slash = c.endpoint.find('/', scheme_end);
    c.host = c.endpoint.substr(scheme_end, slash - scheme_end);
    if (slash != std::string::npos && slash + 1 != c.endpoint.size()) {
      config.fail("endpoint", "must have no path (the API is served at /)");
    }
    if (c.host.find_first_of("?#@") != std::string::npos) {
      config.fail("endpoint", "must be scheme://host[:port]");
    }
  }
  if (auto region = config.string("region")) c.region = *region;
  if (auto id = config.string("secret_id", Need::kRequired)) c.secret_id = *id;
  if (auto key = config.secret("secret_key", Need::kRequired)) c.secret_key = *key;
  if (auto app = config.string("sdk_app_id", Need::kRequired)) c.sdk_app_id = *app;
  if (auto sign = config.string("sign_name", Need::kRequired)) {
    c.sign_name = strip_brackets(*sign);
    if (c.sign_name.empty()) config.fail("sign_name", "must not be empty");
  }
  c.net = read_http_options(config);
  GX_RETURN_IF_ERROR(config.finish());
  return std::unique_ptr<Provider>(std::make_unique<TencentSmsProvider>(std::move(c), clock));
}

}  // namespace guanxi::channel
