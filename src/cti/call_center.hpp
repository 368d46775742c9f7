// CallCenter: the running call center of every shop. Per shop a
// callcenter::Router built from the stored queues, agents and settings;
// applies the CTI events the telephony system posts, keeps the call log and
// the agents' states in the store, fires the Router's timeouts on a timer
// thread, writes a call memo on the customer when a call ends, and publishes
// what agents' screens must show (screen-pop) to subscribers by agent.
//
// Events: apply() runs one event under the shop's lock — the Router's
// decisions are taken at once, in arrival order — and submits one Writer job
// with everything it changed (the event and its decisions, the calls, agent
// states, memos). `done` is called on the Writer thread after that job is
// durable (or with its error); subscribers are told after the commit too.
// A retried event (same key, CtiInput::key) changes nothing: it is answered
// with the decisions of the first (`duplicate`).
//
// Time: an event's `at` (the telephony's clock, default the server's) must be
// within the shop's bounds around the clock (settings.hpp); slightly behind
// the Router's time (up to kMaxSkew) it is taken as the Router's time, further
// behind it is an error. Timeouts: the timer thread ticks a Router at its
// next_due() once the Router's time, carried forward in real time since the
// last event, has passed it by `timer_grace` — so a live telephony sees
// overflows within the grace, and a driver replaying the past faster than
// real time (the call simulator, which sends its own ticks) is not raced.
//
// Restart: every shop is rebuilt from the store on first use. Calls that were
// still waiting, ringing or talking are closed with outcome `lost` at the
// time of the shop's last event (the telephony offers them again if they are
// still up); every agent starts offline and logs in again.
//
// Thread-safe. Borrows the database, Writer and clock; they must outlive it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "callcenter/router.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "cti/event_json.hpp"
#include "cti/settings.hpp"
#include "domain/context.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::cti {

// What an agent's screen is told (the event stream of /agents/{id}/events).
struct AgentEvent {
  std::string type;  // screen_pop | agent_state | call_ended
  Json data;         // screen_pop: {call: {...}}; the caller's 360 is added by the reader
  std::optional<int64_t> customer_id;  // screen_pop: the identified caller
  int64_t shop_id = 0;
};

// One open agent stream. Events queue here until take()n; a slow reader that
// lets more than the limit queue up is closed (it reconnects and catches up
// from the call log).
class Subscription {
 public:
  explicit Subscription(size_t max_queued) : max_queued_(max_queued) {}
  // Moves the queued events into `out`; false once closed and drained.
  bool take(std::vector<AgentEvent>& out);
  // Called (from any thread) whenever events arrive or the subscription closes.
  void set_waker(std::function<void()> wake);
  void push(AgentEvent event);
  void close();
  bool closed() const;

 private:
  mutable std::mutex mu_;
  std::vector<AgentEvent> queue_;
  std::function<void()> wake_;
  size_t max_queued_;
  bool closed_ = false;
};

struct Applied {
  bool duplicate = false;
  callcenter::Decisions decisions;
  std::optional<Timestamp> next_due;  // the Router's next timeout after the event
  Timestamp at;                       // the event's time as applied
};

class CallCenter {
 public:
  // The most an event may lag the Router's time and still be taken.
  static constexpr std::chrono::milliseconds kMaxSkew{2000};

  struct Options {
    bool timer_thread = true;  // tests may call fire_due() instead
    std::chrono::milliseconds timer_grace{250};
    std::chrono::milliseconds timer_poll{20};
    size_t max_subscriptions = 2000;  // open agent streams, all shops
    size_t max_queued_events = 256;   // per stream
  };

  static Result<std::unique_ptr<CallCenter>> start(store::Database& db, store::Writer& writer,
                                                   const Clock& clock, Options options);
  ~CallCenter();  // stops the timer thread, closes every subscription
  CallCenter(const CallCenter&) = delete;
  CallCenter& operator=(const CallCenter&) = delete;

  using Done = std::function<void(Result<Applied>)>;
  // Applies one event of `shop` (see above). Errors before anything changed
  // (bad field, unknown call, wrong state) are passed to `done` at once, on
  // the calling thread; invalid_argument names the member ("at", "call_id").
  void apply(const domain::Shop& shop, const ShopZone& zone, CtiInput input, Done done);
  // apply() that blocks until done (not on the Writer thread).
  Result<Applied> apply_sync(const domain::Shop& shop, const ShopZone& zone, CtiInput input);

  // Fires the due timeouts of every loaded shop as the timer thread does.
  void fire_due();

  // The queues, agents or settings of the shop changed in the store: rebuild
  // its Router. A conflict while calls are live (try again when they ended).
  Status reload(int64_t shop);
  // A conflict when the shop has live calls (checked before a reconfiguration).
  Status check_idle(int64_t shop);

  // The agent's live state; nullopt when the shop is not loaded or no such agent.
  std::optional<callcenter::AgentState> agent_state(int64_t shop, int64_t agent);
  // A snapshot of a queue (waiting calls, idle agents).
  Result<callcenter::QueueSnapshot> queue_snapshot(const domain::Shop& shop, const ShopZone& zone,
                                                   int64_t queue);
  // Gives an outbound list (stored) to the Router; blended agents dial it.
  Status add_outbound_list(const domain::Shop& shop, const ShopZone& zone, int64_t list);

  // Opens a stream for `agent`; resource_exhausted past max_subscriptions.
  Result<std::shared_ptr<Subscription>> subscribe(int64_t shop, int64_t agent);

  struct ShopCenter;

 private:
  CallCenter(store::Database& db, store::Writer& writer, const Clock& clock, Options options);
  Result<ShopCenter*> shop_center(const domain::Shop& shop, const ShopZone& zone);
  // Builds a shop's Router from the store; `restart` closes what a previous
  // run left in progress (see above).
  Result<std::unique_ptr<ShopCenter>> load(const domain::Shop& shop, const ShopZone& zone,
                                           bool restart);
  void publish(int64_t shop, int64_t agent, AgentEvent event);
  void timer_loop();

  store::Database& db_;
  store::Writer& writer_;
  const Clock& clock_;
  Options options_;
  std::mutex reader_mu_;  // guards reader_
  std::unique_ptr<store::Connection> reader_;
  std::mutex shops_mu_;  // guards shops_
  std::map<int64_t, std::unique_ptr<ShopCenter>> shops_;
  std::mutex subs_mu_;  // guards subs_
  std::multimap<std::pair<int64_t, int64_t>, std::weak_ptr<Subscription>> subs_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace guanxi::cti
