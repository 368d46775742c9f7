#include "cti/call_center.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <set>
#include <unordered_map>
#include <utility>

#include "cti/field_error.hpp"
#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "store/agents_table.hpp"
#include "store/callcenter_table.hpp"
#include "store/query.hpp"

namespace guanxi::cti {

namespace {

using callcenter::AgentId;
using callcenter::AgentState;
using callcenter::CallId;
using callcenter::DecisionKind;

constexpr CallId kFirstOutbound = CallId{1} << 62;

// The Router's error about a call or agent, as a problem with the event's member.
Status with_field(const Status& s, const std::string& field) {
  Location loc;
  loc.field = "/" + field;
  return Status::invalid(s.message(), loc);
}

Json call_json(const store::CallRecord& r, const ShopZone& zone) {
  Json path = Json::array();
  if (auto parsed = parse_json(r.ivr_path); parsed.ok() && parsed->is_array()) path = *parsed;
  return Json{{"id", r.call_id},
              {"direction", r.direction},
              {"number", r.number},
              {"queue_id", r.queue_id},
              {"agent_id", r.agent_id ? Json(*r.agent_id) : Json(nullptr)},
              {"customer_id", r.customer_id ? Json(*r.customer_id) : Json(nullptr)},
              {"vip", r.vip},
              {"ivr_path", path},
              {"offered_at", format_utc_iso8601(from_millis(r.offered_at))},
              {"offered_at_local", zone.format_local(from_millis(r.offered_at))}};
}

// "inbound call from +8613800138000 (queue 2, agent 5): waited 12 s, talked 185 s.
// Recording: https://…"
std::string memo_of(const store::CallRecord& r) {
  std::string s = r.direction == "inbound" ? "Inbound call from " : "Outbound call to ";
  s += r.number + " (queue " + std::to_string(r.queue_id);
  if (r.agent_id) s += ", agent " + std::to_string(*r.agent_id);
  s += "): ";
  if (r.answered_at) {
    s += "waited " + std::to_string((*r.answered_at - r.offered_at) / 1000) + " s, talked " +
         std::to_string((r.ended_at.value_or(*r.answered_at) - *r.answered_at) / 1000) + " s.";
  } else {
    s += "not answered.";
  }
  if (!r.recording_url.empty()) s += " Recording: " + r.recording_url;
  return s;
}

}  // namespace

// ---- Subscription --------------------------------------------------------------

bool Subscription::take(std::vector<AgentEvent>& out) {
  std::lock_guard lock(mu_);
  for (auto& e : queue_) out.push_back(std::move(e));
  queue_.clear();
  return !closed_;
}

void Subscription::set_waker(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

void Subscription::push(AgentEvent event) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    if (queue_.size() >= max_queued_) {
      closed_ = true;  // too slow: the reader reconnects
    } else {
      queue_.push_back(std::move(event));
    }
    wake = wake_;
  }
  if (wake) wake();
}

void Subscription::close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    wake = wake_;
  }
  if (wake) wake();
}

bool Subscription::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

// ---- the per-shop state ----------------------------------------------------------

struct CallCenter::ShopCenter {
  std::mutex mu;
  domain::Shop shop;
  ShopZone zone = ShopZone::shanghai();
  CallCenterSettings settings;
  std::optional<callcenter::Router> router;
  std::map<CallId, store::CallRecord> live;
  std::unordered_map<std::string, std::string> seen;  // event key -> decisions (JSON)
  std::map<AgentId, CallId> current_call;             // the agent's latest call
  std::map<AgentId, CallId> wrap_up_call;             // the call an agent wraps up
  std::set<AgentId> no_wrap_up;  // agents without wrap-up: a call is handled when it ends
  // Router index -> stored position of each outbound list's pending entries.
  std::map<int64_t, std::vector<int64_t>> entry_positions;
  // Lists not yet given to the Router: added at the time of the next event, so
  // that their dialing windows are checked in the telephony's time.
  std::vector<std::pair<callcenter::OutboundList, std::vector<int64_t>>> pending_lists;
  // Decisions of lists added before an event that then failed: they lead the
  // answer of the next event that succeeds.
  callcenter::Decisions carry;
  // Filled by the Router's agent-state listener during one event.
  std::vector<store::AgentStateRecord> state_changes;
  std::vector<std::pair<CallId, int64_t>> wrap_up_ends;
  int64_t last_event_at = 0;
  std::chrono::steady_clock::time_point last_event_real{};
  bool any_event = false;

  void attach_listener() {
    router->set_agent_state_listener([this](AgentId agent, AgentState state, Timestamp at) {
      state_changes.push_back(
          {agent, std::string(callcenter::agent_state_name(state)), to_millis(at)});
      if (state == AgentState::kWrapUp) {
        if (const auto it = current_call.find(agent); it != current_call.end()) {
          wrap_up_call[agent] = it->second;
        }
      } else if (const auto it = wrap_up_call.find(agent); it != wrap_up_call.end()) {
        wrap_up_ends.emplace_back(it->second, to_millis(at));
        wrap_up_call.erase(it);
      }
    });
  }
};

