#include "sales/settings.hpp"

#include "sales/model.hpp"
#include "store/settings_table.hpp"

namespace guanxi::sales {

namespace {

constexpr std::string_view kSettingKey = "sales";

Status at(std::string pointer, std::string message) {
  Location loc;
  loc.field = std::move(pointer);
  return Status::invalid(std::move(message), loc);
}

Result<std::vector<std::string>> read_strings(const Json& v, const std::string& pointer) {
  if (!v.is_array()) return at(pointer, "must be an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string() || v[i].get<std::string>().empty())
      return at(pointer + "/" + std::to_string(i), "must be a non-empty string");
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

bool known_field(const std::string& f, bool with_title) {
  return f == "industry" || f == "size" || f == "region" || f == "source" ||
         (with_title && f == "title");
}

}  // namespace

SalesSettings default_sales_settings() {
  SalesSettings s;
  s.fit_rules = {
      {"size", "equals", {"501-2000", "2000+"}, 25},
      {"size", "equals", {"101-500"}, 15},
      {"title",
       "contains",
       {"总", "经理", "总监", "采购", "CEO", "CTO", "CIO", "VP", "director", "manager", "head"},
       20},
  };
  return s;
}

Result<SalesSettings> sales_settings_from_json(const Json& json) {
  if (!json.is_object()) return at("/", "settings must be a JSON object");
  SalesSettings s = default_sales_settings();
  JsonFields f(json);
  const Json* scoring = f.object("scoring");
  const Json* assignment = f.object("assignment");
  GX_RETURN_IF_ERROR(f.finish());
  if (scoring) {
    JsonFields sf(*scoring, "/scoring");
    const Json* rules = sf.array("fit_rules");
    const Json* engagement = sf.object("engagement");
    GX_RETURN_IF_ERROR(sf.finish());
    if (rules) {
      s.fit_rules.clear();
      for (size_t i = 0; i < rules->size(); ++i) {
        const std::string p = "/scoring/fit_rules/" + std::to_string(i);
        if (!(*rules)[i].is_object()) return at(p, "a fit rule is an object");
        JsonFields rf((*rules)[i], p);
        FitRule r;
        r.field = rf.string("field", JsonFields::Need::kRequired).value_or("");
        r.match = rf.string("match").value_or("equals");
        const Json* values = rf.array("values", JsonFields::Need::kRequired);
        r.points = rf.int64("points", JsonFields::Need::kRequired).value_or(0);
        GX_RETURN_IF_ERROR(rf.finish());
        if (!known_field(r.field, true))
          return at(p + "/field", "field must be industry, size, region, title or source");
        if (r.match != "equals" && r.match != "contains")
          return at(p + "/match", "match must be equals or contains");
        if (r.points < -100 || r.points > 100) return at(p + "/points", "points are -100..100");
        GX_ASSIGN_OR_RETURN(r.values, read_strings(*values, p + "/values"));
        s.fit_rules.push_back(std::move(r));
      }
    }
    if (engagement) {
      JsonFields ef(*engagement, "/scoring/engagement");
      auto& e = s.engagement;
      e.days = ef.int64("days").value_or(e.days);
      e.event_points = ef.int64("event_points").value_or(e.event_points);
      e.message_points = ef.int64("message_points").value_or(e.message_points);
      e.activity_points = ef.int64("activity_points").value_or(e.activity_points);
      e.max = ef.int64("max").value_or(e.max);
      GX_RETURN_IF_ERROR(ef.finish());
      if (e.days < 1 || e.days > 365) return at("/scoring/engagement/days", "days are 1..365");
      for (auto [name, v] :
           {std::pair{"event_points", e.event_points},
            std::pair{"message_points", e.message_points},
            std::pair{"activity_points", e.activity_points}, std::pair{"max", e.max}}) {
        if (v < 0 || v > 1000)
          return at(std::string("/scoring/engagement/") + name, "must be 0..1000");
      }
    }
  }
  if (assignment) {
    JsonFields af(*assignment, "/assignment");
    s.assignment_mode = af.string("mode").value_or("none");
    const Json* users = af.array("users");
    const Json* rules = af.array("rules");
    GX_RETURN_IF_ERROR(af.finish());
    if (s.assignment_mode != "none" && s.assignment_mode != "round_robin" &&
        s.assignment_mode != "rules")
      return at("/assignment/mode", "mode must be none, round_robin or rules");
    if (users) {
      for (size_t i = 0; i < users->size(); ++i) {
        if (!(*users)[i].is_number_integer() || (*users)[i].get<int64_t>() <= 0)
          return at("/assignment/users/" + std::to_string(i), "must be a user id");
        s.round_robin_users.push_back((*users)[i].get<int64_t>());
      }
    }
    if (rules) {
      for (size_t i = 0; i < rules->size(); ++i) {
        const std::string p = "/assignment/rules/" + std::to_string(i);
        if (!(*rules)[i].is_object()) return at(p, "a rule is an object");
        JsonFields rf((*rules)[i], p);
        AssignmentRule r;
        r.field = rf.string("field", JsonFields::Need::kRequired).value_or("");
        const Json* values = rf.array("values", JsonFields::Need::kRequired);
        r.user_id = rf.int64("user_id", JsonFields::Need::kRequired).value_or(0);
        GX_RETURN_IF_ERROR(rf.finish());
        if (!known_field(r.field, false))
          return at(p + "/field", "field must be industry, size, region or source");
        if (r.user_id <= 0) return at(p + "/user_id", "must be a user id");
        GX_ASSIGN_OR_RETURN(r.values, read_strings(*values, p + "/values"));
        s.assignment_rules.push_back(std::move(r));
      }
    }
    if (s.assignment_mode == "round_robin" && s.round_robin_users.empty())
      return at("/assignment/users", "round robin needs at least one user");
  }
  return s;
}

Json sales_settings_to_json(const SalesSettings& s) {
  Json rules = Json::array();
  for (const auto& r : s.fit_rules)
    rules.push_back(
        {{"field", r.field}, {"match", r.match}, {"values", r.values}, {"points", r.points}});
  Json arules = Json::array();
  for (const auto& r : s.assignment_rules)
    arules.push_back({{"field", r.field}, {"values", r.values}, {"user_id", r.user_id}});
  const auto& e = s.engagement;
  return Json{{"scoring",
               {{"fit_rules", rules},
                {"engagement",
                 {{"days", e.days},
                  {"event_points", e.event_points},
                  {"message_points", e.message_points},
                  {"activity_points", e.activity_points},
                  {"max", e.max}}}}},
              {"assignment",
               {{"mode", s.assignment_mode}, {"users", s.round_robin_users}, {"rules", arules}}}};
}

Result<SalesSettings> load_sales_settings(store::Connection& db, int64_t shop) {
  GX_ASSIGN_OR_RETURN(auto setting, store::find_shop_setting(db, shop, kSettingKey));
  if (!setting) return default_sales_settings();
  GX_ASSIGN_OR_RETURN(Json json, parse_json(setting->value));
  return sales_settings_from_json(json);
}

Status save_sales_settings(domain::WriteContext& ctx, const SalesSettings& s) {
  for (size_t i = 0; i < s.round_robin_users.size(); ++i) {
    GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, s.round_robin_users[i],
                                  "assignment/users/" + std::to_string(i)));
  }
  for (size_t i = 0; i < s.assignment_rules.size(); ++i) {
    GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, s.assignment_rules[i].user_id,
                                  "assignment/rules/" + std::to_string(i) + "/user_id"));
  }
  GX_RETURN_IF_ERROR(store::put_shop_setting(ctx.db, ctx.shop.id, kSettingKey,
                                             sales_settings_to_json(s).dump(),
                                             to_millis(ctx.clock.now())));
  return record_sales_change(ctx, "settings_updated", 0, Json{{"key", kSettingKey}});
}

}  // namespace guanxi::sales
