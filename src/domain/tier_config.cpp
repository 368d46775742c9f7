#include "domain/tier_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>

namespace guanxi::domain {

namespace {

using std::chrono::month_day;

constexpr size_t kMaxLevels = 20;
constexpr size_t kMaxLevelName = 64;
constexpr size_t kMaxReviewDates = 12;
constexpr int32_t kMaxWindowDays = 3660;
constexpr int32_t kMaxPointsMultiplierPct = 10000;
constexpr int64_t kMaxAmount = 1'000'000'000'000LL;  // as for order amounts
constexpr int64_t kMaxPurchases = 1'000'000;

// A setting's key for people ("tiers.levels[2].min_revenue") and as a JSON
// pointer ("/levels/2/min_revenue").
struct Key {
  std::string dotted = "tiers";
  std::string pointer;

  Key member(std::string_view name) const {
    return {dotted + "." + std::string(name), pointer + "/" + std::string(name)};
  }
  Key index(size_t i) const {
    return {dotted + "[" + std::to_string(i) + "]", pointer + "/" + std::to_string(i)};
  }
  Status error(std::string_view what) const {
    Location loc;
    loc.field = pointer.empty() ? "/" : pointer;
    return Status::invalid(dotted + " " + std::string(what), loc);
  }
};

std::string format_month_day(month_day md) {
  return fmt::format("{:02}-{:02}", static_cast<unsigned>(md.month()),
                     static_cast<unsigned>(md.day()));
}

// "MM-DD" (also "M-D"); not 02-29.
std::optional<month_day> parse_month_day(std::string_view text) {
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash > 2 || text.size() - dash - 1 < 1 ||
      text.size() - dash - 1 > 2) {
    return std::nullopt;
  }
  unsigned parts[2] = {0, 0};
  const std::string_view pieces[2] = {text.substr(0, dash), text.substr(dash + 1)};
  for (int i = 0; i < 2; ++i) {
    for (const char c : pieces[i]) {
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + static_cast<unsigned>(c - '0');
    }
  }
  const month_day md{std::chrono::month{parts[0]}, std::chrono::day{parts[1]}};
  if (!md.ok()) return std::nullopt;
  return md;
}

bool is_feb_29(month_day md) {
  return md.month() == std::chrono::February && md.day() == std::chrono::day{29};
}

Result<int64_t> read_int(const Json& v, const Key& key, int64_t lo, int64_t hi) {
  if (!v.is_number_integer()) return key.error("must be an integer");
  int64_t n = 0;
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return key.error(fmt::format("must be between {} and {}", lo, hi));
    }
    n = static_cast<int64_t>(u);
  } else {
    n = v.get<int64_t>();
  }
  if (n < lo || n > hi) return key.error(fmt::format("must be between {} and {}", lo, hi));
  return n;
}

Result<bool> read_bool(const Json& v, const Key& key) {
  if (!v.is_boolean()) return key.error("must be true or false");
  return v.get<bool>();
}

Status unknown_member(const Json& object, const Key& key,
                      std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : object.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return key.member(name).error("is not a known setting");
    }
  }
  return Status::ok();
}

Result<TierLevel> read_level(const Json& j, const Key& key) {
  if (!j.is_object()) return key.error("must be an object");
  GX_RETURN_IF_ERROR(unknown_member(j, key,
                                    {"name", "min_revenue", "min_purchases", "discount_pct",
                                     "points_multiplier_pct", "free_shipping"}));
  TierLevel level;
  if (!j.contains("name")) return key.member("name").error("is required");
  if (!j["name"].is_string()) return key.member("name").error("must be a string");
  level.name = j["name"].get<std::string>();
  if (j.contains("min_revenue")) {
    GX_ASSIGN_OR_RETURN(level.min_revenue,
                        read_int(j["min_revenue"], key.member("min_revenue"), 0, kMaxAmount));
  }
  if (j.contains("min_purchases")) {
    GX_ASSIGN_OR_RETURN(
        level.min_purchases,
        read_int(j["min_purchases"], key.member("min_purchases"), 0, kMaxPurchases));
  }
  if (j.contains("discount_pct")) {
    GX_ASSIGN_OR_RETURN(int64_t pct,
                        read_int(j["discount_pct"], key.member("discount_pct"), 0, 100));
    level.discount_pct = static_cast<int32_t>(pct);
  }
  if (j.contains("points_multiplier_pct")) {
    GX_ASSIGN_OR_RETURN(int64_t pct,
                        read_int(j["points_multiplier_pct"], key.member("points_multiplier_pct"), 0,
                                 kMaxPointsMultiplierPct));
    level.points_multiplier_pct = static_cast<int32_t>(pct);
  }
  if (j.contains("free_shipping")) {
    GX_ASSIGN_OR_RETURN(level.free_shipping,
                        read_bool(j["free_shipping"], key.member("free_shipping")));
  }
  return level;
}