namespace {

// Everything one event changed, written by one Writer job.
struct Batch {
  std::optional<store::CallEventRecord> event;
  std::vector<store::CallRecord> calls;
  std::vector<store::AgentStateRecord> states;
  std::vector<std::pair<CallId, int64_t>> wrap_up_ends;
  struct Entry {
    int64_t list = 0;
    int64_t position = 0;
    std::string outcome;
    std::optional<int64_t> call;
  };
  std::vector<Entry> entries;
  struct Memo {
    int64_t customer = 0;
    domain::NoteInput note;
    domain::InteractionDetails details;
  };
  std::vector<Memo> notes;
  std::vector<std::pair<int64_t, AgentEvent>> publish;  // agent -> event
  bool empty() const {
    return !event && calls.empty() && states.empty() && wrap_up_ends.empty() && entries.empty();
  }
};

Status write_batch(store::Connection& db, const Batch& b, const domain::Shop& shop,
                   const ShopZone& zone, const Clock& clock) {
  if (b.event) GX_RETURN_IF_ERROR(store::insert_call_event(db, *b.event).status());
  for (const auto& c : b.calls) GX_RETURN_IF_ERROR(store::upsert_call(db, c));
  for (const auto& s : b.states) {
    GX_RETURN_IF_ERROR(store::insert_agent_state(db, shop.id, s));
    GX_RETURN_IF_ERROR(store::set_agent_state(db, shop.id, s.agent_id, s.state, s.at));
  }
  for (const auto& [call, at] : b.wrap_up_ends) {
    GX_RETURN_IF_ERROR(store::set_call_wrap_up_end(db, shop.id, call, at));
  }
  for (const auto& e : b.entries) {
    GX_RETURN_IF_ERROR(
        store::set_outbound_entry_outcome(db, e.list, e.position, e.outcome, e.call));
  }
  domain::WriteContext ctx{db, clock, shop, zone, "cti"};
  for (const auto& memo : b.notes) {
    auto added = domain::add_note(ctx, memo.customer, memo.note, memo.details);
    // A customer merged away or removed since the call keeps no memo.
    if (!added.ok() && added.status().code() != ErrorCode::kNotFound) return added.status();
  }
  return Status::ok();
}

// The entries of a stored list not dialed yet, as the Router takes them, with
// the stored position of each (the Router numbers them from 0).
std::pair<callcenter::OutboundList, std::vector<int64_t>> pending_part(
    const store::OutboundListRecord& list, const std::vector<store::OutboundEntryRecord>& entries) {
  callcenter::OutboundList out;
  out.id = list.id;
  out.name = list.name;
  out.queue = list.queue_id;
  const callcenter::DailyWindow window{static_cast<int>(list.window_start),
                                       static_cast<int>(list.window_end)};
  std::vector<int64_t> positions;
  for (const auto& e : entries) {
    if (e.outcome != "pending") continue;
    out.entries.push_back({e.number, e.customer_id, window});
    positions.push_back(e.position);
  }
  return {std::move(out), std::move(positions)};
}

std::vector<callcenter::Skill> skills_of(const std::string& text) {
  std::vector<callcenter::Skill> out;
  auto parsed = parse_json(text);
  if (!parsed.ok() || !parsed->is_object()) return out;
  for (const auto& [name, level] : parsed->items()) {
    if (level.is_number_integer()) out.push_back({name, level.get<int>()});
  }
  return out;
}

}  // namespace

// ---- CallCenter ---------------------------------------------------------------------

CallCenter::CallCenter(store::Database& db, store::Writer& writer, const Clock& clock,
                       Options options)
    : db_(db), writer_(writer), clock_(clock), options_(options) {}

Result<std::unique_ptr<CallCenter>> CallCenter::start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock, Options options) {
  std::unique_ptr<CallCenter> center(new CallCenter(db, writer, clock, options));
  GX_ASSIGN_OR_RETURN(center->reader_, db.connect(true));
  if (options.timer_thread) center->timer_ = std::thread([c = center.get()] { c->timer_loop(); });
  return center;
}

CallCenter::~CallCenter() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  {
    std::lock_guard lock(subs_mu_);
    for (auto& [key, weak] : subs_) {
      if (auto s = weak.lock()) s->close();
    }
    subs_.clear();
  }
  // Completions of submitted jobs refer to this object: wait for them.
  (void)writer_.run([](store::Connection&) { return Status::ok(); });
}

