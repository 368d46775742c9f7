#include "outbox/settings.hpp"

#include <fmt/format.h>

#include "channel/provider.hpp"
#include "store/settings_table.hpp"

namespace guanxi::outbox {

namespace {

constexpr std::string_view kSettingKey = "care";
const char* const kChannels[] = {"sms", "email", "wechat", "webhook"};

bool known_channel(std::string_view c) {
  for (const char* k : kChannels) {
    if (c == k) return true;
  }
  return false;
}

Status key_error(std::string_view key, std::string_view message) {
  Location loc;
  loc.field = "care." + std::string(key);
  return Status::invalid(fmt::format("care.{}: {}", key, message), loc);
}

}  // namespace

Result<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  unsigned h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) ||
      !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4]))) {
    return Status::invalid("'" + std::string(text) + "' is not a time of day HH:MM");
  }
  h = static_cast<unsigned>((text[0] - '0') * 10 + (text[1] - '0'));
  m = static_cast<unsigned>((text[3] - '0') * 10 + (text[4] - '0'));
  if (h > 23 || m > 59) return Status::invalid("'" + std::string(text) + "' is not a time of day");
  return std::chrono::minutes(h * 60 + m);
}

std::string format_time_of_day(std::chrono::minutes m) {
  return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
}

CareSettings default_care_settings() {
  CareSettings s;
  s.caps = {{"marketing", "sms", 1, 3},
            {"marketing", "sms", 4, 30},
            {"marketing", "*", 2, 7},
            {"care", "*", 3, 7}};
  for (const char* c : kChannels) s.providers[c] = Json{{"kind", "log"}};
  return s;
}

Result<CareSettings> care_settings_from_json(const Json& json) {
  if (!json.is_object()) return key_error("", "must be a JSON object");
  CareSettings s = default_care_settings();
  JsonFields f(json);
  if (const Json* q = f.object("quiet_hours")) {
    JsonFields qf(*q, "/quiet_hours");
    auto start = qf.string("start", JsonFields::Need::kRequired);
    auto end = qf.string("end", JsonFields::Need::kRequired);
    GX_RETURN_IF_ERROR(qf.finish());
    auto ps = parse_time_of_day(*start);
    if (!ps.ok()) return key_error("quiet_hours.start", ps.status().message());
    auto pe = parse_time_of_day(*end);
    if (!pe.ok()) return key_error("quiet_hours.end", pe.status().message());
    s.quiet_hours = {*ps, *pe};
  }
  if (const Json* caps = f.array("caps")) {
    s.caps.clear();
    for (size_t i = 0; i < caps->size(); ++i) {
      const std::string key = fmt::format("caps[{}]", i);
      if (!(*caps)[i].is_object()) return key_error(key, "must be an object");
      JsonFields cf((*caps)[i], fmt::format("/caps/{}", i));
      auto klass = cf.string("class", JsonFields::Need::kRequired);
      auto channel = cf.string("channel", JsonFields::Need::kRequired);
      auto max = cf.int64("max", JsonFields::Need::kRequired);
      auto days = cf.int64("days", JsonFields::Need::kRequired);
      GX_RETURN_IF_ERROR(cf.finish());
      if (*klass != "marketing" && *klass != "care")
        return key_error(key + ".class", "must be 'marketing' or 'care'");
      if (*channel != "*" && !known_channel(*channel))
        return key_error(key + ".channel", "must be sms, email, wechat, webhook or *");
      if (*max < 0 || *max > 1000) return key_error(key + ".max", "must be 0..1000");
      if (*days < 1 || *days > 365) return key_error(key + ".days", "must be 1..365");
      s.caps.push_back({*klass, *channel, static_cast<int>(*max), static_cast<int>(*days)});
    }
  }
  if (auto d = f.int64("dedupe_hours")) {
    if (*d < 0 || *d > int64_t{24} * 365) return key_error("dedupe_hours", "must be 0..8760");
    s.dedupe_hours = static_cast<int>(*d);
  }
  if (auto b = f.boolean("marketing_requires_opt_in")) s.marketing_requires_opt_in = *b;
  if (auto a = f.int64("attribution_days")) {
    if (*a < 1 || *a > 90) return key_error("attribution_days", "must be 1..90");
    s.attribution_days = static_cast<int>(*a);
  }
  if (auto u = f.string("public_url")) {
    if (u->rfind("http://", 0) != 0 && u->rfind("https://", 0) != 0)
      return key_error("public_url", "must start with http:// or https://");
    while (!u->empty() && u->back() == '/') u->pop_back();
    s.public_url = *u;
  }
  if (const Json* p = f.object("providers")) {
    for (const auto& [channel, config] : p->items()) {
      if (!known_channel(channel))
        return key_error("providers." + channel, "unknown channel (sms, email, wechat, webhook)");
      if (!config.is_object() || !config.contains("kind") || !config["kind"].is_string())
        return key_error("providers." + channel, "must be an object with a string 'kind'");
      if (config.contains("rate_per_second") &&
          (!config["rate_per_second"].is_number() || config["rate_per_second"].get<double>() < 0))
        return key_error("providers." + channel + ".rate_per_second",
                         "must be a number >= 0 (0 = unlimited)");
      // Built once here so that a bad URL or a missing secret is refused when
      // saved, not discovered by the first send.
      if (auto made = channel::make_provider(provider_config(config, channel)); !made.ok())
        return key_error("providers." + channel, made.status().message());
      s.providers[channel] = config;
    }
  }
  GX_RETURN_IF_ERROR(f.finish());
  return s;
}

Json provider_config(const Json& stored, std::string_view channel) {
  Json config = stored;
  config.erase("rate_per_second");
  if (config.value("kind", "") == "log" && !config.contains("channel"))
    config["channel"] = std::string(channel);
  return config;
}

Json care_settings_to_json(const CareSettings& s) {
  Json caps = Json::array();
  for (const auto& c : s.caps)
    caps.push_back({{"class", c.klass}, {"channel", c.channel}, {"max", c.max}, {"days", c.days}});
  return Json{{"quiet_hours",
               {{"start", format_time_of_day(s.quiet_hours.start)},
                {"end", format_time_of_day(s.quiet_hours.end)}}},
              {"caps", caps},
              {"dedupe_hours", s.dedupe_hours},
              {"marketing_requires_opt_in", s.marketing_requires_opt_in},
              {"attribution_days", s.attribution_days},
              {"public_url", s.public_url},
              {"providers", s.providers}};
}

Result<CareSettings> load_care_settings(store::Connection& db, int64_t shop) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_shop_setting(db, shop, kSettingKey));
  if (!rec) return default_care_settings();
  GX_ASSIGN_OR_RETURN(auto json, parse_json(rec->value));
  return care_settings_from_json(json);
}

Status save_care_settings(store::Connection& db, int64_t shop, const CareSettings& s, int64_t now) {
  return store::put_shop_setting(db, shop, kSettingKey, care_settings_to_json(s).dump(), now);
}

}  // namespace guanxi::outbox
