// The sales configuration: the shop setting 'sales' (JSON), validated when
// loaded or saved; errors name the member as a JSON pointer
// ("/scoring/fit_rules/2/points").
//
// JSON form (every member optional; an absent one takes the default):
//   {"scoring": {
//      "fit_rules": [                       // fit score = Σ points of the rules that match
//        {"field": "size", "match": "equals", "values": ["501-2000", "2000+"], "points": 25},
//        {"field": "size", "match": "equals", "values": ["101-500"], "points": 15},
//        {"field": "title", "match": "contains",
//         "values": ["总", "经理", "总监", "采购", "CEO", "CTO", "CIO", "VP", "director",
//                    "manager", "head"], "points": 20}],
//                                           // field: industry | size | region | title | source;
//                                           // match: equals | contains (case-insensitive)
//      "engagement": {"days": 30,           // window of the engagement score
//                     "event_points": 2,    // per tracked event of the lead's customer profile
//                     "message_points": 5,  // per message to it that was opened or clicked
//                     "activity_points": 10,  // per sales activity on the lead
//                     "max": 60}},          // cap of the engagement score
//    "assignment": {"mode": "none",         // none | round_robin | rules
//                   "users": [3, 4, 5],     // round robin among these users
//                   "rules": [{"field": "region", "values": ["华东", "上海"], "user_id": 3}],
//                                           // first matching rule wins; no match → round
//                                           // robin among "users" when given
//                   }}
#pragma once

#include <string>
#include <vector>

#include "core/json.hpp"
#include "domain/context.hpp"

namespace guanxi::sales {

struct FitRule {
  std::string field;             // industry | size | region | title | source
  std::string match = "equals";  // equals | contains
  std::vector<std::string> values;
  int64_t points = 0;
};

struct EngagementWeights {
  int64_t days = 30;
  int64_t event_points = 2;
  int64_t message_points = 5;
  int64_t activity_points = 10;
  int64_t max = 60;
};

struct AssignmentRule {
  std::string field;  // industry | size | region | source
  std::vector<std::string> values;
  int64_t user_id = 0;
};

struct SalesSettings {
  std::vector<FitRule> fit_rules;
  EngagementWeights engagement;
  std::string assignment_mode = "none";  // none | round_robin | rules
  std::vector<int64_t> round_robin_users;
  std::vector<AssignmentRule> assignment_rules;
};

SalesSettings default_sales_settings();
Result<SalesSettings> sales_settings_from_json(const Json& json);
Json sales_settings_to_json(const SalesSettings& s);
Result<SalesSettings> load_sales_settings(store::Connection& db, int64_t shop);
// Validates that assigned users exist, stores the setting and appends settings_updated.
Status save_sales_settings(domain::WriteContext& ctx, const SalesSettings& s);

}  // namespace guanxi::sales