Result<std::unique_ptr<CallCenter::ShopCenter>> CallCenter::load(const domain::Shop& shop,
                                                                 const ShopZone& zone,
                                                                 bool restart) {
  auto sc = std::make_unique<ShopCenter>();
  sc->shop = shop;
  sc->zone = zone;
  std::vector<store::CallQueueRecord> queue_rows;
  std::vector<store::AgentRecord> agent_rows;
  std::vector<store::AgentCallSettingsRecord> agent_settings;
  std::vector<store::CallRecord> lost;
  std::vector<std::pair<store::OutboundListRecord, std::vector<store::OutboundEntryRecord>>> lists;
  std::optional<int64_t> last_at;
  std::optional<int64_t> max_outbound;
  {
    std::lock_guard lock(reader_mu_);
    store::Connection& db = *reader_;
    GX_RETURN_IF_ERROR(db.begin_read());
    auto read = [&]() -> Status {
      GX_ASSIGN_OR_RETURN(sc->settings, load_settings(db, shop.id));
      GX_ASSIGN_OR_RETURN(queue_rows, store::list_call_queues(db, shop.id));
      GX_ASSIGN_OR_RETURN(agent_rows, store::list_agents(db, shop.id));
      GX_ASSIGN_OR_RETURN(agent_settings, store::list_agent_call_settings(db, shop.id));
      GX_ASSIGN_OR_RETURN(lost, store::list_live_calls(db, shop.id));
      GX_ASSIGN_OR_RETURN(last_at, store::last_call_event_at(db, shop.id));
      GX_ASSIGN_OR_RETURN(max_outbound, store::max_call_id_from(db, shop.id, kFirstOutbound));
      GX_ASSIGN_OR_RETURN(auto list_rows, store::list_outbound_lists(db, shop.id));
      for (auto& l : list_rows) {
        GX_ASSIGN_OR_RETURN(auto entries, store::list_outbound_entries(db, l.id));
        lists.emplace_back(std::move(l), std::move(entries));
      }
      return Status::ok();
    };
    Status s = read();
    (void)db.commit();
    GX_RETURN_IF_ERROR(s);
  }
  callcenter::RouterConfig config;
  config.dedicated_wait = callcenter::Seconds(sc->settings.dedicated_wait_s);
  config.order = sc->settings.order;
  config.first_outbound_call_id = max_outbound ? *max_outbound + 1 : kFirstOutbound;
  config.zone = zone;
  config.stats_interval = std::chrono::minutes(sc->settings.stats_interval_min);
  std::vector<callcenter::Queue> queues;
  for (const auto& q : queue_rows) {
    callcenter::Queue out;
    out.id = q.id;
    out.name = q.name;
    out.skill = q.skill;
    out.min_level = static_cast<int>(q.min_level);
    out.priority = static_cast<int>(q.priority);
    out.overflow_to = q.overflow_to;
    out.overflow_after = callcenter::Seconds(q.overflow_after_s);
    if (q.callback_offer_after_s) {
      out.callback_offer_after = callcenter::Seconds(*q.callback_offer_after_s);
    }
    out.service_level = callcenter::Seconds(q.service_level_s);
    queues.push_back(std::move(out));
  }
  std::map<int64_t, store::AgentCallSettingsRecord> by_agent;
  for (const auto& s : agent_settings) by_agent[s.agent_id] = s;
  std::vector<callcenter::Agent> agents;
  for (const auto& a : agent_rows) {
    if (!a.active) continue;
    callcenter::Agent out;
    out.id = a.id;
    out.name = a.name;
    out.skills = skills_of(a.skills);
    if (const auto it = by_agent.find(a.id); it != by_agent.end()) {
      out.blended = it->second.blended;
      out.wrap_up = callcenter::Seconds(it->second.wrap_up_s);
    }
    if (out.wrap_up.count() == 0) sc->no_wrap_up.insert(out.id);
    agents.push_back(std::move(out));
  }
  GX_ASSIGN_OR_RETURN(auto router, callcenter::Router::create(config, queues, agents));
  sc->router.emplace(std::move(router));
  for (const auto& [list, entries] : lists) {
    auto pending = pending_part(list, entries);
    if (!pending.first.entries.empty()) sc->pending_lists.push_back(std::move(pending));
  }
  sc->attach_listener();
  if (last_at) sc->last_event_at = *last_at;

  // Calls in progress when the server stopped are closed as lost; agents who
  // were logged in are offline until they log in again.
  Batch closing;
  for (auto& c : lost) {
    c.outcome = "lost";
    c.ended_at = std::max(c.offered_at, sc->last_event_at);
    c.updated_at = to_millis(clock_.now());
    closing.calls.push_back(c);
  }
  for (const auto& a : agent_rows) {
    if (a.state != "offline") {
      closing.states.push_back({a.id, "offline", std::max(a.state_since, sc->last_event_at)});
    }
  }
  if (restart && !closing.empty()) {
    const Clock* clock = &clock_;
    const domain::Shop shop_copy = shop;
    const ShopZone zone_copy = zone;
    GX_RETURN_IF_ERROR(writer_.run([closing, shop_copy, zone_copy, clock](store::Connection& db) {
      return write_batch(db, closing, shop_copy, zone_copy, *clock);
    }));
    spdlog::info(
        "call center of shop {}: {} call(s) in progress closed as lost, {} agent(s) "
        "logged out after a restart",
        shop.id, closing.calls.size(), closing.states.size());
  }
  return sc;
}

