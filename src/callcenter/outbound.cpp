// The Router's outbound side: callbacks and outbound lists, dialed by blended
// agents when no inbound call waits for them.
#include <string>
#include <utility>

#include "callcenter/router_impl.hpp"

namespace guanxi::callcenter {

namespace {

constexpr int64_t kMinuteMs = 60'000;

Status entry_error(size_t index, const char* member, std::string message) {
  return Status::invalid(std::move(message),
                         Location{"", 0, 0, "/entries/" + std::to_string(index) + "/" + member});
}

}  // namespace

bool Router::Impl::inbound_waits_for(const AgentRec& a) const {
  if (!a.dedicated.empty()) return true;
  for (uint32_t q : a.queues) {
    if (!queues[q].waiting.empty() || queues[q].held > 0) return true;
  }
  return false;
}

bool Router::Impl::try_dial(uint32_t agent, Decisions& out) {
  const AgentRec& a = agents[agent];
  if (!a.agent.blended || outbound_pending == 0 || inbound_waits_for(a)) return false;
  const int64_t t = to_millis(now);
  // A callback that is due comes first: the earliest due, then the earliest asked.
  QueueRec* callback_queue = nullptr;
  uint32_t queue = kNone;
  for (uint32_t q : a.queues) {
    const auto& callbacks = queues[q].callbacks;
    if (callbacks.empty() || callbacks.begin()->first.first > t) continue;
    if (callback_queue == nullptr ||
        callbacks.begin()->first < callback_queue->callbacks.begin()->first) {
      callback_queue = &queues[q];
      queue = q;
    }
  }
  if (callback_queue != nullptr) {
    auto node = callback_queue->callbacks.extract(callback_queue->callbacks.begin());
    dial(agent, queue, std::move(node.mapped().number), node.mapped().customer, 0, 0, out);
    return true;
  }
  // Else the list entry queued first among those whose allowed hours include now.
  const int minute = minute_of_day(now, config.zone);
  std::deque<PendingDial>* best = nullptr;
  for (uint32_t q : a.queues) {
    for (auto& [window, group] : queues[q].entries) {
      if (!window.contains(minute) || group.empty()) continue;
      if (best == nullptr || group.front().seq < best->front().seq) {
        best = &group;
        queue = q;
      }
    }
  }
  if (best == nullptr) return false;
  PendingDial next = std::move(best->front());
  best->pop_front();
  --queues[queue].entries_pending;
  dial(agent, queue, std::move(next.number), next.customer, next.list, next.entry, out);
  return true;
}

void Router::Impl::dial(uint32_t agent, uint32_t queue, std::string number,
                        std::optional<CustomerId> customer, OutboundListId list, size_t entry,
                        Decisions& out) {
  --outbound_pending;
  CallRec rec;
  rec.call.id = next_outbound_id++;
  rec.call.caller_number = std::move(number);
  rec.call.customer = customer;
  rec.call.queue = queues[queue].queue.id;
  rec.call.direction = Direction::kOutbound;
  rec.call.times.offered = now;
  rec.call.times.assigned = now;
  rec.phase = Phase::kRinging;
  rec.queues[0] = queue;
  rec.n_queues = 1;
  rec.agent = agent;
  rec.list = list;
  rec.entry = entry;
  const CallRec& c = calls.emplace(rec.call.id, std::move(rec)).first->second;
  make_busy(agent);
  AgentRec& a = agents[agent];
  a.call = c.call.id;
  set_state(agent, AgentState::kOnCall);
  stats.outbound_dialed(c.call.queue, a.agent.id, now);
  Decision& d = emit(out, DecisionKind::kDial, c.call.id, a.agent.id, c.call.queue);
  d.number = c.call.caller_number;
  d.customer = customer;
  d.list = list;
  d.entry = entry;
}

void Router::Impl::run_outbound(Decisions& out) {
  outbound_dirty = false;
  if (outbound_pending == 0 || idle_blended.empty()) return;
  std::vector<uint32_t> candidates;
  candidates.reserve(idle_blended.size());
  for (const IdleKey& k : idle_blended) candidates.push_back(k.index);
  for (uint32_t agent : candidates) {
    if (outbound_pending == 0) break;
    if (agents[agent].idle) try_dial(agent, out);
  }
  schedule_outbound_check();
}

void Router::Impl::schedule_outbound_check() {
  if (outbound_pending == 0 || idle_blended.empty()) return;
  const int64_t t = to_millis(now);
  // Allowed hours open on whole minutes; callbacks fall due at their own instant.
  int64_t next = (t / kMinuteMs + 1) * kMinuteMs;
  for (const QueueRec& q : queues) {
    if (!q.callbacks.empty() && q.callbacks.begin()->first.first > t) {
      next = std::min(next, q.callbacks.begin()->first.first);
    }
  }
  if (outbound_check_ms && *outbound_check_ms > t && *outbound_check_ms <= next) return;
  outbound_check_ms = next;
  schedule(next, TimerKind::kOutbound, 0, ++outbound_gen);
}

void Router::Impl::add_callback_work(const CallbackRequest& request, uint32_t queue,
                                     Decisions& out) {
  Decision& d = emit(out, DecisionKind::kCallbackCreated, request.call, 0, request.queue);
  d.number = request.number;
  d.customer = request.customer;
  d.callback_at = request.callback_at;
  if (!config.dial_callbacks) return;
  queues[queue].callbacks.emplace(std::pair(to_millis(request.callback_at), dial_seq++), request);
  ++outbound_pending;
  outbound_dirty = true;
}

Status Router::Impl::add_list(const OutboundList& list) {
  if (list.id <= 0) {
    return Status::invalid("an outbound list id must be positive", Location{"", 0, 0, "/id"});
  }
  if (list_ids.contains(list.id)) {
    return {ErrorCode::kAlreadyExists, "outbound list " + std::to_string(list.id) + " exists",
            Location{"", 0, 0, "/id"}};
  }
  const auto queue = queue_index.find(list.queue);
  if (queue == queue_index.end()) {
    return Status::invalid("queue " + std::to_string(list.queue) + " does not exist",
                           Location{"", 0, 0, "/queue"});
  }
  for (size_t i = 0; i < list.entries.size(); ++i) {
    if (list.entries[i].number.empty()) return entry_error(i, "number", "an entry needs a number");
    const Status window = validate_window(list.entries[i].allowed);
    if (!window.is_ok()) return entry_error(i, "allowed", window.message());
  }
  list_ids.insert(list.id);
  QueueRec& q = queues[queue->second];
  for (size_t i = 0; i < list.entries.size(); ++i) {
    const OutboundEntry& e = list.entries[i];
    q.entries[e.allowed].push_back(PendingDial{dial_seq++, list.id, i, e.number, e.customer});
  }
  const auto n = static_cast<int64_t>(list.entries.size());
  q.entries_pending += n;
  outbound_pending += n;
  outbound_dirty = true;
  return Status::ok();
}

Result<Decisions> Router::add_outbound_list(const OutboundList& list, Timestamp now) {
  return impl_->run(now, [&](Decisions&) { return impl_->add_list(list); });
}

}  // namespace guanxi::callcenter
