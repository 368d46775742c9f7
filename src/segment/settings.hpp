// ModelSettings as configuration data: the JSON form stored as the shop
// setting 'models', validated at load with errors naming the key.
//
//   {"new_days": 30, "active_days": 90, "at_risk_days": 180,
//    "abc_a_pct": 80, "abc_b_pct": 95, "gold_pct": 5, "drag_pct": 20}
//
// Every key is optional (missing keys keep the defaults of model_settings.hpp);
// unknown keys are errors. Constraints: 1 <= new_days <= active_days <
// at_risk_days <= 3650; 1 <= abc_a_pct < abc_b_pct <= 100; gold_pct and
// drag_pct in 1..100.
#pragma once

#include "core/json.hpp"
#include "core/status.hpp"
#include "segment/rule/model_settings.hpp"

namespace guanxi::segment {

Result<ModelSettings> parse_model_settings(const Json& json);
Json model_settings_json(const ModelSettings& settings);

}  // namespace guanxi::segment