Result<CallCenter::ShopCenter*> CallCenter::shop_center(const domain::Shop& shop,
                                                        const ShopZone& zone) {
  std::lock_guard lock(shops_mu_);
  if (const auto it = shops_.find(shop.id); it != shops_.end()) return it->second.get();
  GX_ASSIGN_OR_RETURN(auto sc, load(shop, zone, true));
  ShopCenter* out = sc.get();
  shops_[shop.id] = std::move(sc);
  return out;
}

Status CallCenter::check_idle(int64_t shop) {
  std::lock_guard lock(shops_mu_);
  const auto it = shops_.find(shop);
  if (it == shops_.end()) return Status::ok();
  std::lock_guard shop_lock(it->second->mu);
  if (!it->second->live.empty()) {
    return Status::conflict(std::to_string(it->second->live.size()) +
                            " call(s) are in progress: queues and agents can be changed when "
                            "no call is live");
  }
  return Status::ok();
}

Status CallCenter::reload(int64_t shop) {
  ShopCenter* sc = nullptr;
  {
    std::lock_guard lock(shops_mu_);
    const auto it = shops_.find(shop);
    if (it == shops_.end()) return Status::ok();  // loaded fresh on first use
    sc = it->second.get();
  }
  std::lock_guard lock(sc->mu);
  if (!sc->live.empty()) {
    return Status::conflict(
        "calls are in progress: queues and agents can be changed when no "
        "call is live");
  }
  GX_ASSIGN_OR_RETURN(auto fresh, load(sc->shop, sc->zone, false));
  // Logged-in agents stay logged in (a wrap-up in progress ends now).
  callcenter::Router& next = *fresh->router;
  next.set_agent_state_listener(nullptr);
  const Timestamp now = sc->router->now();
  std::vector<store::AgentRecord> rows;
  {
    std::lock_guard rlock(reader_mu_);
    GX_ASSIGN_OR_RETURN(rows, store::list_agents(*reader_, shop));
  }
  for (const auto& a : rows) {
    const auto state = sc->router->agent_state_of(a.id);
    if (!state || *state == AgentState::kOffline || !next.agent_state_of(a.id)) continue;
    const AgentState keep =
        *state == AgentState::kBreak ? AgentState::kBreak : AgentState::kAvailable;
    GX_RETURN_IF_ERROR(next.agent_state(a.id, keep, now).status());
  }
  sc->router = std::move(fresh->router);
  sc->settings = fresh->settings;
  sc->entry_positions = std::move(fresh->entry_positions);
  sc->pending_lists = std::move(fresh->pending_lists);
  sc->no_wrap_up = std::move(fresh->no_wrap_up);
  sc->wrap_up_call.clear();
  sc->attach_listener();
  return Status::ok();
}

std::optional<callcenter::AgentState> CallCenter::agent_state(int64_t shop, int64_t agent) {
  std::lock_guard lock(shops_mu_);
  const auto it = shops_.find(shop);
  if (it == shops_.end()) return std::nullopt;
  std::lock_guard shop_lock(it->second->mu);
  return it->second->router->agent_state_of(agent);
}

Result<callcenter::QueueSnapshot> CallCenter::queue_snapshot(const domain::Shop& shop,
                                                             const ShopZone& zone, int64_t queue) {
  GX_ASSIGN_OR_RETURN(ShopCenter * sc, shop_center(shop, zone));
  std::lock_guard lock(sc->mu);
  return sc->router->queue_snapshot(queue);
}

Status CallCenter::add_outbound_list(const domain::Shop& shop, const ShopZone& zone, int64_t list) {
  GX_ASSIGN_OR_RETURN(ShopCenter * sc, shop_center(shop, zone));
  std::optional<store::OutboundListRecord> row;
  std::vector<store::OutboundEntryRecord> entries;
  {
    std::lock_guard lock(reader_mu_);
    GX_ASSIGN_OR_RETURN(row, store::find_outbound_list(*reader_, shop.id, list));
    if (!row) return Status::not_found("outbound list " + std::to_string(list) + " not found");
    GX_ASSIGN_OR_RETURN(entries, store::list_outbound_entries(*reader_, list));
  }
  std::lock_guard lock(sc->mu);
  if (sc->entry_positions.count(list) != 0) return Status::ok();
  auto part = pending_part(*row, entries);
  if (part.first.entries.empty()) return Status::ok();
  for (const auto& pending : sc->pending_lists) {
    if (pending.first.id == list) return Status::ok();
  }
  sc->pending_lists.push_back(std::move(part));
  return Status::ok();
}

