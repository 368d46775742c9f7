#include "callcenter/ivr.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace guanxi::callcenter {

namespace {

using Need = JsonFields::Need;

constexpr size_t kMaxNodes = 200;
constexpr size_t kMaxNodeIdBytes = 64;
constexpr int kMaxRepeats = 9;
constexpr std::string_view kDigits = "0123456789*#";

Status ivr_error_at(std::string field, std::string message) {
  return Status::invalid(std::move(message), Location{"", 0, 0, std::move(field)});
}

bool valid_node_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxNodeIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

// Calls f(action, JSON pointer) for every action of the node.
template <typename F>
void for_each_action(const IvrNode& node, const std::string& pointer, F&& f) {
  switch (node.kind) {
    case IvrNodeKind::kMenu:
      for (const auto& option : node.options) {
        f(option.second, pointer + "/options/" + std::string(1, option.first));
      }
      f(node.fallback, pointer + "/fallback");
      break;
    case IvrNodeKind::kMessage:
      f(node.next, pointer + "/next");
      break;
    case IvrNodeKind::kHours:
      f(node.open, pointer + "/open");
      f(node.closed, pointer + "/closed");
      break;
    case IvrNodeKind::kVip:
      f(node.vip, pointer + "/vip");
      f(node.regular, pointer + "/regular");
      break;
  }
}

class Parser {
 public:
  explicit Parser(const std::set<QueueId>* queues) : queues_(queues) {}

  Result<IvrMenu> menu(const Json& json) {
    JsonFields f(json);
    auto start = f.string("start", Need::kRequired);
    const Json* hours = f.object("hours");
    const Json* nodes = f.object("nodes", Need::kRequired);
    GX_RETURN_IF_ERROR(f.finish());
    IvrMenu m;
    m.start = std::move(*start);
    if (hours != nullptr) {
      GX_ASSIGN_OR_RETURN(m.hours, business_hours_from_json(*hours, "/hours"));
    }
    if (nodes->empty()) return ivr_error_at("/nodes", "a menu needs at least one node");
    if (nodes->size() > kMaxNodes) {
      return ivr_error_at("/nodes", "at most " + std::to_string(kMaxNodes) + " nodes");
    }
    for (const auto& item : nodes->items()) {
      const std::string pointer = "/nodes/" + item.key();
      if (!valid_node_id(item.key())) {
        return ivr_error_at(pointer, "a node id is 1-64 letters, digits, '_', '-' or '.'");
      }
      GX_ASSIGN_OR_RETURN(IvrNode node, parse_node(item.key(), item.value(), pointer));
      if (node.kind == IvrNodeKind::kHours && !m.hours) {
        return ivr_error_at(pointer + "/kind", "an hours node needs the menu's \"hours\"");
      }
      m.nodes.push_back(std::move(node));
    }
    std::sort(m.nodes.begin(), m.nodes.end(),
              [](const IvrNode& a, const IvrNode& b) { return a.id < b.id; });
    if (m.find(m.start) == nullptr) {
      return ivr_error_at("/start", "start names node '" + m.start + "', which does not exist");
    }
    GX_RETURN_IF_ERROR(check_references(m));
    GX_RETURN_IF_ERROR(check_cycles(m));
    return m;
  }

 private:
  static Result<Prompt> parse_prompt(const Json& json, const std::string& pointer) {
    JsonFields f(json, pointer);
    auto zh = f.string("zh", Need::kRequired);
    auto en = f.string("en");
    GX_RETURN_IF_ERROR(f.finish());
    if (zh->empty()) return ivr_error_at(pointer + "/zh", "the Chinese prompt must not be empty");
    return Prompt{std::move(*zh), en.value_or("")};
  }

  Result<IvrAction> parse_action(const Json& json, const std::string& pointer,
                                 bool allow_repeat) const {
    JsonFields f(json, pointer);
    auto node = f.string("node");
    auto queue = f.int64("queue");
    auto callback = f.int64("callback");
    auto hangup = f.boolean("hangup");
    auto repeat = f.boolean("repeat");
    GX_RETURN_IF_ERROR(f.finish());
    const int present = int{node.has_value()} + int{queue.has_value()} + int{callback.has_value()} +
                        int{hangup.has_value()} + int{repeat.has_value()};
    if (present != 1) {
      return ivr_error_at(
          pointer,
          "an action is exactly one of \"node\", \"queue\", \"callback\", \"hangup\" or "
          "\"repeat\"");
    }
    IvrAction a;
    if (node) {
      a.kind = IvrAction::Kind::kNode;
      a.node = std::move(*node);
    } else if (queue || callback) {
      a.kind = queue ? IvrAction::Kind::kQueue : IvrAction::Kind::kCallback;
      a.queue = queue ? *queue : *callback;
      const std::string member = pointer + (queue ? "/queue" : "/callback");
      if (a.queue <= 0) return ivr_error_at(member, "a queue id must be positive");
      if (queues_ != nullptr && !queues_->contains(a.queue)) {
        return ivr_error_at(member, "queue " + std::to_string(a.queue) + " does not exist");
      }
    } else if (hangup) {
      if (!*hangup) return ivr_error_at(pointer + "/hangup", "\"hangup\" can only be true");
      a.kind = IvrAction::Kind::kHangUp;
    } else {
      if (!*repeat) return ivr_error_at(pointer + "/repeat", "\"repeat\" can only be true");
      if (!allow_repeat)
        return ivr_error_at(pointer + "/repeat", "\"repeat\" is only a menu option");
      a.kind = IvrAction::Kind::kRepeat;
    }
    return a;
  }

