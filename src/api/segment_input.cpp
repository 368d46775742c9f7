// Segment request bodies: rules as text or JSON form, previews, segment
// definitions and patches.
#include <chrono>

#include "api/input_fields.hpp"
#include "api/inputs.hpp"
#include "segment/rule/json_form.hpp"
#include "segment/rule/parser.hpp"

namespace guanxi::api {

namespace {

constexpr int64_t kMaxSample = 100;

Status invalid_at(const std::string& pointer, std::string message) {
  Location loc;
  loc.field = pointer;
  return Status::invalid(std::move(message), loc);
}

// Moves a location inside the rule JSON form ("/args/1") under `prefix`.
Status locate_under(const Status& s, const std::string& prefix) {
  Location loc = s.location();
  if (!loc.field.empty() && loc.field.front() != '/') loc.field = "/" + loc.field;
  loc.field = prefix + loc.field;
  return s.with_location(loc);
}

// "ids": [positive integers].
Result<std::vector<int64_t>> read_ids(const Json& ids) {
  std::vector<int64_t> out;
  out.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    const Json& v = ids[i];
    if (!v.is_number_integer() || v.get<int64_t>() <= 0 ||
        (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
      return invalid_at("/ids/" + std::to_string(i), "customer ids must be positive integers");
    }
    out.push_back(v.get<int64_t>());
  }
  return out;
}

}  // namespace

Result<int32_t> parse_day_number(std::string_view text) {
  GX_ASSIGN_OR_RETURN(const CivilDate date, parse_civil_date(text));
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{date.month}, std::chrono::day{date.day}};
  return static_cast<int32_t>(std::chrono::local_days(ymd).time_since_epoch().count());
}

std::string format_day_number(int32_t day) {
  const std::chrono::year_month_day ymd{std::chrono::local_days(std::chrono::days(day))};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())}
      .to_string();
}

Result<std::optional<segment::Rule>> read_rule(const std::optional<std::string>& text,
                                               const Json* json) {
  if (text && json != nullptr) return invalid_at("/rule_json", "give either 'rule' or 'rule_json'");
  if (text) {
    auto rule = segment::parse_rule(*text);
    if (!rule.ok()) return locate_under(rule.status(), "/rule");
    return std::optional<segment::Rule>(std::move(*rule));
  }
  if (json != nullptr) {
    auto rule = segment::rule_from_json(*json);
    if (!rule.ok()) return locate_under(rule.status(), "/rule_json");
    return std::optional<segment::Rule>(std::move(*rule));
  }
  return std::optional<segment::Rule>();
}

Result<RulePreview> read_rule_preview(const Json& body) {
  RulePreview p;
  JsonFields f(body);
  const auto text = f.string("rule");
  const Json* json = f.object("rule_json");
  p.as_of_day = detail::parsed_member<int32_t>(f, "as_of", parse_day_number);
  if (const auto sample = f.int64("sample")) {
    if (*sample < 0 || *sample > kMaxSample) {
      f.fail("sample", "'sample' must be between 0 and " + std::to_string(kMaxSample));
    } else {
      p.sample = static_cast<int>(*sample);
    }
  }
  GX_RETURN_IF_ERROR(f.finish());
  GX_ASSIGN_OR_RETURN(auto rule, read_rule(text, json));
  if (!rule) return invalid_at("/rule", "give the rule as 'rule' (text) or 'rule_json'");
  p.rule = std::move(*rule);
  return p;
}

Result<segment::SegmentInput> read_segment_input(const Json& body) {
  segment::SegmentInput in;
  JsonFields f(body);
  in.name = f.string("name", JsonFields::Need::kRequired).value_or("");
  const auto kind = f.string("kind");
  const auto text = f.string("rule");
  const Json* json = f.object("rule_json");
  const Json* ids = f.array("ids");
  in.description = f.string("description").value_or("");
  in.tag = f.string("tag").value_or("");
  GX_RETURN_IF_ERROR(f.finish());
  if (kind && *kind != "dynamic" && *kind != "static") {
    return invalid_at("/kind", "'kind' must be \"dynamic\" or \"static\"");
  }
  in.kind =
      kind && *kind == "static" ? segment::SegmentKind::kStatic : segment::SegmentKind::kDynamic;
  GX_ASSIGN_OR_RETURN(in.rule, read_rule(text, json));
  if (ids != nullptr) {
    GX_ASSIGN_OR_RETURN(auto list, read_ids(*ids));
    in.ids = std::move(list);
  }
  return in;
}

Result<segment::SegmentPatch> read_segment_patch(const Json& body) {
  segment::SegmentPatch p;
  JsonFields f(body);
  p.name = f.string("name");
  const auto text = f.string("rule");
  const Json* json = f.object("rule_json");
  p.description = f.string("description");
  p.tag = f.string("tag");
  GX_RETURN_IF_ERROR(f.finish());
  GX_ASSIGN_OR_RETURN(p.rule, read_rule(text, json));
  return p;
}

}  // namespace guanxi::api
