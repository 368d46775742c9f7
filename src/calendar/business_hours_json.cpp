#include "calendar/business_hours_json.hpp"

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace guanxi::calendar {

namespace {

using Need = JsonFields::Need;
using std::chrono::minutes;

constexpr std::string_view k24x7 = "24x7";

// "HH:MM", 00:00 … 24:00.
std::optional<minutes> parse_time_of_day(std::string_view text) {
  const auto digit = [&text](size_t i) {
    return std::isdigit(static_cast<unsigned char>(text[i])) != 0;
  };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return std::nullopt;
  return minutes{hour * 60 + minute};
}

// A JSON pointer ("/schedule/mon/1/close", as JsonFields names members) as the
// path this form's errors use ("schedule.mon[1].close").
std::string path_of_pointer(std::string_view pointer) {
  std::string path;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // the '/'
    const size_t end = std::min(pointer.find('/'), pointer.size());
    const std::string_view token = pointer.substr(0, end);
    pointer.remove_prefix(end);
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == token.npos;
    if (index) {
      path += "[" + std::string(token) + "]";
      continue;
    }
    if (!path.empty()) path += '.';
    for (size_t i = 0; i < token.size(); ++i) {  // RFC 6901 escapes: ~1 is '/', ~0 is '~'
      if (token[i] == '~' && i + 1 < token.size()) {
        path += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        path += token[i];
      }
    }
  }
  return path;
}

Status with_path(const Status& status) {
  const std::string& field = status.location().field;
  if (field.empty() || field[0] != '/') return status;
  Location loc = status.location();
  loc.field = path_of_pointer(field);
  return status.with_location(std::move(loc));
}

Status invalid_at(const std::string& pointer, std::string message) {
  Location loc;
  loc.field = pointer;
  return Status::invalid(std::move(message), loc);
}

Status parse_day(const Json& json, const std::string& pointer, std::vector<OpenInterval>& out) {
  if (!json.is_array()) return invalid_at(pointer, "expected an array of {open, close}");
  for (size_t i = 0; i < json.size(); ++i) {
    JsonFields f(json[i], pointer + "/" + std::to_string(i));
    const auto read_time = [&f](std::string_view member) -> std::optional<minutes> {
      const std::optional<std::string> text = f.string(member, Need::kRequired);
      if (!text) return std::nullopt;
      const std::optional<minutes> time = parse_time_of_day(*text);
      if (!time) f.fail(member, "'" + *text + "' is not a time of day HH:MM (00:00-24:00)");
      return time;
    };
    const std::optional<minutes> open = read_time("open");
    const std::optional<minutes> close = read_time("close");
    GX_RETURN_IF_ERROR(f.finish());
    out.push_back({*open, *close});
  }
  return Status::ok();
}

Status parse_schedule(const Json& json, BusinessHours& hours) {
  if (json.is_string() && json.get<std::string>() == k24x7) {
    hours.weekly = BusinessHours::always_open().weekly;
    return Status::ok();
  }
  if (!json.is_object()) {
    return invalid_at("/schedule", "expected \"24x7\" or an object of weekdays (\"mon\": [...])");
  }
  JsonFields f(json, "/schedule");
  for (unsigned weekday = 0; weekday < hours.weekly.size(); ++weekday) {
    const std::string_view key = weekday_key(weekday);
    if (const Json* day = f.any(key)) {
      GX_RETURN_IF_ERROR(parse_day(*day, f.pointer_of(key), hours.weekly[weekday]));
    }
  }
  return f.finish();
}

Result<date::sys_days> parse_date(const Json& json, const std::string& pointer) {
  const std::string text = json.is_string() ? json.get<std::string>() : std::string();
  const Result<CivilDate> civil = parse_civil_date(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !civil.ok()) {
    return invalid_at(pointer,
                      (json.is_string() ? "'" + text + "' is not" : std::string("expected")) +
                          " a date YYYY-MM-DD");
  }
  return date::sys_days{date::year{civil->year} / date::month{civil->month} /
                        date::day{civil->day}};
}

Result<BusinessHours> parse(const Json& json, std::span<const HolidayDef> shop_holidays) {
  JsonFields f(json);
  const Json* schedule = f.any("schedule", Need::kRequired);
  const Json* closed_dates = f.array("closed_dates");
  const Json* closed_holidays = f.array("closed_holidays");
  const Json* make_up_days = f.array("make_up_days");
  GX_RETURN_IF_ERROR(f.finish());

  BusinessHours hours;
  GX_RETURN_IF_ERROR(parse_schedule(*schedule, hours));
  for (size_t i = 0; closed_dates != nullptr && i < closed_dates->size(); ++i) {
    GX_ASSIGN_OR_RETURN(const date::sys_days day,
                        parse_date((*closed_dates)[i], "/closed_dates/" + std::to_string(i)));
    hours.closed_dates.push_back(day);
  }
  for (size_t i = 0; closed_holidays != nullptr && i < closed_holidays->size(); ++i) {
    const Json& key = (*closed_holidays)[i];
    const std::string pointer = "/closed_holidays/" + std::to_string(i);
    if (!key.is_string()) return invalid_at(pointer, "expected a holiday key");
    const HolidayDef* holiday = find_holiday(key.get<std::string>(), shop_holidays);
    if (holiday == nullptr) {
      return invalid_at(pointer, "unknown holiday key '" + key.get<std::string>() + "'");
    }
    hours.closed_holidays.push_back(*holiday);
  }
  for (size_t i = 0; make_up_days != nullptr && i < make_up_days->size(); ++i) {
    JsonFields mf((*make_up_days)[i], "/make_up_days/" + std::to_string(i));
    const Json* day = mf.any("date", Need::kRequired);
    const std::optional<std::string> works_as = mf.string("works_as", Need::kRequired);
    GX_RETURN_IF_ERROR(mf.finish());
    MakeUpDay make_up;
    GX_ASSIGN_OR_RETURN(make_up.day, parse_date(*day, mf.pointer_of("date")));
    const std::optional<unsigned> weekday = parse_weekday_key(*works_as);
    if (!weekday) {
      return invalid_at(mf.pointer_of("works_as"),
                        "'works_as' must be one of sun, mon, tue, wed, thu, fri, sat");
    }
    make_up.works_as = *weekday;
    hours.make_up_days.push_back(make_up);
  }
  // Before sorting, so that errors name the entries as the document numbers them.
  GX_RETURN_IF_ERROR(validate_business_hours(hours, DateOrder::kAny));
  sort_dates(hours);
  return hours;
}

}  // namespace

