#include "segment/settings.hpp"

#include <string>

namespace guanxi::segment {

Result<ModelSettings> parse_model_settings(const Json& json) {
  if (!json.is_object()) return Status::invalid("models settings must be a JSON object");
  ModelSettings s;
  JsonFields f(json);
  auto read = [&](std::string_view key, int32_t& out) {
    if (auto v = f.int64(key)) {
      if (*v < 0 || *v > 100'000) {
        f.fail(key, std::string(key) + " is out of range");
      } else {
        out = static_cast<int32_t>(*v);
      }
    }
  };
  read("new_days", s.new_days);
  read("active_days", s.active_days);
  read("at_risk_days", s.at_risk_days);
  read("abc_a_pct", s.abc_a_pct);
  read("abc_b_pct", s.abc_b_pct);
  read("gold_pct", s.gold_pct);
  read("drag_pct", s.drag_pct);
  GX_RETURN_IF_ERROR(f.finish());
  auto fail = [](std::string_view key, std::string message) {
    Location loc;
    loc.field = "/" + std::string(key);
    return Status::invalid(std::string(key) + " " + message, loc);
  };
  if (s.new_days < 1) return fail("new_days", "must be at least 1");
  if (s.active_days < s.new_days) return fail("active_days", "must be at least new_days");
  if (s.at_risk_days <= s.active_days)
    return fail("at_risk_days", "must be greater than active_days");
  if (s.at_risk_days > 3650) return fail("at_risk_days", "must be at most 3650");
  if (s.abc_a_pct < 1) return fail("abc_a_pct", "must be at least 1");
  if (s.abc_b_pct <= s.abc_a_pct || s.abc_b_pct > 100) {
    return fail("abc_b_pct", "must be greater than abc_a_pct and at most 100");
  }
  if (s.gold_pct < 1 || s.gold_pct > 100) return fail("gold_pct", "must be between 1 and 100");
  if (s.drag_pct < 1 || s.drag_pct > 100) return fail("drag_pct", "must be between 1 and 100");
  return s;
}

Json model_settings_json(const ModelSettings& s) {
  return Json{{"new_days", s.new_days},         {"active_days", s.active_days},
              {"at_risk_days", s.at_risk_days}, {"abc_a_pct", s.abc_a_pct},
              {"abc_b_pct", s.abc_b_pct},       {"gold_pct", s.gold_pct},
              {"drag_pct", s.drag_pct}};
}

}  // namespace guanxi::segment
