#include "channel/wechat_template_provider.hpp"

#include "channel/http_outcome.hpp"
#include "channel/http_transport.hpp"
#include "channel/wechat_token_cache.hpp"

namespace guanxi::channel {

namespace {

struct WechatConfig {
  std::string base_url = "https://api.weixin.qq.com";
  std::string app_id;
  std::string app_secret;
  std::chrono::seconds refresh_margin{300};
  HttpOptions net;
};

bool is_token_rejected(int64_t errcode) {
  return errcode == 40001 || errcode == 40014 || errcode == 42001;
}

// An errcode/errmsg answer, or nullopt when the body is not one.
struct WechatAnswer {
  int64_t errcode = 0;
  std::string errmsg;
  Json body;
};

std::optional<WechatAnswer> read_answer(const std::string& text) {
  Json body = Json::parse(text, nullptr, false);
  if (!body.is_object()) return std::nullopt;
  WechatAnswer a;
  const auto code = body.find("errcode");
  if (code != body.end()) {
    if (!code->is_number_integer()) return std::nullopt;
    a.errcode = code->get<int64_t>();
  }
  const auto msg = body.find("errmsg");
  if (msg != body.end() && msg->is_string()) a.errmsg = msg->get<std::string>();
  a.body = std::move(body);
  return a;
}

bool is_valid_openid(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

class WechatTemplateProvider final : public Provider {
 public:
  WechatTemplateProvider(WechatConfig config, const Clock& clock)
      : config_(std::move(config)),
        http_(config_.net),
        clock_(clock),
        tokens_(WechatTokenCache::for_account(config_.base_url, config_.app_id)) {}

  Channel channel() const override { return Channel::kWechat; }
  std::string_view kind() const override { return "wechat_template"; }

  SendResult send(const OutboundMessage& m) override {
    if (m.channel != Channel::kWechat) {
      return SendResult::permanent("wechat_template sends wechat only");
    }
    if (m.idempotency_key.empty()) return SendResult::permanent("missing idempotency key");
    if (!is_valid_openid(m.to))
      return SendResult::permanent("invalid WeChat openid '" + m.to + "'");
    if (m.template_code.empty()) {
      return SendResult::permanent("wechat_template needs template_code (the template_id)");
    }
    if (!m.params.is_object() && !m.params.is_null()) {
      return SendResult::permanent("wechat_template params must be an object");
    }
    Json data = Json::object();
    if (m.params.is_object()) {
      for (const auto& [key, value] : m.params.items()) {
        if (value.is_object() && value.contains("value")) {
          data[key] = value;
        } else {
          data[key] = {{"value", value.is_string()
                                     ? value.get<std::string>()
                                     : value.dump(-1, ' ', false, Json::error_handler_t::replace)}};
        }
      }
    }
    Json body = {{"touser", m.to},
                 {"template_id", m.template_code},
                 {"data", std::move(data)},
                 {"client_msg_id", m.idempotency_key}};
    if (!m.link_url.empty()) body["url"] = m.link_url;
    std::string payload;
    try {
      payload = body.dump();
    } catch (const Json::exception& e) {
      return SendResult::permanent(std::string("parameters are not valid UTF-8: ") + e.what());
    }

    std::string rejected;
    for (int attempt = 0;; ++attempt) {
      std::optional<SendResult> failure;
      const std::string token = current_token(rejected, failure);
      if (failure) return *failure;
      const std::string url = config_.base_url + "/cgi-bin/message/template/send?access_token=" +
                              HttpTransport::url_encode(token);
      auto response = http_.post(url, {{"Content-Type", "application/json"}}, payload);
      if (!response.ok()) return classify_transport_failure(response.status());
      if (response->status < 200 || response->status > 299) {
        return classify_http_failure(*response, clock_.now());
      }
      const auto answer = read_answer(response->body);
      if (!answer) return SendResult::retry("unreadable WeChat answer: " + snippet(response->body));
      if (answer->errcode == 0) {
        const auto msgid = answer->body.find("msgid");
        std::string id;
        if (msgid != answer->body.end()) {
          id = msgid->is_string() ? msgid->get<std::string>() : msgid->dump();
        }
        return SendResult::accepted(std::move(id));
      }
      if (is_token_rejected(answer->errcode) && attempt == 0) {
        rejected = token;
        continue;
      }
      if (is_token_rejected(answer->errcode)) {
        return SendResult::retry("WeChat rejected a fresh access token: " +
                                 std::to_string(answer->errcode) + " " + answer->errmsg);
      }
      return classify_wechat_errcode(answer->errcode, answer->errmsg);
    }
  }

 private:
  // The token to use; sets `failure` when none can be had.
  std::string current_token(const std::string& rejected, std::optional<SendResult>& failure) {
    std::optional<SendResult> fetch_failure;
    auto token = tokens_->token(
        clock_.now(), config_.refresh_margin,
        [&]() -> Result<WechatTokenCache::Fetched> {
          auto fetched = fetch_token();
          if (!fetched) {
            fetch_failure = fetched.failure;
            return Status(ErrorCode::kUnavailable, fetched.failure.error);
          }
          return fetched.value;
        },
        rejected);
    if (token.ok()) return *token;
    failure = fetch_failure ? *fetch_failure : SendResult::retry(token.status().message());
    return {};
  }

  struct FetchOutcome {
    WechatTokenCache::Fetched value;
    SendResult failure;
    bool ok = false;
    explicit operator bool() const { return ok; }
  };

  FetchOutcome fetch_token() {
    FetchOutcome out;
    const std::string url = config_.base_url +
                            "/cgi-bin/token?grant_type=client_credential&appid=" +
                            HttpTransport::url_encode(config_.app_id) +
                            "&secret=" + HttpTransport::url_encode(config_.app_secret);
    auto response = http_.get(url, {});
    if (!response.ok()) {
      out.failure = classify_transport_failure(response.status());
    } else if (response->status < 200 || response->status > 299) {
      out.failure = classify_http_failure(*response, clock_.now());
    } else if (const auto answer = read_answer(response->body); !answer) {
      out.failure = SendResult::retry("unreadable WeChat token answer: " + snippet(response->body));
    } else if (answer->errcode != 0) {
      out.failure = classify_wechat_errcode(answer->errcode, answer->errmsg);
      out.failure.error = "access token: " + out.failure.error;
    } else {
      const Json& b = answer->body;
      const auto token = b.find("access_token");
      const auto expires = b.find("expires_in");
      if (token == b.end() || !token->is_string() || token->get<std::string>().empty() ||
          expires == b.end() || !expires->is_number_integer() || expires->get<int64_t>() <= 0) {
        out.failure = SendResult::retry("WeChat token answer without access_token/expires_in: " +
                                        snippet(response->body));
      } else {
        out.value.token = token->get<std::string>();
        out.value.expires_in = std::chrono::seconds(expires->get<int64_t>());
        out.ok = true;
      }
    }
    return out;
  }

  WechatConfig config_;
  HttpTransport http_;
  const Clock& clock_;
  std::shared_ptr<WechatTokenCache> tokens_;
};

}  // namespace

SendResult classify_wechat_errcode(int64_t errcode, const std::string& errmsg) {
  std::string error = "WeChat errcode " + std::to_string(errcode);
  if (!errmsg.empty()) error += ": " + errmsg;
  if (errcode == -1 || errcode == 45009 || errcode == 45011) {
    return SendResult::retry(std::move(error));
  }
  return SendResult::permanent(std::move(error));
}

Result<std::unique_ptr<Provider>> make_wechat_template_provider(ConfigReader& config,
                                                                const Clock& clock) {
  using Need = ConfigReader::Need;
  WechatConfig c;
  if (auto base = config.url("base_url", {"https", "http"})) {
    c.base_url = *base;
    while (c.base_url.ends_with('/')) c.base_url.pop_back();
  }
  if (auto id = config.string("app_id", Need::kRequired)) c.app_id = *id;
  if (auto secret = config.secret("app_secret", Need::kRequired)) c.app_secret = *secret;
  if (auto margin = config.integer("token_refresh_margin_s", 0, 3600)) {
    c.refresh_margin = std::chrono::seconds(*margin);
  }
  c.net = read_http_options(config);
  GX_RETURN_IF_ERROR(config.finish());
  return std::unique_ptr<Provider>(std::make_unique<WechatTemplateProvider>(std::move(c), clock));
}

}  // namespace guanxi::channel