  Result<IvrNode> parse_node(const std::string& id, const Json& json, const std::string& pointer) {
    if (!json.is_object()) return ivr_error_at(pointer, "expected a JSON object");
    const auto kind_member = json.find("kind");
    if (kind_member == json.end() || !kind_member->is_string()) {
      return ivr_error_at(pointer + "/kind", "'kind' is required (a string)");
    }
    const auto kind = kind_member->get<std::string>();
    IvrNode n;
    n.id = id;
    if (kind == "menu") return parse_menu(std::move(n), json, pointer);
    // The other kinds: a prompt and/or two branches.
    std::array<std::pair<const char*, IvrAction*>, 2> branches{};
    bool needs_prompt = false;
    if (kind == "message") {
      n.kind = IvrNodeKind::kMessage;
      needs_prompt = true;
      branches = {{{"next", &n.next}, {nullptr, nullptr}}};
    } else if (kind == "hours") {
      n.kind = IvrNodeKind::kHours;
      branches = {{{"open", &n.open}, {"closed", &n.closed}}};
    } else if (kind == "vip") {
      n.kind = IvrNodeKind::kVip;
      branches = {{{"vip", &n.vip}, {"regular", &n.regular}}};
    } else {
      return ivr_error_at(pointer + "/kind", "unknown node kind '" + kind +
                                                 "' (expected menu, message, hours or vip)");
    }
    JsonFields g(json, pointer);
    g.allow("kind");
    const Json* prompt = needs_prompt ? g.object("prompt", Need::kRequired) : nullptr;
    std::array<const Json*, 2> branch_json{};
    for (size_t i = 0; i < branches.size(); ++i) {
      if (branches[i].first != nullptr)
        branch_json[i] = g.object(branches[i].first, Need::kRequired);
    }
    GX_RETURN_IF_ERROR(g.finish());
    if (prompt != nullptr) {
      GX_ASSIGN_OR_RETURN(n.prompt, parse_prompt(*prompt, g.pointer_of("prompt")));
    }
    for (size_t i = 0; i < branches.size(); ++i) {
      if (branches[i].first == nullptr) continue;
      GX_ASSIGN_OR_RETURN(*branches[i].second,
                          parse_action(*branch_json[i], g.pointer_of(branches[i].first), false));
    }
    return n;
  }

  Result<IvrNode> parse_menu(IvrNode n, const Json& json, const std::string& pointer) {
    n.kind = IvrNodeKind::kMenu;
    JsonFields f(json, pointer);
    f.allow("kind");
    const Json* prompt = f.object("prompt", Need::kRequired);
    const Json* options = f.object("options", Need::kRequired);
    auto max_repeats = f.int64("max_repeats");
    const Json* fallback = f.object("fallback");
    GX_RETURN_IF_ERROR(f.finish());
    GX_ASSIGN_OR_RETURN(n.prompt, parse_prompt(*prompt, f.pointer_of("prompt")));
    if (options->empty())
      return ivr_error_at(f.pointer_of("options"), "a menu needs at least one option");
    for (const auto& item : options->items()) {
      const std::string option = f.pointer_of("options") + "/" + item.key();
      if (item.key().size() != 1 || kDigits.find(item.key()[0]) == std::string_view::npos) {
        return ivr_error_at(option, "an option is one key: 0-9, * or #");
      }
      GX_ASSIGN_OR_RETURN(IvrAction a, parse_action(item.value(), option, true));
      n.options.emplace(item.key()[0], std::move(a));
    }
    if (max_repeats) {
      if (*max_repeats < 0 || *max_repeats > kMaxRepeats) {
        return ivr_error_at(f.pointer_of("max_repeats"),
                            "max_repeats must be 0.." + std::to_string(kMaxRepeats));
      }
      n.max_repeats = static_cast<int>(*max_repeats);
    }
    if (fallback != nullptr) {
      GX_ASSIGN_OR_RETURN(n.fallback, parse_action(*fallback, f.pointer_of("fallback"), false));
    }
    return n;
  }

  static Status check_references(const IvrMenu& m) {
    Status status;
    for (const IvrNode& node : m.nodes) {
      for_each_action(node, "/nodes/" + node.id, [&](const IvrAction& a, const std::string& p) {
        if (status.is_ok() && a.kind == IvrAction::Kind::kNode && m.find(a.node) == nullptr) {
          status = ivr_error_at(p + "/node", "node '" + a.node + "' does not exist");
        }
      });
    }
    return status;
  }

