#include "journey/definition.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "journey/internal.hpp"

namespace guanxi::journey {

namespace {

using internal::fail_at;
using std::chrono::minutes;
using Need = JsonFields::Need;

Result<minutes> time_of_day(const std::string& text) {
  if (text.size() == 5 && text[2] == ':' && std::isdigit(static_cast<unsigned char>(text[0])) &&
      std::isdigit(static_cast<unsigned char>(text[1])) &&
      std::isdigit(static_cast<unsigned char>(text[3])) &&
      std::isdigit(static_cast<unsigned char>(text[4]))) {
    const int h = (text[0] - '0') * 10 + (text[1] - '0');
    const int m = (text[3] - '0') * 10 + (text[4] - '0');
    if (h < 24 && m < 60) return minutes(h * 60 + m);
  }
  return Status::invalid("'" + text + "' is not a time of day HH:MM");
}

const std::map<std::string, StepType, std::less<>>& step_types() {
  static const std::map<std::string, StepType, std::less<>> m = {
      {"wait", StepType::kWait},     {"branch", StepType::kBranch}, {"split", StepType::kSplit},
      {"send", StepType::kSend},     {"tag", StepType::kTag},       {"coupon", StepType::kCoupon},
      {"points", StepType::kPoints}, {"task", StepType::kTask},     {"webhook", StepType::kWebhook},
      {"exit", StepType::kExit}};
  return m;
}

Status parse_trigger(const Json& j, Trigger& t) {
  if (!j.is_object()) return fail_at("/trigger", "must be an object");
  JsonFields f(j, "/trigger");
  auto type = f.string("type", Need::kRequired);
  if (!type) return f.finish();
  auto at_text = f.string("at");
  if (at_text) {
    auto at = time_of_day(*at_text);
    if (!at.ok()) return fail_at("/trigger/at", at.status().message());
    t.at = *at;
  }
  if (*type == "event") {
    t.type = TriggerType::kEvent;
    t.event = f.string("event", Need::kRequired).value_or("");
    t.segment = f.string("segment").value_or("");
    t.event_name = f.string("name").value_or("");
    t.tier = f.string("tier").value_or("");
    t.upgrades_only = f.boolean("upgrades_only").value_or(false);
    GX_RETURN_IF_ERROR(f.finish());
    if (t.event.empty()) return fail_at("/trigger/event", "must name a change kind");
    if (t.event == "track" && t.event_name.empty())
      return fail_at("/trigger/name", "a 'track' trigger needs the custom event's name");
    return Status::ok();
  }
  if (*type == "date") {
    t.type = TriggerType::kDate;
    auto date = f.string("date", Need::kRequired).value_or("");
    t.holiday = f.string("holiday").value_or("");
    const auto before = f.int64("days_before").value_or(0);
    GX_RETURN_IF_ERROR(f.finish());
    if (date == "birthday") {
      t.date = DateKind::kBirthday;
    } else if (date == "signup_anniversary") {
      t.date = DateKind::kSignupAnniversary;
    } else if (date == "first_purchase_anniversary") {
      t.date = DateKind::kFirstPurchaseAnniversary;
    } else if (date == "holiday") {
      t.date = DateKind::kHoliday;
      if (t.holiday.empty())
        return fail_at("/trigger/holiday", "a holiday trigger names the holiday");
    } else {
      return fail_at("/trigger/date",
                     "must be birthday, signup_anniversary, first_purchase_anniversary or holiday");
    }
    if (before < 0 || before > 60) return fail_at("/trigger/days_before", "must be 0..60");
    t.days_before = static_cast<int>(before);
    return Status::ok();
  }
  if (*type == "replenishment") {
    t.type = TriggerType::kReplenishment;
    const auto lead = f.int64("lead_days").value_or(3);
    GX_RETURN_IF_ERROR(f.finish());
    if (lead < 0 || lead > 365) return fail_at("/trigger/lead_days", "must be 0..365");
    t.lead_days = static_cast<int>(lead);
    return Status::ok();
  }
  if (*type == "inactivity") {
    t.type = TriggerType::kInactivity;
    const auto days = f.int64("days", Need::kRequired).value_or(0);
    GX_RETURN_IF_ERROR(f.finish());
    if (days < 1 || days > 3650) return fail_at("/trigger/days", "must be 1..3650");
    t.days = static_cast<int>(days);
    return Status::ok();
  }
  return fail_at("/trigger/type", "must be event, date, replenishment or inactivity");
}

Status parse_step(const Json& j, const std::string& ptr, Step& s, const RuleChecker& check_rule) {
  if (!j.is_object()) return fail_at(ptr, "must be an object");
  JsonFields f(j, ptr);
  s.id = f.string("id", Need::kRequired).value_or("");
  auto type = f.string("type", Need::kRequired).value_or("");
  s.next = f.string("next").value_or("");
  f.allow("name");  // a label for people
  auto it = step_types().find(type);
  if (it == step_types().end()) {
    GX_RETURN_IF_ERROR(f.finish());
    return fail_at(ptr + "/type",
                   "must be wait, branch, split, send, tag, coupon, points, task, webhook or exit");
  }
  s.type = it->second;
  switch (s.type) {
    case StepType::kWait: {
      auto duration = f.string("duration");
      auto until = f.string("until");
      s.wait_event = f.string("event").value_or("");
      auto timeout = f.string("timeout");
      s.on_event = f.string("on_event").value_or("");
      s.on_timeout = f.string("on_timeout").value_or("");
      GX_RETURN_IF_ERROR(f.finish());
      const int kinds = (duration ? 1 : 0) + (until ? 1 : 0) + (s.wait_event.empty() ? 0 : 1);
      if (kinds != 1)
        return fail_at(ptr, "a wait has exactly one of 'duration', 'until' or 'event'");
      if (duration) {
        auto d = parse_duration(*duration);
        if (!d.ok()) return fail_at(ptr + "/duration", d.status().message());
        s.duration = *d;
      }
      if (until) {
        auto u = time_of_day(*until);
        if (!u.ok()) return fail_at(ptr + "/until", u.status().message());
        s.until = *u;
      }
      if (!s.wait_event.empty()) {
        if (!timeout) return fail_at(ptr + "/timeout", "a wait for an event needs a timeout");
        auto d = parse_duration(*timeout);
        if (!d.ok()) return fail_at(ptr + "/timeout", d.status().message());
        s.timeout = *d;
      }
      return Status::ok();
    }
    case StepType::kBranch:
      s.rule = f.string("rule", Need::kRequired).value_or("");
      s.then_step = f.string("then").value_or("");
      s.else_step = f.string("else").value_or("");
      GX_RETURN_IF_ERROR(f.finish());
      if (Status st = check_rule(s.rule); !st.is_ok()) return fail_at(ptr + "/rule", st.message());
      return Status::ok();
    case StepType::kSplit: {
      const Json* variants = f.array("variants", Need::kRequired);
      GX_RETURN_IF_ERROR(f.finish());
      if (variants->size() < 2 || variants->size() > 10)
        return fail_at(ptr + "/variants", "a split has 2 to 10 variants");
      int total = 0;
      std::set<std::string> keys;
      for (size_t i = 0; i < variants->size(); ++i) {
        const std::string vp = fmt::format("{}/variants/{}", ptr, i);
        if (!(*variants)[i].is_object()) return fail_at(vp, "must be an object");
        JsonFields vf((*variants)[i], vp);
        SplitVariant v;
        v.key = vf.string("key", Need::kRequired).value_or("");
        v.weight = static_cast<int>(vf.int64("weight", Need::kRequired).value_or(0));
        v.next = vf.string("next").value_or("");
        GX_RETURN_IF_ERROR(vf.finish());
        if (v.key.empty() || v.key.size() > 20) return fail_at(vp + "/key", "must be 1-20 bytes");
        if (!keys.insert(v.key).second) return fail_at(vp + "/key", "repeats another variant");
        if (v.weight < 0 || v.weight > 100) return fail_at(vp + "/weight", "must be 0..100");
        total += v.weight;
        s.variants.push_back(v);
      }
      if (total <= 0) return fail_at(ptr + "/variants", "weights must add up to more than 0");
      return Status::ok();
    }
    case StepType::kSend:
      s.template_name = f.string("template", Need::kRequired).value_or("");
      s.klass = f.string("class").value_or("");
      GX_RETURN_IF_ERROR(f.finish());
      if (!s.klass.empty() && s.klass != "marketing" && s.klass != "care")
        return fail_at(ptr + "/class", "must be marketing or care");
      return Status::ok();
    case StepType::kTag:
      s.add_tag = f.string("add").value_or("");
      s.remove_tag = f.string("remove").value_or("");
      GX_RETURN_IF_ERROR(f.finish());
      if (s.add_tag.empty() == s.remove_tag.empty())
        return fail_at(ptr, "a tag step has exactly one of 'add' or 'remove'");
      return Status::ok();
    case StepType::kCoupon:
      s.coupon_batch = f.int64("batch", Need::kRequired).value_or(0);
      GX_RETURN_IF_ERROR(f.finish());
      if (s.coupon_batch <= 0) return fail_at(ptr + "/batch", "must be a coupon batch id");
      return Status::ok();
    case StepType::kPoints:
      s.points = f.int64("amount", Need::kRequired).value_or(0);
      s.reason = f.string("reason").value_or("journey");
      GX_RETURN_IF_ERROR(f.finish());
      if (s.points <= 0 || s.points > 1'000'000)
        return fail_at(ptr + "/amount", "must be 1..1000000");
      return Status::ok();
    case StepType::kTask: {
      s.assignee = f.string("assignee").value_or("owner");
      s.title = f.string("title", Need::kRequired).value_or("");
      s.due_days = static_cast<int>(f.int64("due_days").value_or(1));
      GX_RETURN_IF_ERROR(f.finish());
      if (s.assignee != "owner" && s.assignee != "csr")
        return fail_at(ptr + "/assignee", "must be owner or csr");
      if (s.title.empty() || s.title.size() > 200)
        return fail_at(ptr + "/title", "must be 1-200 bytes");
      if (s.due_days < 0 || s.due_days > 365) return fail_at(ptr + "/due_days", "must be 0..365");
      return Status::ok();
    }
    case StepType::kWebhook:
      s.webhook_event = f.string("event", Need::kRequired).value_or("");
      GX_RETURN_IF_ERROR(f.finish());
      if (s.webhook_event.empty()) return fail_at(ptr + "/event", "must name the event sent");
      return Status::ok();
    case StepType::kExit:
      return f.finish();
  }
  return f.finish();
}

}  // namespace

std::string_view step_type_name(StepType t) {
  for (const auto& [name, type] : step_types()) {
    if (type == t) return name;
  }
  return "exit";
}

std::string_view trigger_type_name(TriggerType t) {
  switch (t) {
    case TriggerType::kEvent:
      return "event";
    case TriggerType::kDate:
      return "date";
    case TriggerType::kReplenishment:
      return "replenishment";
    case TriggerType::kInactivity:
      return "inactivity";
  }
  return "event";
}

Result<minutes> parse_duration(std::string_view text) {
  if (text.size() < 2)
    return Status::invalid("'" + std::string(text) + "' is not a duration like 30m, 2h, 3d");
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || n > 1'000'000)
      return Status::invalid("'" + std::string(text) + "' is not a duration like 30m, 2h, 3d");
    n = n * 10 + (text[i] - '0');
  }
  int64_t unit = 0;
  switch (text.back()) {
    case 'm':
      unit = 1;
      break;
    case 'h':
      unit = 60;
      break;
    case 'd':
      unit = 1440;
      break;
    case 'w':
      unit = 10080;
      break;
    default:
      return Status::invalid("'" + std::string(text) + "' is not a duration like 30m, 2h, 3d");
  }
  const int64_t total = n * unit;
  if (total <= 0 || total > 366LL * 1440)
    return Status::invalid("'" + std::string(text) + "': a duration is 1 minute to 366 days");
  return minutes(total);
}