bool level_met(const TierConfig& config, const TierLevel& level, int64_t revenue,
               int64_t purchases) {
  const bool has_revenue = level.min_revenue > 0;
  const bool has_purchases = level.min_purchases > 0;
  const bool revenue_met = revenue >= level.min_revenue;
  const bool purchases_met = purchases >= level.min_purchases;
  if (!has_revenue && !has_purchases) return true;
  if (config.match == TierConfig::Match::kAll) return revenue_met && purchases_met;
  return (has_revenue && revenue_met) || (has_purchases && purchases_met);
}

}  // namespace

TierConfig default_tier_config() {
  TierConfig c;
  c.levels = {
      {"普通会员", 0, 1, 0, 100, false},
      {"高级会员", 500'00, 2, 2, 120, false},
      {"VIP会员", 2'000'00, 5, 5, 150, true},
      {"至尊VIP会员", 10'000'00, 10, 10, 200, true},
  };
  c.window_days = 365;
  c.match = TierConfig::Match::kAny;
  c.review_dates = {std::chrono::January / 1, std::chrono::July / 1};
  return c;
}

Status validate_tier_config(const TierConfig& config) {
  const Key root;
  if (config.window_days && (*config.window_days < 1 || *config.window_days > kMaxWindowDays)) {
    return root.member("window_days")
        .error(fmt::format("must be between 1 and {} (or null for lifetime)", kMaxWindowDays));
  }
  const Key levels = root.member("levels");
  if (config.levels.empty()) return levels.error("must have at least one level");
  if (config.levels.size() > kMaxLevels) {
    return levels.error(fmt::format("must have at most {} levels", kMaxLevels));
  }
  std::set<std::string_view> names;
  for (size_t i = 0; i < config.levels.size(); ++i) {
    const TierLevel& l = config.levels[i];
    const Key at = levels.index(i);
    if (l.name.empty()) return at.member("name").error("must not be empty");
    if (l.name.size() > kMaxLevelName) {
      return at.member("name").error(fmt::format("is longer than {} bytes", kMaxLevelName));
    }
    if (!names.insert(l.name).second) {
      return at.member("name").error("repeats the name of another level ('" + l.name + "')");
    }
    if (l.min_revenue < 0 || l.min_revenue > kMaxAmount) {
      return at.member("min_revenue").error(fmt::format("must be between 0 and {}", kMaxAmount));
    }
    if (l.min_purchases < 0 || l.min_purchases > kMaxPurchases) {
      return at.member("min_purchases")
          .error(fmt::format("must be between 0 and {}", kMaxPurchases));
    }
    if (l.discount_pct < 0 || l.discount_pct > 100) {
      return at.member("discount_pct").error("must be between 0 and 100");
    }
    if (l.points_multiplier_pct < 0 || l.points_multiplier_pct > kMaxPointsMultiplierPct) {
      return at.member("points_multiplier_pct")
          .error(fmt::format("must be between 0 and {}", kMaxPointsMultiplierPct));
    }
    if (l.min_revenue == 0 && l.min_purchases == 0) {
      return at.error("needs min_revenue or min_purchases above 0");
    }
    if (i == 0) continue;
    const TierLevel& below = config.levels[i - 1];
    if (l.min_revenue < below.min_revenue) {
      return at.member("min_revenue")
          .error(fmt::format("must be ≥ the level below ({})", below.min_revenue));
    }
    if (l.min_purchases < below.min_purchases) {
      return at.member("min_purchases")
          .error(fmt::format("must be ≥ the level below ({})", below.min_purchases));
    }
    if (l.min_revenue == below.min_revenue && l.min_purchases == below.min_purchases) {
      return at.error("has the same thresholds as the level below, so it could never be reached");
    }
  }
  const Key dates = root.member("review_dates");
  if (config.review_dates.size() > kMaxReviewDates) {
    return dates.error(fmt::format("must have at most {} dates", kMaxReviewDates));
  }
  for (size_t i = 0; i < config.review_dates.size(); ++i) {
    const month_day md = config.review_dates[i];
    if (!md.ok()) return dates.index(i).error("is not a valid MM-DD date");
    if (is_feb_29(md)) return dates.index(i).error("must not be 02-29 (not every year has it)");
    for (size_t k = 0; k < i; ++k) {
      if (config.review_dates[k] == md) {
        return dates.index(i).error("repeats " + format_month_day(md));
      }
    }
  }
  return Status::ok();
}

Result<TierConfig> tier_config_from_json(const Json& j) {
  const Key root;
  if (!j.is_object()) return root.error("must be a JSON object");
  GX_RETURN_IF_ERROR(
      unknown_member(j, root, {"enabled", "window_days", "match", "review_dates", "levels"}));
  TierConfig c = default_tier_config();
  if (j.contains("enabled")) {
    GX_ASSIGN_OR_RETURN(c.enabled, read_bool(j["enabled"], root.member("enabled")));
  }
  if (j.contains("window_days")) {
    const Json& v = j["window_days"];
    if (v.is_null()) {
      c.window_days = std::nullopt;
    } else {
      GX_ASSIGN_OR_RETURN(int64_t days, read_int(v, root.member("window_days"), 1, kMaxWindowDays));
      c.window_days = static_cast<int32_t>(days);
    }
  }
  if (j.contains("match")) {
    const Json& v = j["match"];
    if (v == "any") {
      c.match = TierConfig::Match::kAny;
    } else if (v == "all") {
      c.match = TierConfig::Match::kAll;
    } else {
      return root.member("match").error("must be \"any\" or \"all\"");
    }
  }
  if (j.contains("review_dates")) {
    const Key dates = root.member("review_dates");
    const Json& v = j["review_dates"];
    if (!v.is_array()) return dates.error("must be an array of \"MM-DD\" dates");
    c.review_dates.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      std::optional<month_day> md;
      if (v[i].is_string()) md = parse_month_day(v[i].get<std::string>());
      if (!md) return dates.index(i).error("must be a date \"MM-DD\", e.g. \"07-01\"");
      c.review_dates.push_back(*md);
    }
  }
  if (j.contains("levels")) {
    const Key levels = root.member("levels");
    const Json& v = j["levels"];
    if (!v.is_array()) return levels.error("must be an array of levels, lowest first");
    if (v.size() > kMaxLevels) {
      return levels.error(fmt::format("must have at most {} levels", kMaxLevels));
    }
    c.levels.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      GX_ASSIGN_OR_RETURN(TierLevel level, read_level(v[i], levels.index(i)));
      c.levels.push_back(std::move(level));
    }
  }
  GX_RETURN_IF_ERROR(validate_tier_config(c));
  return c;
}