Result<std::shared_ptr<Subscription>> CallCenter::subscribe(int64_t shop, int64_t agent) {
  std::lock_guard lock(subs_mu_);
  for (auto it = subs_.begin(); it != subs_.end();) {
    it = it->second.expired() ? subs_.erase(it) : std::next(it);
  }
  if (subs_.size() >= options_.max_subscriptions) {
    return Status(ErrorCode::kUnavailable, "too many open agent event streams (" +
                                               std::to_string(options_.max_subscriptions) + ")");
  }
  auto sub = std::make_shared<Subscription>(options_.max_queued_events);
  subs_.emplace(std::pair(shop, agent), sub);
  return sub;
}

void CallCenter::publish(int64_t shop, int64_t agent, AgentEvent event) {
  std::vector<std::shared_ptr<Subscription>> targets;
  {
    std::lock_guard lock(subs_mu_);
    const auto [from, to] = subs_.equal_range(std::pair(shop, agent));
    for (auto it = from; it != to; ++it) {
      if (auto s = it->second.lock()) targets.push_back(std::move(s));
    }
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    targets[i]->push(i + 1 == targets.size() ? std::move(event) : event);
  }
}

void CallCenter::apply(const domain::Shop& shop, const ShopZone& zone, CtiInput input, Done done) {
  auto center = shop_center(shop, zone);
  if (!center.ok()) {
    done(center.status());
    return;
  }
  ShopCenter& sc = **center;
  auto batch = std::make_shared<Batch>();
  Applied applied;
  {
    std::lock_guard lock(sc.mu);
    const std::string key = input.key();
    const bool internal = input.event_id.rfind("timer:", 0) == 0 && input.body.is_null();
    // A retry: the first answer again.
    std::string known;
    if (const auto it = sc.seen.find(key); it != sc.seen.end()) {
      known = it->second;
    } else if (!internal) {
      std::lock_guard rlock(reader_mu_);
      auto stored = store::find_call_event(*reader_, shop.id, key);
      if (!stored.ok()) {
        done(stored.status());
        return;
      }
      if (*stored) known = (*stored)->decisions;
    }
    if (!known.empty()) {
      applied.duplicate = true;
      if (auto j = parse_json(known); j.ok()) {
        if (auto d = decisions_from_json(*j); d.ok()) applied.decisions = std::move(*d);
      }
      applied.next_due = sc.router->next_due();
      applied.at = input.at.value_or(sc.router->now());
      done(std::move(applied));
      return;
    }

    // The event's time.
    const Timestamp now = clock_.now();
    Timestamp at = input.at.value_or(now);
    if (!internal) {
      if (at < now - std::chrono::seconds(sc.settings.max_event_age_s) ||
          at > now + std::chrono::seconds(sc.settings.max_event_lead_s)) {
        done(detail::field_error("at", "(" + format_utc_iso8601(at) +
                                           ") is too far from the server's time " +
                                           format_utc_iso8601(now)));
        return;
      }
    }
    if (at < sc.router->now()) {
      if (sc.router->now() - at > kMaxSkew) {
        done(detail::field_error("at", "(" + format_utc_iso8601(at) +
                                           ") is before the call center's last event at " +
                                           format_utc_iso8601(sc.router->now())));
        return;
      }
      at = sc.router->now();
    }
    const int64_t at_ms = to_millis(at);
    const bool call_event = input.type != CtiType::kAgentState && input.type != CtiType::kTick;
    if (call_event && input.type != CtiType::kOffered && sc.live.count(input.call_id) == 0) {
      done(Status::not_found("call " + std::to_string(input.call_id) + " is not in progress"));
      return;
    }

    // Who is calling (offered): the customer by number, VIP by tier, the dedicated CSR.
    if (input.type == CtiType::kOffered) {
      if (input.call_id >= kFirstOutbound) {
        done(detail::field_error("call_id",
                                 "must be below 2^62 (outbound ids are the call center's)"));
        return;
      }
      if (sc.live.count(input.call_id) != 0) {
        done(Status::conflict("call " + std::to_string(input.call_id) + " is already in progress"));
        return;
      }
      store::CallRecord rec;
      rec.shop_id = shop.id;
      rec.call_id = input.call_id;
      rec.number = input.caller_number;
      rec.queue_id = input.queue_id;
      rec.vip = input.vip;
      rec.dedicated_agent_id = input.dedicated_agent_id;
      rec.ivr_path = Json(input.ivr_path).dump();
      rec.offered_at = at_ms;
      {
        std::lock_guard rlock(reader_mu_);
        store::Connection& db = *reader_;
        if (Status s = db.begin_read(); !s.is_ok()) {
          done(s);
          return;
        }
        auto identify = [&]() -> Status {
          GX_ASSIGN_OR_RETURN(auto earlier, store::find_call(db, shop.id, input.call_id));
          if (earlier) {
            return Status::conflict("call " + std::to_string(input.call_id) +
                                    " was already offered");
          }
          domain::ReadContext ctx{db, clock_, shop, zone};
          std::optional<domain::CustomerId> customer;
          auto found = domain::find_customer_by_identity(
              ctx, domain::IdentityInput{domain::IdentityType::kPhone, input.caller_number});
          if (found.ok()) customer = *found;  // a number that is not a phone: unknown caller
          if (!customer && input.customer_id) customer = input.customer_id;
          if (!customer) return Status::ok();
          auto c = domain::get_customer(ctx, *customer);
          if (!c.ok()) return c.status().code() == ErrorCode::kNotFound ? Status::ok() : c.status();
          rec.customer_id = c->id;
          for (const auto& tier : sc.settings.vip_tiers) {
            if (!c->tier.empty() && c->tier == tier) rec.vip = true;
          }
          if (!rec.dedicated_agent_id && c->csr_user_id) {
            GX_ASSIGN_OR_RETURN(auto csr, store::find_agent_by_user(db, shop.id, *c->csr_user_id));
            if (csr && csr->active) rec.dedicated_agent_id = csr->id;
          }
          return Status::ok();
        };
        Status s = identify();
        (void)db.commit();
        if (!s.is_ok()) {
          done(s);
          return;
        }
      }
      sc.live[input.call_id] = rec;
    }

    // The Router decides. (state_changes may hold those of timeouts that fired
    // before an event that failed: they are stored with this one.)
    callcenter::Router& router = *sc.router;
    callcenter::Decisions first = std::move(sc.carry);
    sc.carry.clear();
    for (auto& [list, positions] : sc.pending_lists) {
      auto added = router.add_outbound_list(list, at);
      if (!added.ok()) {
        spdlog::error("call center of shop {}: outbound list {} rejected: {}", shop.id, list.id,
                      added.status().message());
        continue;
      }
      first.insert(first.end(), added->begin(), added->end());
      sc.entry_positions[list.id] = std::move(positions);
    }
    sc.pending_lists.clear();
    Result<callcenter::Decisions> decided = Status::ok();
    switch (input.type) {
      case CtiType::kOffered: {
        const store::CallRecord& rec = sc.live[input.call_id];
        callcenter::Call call;
        call.id = rec.call_id;
        call.caller_number = rec.number;
        call.customer = rec.customer_id;
        call.vip = rec.vip;
        call.dedicated_agent = rec.dedicated_agent_id;
        call.queue = rec.queue_id;
        decided = router.offer(call, at);
        if (!decided.ok()) sc.live.erase(input.call_id);
        break;
      }
      case CtiType::kRinging:
        decided = router.tick(at);
        if (decided.ok() && !router.agent_of(input.call_id)) {
          decided = Status::conflict("call " + std::to_string(input.call_id) +
                                     " is not ringing at an agent");
        }
        break;
      case CtiType::kAnswered:
        decided = router.answered(input.call_id, at);
        break;
      case CtiType::kEnded:
        decided = router.ended(input.call_id, at);
        break;
      case CtiType::kAbandoned:
        decided = router.abandoned(input.call_id, at);
        break;
      case CtiType::kTransferred:
        decided = router.transferred(input.call_id, input.to_queue_id, at);
        break;
      case CtiType::kDeclined:
        decided = router.declined(input.call_id, at);
        break;
      case CtiType::kCallbackRequested:
        decided = router.request_callback(input.call_id, input.callback_at, at);
        break;
      case CtiType::kAgentState:
        decided = router.agent_state(input.agent_id, input.state, at);
        break;
      case CtiType::kTick:
        decided = router.tick(at);
        break;
    }
    if (!decided.ok()) {
      Status s = decided.status();
      if (s.code() == ErrorCode::kNotFound && input.type == CtiType::kAgentState) {
        s = with_field(Status::invalid("agent " + std::to_string(input.agent_id) +
                                       " is not an active agent of the shop"),
                       "agent_id");
      } else if (input.type == CtiType::kOffered && s.location().field == "/queue") {
        s = with_field(s, "queue_id");
      } else if (s.code() == ErrorCode::kNotFound && input.type == CtiType::kOffered) {
        s = with_field(s, "queue_id");
      } else if (s.code() == ErrorCode::kNotFound && input.type == CtiType::kTransferred) {
        s = with_field(s, "to_queue_id");
      }
      // Timeouts that fired before the failure come back with the next event
      // (the Router keeps them), and so do the dials of lists added just now.
      sc.carry = std::move(first);
      done(s);
      return;
    }
    applied.decisions = std::move(first);
    applied.decisions.insert(applied.decisions.end(), decided->begin(), decided->end());
    applied.at = at;
    applied.next_due = router.next_due();
    if (!internal || !applied.decisions.empty() || !sc.state_changes.empty()) {
      sc.last_event_at = at_ms;
      sc.last_event_real = std::chrono::steady_clock::now();
      sc.any_event = true;
    }

    // What changed: the calls touched, in the order touched.
    std::vector<CallId> touched;
    if (call_event) touched.push_back(input.call_id);
    std::set<CallId> callbacks;
    for (const auto& d : applied.decisions) {
      if (d.kind == DecisionKind::kDial) {
        store::CallRecord rec;
        rec.shop_id = shop.id;
        rec.call_id = d.call;
        rec.direction = "outbound";
        rec.number = d.number;
        rec.customer_id = d.customer;
        rec.queue_id = d.queue;
        rec.agent_id = d.agent;
        rec.offered_at = to_millis(d.at);
        if (d.list != 0) {
          rec.list_id = d.list;
          const auto& positions = sc.entry_positions[d.list];
          rec.entry_index =
              d.entry < positions.size() ? positions[d.entry] : static_cast<int64_t>(d.entry);
          batch->entries.push_back({d.list, *rec.entry_index, "dialed", d.call});
        }
        sc.live[d.call] = rec;
      }
      if (d.kind == DecisionKind::kConnect || d.kind == DecisionKind::kDial) {
        sc.current_call[d.agent] = d.call;
      }
      if (d.kind == DecisionKind::kCallbackCreated && d.call != 0) callbacks.insert(d.call);
      if (d.call != 0 && sc.live.count(d.call) != 0) touched.push_back(d.call);
    }
    // Published in this order: agents' states, calls ended, screen-pops.
    std::vector<std::pair<int64_t, AgentEvent>> call_events;
    std::set<CallId> done_calls;
    for (CallId id : touched) {
      if (!done_calls.insert(id).second) continue;
      const auto it = sc.live.find(id);
      if (it == sc.live.end()) continue;
      store::CallRecord& rec = it->second;
      rec.updated_at = to_millis(now);
      if (const callcenter::Call* c = router.find_call(id)) {
        rec.queue_id = c->queue;
        if (c->times.offered) rec.offered_at = to_millis(*c->times.offered);
        rec.answered_at =
            c->times.answered ? std::optional(to_millis(*c->times.answered)) : std::nullopt;
        const auto agent = router.agent_of(id);
        if (agent) rec.agent_id = *agent;
        if (rec.direction == "inbound" && !agent) rec.agent_id.reset();
        if (input.type == CtiType::kTransferred && id == input.call_id) ++rec.transfers;
        rec.outcome = rec.answered_at ? "talking" : agent ? "ringing" : "waiting";
        batch->calls.push_back(rec);
        continue;
      }
      // Finished.
      rec.ended_at = at_ms;
      if (callbacks.count(id) != 0) {
        rec.outcome = "callback";
      } else if (rec.answered_at) {
        rec.outcome = "answered";
      } else {
        rec.outcome = rec.direction == "inbound" ? "abandoned" : "not_reached";
      }
      if (input.type == CtiType::kEnded && id == input.call_id) {
        rec.recording_url = input.recording_url;
        // Without wrap-up the agent is done with the call as it ends.
        if (rec.answered_at && rec.agent_id && sc.no_wrap_up.count(*rec.agent_id) != 0) {
          rec.wrap_up_end_at = at_ms;
        }
      }
      if (rec.list_id && rec.entry_index) {
        batch->entries.push_back({*rec.list_id, *rec.entry_index,
                                  rec.answered_at ? "connected" : "not_reached", std::nullopt});
      }
      if (rec.customer_id && rec.answered_at) {
        domain::NoteInput note;
        note.type = domain::NoteType::kCall;
        note.direction = rec.direction;
        note.author = rec.agent_id ? "agent:" + std::to_string(*rec.agent_id) : "cti";
        note.summary = memo_of(rec);
        note.occurred_at = from_millis(*rec.answered_at);
        domain::InteractionDetails details;
        details.agent_id = rec.agent_id;
        details.duration_s = std::clamp<int64_t>((at_ms - *rec.answered_at) / 1000, 0, 86400);
        details.outcome = rec.outcome;
        batch->notes.push_back({*rec.customer_id, std::move(note), std::move(details)});
      }
      if (rec.agent_id) {
        AgentEvent e;
        e.type = "call_ended";
        e.shop_id = shop.id;
        e.data = {{"call", call_json(rec, zone)}, {"outcome", rec.outcome}};
        call_events.emplace_back(*rec.agent_id, std::move(e));
      }
      batch->calls.push_back(rec);
      sc.live.erase(it);
    }
    // Screen-pop: each connect (and dial) to its agent, with the call as it is now.
    for (const auto& d : applied.decisions) {
      if (d.kind != DecisionKind::kConnect && d.kind != DecisionKind::kDial) continue;
      const auto it = sc.live.find(d.call);
      if (it == sc.live.end()) continue;
      AgentEvent e;
      e.type = "screen_pop";
      e.shop_id = shop.id;
      e.customer_id = it->second.customer_id;
      e.data = {{"call", call_json(it->second, zone)},
                {"wait_s", (to_millis(d.at) - it->second.offered_at) / 1000}};
      call_events.emplace_back(d.agent, std::move(e));
    }
    for (const auto& s : sc.state_changes) {
      AgentEvent e;
      e.type = "agent_state";
      e.shop_id = shop.id;
      e.data = {{"agent_id", s.agent_id},
                {"state", s.state},
                {"at", format_utc_iso8601(from_millis(s.at))}};
      batch->publish.emplace_back(s.agent_id, std::move(e));
    }
    for (auto& e : call_events) batch->publish.push_back(std::move(e));
    batch->states = std::move(sc.state_changes);
    batch->wrap_up_ends = std::move(sc.wrap_up_ends);
    sc.state_changes.clear();
    sc.wrap_up_ends.clear();

    const std::string decisions_json = decisions_to_json(applied.decisions).dump();
    if (!internal || !applied.decisions.empty() || !batch->states.empty()) {
      store::CallEventRecord ev;
      ev.shop_id = shop.id;
      ev.event_key = key;
      if (call_event) ev.call_id = input.call_id;
      ev.kind = std::string(cti_type_name(input.type));
      ev.at = at_ms;
      ev.body = input.body.is_null() ? Json{{"type", ev.kind}}.dump() : input.body.dump();
      ev.decisions = decisions_json;
      ev.received_at = to_millis(now);
      batch->event = std::move(ev);
      sc.seen[key] = decisions_json;
    }
    if (batch->empty()) {
      done(std::move(applied));
      return;
    }
    // Submitted under the shop's lock: the Writer keeps the events' order.
    const Clock* clock = &clock_;
    const domain::Shop shop_copy = shop;
    const ShopZone zone_copy = zone;
    auto result = std::make_shared<Applied>(std::move(applied));
    writer_.submit(
        [batch, shop_copy, zone_copy, clock](store::Connection& db) {
          return write_batch(db, *batch, shop_copy, zone_copy, *clock);
        },
        [this, batch, result, done = std::move(done), shop_id = shop.id](const Status& status) {
          if (!status.is_ok()) {
            spdlog::error("call center of shop {}: an event was decided but not stored: {}",
                          shop_id, status.message());
            done(status);
            return;
          }
          for (auto& [agent, event] : batch->publish) publish(shop_id, agent, std::move(event));
          done(std::move(*result));
        });
  }
}