const Step* JourneyDef::step(std::string_view id) const {
  for (const auto& s : steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string JourneyDef::following(const Step& s) const {
  if (!s.next.empty()) return s.next == "end" ? "" : s.next;
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    if (&steps[i] == &s) return steps[i + 1].id;
  }
  return "";
}

std::vector<std::string> JourneyDef::rules() const {
  std::vector<std::string> out;
  if (!audience.empty()) out.push_back(audience);
  if (!exit_rule.empty()) out.push_back(exit_rule);
  for (const auto& s : steps) {
    if (s.type == StepType::kBranch) out.push_back(s.rule);
  }
  return out;
}

Result<JourneyDef> parse_journey(const Json& json, const RuleChecker& check_rule) {
  if (!json.is_object()) return fail_at("/", "a journey definition is a JSON object");
  JourneyDef def;
  JsonFields f(json);
  const Json* trigger = f.object("trigger", Need::kRequired);
  def.audience = f.string("audience").value_or("");
  const Json* reentry = f.any("reentry");
  const Json* exit = f.object("exit");
  const Json* steps = f.array("steps", Need::kRequired);
  f.allow("description");
  GX_RETURN_IF_ERROR(f.finish());
  GX_RETURN_IF_ERROR(parse_trigger(*trigger, def.trigger));
  if (!def.audience.empty()) {
    if (Status st = check_rule(def.audience); !st.is_ok())
      return fail_at("/audience", st.message());
  }
  if (reentry) {
    if (reentry->is_string() && *reentry == "every") {
      def.reentry.kind = Reentry::Kind::kEvery;
    } else if (reentry->is_string() && *reentry == "once") {
      def.reentry.kind = Reentry::Kind::kOnce;
    } else if (reentry->is_object() && reentry->contains("days") &&
               (*reentry)["days"].is_number_integer() && reentry->size() == 1) {
      const int64_t d = (*reentry)["days"].get<int64_t>();
      if (d < 1 || d > 3650) return fail_at("/reentry/days", "must be 1..3650");
      def.reentry = {Reentry::Kind::kAfterDays, static_cast<int>(d)};
    } else {
      return fail_at("/reentry", "must be \"every\", \"once\" or {\"days\": N}");
    }
  }
  if (exit) {
    JsonFields ef(*exit, "/exit");
    if (const Json* events = ef.array("events")) {
      for (size_t i = 0; i < events->size(); ++i) {
        if (!(*events)[i].is_string() || (*events)[i].get<std::string>().empty())
          return fail_at(fmt::format("/exit/events/{}", i), "must be a change kind");
        def.exit_events.push_back((*events)[i].get<std::string>());
      }
    }
    def.exit_rule = ef.string("rule").value_or("");
    GX_RETURN_IF_ERROR(ef.finish());
    if (!def.exit_rule.empty()) {
      if (Status st = check_rule(def.exit_rule); !st.is_ok())
        return fail_at("/exit/rule", st.message());
    }
  }
  if (steps->empty()) return fail_at("/steps", "a journey has at least one step");
  if (steps->size() > 100) return fail_at("/steps", "a journey has at most 100 steps");
  std::set<std::string> ids;
  for (size_t i = 0; i < steps->size(); ++i) {
    Step s;
    const std::string ptr = fmt::format("/steps/{}", i);
    GX_RETURN_IF_ERROR(parse_step((*steps)[i], ptr, s, check_rule));
    if (s.id.empty() || s.id.size() > 40 || s.id == "end")
      return fail_at(ptr + "/id", "must be 1-40 bytes and not 'end'");
    if (!ids.insert(s.id).second)
      return fail_at(ptr + "/id", "'" + s.id + "' repeats another step's id");
    def.steps.push_back(std::move(s));
  }
  // Every target names a step, and no path loops: runs execute each step once.
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < def.steps.size(); ++i) index[def.steps[i].id] = i;
  auto check_target = [&](size_t i, const std::string& key, const std::string& target) -> Status {
    if (target.empty() || target == "end") return Status::ok();
    auto it = index.find(target);
    if (it == index.end())
      return fail_at(fmt::format("/steps/{}/{}", i, key), "no step has the id '" + target + "'");
    if (it->second <= i)
      return fail_at(fmt::format("/steps/{}/{}", i, key),
                     "'" + target + "' is not a later step (journeys move forward; no loops)");
    return Status::ok();
  };
  for (size_t i = 0; i < def.steps.size(); ++i) {
    const Step& s = def.steps[i];
    GX_RETURN_IF_ERROR(check_target(i, "next", s.next));
    GX_RETURN_IF_ERROR(check_target(i, "then", s.then_step));
    GX_RETURN_IF_ERROR(check_target(i, "else", s.else_step));
    GX_RETURN_IF_ERROR(check_target(i, "on_event", s.on_event));
    GX_RETURN_IF_ERROR(check_target(i, "on_timeout", s.on_timeout));
    for (size_t v = 0; v < s.variants.size(); ++v)
      GX_RETURN_IF_ERROR(check_target(i, fmt::format("variants/{}/next", v), s.variants[v].next));
  }
  return def;
}

}  // namespace guanxi::journey
