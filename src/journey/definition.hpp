// A journey's definition: data (JSON), validated at save with errors that
// name the JSON pointer. The shape is documented in src/journey/README.md:
//
//   {"trigger": {"type": "event", "event": "order_refunded"},
//    "audience": "orders >= 1",                  // optional segment rule, checked on entry
//    "reentry": "every",                          // every | once | {"days": N}
//    "exit": {"events": ["order_paid"], "rule": "..."},   // optional
//    "steps": [{"id": "wait", "type": "wait", "duration": "2d"},
//              {"id": "sms", "type": "send", "template": "退货关怀短信"}]}
//
// Steps run in list order unless a step names its "next" (or a branch/split
// its targets); "end" finishes the run.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::journey {

enum class TriggerType { kEvent, kDate, kReplenishment, kInactivity };
enum class DateKind { kBirthday, kSignupAnniversary, kFirstPurchaseAnniversary, kHoliday };

struct Trigger {
  TriggerType type = TriggerType::kEvent;
  // kEvent: order_paid, first_purchase, order_refunded, order_completed,
  // order_shipped, tier_changed, segment_entered, segment_exited, track
  // (a custom tracked event), or any other change kind.
  std::string event;
  std::string segment;         // segment_entered/exited: the segment's name ("" = any)
  std::string event_name;      // track: the custom event's name
  std::string tier;            // tier_changed: only changes to this tier ("" = any)
  bool upgrades_only = false;  // tier_changed: only when the tier rose
  DateKind date = DateKind::kBirthday;
  std::string holiday;              // kHoliday: built-in key or a shop-defined date's key
  int days_before = 0;              // date triggers: start this many days early
  int lead_days = 0;                // replenishment: days before the predicted run-out
  int days = 0;                     // inactivity: days without a purchase
  std::chrono::minutes at{9 * 60};  // date/replenishment/inactivity: shop-local start time
};

enum class StepType {
  kWait,
  kBranch,
  kSplit,
  kSend,
  kTag,
  kCoupon,
  kPoints,
  kTask,
  kWebhook,
  kExit
};

struct SplitVariant {
  std::string key;
  int weight = 0;
  std::string next;
};

struct Step {
  std::string id;
  StepType type = StepType::kExit;
  std::string next;  // "" = the following step in the list
  // wait
  std::optional<std::chrono::minutes> duration;
  std::optional<std::chrono::minutes> until;  // a shop-local time of day
  std::string wait_event;                     // wait for this change kind ...
  std::chrono::minutes timeout{0};            // ... at most this long
  std::string on_event, on_timeout;
  // branch
  std::string rule;
  std::string then_step, else_step;
  // split
  std::vector<SplitVariant> variants;
  // send
  std::string template_name;
  std::string klass;  // "" = the template's class
  // tag
  std::string add_tag, remove_tag;
  // coupon
  int64_t coupon_batch = 0;
  // points
  int64_t points = 0;
  std::string reason;
  // task
  std::string assignee;  // owner | csr
  std::string title;
  int due_days = 1;
  // webhook
  std::string webhook_event;
};

struct Reentry {
  enum class Kind { kEvery, kOnce, kAfterDays } kind = Kind::kEvery;
  int days = 0;
};

struct JourneyDef {
  Trigger trigger;
  std::string audience;  // segment rule text ("" = everyone)
  Reentry reentry;
  std::vector<std::string> exit_events;
  std::string exit_rule;
  std::vector<Step> steps;

  const Step* step(std::string_view id) const;
  // The step after `s` when it names none ("" at the end).
  std::string following(const Step& s) const;
  // Every rule text the journey uses (audience, exit, branches).
  std::vector<std::string> rules() const;
};

std::string_view step_type_name(StepType t);
std::string_view trigger_type_name(TriggerType t);

// Parses and validates. `check_rule` validates a segment rule text (the
// segment language's parser); its error is reported at the rule's pointer.
using RuleChecker = std::function<Status(std::string_view rule)>;
Result<JourneyDef> parse_journey(const Json& json, const RuleChecker& check_rule);

// "30m", "2h", "3d", "1w" -> minutes.
Result<std::chrono::minutes> parse_duration(std::string_view text);

}  // namespace guanxi::journey
