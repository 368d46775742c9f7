#include "calendar/holiday.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "calendar/lunar.hpp"
#include "calendar/solar_term.hpp"
#include "calendar/year_of.hpp"

namespace guanxi::calendar {

namespace {

constexpr int kMinSolarYear = 1;
constexpr int kMaxSolarYear = 9999;
constexpr size_t kMaxKeyBytes = 64;
constexpr size_t kMaxNameBytes = 100;

constexpr std::array<std::pair<HolidayRule, std::string_view>, 5> kRuleNames = {{
    {HolidayRule::kSolar, "solar"},
    {HolidayRule::kLunar, "lunar"},
    {HolidayRule::kNthWeekday, "nth_weekday"},
    {HolidayRule::kLunarNewYearsEve, "lunar_new_years_eve"},
    {HolidayRule::kQingming, "qingming"},
}};

Status invalid_member(std::string_view member, std::string message) {
  Location loc;
  loc.field = "/" + std::string(member);
  return Status::invalid(std::move(message), loc);
}

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

Status validate_name(std::string_view member, std::string_view name, bool required) {
  if (required && name.empty()) {
    return invalid_member(member, "'" + std::string(member) + "' must not be empty");
  }
  if (name.size() > kMaxNameBytes) {
    return invalid_member(member, "'" + std::string(member) + "' must be at most 100 bytes");
  }
  if (has_control_character(name)) {
    return invalid_member(member,
                          "'" + std::string(member) + "' must not contain control characters");
  }
  return Status::ok();
}

// Members a rule does not use must stay 0, so two equal definitions compare equal.
Status require_unused(const HolidayDef& h, bool month, bool day, bool weekday_nth) {
  const std::string rule(holiday_rule_name(h.rule));
  if (!month && h.month != 0)
    return invalid_member("month", "'month' does not apply to rule " + rule);
  if (!day && h.day != 0) return invalid_member("day", "'day' does not apply to rule " + rule);
  if (!weekday_nth && h.weekday != 0) {
    return invalid_member("weekday", "'weekday' does not apply to rule " + rule);
  }
  if (!weekday_nth && h.nth != 0)
    return invalid_member("nth", "'nth' does not apply to rule " + rule);
  return Status::ok();
}

Status validate_month(unsigned month) {
  if (month < 1 || month > 12) return invalid_member("month", "'month' must be 1-12");
  return Status::ok();
}

std::optional<date::sys_days> nth_weekday_in(int year, unsigned month, unsigned weekday, int nth) {
  const date::year_month ym = date::year{year} / date::month{month};
  if (nth < 0) return date::sys_days{ym / date::weekday{weekday}[date::last]};
  const date::year_month_weekday ymw = ym / date::weekday{weekday}[static_cast<unsigned>(nth)];
  if (!ymw.ok()) return std::nullopt;  // a 5th weekday (validation allows 1-4 only)
  return date::sys_days{ymw};
}

std::vector<date::sys_days> lunar_new_years_eves_in(int year) {
  std::vector<date::sys_days> out;
  for (const int lunar_year : {year - 1, year}) {
    const bool leap = leap_month(lunar_year) == 12u;
    const int last_day = lunar_month_days(lunar_year, 12, leap);
    if (last_day == 0) continue;
    const auto eve = from_lunar(LunarDate{lunar_year, 12, static_cast<unsigned>(last_day), leap});
    if (eve && detail::year_of(*eve) == year) out.push_back(*eve);
  }
  return out;
}

std::vector<HolidayDef> make_builtins() {
  using H = HolidayDef;
  const H new_years_eve{.key = "new_years_eve",
                        .name_zh = "除夕",
                        .name_en = "Chinese New Year's Eve",
                        .rule = HolidayRule::kLunarNewYearsEve};
  const H qingming_day{.key = "qingming",
                       .name_zh = "清明节",
                       .name_en = "Qingming Festival",
                       .rule = HolidayRule::kQingming};
  return {
      H::solar("new_year", "元旦", "New Year's Day", 1, 1),
      H::solar("valentines", "情人节", "Valentine's Day", 2, 14),
      H::solar("womens_day", "妇女节", "International Women's Day", 3, 8),
      qingming_day,
      H::solar("labour_day", "劳动节", "Labour Day", 5, 1),
      H::nth_weekday("mothers_day", "母亲节", "Mother's Day", 5, 0, 2),
      H::solar("childrens_day", "儿童节", "Children's Day", 6, 1),
      H::solar("618", "618", "618 Shopping Festival", 6, 18),
      H::nth_weekday("fathers_day", "父亲节", "Father's Day", 6, 0, 3),
      H::solar("teachers_day", "教师节", "Teachers' Day", 9, 10),
      H::solar("national_day", "国庆节", "National Day", 10, 1),
      H::solar("double_11", "双11", "Singles' Day (Double 11)", 11, 11),
      H::solar("double_12", "双12", "Double 12", 12, 12),
      H::solar("christmas", "圣诞节", "Christmas", 12, 25),
      new_years_eve,
      H::lunar("spring_festival", "春节", "Spring Festival", 1, 1),
      H::lunar("lantern", "元宵节", "Lantern Festival", 1, 15),
      H::lunar("dragon_boat", "端午节", "Dragon Boat Festival", 5, 5),
      H::lunar("qixi", "七夕", "Qixi Festival", 7, 7),
      H::lunar("mid_autumn", "中秋节", "Mid-Autumn Festival", 8, 15),
      H::lunar("double_ninth", "重阳节", "Double Ninth Festival", 9, 9),
      H::lunar("laba", "腊八节", "Laba Festival", 12, 8),
  };
}

}  // namespace

std::string_view holiday_rule_name(HolidayRule rule) {
  for (const auto& [r, name] : kRuleNames) {
    if (r == rule) return name;
  }
  return "unknown";
}

std::optional<HolidayRule> parse_holiday_rule(std::string_view name) {
  for (const auto& [rule, n] : kRuleNames) {
    if (n == name) return rule;
  }
  return std::nullopt;
}

HolidayDef HolidayDef::solar(std::string key, std::string name_zh, std::string name_en,
                             unsigned month, unsigned day) {
  return {.key = std::move(key),
          .name_zh = std::move(name_zh),
          .name_en = std::move(name_en),
          .rule = HolidayRule::kSolar,
          .month = month,
          .day = day};
}

HolidayDef HolidayDef::lunar(std::string key, std::string name_zh, std::string name_en,
                             unsigned month, unsigned day) {
  return {.key = std::move(key),
          .name_zh = std::move(name_zh),
          .name_en = std::move(name_en),
          .rule = HolidayRule::kLunar,
          .month = month,
          .day = day};
}

HolidayDef HolidayDef::nth_weekday(std::string key, std::string name_zh, std::string name_en,
                                   unsigned month, unsigned weekday, int nth) {
  return {.key = std::move(key),
          .name_zh = std::move(name_zh),
          .name_en = std::move(name_en),
          .rule = HolidayRule::kNthWeekday,
          .month = month,
          .weekday = weekday,
          .nth = nth};
}

Status validate_holiday(const HolidayDef& h) {
  if (!valid_key(h.key)) {
    return invalid_member("key", "'key' must be 1-64 characters of a-z, 0-9 and _");
  }
  GX_RETURN_IF_ERROR(validate_name("name_zh", h.name_zh, true));
  GX_RETURN_IF_ERROR(validate_name("name_en", h.name_en, false));
  switch (h.rule) {
    case HolidayRule::kSolar: {
      GX_RETURN_IF_ERROR(validate_month(h.month));
      // 2000 is a leap year: 02-29 is allowed and falls in leap years only.
      if (h.day < 1 || h.day > 31 ||
          !(date::year{2000} / date::month{h.month} / date::day{h.day}).ok()) {
        return invalid_member("day", "'day' must be a day of month " + std::to_string(h.month));
      }
      return require_unused(h, true, true, false);
    }
    case HolidayRule::kLunar:
      GX_RETURN_IF_ERROR(validate_month(h.month));
      if (h.day < 1 || h.day > 30) return invalid_member("day", "'day' must be 1-30");
      return require_unused(h, true, true, false);
    case HolidayRule::kNthWeekday:
      GX_RETURN_IF_ERROR(validate_month(h.month));
      if (h.weekday > 6) {
        return invalid_member("weekday", "'weekday' must be 0-6 (0 = Sunday)");
      }
      if (h.nth != -1 && (h.nth < 1 || h.nth > 4)) {
        return invalid_member("nth", "'nth' must be 1-4, or -1 for the last");
      }
      return require_unused(h, true, false, true);
    case HolidayRule::kLunarNewYearsEve:
    case HolidayRule::kQingming:
      return require_unused(h, false, false, false);
  }
  return invalid_member("rule", "unknown 'rule'");
}

std::span<const HolidayDef> builtin_holidays() {
  static const std::vector<HolidayDef> builtins = make_builtins();
  return builtins;
}

const HolidayDef* find_holiday(std::string_view key, std::span<const HolidayDef> extra) {
  for (const std::span<const HolidayDef> list : {builtin_holidays(), extra}) {
    for (const HolidayDef& h : list) {
      if (h.key == key) return &h;
    }
  }
  return nullptr;
}

std::vector<date::sys_days> occurrences_in_year(const HolidayDef& h, int year) {
  switch (h.rule) {
    case HolidayRule::kSolar: {
      if (year < kMinSolarYear || year > kMaxSolarYear) return {};
      if (h.month < 1 || h.month > 12 || h.day < 1 || h.day > 31) return {};
      const date::year_month_day ymd = date::year{year} / date::month{h.month} / date::day{h.day};
      if (!ymd.ok()) return {};  // 02-29 in a common year
      return {date::sys_days{ymd}};
    }
    case HolidayRule::kNthWeekday: {
      if (year < kMinSolarYear || year > kMaxSolarYear) return {};
      if (h.month < 1 || h.month > 12 || h.weekday > 6 || h.nth < -1 || h.nth == 0 || h.nth > 5) {
        return {};
      }
      const auto day = nth_weekday_in(year, h.month, h.weekday, h.nth);
      if (!day) return {};
      return {*day};
    }
    case HolidayRule::kLunar:
      return lunar_dates_in_year(h.month, h.day, year);
    case HolidayRule::kLunarNewYearsEve:
      return lunar_new_years_eves_in(year);
    case HolidayRule::kQingming: {
      const auto day = qingming(year);
      if (!day) return {};
      return {*day};
    }
  }
  return {};
}

std::optional<date::sys_days> next_occurrence(const HolidayDef& h, date::sys_days on_or_after) {
  const int first_year = detail::year_of(on_or_after);
  // 02-29 recurs within 8 years (2096 → 2104); every other rule within 2.
  for (int year = first_year; year <= first_year + 8; ++year) {
    for (const date::sys_days day : occurrences_in_year(h, year)) {
      if (day >= on_or_after) return day;
    }
  }
  return std::nullopt;
}

std::vector<HolidayOccurrence> holidays_between(date::sys_days from, date::sys_days to,
                                                std::span<const HolidayDef> extra) {
  std::vector<HolidayOccurrence> out;
  if (from > to) return out;
  const int last_year = detail::year_of(to);
  for (int year = detail::year_of(from); year <= last_year; ++year) {
    for (const std::span<const HolidayDef> list : {builtin_holidays(), extra}) {
      for (const HolidayDef& h : list) {
        for (const date::sys_days day : occurrences_in_year(h, year)) {
          if (day >= from && day <= to) out.push_back({day, h});
        }
      }
    }
  }
  // Within a year the loop appends in definition order; stable_sort keeps it per day.
  std::stable_sort(
      out.begin(), out.end(),
      [](const HolidayOccurrence& a, const HolidayOccurrence& b) { return a.day < b.day; });
  return out;
}

}  // namespace guanxi::calendar
