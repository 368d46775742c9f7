#include "calendar/holiday_json.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

namespace guanxi::calendar {

namespace {

using Need = JsonFields::Need;

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

// Out-of-range numbers become a value validate_holiday rejects with its own
// message, instead of wrapping around when narrowed.
constexpr int64_t kOutOfRange = 1000;

unsigned narrow_unsigned(int64_t v) {
  return static_cast<unsigned>(v < 0 || v > kOutOfRange ? kOutOfRange : v);
}

int narrow_int(int64_t v) {
  return static_cast<int>(v < -kOutOfRange || v > kOutOfRange ? kOutOfRange : v);
}

struct RuleMembers {
  bool month = false;
  bool day = false;
  bool weekday_nth = false;
};

RuleMembers members_of(HolidayRule rule) {
  switch (rule) {
    case HolidayRule::kSolar:
    case HolidayRule::kLunar:
      return {true, true, false};
    case HolidayRule::kNthWeekday:
      return {true, false, true};
    case HolidayRule::kLunarNewYearsEve:
    case HolidayRule::kQingming:
      return {};
  }
  return {};
}

Status member_error(const std::string& pointer, std::string_view member, std::string message) {
  Location loc;
  loc.field = pointer + "/" + std::string(member);
  return Status::invalid(std::move(message), loc);
}

// A member the rule uses must be present; one it does not use must be absent.
Status check_presence(const Json& json, const std::string& pointer, std::string_view rule,
                      std::string_view member, bool used) {
  const bool present = json.contains(member) && !json.at(member).is_null();
  if (used && !present) {
    return member_error(pointer, member,
                        "'" + std::string(member) + "' is required for rule " + std::string(rule));
  }
  if (!used && present) {
    return member_error(
        pointer, member,
        "'" + std::string(member) + "' does not apply to rule " + std::string(rule));
  }
  return Status::ok();
}

}  // namespace

Result<HolidayDef> holiday_from_json(const Json& json, const std::string& pointer) {
  JsonFields f(json, pointer);
  auto key = f.string("key", Need::kRequired);
  auto name_zh = f.string("name_zh", Need::kRequired);
  auto name_en = f.string("name_en");
  auto rule_name = f.string("rule", Need::kRequired);
  auto month = f.int64("month");
  auto day = f.int64("day");
  auto weekday = f.string("weekday");
  auto nth = f.int64("nth");
  GX_RETURN_IF_ERROR(f.finish());

  const auto rule = parse_holiday_rule(*rule_name);
  if (!rule) {
    return member_error(pointer, "rule",
                        "unknown 'rule' \"" + *rule_name +
                            "\" (expected solar, lunar, nth_weekday, lunar_new_years_eve or "
                            "qingming)");
  }
  const RuleMembers used = members_of(*rule);
  GX_RETURN_IF_ERROR(check_presence(json, pointer, *rule_name, "month", used.month));
  GX_RETURN_IF_ERROR(check_presence(json, pointer, *rule_name, "day", used.day));
  GX_RETURN_IF_ERROR(check_presence(json, pointer, *rule_name, "weekday", used.weekday_nth));
  GX_RETURN_IF_ERROR(check_presence(json, pointer, *rule_name, "nth", used.weekday_nth));

  HolidayDef h;
  h.key = std::move(*key);
  h.name_zh = std::move(*name_zh);
  h.name_en = name_en.value_or("");
  h.rule = *rule;
  if (month) h.month = narrow_unsigned(*month);
  if (day) h.day = narrow_unsigned(*day);
  if (nth) h.nth = narrow_int(*nth);
  if (weekday) {
    unsigned index = 0;
    while (index < kWeekdayNames.size() && kWeekdayNames[index] != *weekday) ++index;
    if (index == kWeekdayNames.size()) {
      return member_error(pointer, "weekday",
                          "'weekday' must be one of sunday, monday, tuesday, wednesday, "
                          "thursday, friday, saturday");
    }
    h.weekday = index;
  }
  const Status valid = validate_holiday(h);
  if (!valid.is_ok()) return valid.with_field_prefix(pointer);
  return h;
}

Result<std::vector<HolidayDef>> holidays_from_json(const Json& json) {
  if (!json.is_array()) {
    return Status::invalid("expected a JSON array of holidays", Location{"", 0, 0, "/"});
  }
  if (json.size() > kMaxShopHolidays) {
    return Status::invalid("at most " + std::to_string(kMaxShopHolidays) + " holidays",
                           Location{"", 0, 0, "/"});
  }
  std::vector<HolidayDef> out;
  std::map<std::string, size_t, std::less<>> first_index;
  for (size_t i = 0; i < json.size(); ++i) {
    const std::string pointer = "/" + std::to_string(i);
    GX_ASSIGN_OR_RETURN(HolidayDef h, holiday_from_json(json[i], pointer));
    if (find_holiday(h.key) != nullptr) {
      return member_error(pointer, "key", "'key' \"" + h.key + "\" is a built-in holiday");
    }
    const auto [it, inserted] = first_index.emplace(h.key, i);
    if (!inserted) {
      return member_error(
          pointer, "key",
          "duplicate 'key' \"" + h.key + "\" (also at /" + std::to_string(it->second) + ")");
    }
    out.push_back(std::move(h));
  }
  return out;
}

Json holiday_to_json(const HolidayDef& h) {
  Json j = Json::object();
  j["key"] = h.key;
  j["name_zh"] = h.name_zh;
  j["name_en"] = h.name_en;
  j["rule"] = std::string(holiday_rule_name(h.rule));
  const RuleMembers used = members_of(h.rule);
  if (used.month) j["month"] = h.month;
  if (used.day) j["day"] = h.day;
  if (used.weekday_nth) {
    j["weekday"] = h.weekday < kWeekdayNames.size() ? std::string(kWeekdayNames[h.weekday])
                                                    : std::to_string(h.weekday);
    j["nth"] = h.nth;
  }
  return j;
}

Json holidays_to_json(std::span<const HolidayDef> holidays) {
  Json j = Json::array();
  for (const HolidayDef& h : holidays) j.push_back(holiday_to_json(h));
  return j;
}

}  // namespace guanxi::calendar
