// IVR menus as data: a JSON document of named nodes that the telephony side
// plays, and a walk that says where a caller ends up given the digits pressed.
//
//   {"start": "hello",
//    "hours": {"monday": ["09:00", "18:00"], …, "closed_dates": ["2025-10-01"]},
//    "nodes": {
//      "hello":  {"kind": "vip", "vip": {"queue": 9}, "regular": {"node": "is_open"}},
//      "is_open": {"kind": "hours", "open": {"node": "main"}, "closed": {"node": "closed"}},
//      "main":   {"kind": "menu", "prompt": {"zh": "售前请按1，售后请按2", "en": "…"},
//                 "options": {"1": {"queue": 1}, "2": {"node": "after_sales"},
//                             "9": {"callback": 1}, "*": {"repeat": true}},
//                 "max_repeats": 2, "fallback": {"hangup": true}},
//      "closed": {"kind": "message", "prompt": {"zh": "…"}, "next": {"callback": 1}}}}
//
// Node kinds: menu (asks for one digit: 0-9, * or #), message (plays, then
// goes on), hours (open/closed branch on the business hours), vip (branch on
// the caller being a VIP). An action is exactly one of {"node": id},
// {"queue": id}, {"callback": queue id}, {"hangup": true}, {"repeat": true}
// (menu options only). A menu repeats on an unknown digit; after max_repeats
// repeats the next unknown digit takes the fallback (default: hang up).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "callcenter/hours.hpp"
#include "callcenter/model.hpp"
#include "core/json.hpp"

namespace guanxi::callcenter {

struct Prompt {
  std::string zh;  // required
  std::string en;
  bool operator==(const Prompt&) const = default;
};

struct IvrAction {
  enum class Kind : uint8_t { kNode, kQueue, kCallback, kHangUp, kRepeat };
  Kind kind = Kind::kHangUp;
  std::string node;   // kNode
  QueueId queue = 0;  // kQueue, kCallback
  bool operator==(const IvrAction&) const = default;
};

enum class IvrNodeKind : uint8_t { kMenu, kMessage, kHours, kVip };

struct IvrNode {
  std::string id;
  IvrNodeKind kind = IvrNodeKind::kMenu;
  Prompt prompt;                      // menu, message
  std::map<char, IvrAction> options;  // menu
  int max_repeats = 2;                // menu: 0 .. 9
  IvrAction fallback;                 // menu: after too many unknown digits (hang up)
  IvrAction next;                     // message
  IvrAction open, closed;             // hours
  IvrAction vip, regular;             // vip
  bool operator==(const IvrNode&) const = default;
};

struct IvrMenu {
  std::string start;
  std::optional<BusinessHours> hours;  // required when a node is of kind hours
  std::vector<IvrNode> nodes;          // sorted by id
  const IvrNode* find(std::string_view id) const;
};

// Parses and validates a menu. Errors are invalid_argument naming the JSON
// pointer ("/nodes/main/options/1/node") and saying what is wrong. With
// `known_queues`, queue and callback actions must name one of them.
Result<IvrMenu> ivr_menu_from_json(const Json& json);
Result<IvrMenu> ivr_menu_from_json(const Json& json, std::span<const QueueId> known_queues);

// Who is calling, and when.
struct IvrCaller {
  std::string number;
  Timestamp now;
  ShopZone zone = ShopZone::shanghai();
  // VIP recognition by number (a lookup in the customer base, a set); none: nobody is.
  std::function<bool(std::string_view number)> is_vip;
};

struct IvrOutcome {
  enum class Kind : uint8_t {
    kQueue,     // put the call in `queue`
    kCallback,  // take a callback request for `queue`
    kHangUp,
    kRepeat,  // the digits ran out at menu `node`: play it (again) and wait for a digit
  };
  Kind kind = Kind::kHangUp;
  QueueId queue = 0;
  bool vip = false;               // the caller was recognised as a VIP (mark the call)
  std::string node;               // the node that decided
  std::vector<std::string> path;  // the nodes visited, in order
  size_t digits_used = 0;
};
std::string_view ivr_outcome_name(IvrOutcome::Kind kind);

// Walks `menu` from its start for a caller who pressed `digits` (one per menu visited).
IvrOutcome walk_ivr(const IvrMenu& menu, const IvrCaller& caller, std::string_view digits);

}  // namespace guanxi::callcenter