Result<TierConfig> parse_tier_config(std::string_view json_text) {
  GX_ASSIGN_OR_RETURN(Json j, parse_json(json_text));
  return tier_config_from_json(j);
}

Json tier_config_to_json(const TierConfig& config) {
  Json levels = Json::array();
  for (const auto& l : config.levels) {
    levels.push_back({{"name", l.name},
                      {"min_revenue", l.min_revenue},
                      {"min_purchases", l.min_purchases},
                      {"discount_pct", l.discount_pct},
                      {"points_multiplier_pct", l.points_multiplier_pct},
                      {"free_shipping", l.free_shipping}});
  }
  Json dates = Json::array();
  for (const auto md : config.review_dates) dates.push_back(format_month_day(md));
  return {{"enabled", config.enabled},
          {"window_days", config.window_days ? Json(*config.window_days) : Json(nullptr)},
          {"match", config.match == TierConfig::Match::kAll ? "all" : "any"},
          {"review_dates", std::move(dates)},
          {"levels", std::move(levels)}};
}

int qualifying_rank(const TierConfig& config, int64_t revenue, int64_t purchases) {
  for (size_t i = config.levels.size(); i-- > 0;) {
    if (level_met(config, config.levels[i], revenue, purchases)) return static_cast<int>(i);
  }
  return -1;
}

std::string qualifying_level(const TierConfig& config, int64_t revenue, int64_t purchases) {
  const int rank = qualifying_rank(config, revenue, purchases);
  return rank < 0 ? std::string() : config.levels[static_cast<size_t>(rank)].name;
}

int tier_rank(const TierConfig& config, std::string_view name) {
  if (name.empty()) return -1;
  for (size_t i = 0; i < config.levels.size(); ++i) {
    if (config.levels[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::optional<LocalDays> next_review_day(const TierConfig& config, LocalDays after) {
  using namespace std::chrono;
  const year y = year_month_day(after).year();
  std::optional<LocalDays> best;
  for (const year candidate_year : {y, y + years(1)}) {
    for (const month_day md : config.review_dates) {
      const year_month_day ymd = candidate_year / md.month() / md.day();
      if (!ymd.ok()) continue;  // 02-29 in a common year (not allowed by validation)
      const LocalDays day{ymd};
      if (day > after && (!best || day < *best)) best = day;
    }
  }
  return best;
}

}  // namespace guanxi::domain
