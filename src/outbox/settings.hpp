// CareSettings: a shop's guardrails and channel configuration, stored as the
// JSON setting 'care' and validated at load (errors name the key). Defaults:
//
//   {"quiet_hours": {"start": "21:00", "end": "09:00"},
//    "caps": [{"class": "marketing", "channel": "sms", "max": 1, "days": 3},
//             {"class": "marketing", "channel": "sms", "max": 4, "days": 30},
//             {"class": "marketing", "channel": "*",   "max": 2, "days": 7},
//             {"class": "care",      "channel": "*",   "max": 3, "days": 7}],
//    "dedupe_hours": 72,
//    "marketing_requires_opt_in": false,
//    "attribution_days": 7,
//    "public_url": "http://127.0.0.1:8080",
//    "providers": {"sms": {"kind": "log"}, ...}}
//
// A cap with channel "*" counts every channel of its class together. Caps
// count messages whose due time lies within `days` before or after the new
// message's due time, so messages already scheduled for later count too.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "store/database.hpp"

namespace guanxi::outbox {

struct Cap {
  std::string klass;    // marketing | care
  std::string channel;  // sms | email | wechat | webhook | *
  int max = 0;          // at most this many messages ...
  int days = 0;         // ... within this many days
};

struct QuietHours {
  std::chrono::minutes start{21 * 60};  // shop-local time of day; start == end = none
  std::chrono::minutes end{9 * 60};
};

struct CareSettings {
  QuietHours quiet_hours;
  std::vector<Cap> caps;
  int dedupe_hours = 72;  // the same template to the same customer at most once per window
  bool marketing_requires_opt_in = false;  // true: marketing only with consent 'granted'
  int attribution_days = 7;
  std::string public_url = "http://127.0.0.1:8080";  // base of unsubscribe links
  Json providers = Json::object();                   // channel name -> provider config
};

CareSettings default_care_settings();
// Parses and validates; absent members take the defaults. Errors name the key
// ("care.caps[1].days: must be 1..365").
Result<CareSettings> care_settings_from_json(const Json& json);
Json care_settings_to_json(const CareSettings& s);

// What channel::make_provider gets for a channel's stored config: without the
// dispatcher's "rate_per_second", and a log provider told its channel.
Json provider_config(const Json& stored, std::string_view channel);

// The shop's settings (defaults when none were saved).
Result<CareSettings> load_care_settings(store::Connection& db, int64_t shop);
Status save_care_settings(store::Connection& db, int64_t shop, const CareSettings& s, int64_t now);

// "HH:MM" <-> minutes of the day.
Result<std::chrono::minutes> parse_time_of_day(std::string_view text);
std::string format_time_of_day(std::chrono::minutes m);

}  // namespace guanxi::outbox