  // A loop of message, hours and vip nodes would never ask for a digit.
  static Status check_cycles(const IvrMenu& m) {
    enum class Mark : uint8_t { kNew, kOnPath, kDone };
    std::vector<Mark> marks(m.nodes.size(), Mark::kNew);
    auto index_of = [&](const std::string& id) {
      return static_cast<size_t>(m.find(id) - m.nodes.data());
    };
    Status status;
    std::function<void(size_t)> visit = [&](size_t i) {
      marks[i] = Mark::kOnPath;
      const IvrNode& node = m.nodes[i];
      for_each_action(node, "/nodes/" + node.id, [&](const IvrAction& a, const std::string& p) {
        if (!status.is_ok() || a.kind != IvrAction::Kind::kNode) return;
        const size_t next = index_of(a.node);
        if (m.nodes[next].kind == IvrNodeKind::kMenu) return;
        if (marks[next] == Mark::kOnPath) {
          status = ivr_error_at(p + "/node", "going to node '" + a.node +
                                                 "' here makes a loop that never asks for a digit");
        } else if (marks[next] == Mark::kNew) {
          visit(next);
        }
      });
      marks[i] = Mark::kDone;
    };
    for (size_t i = 0; i < m.nodes.size() && status.is_ok(); ++i) {
      if (m.nodes[i].kind != IvrNodeKind::kMenu && marks[i] == Mark::kNew) visit(i);
    }
    return status;
  }

  const std::set<QueueId>* queues_;
};

}  // namespace

const IvrNode* IvrMenu::find(std::string_view id) const {
  const auto it =
      std::lower_bound(nodes.begin(), nodes.end(), id,
                       [](const IvrNode& n, std::string_view key) { return n.id < key; });
  return it != nodes.end() && it->id == id ? &*it : nullptr;
}

Result<IvrMenu> ivr_menu_from_json(const Json& json) {
  return Parser(nullptr).menu(json);
}

Result<IvrMenu> ivr_menu_from_json(const Json& json, std::span<const QueueId> known_queues) {
  const std::set<QueueId> queues(known_queues.begin(), known_queues.end());
  return Parser(&queues).menu(json);
}

std::string_view ivr_outcome_name(IvrOutcome::Kind kind) {
  switch (kind) {
    case IvrOutcome::Kind::kQueue:
      return "queue";
    case IvrOutcome::Kind::kCallback:
      return "callback";
    case IvrOutcome::Kind::kHangUp:
      return "hangup";
    case IvrOutcome::Kind::kRepeat:
      return "repeat";
  }
  return "hangup";
}

IvrOutcome walk_ivr(const IvrMenu& menu, const IvrCaller& caller, std::string_view digits) {
  IvrOutcome out;
  out.vip = caller.is_vip && caller.is_vip(caller.number);
  const IvrNode* node = menu.find(menu.start);
  size_t pos = 0;
  int repeats = 0;
  // Validation rules out loops without a digit, so each step either consumes a
  // digit or moves on through at most every node; the bound is a safety net.
  const size_t max_steps = (digits.size() + 1) * (menu.nodes.size() + 1);
  for (size_t step = 0; node != nullptr && step < max_steps; ++step) {
    out.path.push_back(node->id);
    out.node = node->id;
    const IvrAction* action = nullptr;
    switch (node->kind) {
      case IvrNodeKind::kMenu: {
        if (pos == digits.size()) {
          out.kind = IvrOutcome::Kind::kRepeat;
          return out;
        }
        const auto it = node->options.find(digits[pos++]);
        out.digits_used = pos;
        if (it != node->options.end()) {
          action = &it->second;
        } else if (++repeats > node->max_repeats) {
          action = &node->fallback;
        }
        break;
      }
      case IvrNodeKind::kMessage:
        action = &node->next;
        break;
      case IvrNodeKind::kHours:
        action = menu.hours && menu.hours->is_open(caller.now, caller.zone) ? &node->open
                                                                            : &node->closed;
        break;
      case IvrNodeKind::kVip:
        action = out.vip ? &node->vip : &node->regular;
        break;
    }
    if (action == nullptr || action->kind == IvrAction::Kind::kRepeat) continue;
    switch (action->kind) {
      case IvrAction::Kind::kNode:
        node = menu.find(action->node);
        repeats = 0;
        continue;
      case IvrAction::Kind::kQueue:
        out.kind = IvrOutcome::Kind::kQueue;
        out.queue = action->queue;
        return out;
      case IvrAction::Kind::kCallback:
        out.kind = IvrOutcome::Kind::kCallback;
        out.queue = action->queue;
        return out;
      case IvrAction::Kind::kHangUp:
      case IvrAction::Kind::kRepeat:
        out.kind = IvrOutcome::Kind::kHangUp;
        return out;
    }
  }
  out.kind = IvrOutcome::Kind::kHangUp;
  return out;
}

}  // namespace guanxi::callcenter
