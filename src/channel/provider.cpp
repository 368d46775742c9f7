#include "channel/provider.hpp"

#include "channel/config_reader.hpp"
#include "channel/log_provider.hpp"
#include "channel/sms_http_provider.hpp"
#include "channel/smtp_provider.hpp"
#include "channel/tencent_sms_provider.hpp"
#include "channel/webhook_provider.hpp"
#include "channel/wechat_template_provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_provider(const Json& config) {
  return make_provider(config, ProviderEnv{});
}

Result<std::unique_ptr<Provider>> make_provider(const Json& config, const ProviderEnv& env) {
  static const SystemClock system_clock;
  const Clock& clock = env.clock != nullptr ? *env.clock : system_clock;
  std::string path = env.config_path;
  if (!config.is_object()) {
    return config_error(path.empty() ? "providers" : path, "must be a JSON object");
  }
  const auto kind_it = config.find("kind");
  const auto name_it = config.find("name");
  const bool has_kind = kind_it != config.end() && kind_it->is_string();
  if (path.empty()) {
    if (name_it != config.end() && name_it->is_string()) {
      path = "providers." + name_it->get<std::string>();
    } else {
      path = "providers." + (has_kind ? kind_it->get<std::string>() : std::string("?"));
    }
  }
  if (!has_kind) {
    return config_error(
        path + ".kind",
        "is required: smtp, sms_http, sms_tencent, wechat_template, webhook or log");
  }
  ConfigReader reader(config, path);
  reader.allow("kind");
  reader.string("name");
  const std::string kind = kind_it->get<std::string>();
  if (kind == "smtp") return make_smtp_provider(reader, clock);
  if (kind == "sms_http") return make_sms_http_provider(reader, clock);
  if (kind == "sms_tencent") return make_tencent_sms_provider(reader, clock);
  if (kind == "wechat_template") return make_wechat_template_provider(reader, clock);
  if (kind == "webhook") return make_webhook_provider(reader, clock);
  if (kind == "log") return make_log_provider(reader, clock);
  return config_error(path + ".kind", "unknown provider kind '" + kind +
                                          "' (expected smtp, sms_http, sms_tencent, "
                                          "wechat_template, webhook or log)");
}

}  // namespace guanxi::channel
