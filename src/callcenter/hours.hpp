// Business hours: when the shop's call center is open, for the IVR's
// open/closed branch. Kept simple on purpose: one [open, close) window of
// shop-local time per weekday, and a list of dates when it is closed all day.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "callcenter/model.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace guanxi::callcenter {

struct BusinessHours {
  // Index 0 = Sunday … 6 = Saturday; nullopt = closed that weekday.
  std::array<std::optional<DailyWindow>, 7> weekly;
  std::vector<CivilDate> closed_dates;

  bool is_open(Timestamp t, const ShopZone& zone) const;
  bool operator==(const BusinessHours&) const = default;
};

// {"monday": ["09:00", "18:00"], …, "sunday": ["10:00", "16:00"],
//  "closed_dates": ["2025-10-01", …]}: absent weekdays are closed; close may be "24:00".
// Errors name the member's JSON pointer below `pointer`.
Result<BusinessHours> business_hours_from_json(const Json& json, const std::string& pointer = "");
Json business_hours_to_json(const BusinessHours& hours);

}  // namespace guanxi::callcenter
