#include "service/settings.hpp"

#include <algorithm>

#include "calendar/business_hours_json.hpp"
#include "calendar/holiday_json.hpp"
#include "service/model.hpp"
#include "store/settings_table.hpp"

namespace guanxi::service {

namespace {

constexpr std::string_view kSettingKey = "service";

Status setting_error(const std::string& pointer, const std::string& what) {
  Location loc;
  loc.field = pointer;
  return Status::invalid(pointer + ": " + what, loc);
}

calendar::BusinessHours default_hours() {
  calendar::BusinessHours h;
  for (unsigned d = 1; d <= 5; ++d) {
    h.weekly[d].push_back({std::chrono::minutes(9 * 60), std::chrono::minutes(18 * 60)});
  }
  return h;
}

// A list of distinct non-empty strings of at most 64 bytes.
Result<std::vector<std::string>> read_names(const Json& v, const std::string& pointer,
                                            bool allow_empty) {
  if (!v.is_array()) return setting_error(pointer, "must be an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    if (!v[i].is_string()) return setting_error(at, "must be a string");
    std::string s = v[i].get<std::string>();
    if (s.empty() || s.size() > 64) return setting_error(at, "must be 1-64 bytes");
    if (std::find(out.begin(), out.end(), s) != out.end())
      return setting_error(at, "'" + s + "' is listed twice");
    out.push_back(std::move(s));
  }
  if (out.empty() && !allow_empty) return setting_error(pointer, "must not be empty");
  return out;
}

Result<int64_t> read_int(const Json& v, const std::string& pointer, int64_t lo, int64_t hi) {
  if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
    return setting_error(
        pointer, "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi));
  return v.get<int64_t>();
}

Status read_sla(const Json& v, ServiceSettings& s) {
  if (!v.is_object()) return setting_error("/sla", "must be an object keyed by priority");
  s.sla.clear();
  for (const auto& [priority, target] : v.items()) {
    const std::string at = "/sla/" + priority;
    if (!parse_priority(priority).ok())
      return setting_error(at, "unknown priority (expected low, normal, high or urgent)");
    JsonFields f(target, at);
    auto first = f.int64("first_response_minutes", JsonFields::Need::kRequired);
    auto resolution = f.int64("resolution_minutes", JsonFields::Need::kRequired);
    GX_RETURN_IF_ERROR(f.finish());
    if (*first < 1 || *first > 525600)
      return setting_error(at + "/first_response_minutes", "must be between 1 and 525600");
    if (*resolution < *first || *resolution > 525600)
      return setting_error(at + "/resolution_minutes",
                           "must be between first_response_minutes and 525600");
    s.sla[priority] = {std::chrono::minutes(*first), std::chrono::minutes(*resolution)};
  }
  return Status::ok();
}

}  // namespace

std::string ServiceSettings::skill_for(const std::string& type) const {
  auto it = skills.find(type);
  if (it != skills.end()) return it->second;
  it = skills.find("*");
  return it != skills.end() ? it->second : std::string();
}

ServiceSettings default_service_settings() {
  ServiceSettings s;
  s.business_hours = default_hours();
  s.ticket_types = {"complaint", "inquiry", "after_sales", "suggestion"};
  s.channels = {"phone", "chat", "email", "wechat", "platform", "visit"};
  s.skills = {{"*", "general"}};
  using std::chrono::minutes;
  s.sla = {{"urgent", {minutes(30), minutes(240)}},
           {"high", {minutes(60), minutes(480)}},
           {"normal", {minutes(240), minutes(960)}},
           {"low", {minutes(480), minutes(2400)}}};
  s.sla_warning = {20, std::chrono::minutes(30)};
  s.raise_tiers = {"VIP会员", "至尊VIP会员"};
  s.raise_min_revenue = 1'000'000;
  return s;
}

Result<ServiceSettings> service_settings_from_json(const Json& json) {
  if (!json.is_object()) return setting_error("/", "settings must be a JSON object");
  ServiceSettings s = default_service_settings();
  JsonFields f(json);
  if (const Json* bh = f.object("business_hours")) {
    auto parsed = calendar::business_hours_from_json(*bh);
    if (!parsed.ok()) {
      const std::string inner = parsed.status().location().field;
      return setting_error("/business_hours" + (inner.empty() ? "" : "/" + inner),
                           parsed.status().message());
    }
    s.business_hours = std::move(parsed).value();
  }
  if (const Json* v = f.array("ticket_types")) {
    GX_ASSIGN_OR_RETURN(s.ticket_types, read_names(*v, "/ticket_types", false));
  }
  if (const Json* v = f.array("channels")) {
    GX_ASSIGN_OR_RETURN(s.channels, read_names(*v, "/channels", false));
  }
  if (const Json* v = f.array("categories")) {
    GX_ASSIGN_OR_RETURN(s.categories, read_names(*v, "/categories", true));
  }
  if (const Json* v = f.object("skills")) {
    s.skills.clear();
    for (const auto& [type, skill] : v->items()) {
      const std::string at = "/skills/" + type;
      if (!skill.is_string() || skill.get<std::string>().empty())
        return setting_error(at, "must be a non-empty skill name");
      if (type != "*" &&
          std::find(s.ticket_types.begin(), s.ticket_types.end(), type) == s.ticket_types.end())
        return setting_error(at, "'" + type + "' is not one of ticket_types");
      s.skills[type] = skill.get<std::string>();
    }
  }
  if (const Json* v = f.object("sla")) GX_RETURN_IF_ERROR(read_sla(*v, s));
  if (const Json* v = f.object("sla_warning")) {
    JsonFields w(*v, "/sla_warning");
    auto percent = w.int64("percent");
    auto minutes = w.int64("minutes");
    GX_RETURN_IF_ERROR(w.finish());
    if (percent) {
      GX_ASSIGN_OR_RETURN(int64_t p, read_int((*v)["percent"], "/sla_warning/percent", 0, 100));
      s.sla_warning.percent = static_cast<unsigned>(p);
    }
    if (minutes) {
      GX_ASSIGN_OR_RETURN(int64_t m, read_int((*v)["minutes"], "/sla_warning/minutes", 0, 10080));
      s.sla_warning.remaining = std::chrono::minutes(m);
    }
  }
  if (const Json* v = f.object("priority_raise")) {
    JsonFields r(*v, "/priority_raise");
    const Json* tiers = r.array("tiers");
    r.allow("min_revenue");
    auto to = r.string("to");
    GX_RETURN_IF_ERROR(r.finish());
    if (tiers) {
      GX_ASSIGN_OR_RETURN(s.raise_tiers, read_names(*tiers, "/priority_raise/tiers", true));
    }
    if (v->contains("min_revenue")) {
      const Json& m = (*v)["min_revenue"];
      if (m.is_null()) {
        s.raise_min_revenue.reset();
      } else {
        GX_ASSIGN_OR_RETURN(s.raise_min_revenue,
                            read_int(m, "/priority_raise/min_revenue", 1, 1'000'000'000'000));
      }
    }
    if (to) {
      if (!parse_priority(*to).ok())
        return setting_error("/priority_raise/to", "must be low, normal, high or urgent");
      s.raise_to = *to;
    }
  }
  if (auto v = f.int64("fcr_window_days")) {
    if (*v < 1 || *v > 90) return setting_error("/fcr_window_days", "must be between 1 and 90");
    s.fcr_window_days = static_cast<int>(*v);
  }
  if (auto v = f.boolean("closing_requires_resolved")) s.closing_requires_resolved = *v;
  if (auto v = f.boolean("auto_assign")) s.auto_assign = *v;
  if (const Json* v = f.object("csat")) {
    JsonFields c(*v, "/csat");
    if (auto e = c.boolean("enabled")) s.csat.enabled = *e;
    if (auto ch = c.string("channel")) s.csat.channel = *ch;
    if (auto t = c.string("template")) s.csat.template_name = *t;
    if (auto t = c.string("text")) s.csat.text = *t;
    GX_RETURN_IF_ERROR(c.finish());
    if (s.csat.channel != "sms" && s.csat.channel != "email" && s.csat.channel != "wechat")
      return setting_error("/csat/channel", "must be sms, email or wechat");
    if (s.csat.template_name.empty() && s.csat.text.find("{{csat.url}}") == std::string::npos)
      return setting_error("/csat/text", "must contain {{csat.url}}");
  }
  GX_RETURN_IF_ERROR(f.finish());
  return s;
}

Json service_settings_to_json(const ServiceSettings& s) {
  Json sla = Json::object();
  for (const auto& [priority, t] : s.sla) {
    sla[priority] = {{"first_response_minutes", t.first_response.count()},
                     {"resolution_minutes", t.resolution.count()}};
  }
  Json skills = Json::object();
  for (const auto& [type, skill] : s.skills) skills[type] = skill;
  return Json{
      {"business_hours", calendar::business_hours_to_json(s.business_hours)},
      {"ticket_types", s.ticket_types},
      {"channels", s.channels},
      {"categories", s.categories},
      {"skills", skills},
      {"sla", sla},
      {"sla_warning",
       {{"percent", s.sla_warning.percent},
        {"minutes",
         std::chrono::duration_cast<std::chrono::minutes>(s.sla_warning.remaining).count()}}},
      {"priority_raise",
       {{"tiers", s.raise_tiers},
        {"min_revenue", s.raise_min_revenue ? Json(*s.raise_min_revenue) : Json(nullptr)},
        {"to", s.raise_to}}},
      {"fcr_window_days", s.fcr_window_days},
      {"closing_requires_resolved", s.closing_requires_resolved},
      {"auto_assign", s.auto_assign},
      {"csat",
       {{"enabled", s.csat.enabled},
        {"channel", s.csat.channel},
        {"template", s.csat.template_name},
        {"text", s.csat.text}}},
  };
}

Result<ServiceSettings> load_service_settings(store::Connection& db, int64_t shop) {
  GX_ASSIGN_OR_RETURN(auto setting, store::find_shop_setting(db, shop, kSettingKey));
  if (!setting) return default_service_settings();
  GX_ASSIGN_OR_RETURN(Json json, parse_json(setting->value));
  return service_settings_from_json(json);
}

Status save_service_settings(domain::WriteContext& ctx, const ServiceSettings& s) {
  GX_RETURN_IF_ERROR(store::put_shop_setting(ctx.db, ctx.shop.id, kSettingKey,
                                             service_settings_to_json(s).dump(),
                                             to_millis(ctx.clock.now())));
  return record_service_change(ctx, "settings_updated", std::nullopt, std::nullopt,
                               Json{{"key", kSettingKey}});
}

}  // namespace guanxi::service