Result<BusinessHours> business_hours_from_json(const Json& json,
                                               std::span<const HolidayDef> shop_holidays) {
  Result<BusinessHours> hours = parse(json, shop_holidays);
  if (!hours.ok()) return with_path(hours.status());
  return hours;
}

Json business_hours_to_json(const BusinessHours& hours) {
  Json j = Json::object();
  if (hours.is_24x7()) {
    j["schedule"] = std::string(k24x7);
  } else {
    Json schedule = Json::object();
    for (unsigned weekday = 0; weekday < hours.weekly.size(); ++weekday) {
      Json day = Json::array();
      for (const OpenInterval& interval : hours.weekly[weekday]) {
        day.push_back({{"open", format_time_of_day(interval.open)},
                       {"close", format_time_of_day(interval.close)}});
      }
      schedule[std::string(weekday_key(weekday))] = std::move(day);
    }
    j["schedule"] = std::move(schedule);
  }
  Json closed_dates = Json::array();
  for (const date::sys_days day : hours.closed_dates)
    closed_dates.push_back(date::format("%F", day));
  j["closed_dates"] = std::move(closed_dates);
  Json closed_holidays = Json::array();
  for (const HolidayDef& holiday : hours.closed_holidays) closed_holidays.push_back(holiday.key);
  j["closed_holidays"] = std::move(closed_holidays);
  Json make_up_days = Json::array();
  for (const MakeUpDay& make_up : hours.make_up_days) {
    make_up_days.push_back({{"date", date::format("%F", make_up.day)},
                            {"works_as", std::string(weekday_key(make_up.works_as))}});
  }
  j["make_up_days"] = std::move(make_up_days);
  return j;
}

}  // namespace guanxi::calendar