Result<Applied> CallCenter::apply_sync(const domain::Shop& shop, const ShopZone& zone,
                                       CtiInput input) {
  std::promise<Result<Applied>> promise;
  auto future = promise.get_future();
  apply(shop, zone, std::move(input),
        [&promise](Result<Applied> r) { promise.set_value(std::move(r)); });
  return future.get();
}

void CallCenter::fire_due() {
  std::vector<ShopCenter*> centers;
  {
    std::lock_guard lock(shops_mu_);
    for (auto& [id, sc] : shops_) centers.push_back(sc.get());
  }
  const auto real_now = std::chrono::steady_clock::now();
  for (ShopCenter* sc : centers) {
    std::optional<Timestamp> tick_at;
    domain::Shop shop;
    ShopZone zone = ShopZone::shanghai();
    {
      std::lock_guard lock(sc->mu);
      if (!sc->any_event) continue;
      const auto due = sc->router->next_due();
      if (!due) continue;
      const auto elapsed =
          std::chrono::duration_cast<std::chrono::milliseconds>(real_now - sc->last_event_real);
      if (elapsed < options_.timer_grace) continue;
      const int64_t virtual_now = sc->last_event_at + elapsed.count();
      if (to_millis(*due) + options_.timer_grace.count() > virtual_now) continue;
      tick_at = *due;
      shop = sc->shop;
      zone = sc->zone;
    }
    CtiInput tick;
    tick.type = CtiType::kTick;
    tick.at = tick_at;
    tick.event_id = "timer:" + std::to_string(to_millis(*tick_at));
    apply(shop, zone, std::move(tick), [](Result<Applied> r) {
      if (!r.ok()) spdlog::warn("call center timeout failed: {}", r.status().message());
    });
  }
}

void CallCenter::timer_loop() {
  std::unique_lock lock(stop_mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, options_.timer_poll);
    if (stopping_) break;
    lock.unlock();
    fire_due();
    lock.lock();
  }
}

}  // namespace guanxi::cti
