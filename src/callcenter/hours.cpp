#include "callcenter/hours.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <utility>

namespace guanxi::callcenter {

namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

Status at(const std::string& field, std::string message) {
  return Status::invalid(std::move(message), Location{"", 0, 0, field});
}

Result<DailyWindow> window_from_json(const Json& json, const std::string& pointer) {
  if (!json.is_array() || json.size() != 2 || !json[0].is_string() || !json[1].is_string()) {
    return at(pointer, "expected [\"HH:MM\", \"HH:MM\"] (open, close)");
  }
  DailyWindow w;
  const auto open = parse_minute_of_day(json[0].get<std::string>());
  if (!open.ok()) return at(pointer + "/0", open.status().message());
  const auto close = parse_minute_of_day(json[1].get<std::string>());
  if (!close.ok()) return at(pointer + "/1", close.status().message());
  w.start_minute = *open;
  w.end_minute = *close;
  const Status valid = validate_window(w);
  if (!valid.is_ok()) return at(pointer, valid.message());
  return w;
}

}  // namespace

bool BusinessHours::is_open(Timestamp t, const ShopZone& zone) const {
  const LocalDays day = zone.local_day(t);
  const CivilDate date = zone.local_date(t);
  if (std::find(closed_dates.begin(), closed_dates.end(), date) != closed_dates.end()) {
    return false;
  }
  const unsigned weekday = std::chrono::weekday(day).c_encoding();
  const auto& window = weekly[weekday];
  return window && window->contains(minute_of_day(t, zone));
}

Result<BusinessHours> business_hours_from_json(const Json& json, const std::string& pointer) {
  JsonFields f(json, pointer);
  std::array<const Json*, 7> days{};
  for (size_t i = 0; i < kWeekdays.size(); ++i) days[i] = f.array(kWeekdays[i]);
  const Json* closed = f.array("closed_dates");
  GX_RETURN_IF_ERROR(f.finish());
  BusinessHours hours;
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (days[i] == nullptr) continue;
    GX_ASSIGN_OR_RETURN(hours.weekly[i], window_from_json(*days[i], f.pointer_of(kWeekdays[i])));
  }
  if (closed != nullptr) {
    for (size_t i = 0; i < closed->size(); ++i) {
      const std::string item = f.pointer_of("closed_dates") + "/" + std::to_string(i);
      if (!(*closed)[i].is_string()) return at(item, "expected a date \"YYYY-MM-DD\"");
      const auto date = parse_civil_date((*closed)[i].get<std::string>());
      if (!date.ok()) return at(item, date.status().message());
      hours.closed_dates.push_back(*date);
    }
  }
  return hours;
}

Json business_hours_to_json(const BusinessHours& hours) {
  Json j = Json::object();
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (!hours.weekly[i]) continue;
    j[std::string(kWeekdays[i])] = Json::array({format_minute_of_day(hours.weekly[i]->start_minute),
                                                format_minute_of_day(hours.weekly[i]->end_minute)});
  }
  Json closed = Json::array();
  for (const CivilDate& d : hours.closed_dates) closed.push_back(d.to_string());
  j["closed_dates"] = closed;
  return j;
}

}  // namespace guanxi::callcenter
