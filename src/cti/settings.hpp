// The call center's options for a shop (shop setting 'callcenter'): who is a
// VIP caller, how long a call waits for its dedicated CSR, the order of
// waiting calls, the statistics interval and how far the telephony's event
// times may stray from the server's clock.
//
//   {"vip_tiers": ["VIP会员", "至尊VIP会员"], "dedicated_wait_s": 10,
//    "order": "vip_first", "stats_interval_min": 15,
//    "max_event_age_s": 259200, "max_event_lead_s": 300}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "callcenter/router.hpp"
#include "core/json.hpp"
#include "store/database.hpp"

namespace guanxi::cti {

struct CallCenterSettings {
  // A caller whose customer's tier is one of these is a VIP.
  std::vector<std::string> vip_tiers = {"VIP会员", "至尊VIP会员"};
  int64_t dedicated_wait_s = 10;  // RouterConfig::dedicated_wait
  callcenter::PriorityOrder order = callcenter::PriorityOrder::kVipFirst;
  int64_t stats_interval_min = 15;  // divides a day
  // An event's `at` must lie in [now - max_event_age_s, now + max_event_lead_s]
  // (a simulation may replay the recent past faster than real time).
  int64_t max_event_age_s = 3 * 86400;
  int64_t max_event_lead_s = 300;
};

// Absent members take the defaults; errors are invalid_argument naming the member.
Result<CallCenterSettings> settings_from_json(const Json& json);
Json settings_to_json(const CallCenterSettings& settings);

// The stored settings of a shop, or the defaults.
Result<CallCenterSettings> load_settings(store::Connection& db, int64_t shop);
Status save_settings(store::Connection& db, int64_t shop, const CallCenterSettings& settings,
                     int64_t now);

}  // namespace guanxi::cti
