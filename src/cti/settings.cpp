#include "cti/settings.hpp"

#include "store/settings_table.hpp"

namespace guanxi::cti {

namespace {
constexpr std::string_view kSettingKey = "callcenter";
}

Result<CallCenterSettings> settings_from_json(const Json& json) {
  if (!json.is_object()) return Status::invalid("call-center settings must be a JSON object");
  CallCenterSettings s;
  JsonFields f(json);
  if (const Json* tiers = f.array("vip_tiers")) {
    s.vip_tiers.clear();
    for (const Json& t : *tiers) {
      if (!t.is_string() || t.get<std::string>().empty()) {
        f.fail("vip_tiers", "'vip_tiers' must be an array of tier names");
        break;
      }
      s.vip_tiers.push_back(t.get<std::string>());
    }
  }
  const auto in_range = [&f](std::string_view key, int64_t lo, int64_t hi, int64_t& out) {
    if (const auto v = f.int64(key)) {
      if (*v < lo || *v > hi) {
        f.fail(key, "'" + std::string(key) + "' must be between " + std::to_string(lo) + " and " +
                        std::to_string(hi));
      } else {
        out = *v;
      }
    }
  };
  in_range("dedicated_wait_s", 0, 3600, s.dedicated_wait_s);
  in_range("stats_interval_min", 1, 1440, s.stats_interval_min);
  in_range("max_event_age_s", 0, 30 * 86400, s.max_event_age_s);
  in_range("max_event_lead_s", 0, 86400, s.max_event_lead_s);
  if (1440 % s.stats_interval_min != 0) {
    f.fail("stats_interval_min", "'stats_interval_min' must divide a day (1440 minutes)");
  }
  if (const auto order = f.string("order")) {
    if (*order == "vip_first") {
      s.order = callcenter::PriorityOrder::kVipFirst;
    } else if (*order == "priority_first") {
      s.order = callcenter::PriorityOrder::kPriorityFirst;
    } else {
      f.fail("order", "'order' must be vip_first or priority_first");
    }
  }
  GX_RETURN_IF_ERROR(f.finish());
  return s;
}

Json settings_to_json(const CallCenterSettings& s) {
  return Json{
      {"vip_tiers", s.vip_tiers},
      {"dedicated_wait_s", s.dedicated_wait_s},
      {"order", s.order == callcenter::PriorityOrder::kVipFirst ? "vip_first" : "priority_first"},
      {"stats_interval_min", s.stats_interval_min},
      {"max_event_age_s", s.max_event_age_s},
      {"max_event_lead_s", s.max_event_lead_s}};
}

Result<CallCenterSettings> load_settings(store::Connection& db, int64_t shop) {
  GX_ASSIGN_OR_RETURN(auto stored, store::find_shop_setting(db, shop, kSettingKey));
  if (!stored) return CallCenterSettings{};
  GX_ASSIGN_OR_RETURN(Json json, parse_json(stored->value));
  return settings_from_json(json);
}

Status save_settings(store::Connection& db, int64_t shop, const CallCenterSettings& settings,
                     int64_t now) {
  return store::put_shop_setting(db, shop, kSettingKey, settings_to_json(settings).dump(), now);
}

}  // namespace guanxi::cti
