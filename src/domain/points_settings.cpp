#include "domain/points_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "domain/internal.hpp"
#include "store/settings_table.hpp"

namespace guanxi::domain {

namespace {

constexpr std::string_view kPointsSettingKey = "points";
constexpr int64_t kMaxUnitAmount = 100'000'000;
constexpr int64_t kMaxPointsPerUnit = 100;
constexpr int64_t kMaxExpiryMonths = 120;

Status key_error(std::string_view member, std::string_view what) {
  Location loc;
  loc.field = member.empty() ? "/" : "/" + std::string(member);
  const std::string dotted = member.empty() ? "points" : "points." + std::string(member);
  return Status::invalid(dotted + " " + std::string(what), loc);
}

Result<int64_t> read_points_int(const Json& v, std::string_view member, int64_t lo, int64_t hi) {
  const std::string range = fmt::format("must be an integer between {} and {}", lo, hi);
  if (!v.is_number_integer()) return key_error(member, range);
  if (v.is_number_unsigned() &&
      v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return key_error(member, range);
  }
  const int64_t n = v.get<int64_t>();
  if (n < lo || n > hi) return key_error(member, range);
  return n;
}

// Parsed settings by shop, keyed by the stored text: upsert_order reads the
// setting on every order but parses it only when the text changed.
class SettingsCache {
 public:
  Result<PointsSettings> get(ShopId shop, const std::string& text) {
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(shop);
      if (it != entries_.end() && it->second.first == text) return it->second.second;
    }
    GX_ASSIGN_OR_RETURN(Json j, parse_json(text));
    GX_ASSIGN_OR_RETURN(PointsSettings parsed, points_settings_from_json(j));
    std::lock_guard lock(mu_);
    entries_[shop] = {text, parsed};
    return parsed;
  }

 private:
  std::mutex mu_;
  std::unordered_map<ShopId, std::pair<std::string, PointsSettings>> entries_;
};

SettingsCache& settings_cache() {
  static SettingsCache cache;
  return cache;
}

}  // namespace

PointsSettings default_points_settings() {
  return PointsSettings{};
}

Status validate_points_settings(const PointsSettings& s) {
  if (s.unit_amount < 1 || s.unit_amount > kMaxUnitAmount) {
    return key_error("unit_amount", fmt::format("must be between 1 and {}", kMaxUnitAmount));
  }
  if (s.points_per_unit < 1 || s.points_per_unit > kMaxPointsPerUnit) {
    return key_error("points_per_unit", fmt::format("must be between 1 and {}", kMaxPointsPerUnit));
  }
  if (s.expiry_months && (*s.expiry_months < 1 || *s.expiry_months > kMaxExpiryMonths)) {
    return key_error("expiry_months",
                     fmt::format("must be null or between 1 and {}", kMaxExpiryMonths));
  }
  return Status::ok();
}

Result<PointsSettings> points_settings_from_json(const Json& j) {
  if (!j.is_object()) return key_error("", "must be a JSON object");
  for (const auto& [name, value] : j.items()) {
    if (name != "enabled" && name != "unit_amount" && name != "points_per_unit" &&
        name != "expiry_months") {
      return key_error(name, "is not a known setting");
    }
  }
  PointsSettings s = default_points_settings();
  if (j.contains("enabled")) {
    if (!j["enabled"].is_boolean()) return key_error("enabled", "must be true or false");
    s.enabled = j["enabled"].get<bool>();
  }
  if (j.contains("unit_amount")) {
    GX_ASSIGN_OR_RETURN(s.unit_amount,
                        read_points_int(j["unit_amount"], "unit_amount", 1, kMaxUnitAmount));
  }
  if (j.contains("points_per_unit")) {
    GX_ASSIGN_OR_RETURN(
        int64_t n, read_points_int(j["points_per_unit"], "points_per_unit", 1, kMaxPointsPerUnit));
    s.points_per_unit = static_cast<int32_t>(n);
  }
  if (j.contains("expiry_months")) {
    const Json& v = j["expiry_months"];
    if (v.is_null()) {
      s.expiry_months = std::nullopt;
    } else {
      GX_ASSIGN_OR_RETURN(int64_t n, read_points_int(v, "expiry_months", 1, kMaxExpiryMonths));
      s.expiry_months = static_cast<int32_t>(n);
    }
  }
  return s;
}

Json points_settings_to_json(const PointsSettings& s) {
  return {{"enabled", s.enabled},
          {"unit_amount", s.unit_amount},
          {"points_per_unit", s.points_per_unit},
          {"expiry_months", s.expiry_months ? Json(*s.expiry_months) : Json(nullptr)}};
}

Result<PointsSettings> load_points_settings(store::Connection& db, ShopId shop) {
  GX_ASSIGN_OR_RETURN(auto setting, store::find_shop_setting(db, shop, kPointsSettingKey));
  if (!setting) {
    PointsSettings off = default_points_settings();
    off.enabled = false;
    return off;
  }
  return settings_cache().get(shop, setting->value);
}

Status save_points_settings(WriteContext& ctx, const PointsSettings& settings) {
  GX_RETURN_IF_ERROR(validate_points_settings(settings));
  GX_RETURN_IF_ERROR(store::put_shop_setting(ctx.db, ctx.shop.id, kPointsSettingKey,
                                             points_settings_to_json(settings).dump(),
                                             internal::now_ms(ctx)));
  return internal::record_change(ctx, "settings_updated", std::nullopt, std::nullopt,
                                 Json{{"key", kPointsSettingKey}}.dump());
}

int64_t points_for_purchase(const PointsSettings& settings, int64_t paid_amount,
                            int32_t multiplier_pct) {
  if (paid_amount <= 0 || settings.unit_amount <= 0 || multiplier_pct <= 0) return 0;
  // Bounded: paid ≤ 10^12 (validate_order), points_per_unit ≤ 100, multiplier ≤ 10^4.
  const int64_t units = paid_amount / settings.unit_amount;
  return units * settings.points_per_unit * multiplier_pct / 100;
}

std::optional<Timestamp> points_expiry(const PointsSettings& settings, const ShopZone& zone,
                                       Timestamp earned_at) {
  using namespace std::chrono;
  if (!settings.expiry_months) return std::nullopt;
  const year_month_day earned{zone.local_day(earned_at)};
  const year_month target =
      year_month{earned.year(), earned.month()} + months(*settings.expiry_months);
  const day last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  const year_month_day until{target.year(), target.month(), std::min(earned.day(), last)};
  // Usable through that day: expired from the start of the next.
  return zone.at_local(local_days{until} + days(1), minutes(0));
}

}  // namespace guanxi::domain
