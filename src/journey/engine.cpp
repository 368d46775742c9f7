#include "journey/engine.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <set>

#include "calendar/holiday.hpp"
#include "calendar/holiday_json.hpp"
#include "calendar/lunar.hpp"
#include "domain/points.hpp"
#include "domain/shops.hpp"
#include "journey/campaign.hpp"
#include "journey/dates.hpp"
#include "journey/journeys.hpp"
#include "outbox/guardrails.hpp"
#include "outbox/settings.hpp"
#include "segment/engine.hpp"
#include "segment/rule/parser.hpp"
#include "store/care_scan.hpp"
#include "store/change_feed.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"
#include "store/settings_table.hpp"
#include "store/tier_table.hpp"

namespace guanxi::journey {

namespace {
constexpr std::string_view kSubscriber = "journey_engine";
}  // namespace

struct JourneyEngine::Shop {
  domain::Shop shop;
  ShopZone zone = ShopZone::shanghai();
  int32_t housekeeping_day = 0;
};

JourneyEngine::JourneyEngine(store::Database& db, store::Writer& writer, const Clock& clock,
                             segment::SegmentEngine& segments, Options options,
                             std::function<void()> on_enqueued)
    : db_(db),
      writer_(writer),
      clock_(clock),
      segments_(segments),
      options_(options),
      on_enqueued_(std::move(on_enqueued)) {}

Result<std::unique_ptr<JourneyEngine>> JourneyEngine::start(
    store::Database& db, store::Writer& writer, const Clock& clock,
    segment::SegmentEngine& segments, Options options, std::function<void()> on_enqueued) {
  std::unique_ptr<JourneyEngine> e(
      new JourneyEngine(db, writer, clock, segments, options, std::move(on_enqueued)));
  GX_ASSIGN_OR_RETURN(e->reader_, db.connect(true));
  if (options.background) {
    std::weak_ptr<Wakeup> weak = e->wakeup_;
    writer.add_commit_listener([weak] {
      if (auto w = weak.lock()) {
        {
          std::lock_guard lock(w->mu);
          w->pending = true;
        }
        w->cv.notify_one();
      }
    });
    e->thread_ = std::thread([p = e.get()] { p->loop(); });
  }
  return e;
}

JourneyEngine::~JourneyEngine() {
  {
    std::lock_guard lock(wakeup_->mu);
    wakeup_->stopping = true;
  }
  wakeup_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JourneyEngine::notify() {
  {
    std::lock_guard lock(wakeup_->mu);
    wakeup_->pending = true;
  }
  wakeup_->cv.notify_all();
}

void JourneyEngine::loop() {
  for (;;) {
    {
      std::lock_guard lock(wakeup_->mu);
      if (wakeup_->stopping) return;
      wakeup_->pending = false;
    }
    auto stats = process_pending();
    if (!stats.ok()) spdlog::error("journey engine: {}", stats.status().to_string());
    std::unique_lock lock(wakeup_->mu);
    wakeup_->cv.wait_for(lock, options_.poll,
                         [&] { return wakeup_->stopping || wakeup_->pending; });
    if (wakeup_->stopping) return;
  }
}

Result<RoundStats> JourneyEngine::process_pending() {
  std::lock_guard lock(process_mu_);
  RoundStats total;
  for (int i = 0; i < 1000; ++i) {
    GX_ASSIGN_OR_RETURN(auto r, round());
    total.changes += r.changes;
    total.entered += r.entered;
    total.advanced += r.advanced;
    total.exited += r.exited;
    total.enqueued += r.enqueued;
    total.date_days += r.date_days;
    total.campaigns += r.campaigns;
    total.planned += r.planned;
    total.stale += r.stale;
    if (!r.any()) break;
  }
  return total;
}

Result<RoundStats> JourneyEngine::round() {
  RoundStats stats;
  // The segment engine must have applied every change before rules are asked.
  GX_RETURN_IF_ERROR(segments_.process_pending().status());
  GX_RETURN_IF_ERROR(follow_feed(stats));
  GX_RETURN_IF_ERROR(wake_due_runs(stats));
  GX_RETURN_IF_ERROR(decide_dates(stats));
  GX_RETURN_IF_ERROR(housekeeping(stats));
  return stats;
}

Result<JourneyEngine::Shop*> JourneyEngine::shop(int64_t id) {
  auto it = shops_.find(id);
  if (it != shops_.end()) return it->second.get();
  GX_ASSIGN_OR_RETURN(auto s, domain::find_shop(*reader_, id));
  if (!s) return Status::not_found("shop " + std::to_string(id) + " does not exist");
  auto st = std::make_unique<Shop>();
  st->shop = *s;
  GX_ASSIGN_OR_RETURN(st->zone, ShopZone::load(s->time_zone));
  return shops_.emplace(id, std::move(st)).first->second.get();
}

Result<const LoadedJourney*> JourneyEngine::journey_version(int64_t shop_id, int64_t journey,
                                                            int64_t version) {
  auto key = std::pair(journey, version);
  auto it = versions_.find(key);
  if (it != versions_.end()) {
    // Refresh the record (status may have changed) but keep the parsed definition.
    GX_ASSIGN_OR_RETURN(auto rec, store::find_journey(*reader_, shop_id, journey));
    if (rec) it->second->rec = *rec;
    return it->second.get();
  }
  GX_ASSIGN_OR_RETURN(auto rec, store::find_journey(*reader_, shop_id, journey));
  if (!rec) return Status::not_found("journey " + std::to_string(journey) + " does not exist");
  GX_ASSIGN_OR_RETURN(auto text, store::find_journey_version(*reader_, journey, version));
  if (!text) return Status::not_found("journey version missing");
  GX_ASSIGN_OR_RETURN(auto json, parse_json(*text));
  GX_ASSIGN_OR_RETURN(auto def, parse_definition(json));
  auto lj = std::make_unique<LoadedJourney>();
  lj->rec = *rec;
  lj->version = version;
  lj->def = std::move(def);
  return versions_.emplace(key, std::move(lj)).first->second.get();
}

Result<std::vector<const LoadedJourney*>> JourneyEngine::active_journeys() {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_journeys(*reader_, 0, "active"));
  std::vector<const LoadedJourney*> out;
  for (const auto& r : recs) {
    auto j = journey_version(r.shop_id, r.id, r.version);
    if (!j.ok()) {
      spdlog::error("journey {}: {}", r.id, j.status().to_string());
      continue;
    }
    out.push_back(*j);
  }
  return out;
}

Result<RuleSets> JourneyEngine::rule_sets(int64_t shop_id,
                                          const std::vector<const LoadedJourney*>& journeys) {
  RuleSets sets;
  for (const auto* j : journeys) {
    if (j->rec.shop_id != shop_id) continue;
    for (const auto& text : j->def.rules()) {
      if (sets.has(text)) continue;
      GX_ASSIGN_OR_RETURN(auto rule, segment::parse_rule(text));
      GX_ASSIGN_OR_RETURN(auto ids, segments_.members(shop_id, rule, std::nullopt));
      sets.put(text, std::make_shared<const std::vector<int64_t>>(std::move(ids)));
    }
  }
  return sets;
}

Status JourneyEngine::with_env(int64_t shop_id, const RuleSets& rules, RoundStats& stats,
                               const std::function<Status(RunEnv&)>& body) {
  GX_ASSIGN_OR_RETURN(Shop * s, shop(shop_id));
  int64_t enqueued = 0;
  if (Status job_status = writer_.run([&](store::Connection& db) -> Status {
        GX_ASSIGN_OR_RETURN(auto settings, outbox::load_care_settings(db, shop_id));
        domain::WriteContext w{db, clock_, s->shop, s->zone, "journey"};
        RunEnv env{w, settings, rules, {}, 0, nullptr, nullptr, -1, {}};
        GX_RETURN_IF_ERROR(body(env));
        GX_RETURN_IF_ERROR(flush_step_totals(env));
        enqueued = env.enqueued;
        return Status::ok();
      });
      !job_status.is_ok())
    return job_status;
  stats.enqueued += enqueued;
  if (enqueued > 0 && on_enqueued_) on_enqueued_();
  return Status::ok();
}

// ---- 1. the change feed ----

namespace {

// Whether a change starts the trigger, and the occurrence key it starts.
std::optional<std::string> trigger_occurrence(const Trigger& t, const store::ChangeRecord& c,
                                              const Json& payload, store::Connection& db) {
  if (t.type != TriggerType::kEvent || !c.customer_id) return std::nullopt;
  const std::string entity = c.entity_id ? std::to_string(*c.entity_id) : std::to_string(c.seq);
  if (t.event == "first_purchase") {
    if (c.kind != "order_paid") return std::nullopt;
    auto totals = store::purchase_totals(db, *c.customer_id, INT64_MIN, INT64_MAX);
    if (!totals.ok() || totals->purchases != 1) return std::nullopt;
    return "first_purchase";
  }
  if (t.event == "order_completed") {
    const bool completed = c.kind == "order_completed" ||
                           (c.kind == "order_paid" && payload.value("status", "") == "completed");
    if (!completed) return std::nullopt;
    return "order_completed:" + entity;
  }
  if (t.event == "track") {
    if (c.kind != "event_tracked" || payload.value("event", "") != t.event_name)
      return std::nullopt;
    return "event:" + entity;
  }
  if (c.kind != t.event) return std::nullopt;
  if (t.event == "segment_entered" || t.event == "segment_exited") {
    if (!t.segment.empty() && payload.value("segment", "") != t.segment) return std::nullopt;
    return c.kind + ":" + std::to_string(c.seq);
  }
  if (t.event == "tier_changed") {
    if (!t.tier.empty() && payload.value("to", "") != t.tier) return std::nullopt;
    return "tier:" + std::to_string(c.seq);
  }
  return c.kind + ":" + entity;
}

}  // namespace

Status JourneyEngine::follow_feed(RoundStats& stats) {
  GX_ASSIGN_OR_RETURN(int64_t offset, store::subscriber_offset(*reader_, kSubscriber));
  GX_ASSIGN_OR_RETURN(auto changes, store::read_changes(*reader_, offset, options_.batch));
  if (changes.empty()) return Status::ok();
  stats.changes += static_cast<int64_t>(changes.size());
  const int64_t last = changes.back().seq;
  GX_ASSIGN_OR_RETURN(auto active, active_journeys());
  std::map<int64_t, std::vector<const store::ChangeRecord*>> by_shop;
  for (const auto& c : changes) by_shop[c.shop_id].push_back(&c);
  bool offset_saved = false;
  for (auto& entry : by_shop) {
    // Named copies: lambdas below may not capture structured bindings (C++20 DR, not in clang 14).
    const int64_t shop_id = entry.first;
    auto& list = entry.second;
    // Rules of every journey version the batch may touch: the active ones and
    // those the customers' waiting runs started on.
    std::vector<const LoadedJourney*> touched = active;
    std::set<int64_t> customers;
    for (const auto* c : list) {
      if (c->customer_id) customers.insert(*c->customer_id);
    }
    for (int64_t customer : customers) {
      GX_ASSIGN_OR_RETURN(auto runs,
                          store::customer_journey_runs(*reader_, customer, "waiting", 200));
      for (const auto& run : runs) {
        auto j = journey_version(run.shop_id, run.journey_id, run.version);
        if (j.ok()) touched.push_back(*j);
      }
    }
    GX_ASSIGN_OR_RETURN(auto rules, rule_sets(shop_id, touched));
    const bool last_shop = shop_id == by_shop.rbegin()->first;
    if (Status job_status = with_env(
            shop_id, rules, stats,
            [&](RunEnv& env) -> Status {
              for (const auto* c : list) {
                if (!c->customer_id) continue;
                auto payload = parse_json(c->payload);
                const Json p = payload.ok() ? *payload : Json::object();
                // Waiting runs of this customer: exits and waits for this event.
                GX_ASSIGN_OR_RETURN(auto runs, store::customer_journey_runs(
                                                   env.w.db, *c->customer_id, "waiting", 200));
                for (auto& run : runs) {
                  auto j = journey_version(run.shop_id, run.journey_id, run.version);
                  if (!j.ok()) continue;
                  const LoadedJourney& lj = **j;
                  if (std::find(lj.def.exit_events.begin(), lj.def.exit_events.end(), c->kind) !=
                      lj.def.exit_events.end()) {
                    GX_RETURN_IF_ERROR(exit_run(env, run, "event:" + c->kind));
                    ++stats.exited;
                    continue;
                  }
                  if (!run.wait_event.empty() && run.wait_event == c->kind) {
                    GX_RETURN_IF_ERROR(advance_run(env, lj, run, c->kind));
                    ++stats.advanced;
                  }
                }
                for (const auto* j : active) {
                  if (j->rec.shop_id != shop_id) continue;
                  if (c->seq <= j->rec.activated_seq) continue;  // before it was switched on
                  auto occurrence = trigger_occurrence(j->def.trigger, *c, p, env.w.db);
                  if (!occurrence) continue;
                  Json context = p;
                  context["trigger"] = c->kind;
                  if (c->entity_id) context["entity_id"] = *c->entity_id;
                  GX_ASSIGN_OR_RETURN(auto run, enter_journey(env, *j, *c->customer_id, *occurrence,
                                                              context, clock_.now()));
                  if (run) ++stats.entered;
                }
              }
              if (last_shop) {
                GX_RETURN_IF_ERROR(store::set_subscriber_offset(env.w.db, kSubscriber, last));
                offset_saved = true;
              }
              return Status::ok();
            });
        !job_status.is_ok())
      return job_status;
  }
  if (!offset_saved) {
    if (Status job_status = writer_.run([&](store::Connection& db) {
          return store::set_subscriber_offset(db, kSubscriber, last);
        });
        !job_status.is_ok())
      return job_status;
  }
  return Status::ok();
}

// ---- 2. due runs ----

Status JourneyEngine::wake_due_runs(RoundStats& stats) {
  const int64_t now = to_millis(clock_.now());
  GX_ASSIGN_OR_RETURN(auto due, store::due_journey_runs(*reader_, now, options_.batch));
  if (due.empty()) return Status::ok();
  std::map<int64_t, std::vector<store::JourneyRunRecord>> by_shop;
  for (auto& r : due) by_shop[r.shop_id].push_back(std::move(r));
  for (auto& entry : by_shop) {
    const int64_t shop_id = entry.first;
    auto& runs = entry.second;
    std::vector<const LoadedJourney*> journeys;
    for (const auto& r : runs) {
      GX_ASSIGN_OR_RETURN(auto j, journey_version(shop_id, r.journey_id, r.version));
      journeys.push_back(j);
    }
    GX_ASSIGN_OR_RETURN(auto rules, rule_sets(shop_id, journeys));
    if (Status job_status = with_env(shop_id, rules, stats,
                                     [&](RunEnv& env) -> Status {
                                       for (size_t i = 0; i < runs.size(); ++i) {
                                         const LoadedJourney& j = *journeys[i];
                                         if (j.rec.status == "paused")
                                           continue;  // paused journeys hold their runs
                                         GX_RETURN_IF_ERROR(advance_run(env, j, runs[i], ""));
                                         ++stats.advanced;
                                       }
                                       return Status::ok();
                                     });
        !job_status.is_ok())
      return job_status;
  }
  return Status::ok();
}

// ---- 3. date triggers ----

namespace {

// Loads the guardrail and template facts of candidates [begin, end) in range
// scans when they are dense in the id space (env.facts then points at them).
Status prefetch(RunEnv& env, const LoadedJourney& j, const std::vector<DateCandidate>& candidates,
                size_t begin, size_t end, Timestamp start, std::optional<outbox::FactBatch>& out) {
  std::vector<int64_t> ids;
  ids.reserve(end - begin);
  for (size_t k = begin; k < end; ++k) ids.push_back(candidates[k].customer);
  if (!outbox::FactBatch::worth_loading(ids)) return Status::ok();
  // Messages are due at `start` or, after quiet hours, within a day of it.
  const int64_t window = outbox::guardrail_window_ms(env.settings);
  const int64_t from = to_millis(start) - window;
  const int64_t until = to_millis(start) + 86'400'000 + window;
  GX_ASSIGN_OR_RETURN(out,
                      outbox::FactBatch::load(env.w.db, env.w.shop.id, ids, from, until, j.rec.id));
  env.facts = &*out;
  return Status::ok();
}

}  // namespace

// One journey-day of a date trigger: its candidates in id order.
struct JourneyEngine::DateDay {
  Shop* shop = nullptr;
  const LoadedJourney* journey = nullptr;
  const std::vector<DateCandidate>* candidates = nullptr;
  const RuleSets* rules = nullptr;
  Timestamp start{};  // when the runs start
  int64_t day = 0;    // the shop-local day, written as the cursor with the last batch
};

// A batch of a journey-day decided from a read snapshot: what its transaction
// writes, and what the snapshot had seen (to tell, in that transaction,
// whether anything but this pipeline wrote since).
struct JourneyEngine::DatePlan {
  PlannedWrites writes;
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> step_totals;
  int64_t entered = 0;
  int64_t enqueued = 0;
  int64_t messages_seen = 0;  // the snapshot's largest message id
  int64_t changes_seen = 0;   // the snapshot's last change
  int64_t first_run_id = 0;   // run ids reserved: first_run_id .. last_run_id
  int64_t last_run_id = 0;
};

namespace {

// The message ids one batch's transaction wrote (lo > hi: none).
struct MessageRange {
  int64_t lo = 1;
  int64_t hi = 0;
};

constexpr std::string_view kStalePlan = "stale plan";

}  // namespace

Status JourneyEngine::decide_dates(RoundStats& stats) {
  GX_ASSIGN_OR_RETURN(auto active, active_journeys());
  for (const auto* j : active) {
    const Trigger& t = j->def.trigger;
    if (t.type == TriggerType::kEvent) continue;
    GX_ASSIGN_OR_RETURN(Shop * s, shop(j->rec.shop_id));
    const int64_t today = s->zone.local_day(clock_.now()).time_since_epoch().count();
    GX_ASSIGN_OR_RETURN(auto cursor, store::journey_date_cursor(*reader_, j->rec.id));
    const int64_t from = cursor ? *cursor + 1 : today;
    for (int64_t day = from; day <= today; ++day) {
      GX_ASSIGN_OR_RETURN(auto candidates, date_candidates(*reader_, s->shop, s->zone, *j, day));
      // In id order, so that a batch is a dense id range when the day concerns most customers.
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const auto& a, const auto& b) { return a.customer < b.customer; });
      GX_ASSIGN_OR_RETURN(auto rules, rule_sets(j->rec.shop_id, {j}));
      const LocalDays local{std::chrono::days(day)};
      // The event day is `day + days_before`; the run starts at the trigger's time on `day`.
      const DateDay d{
          s, j, &candidates, &rules, std::max(clock_.now(), s->zone.at_local(local, t.at)), day};
      GX_RETURN_IF_ERROR(decide_date_day(d, stats));
      ++stats.date_days;
    }
  }
  return Status::ok();
}

Result<JourneyEngine::DatePlan> JourneyEngine::plan_date_chunk(const DateDay& d, size_t begin,
                                                               size_t end, int64_t run_ids_after) {
  GX_RETURN_IF_ERROR(reader_->begin_read());
  Result<DatePlan> planned = [&]() -> Result<DatePlan> {
    DatePlan p;
    GX_ASSIGN_OR_RETURN(p.messages_seen, store::last_message_id(*reader_));
    GX_ASSIGN_OR_RETURN(p.changes_seen, store::last_change_seq(*reader_));
    GX_ASSIGN_OR_RETURN(int64_t runs_seen, store::max_journey_run_id(*reader_));
    GX_ASSIGN_OR_RETURN(auto settings, outbox::load_care_settings(*reader_, d.shop->shop.id));
    domain::WriteContext w{*reader_, clock_, d.shop->shop, d.shop->zone, "journey"};
    RunEnv env{w, settings, *d.rules, {}, 0, nullptr, nullptr, -1, {}};
    env.plan = &p.writes;
    env.last_run_id = std::max(runs_seen, run_ids_after);
    p.first_run_id = env.last_run_id + 1;
    std::optional<outbox::FactBatch> facts;
    GX_RETURN_IF_ERROR(prefetch(env, *d.journey, *d.candidates, begin, end, d.start, facts));
    for (size_t k = begin; k < end; ++k) {
      const DateCandidate& c = (*d.candidates)[k];
      GX_ASSIGN_OR_RETURN(auto run, enter_journey(env, *d.journey, c.customer, c.occurrence->key,
                                                  c.occurrence->context, d.start));
      if (run) ++p.entered;
    }
    p.last_run_id = env.last_run_id;
    p.step_totals = std::move(env.step_totals);
    p.enqueued = env.enqueued;
    return p;
  }();
  (void)reader_->commit();  // a read transaction: ends the snapshot
  return planned;
}

Status JourneyEngine::decide_date_day(const DateDay& d, RoundStats& stats) {
  const auto& candidates = *d.candidates;
  const size_t size = static_cast<size_t>(std::max(1, options_.date_batch));
  const size_t chunks = std::max<size_t>(1, (candidates.size() + size - 1) / size);
  const int64_t journey = d.journey->rec.id;
  bool plannable = options_.pipeline_dates && options_.prefetch_facts &&
                   reader_->dialect() == "sqlite" && !candidates.empty();
  auto plan = [&](size_t k, int64_t run_ids_after) -> std::optional<DatePlan> {
    if (!plannable) return std::nullopt;
    auto p =
        plan_date_chunk(d, k * size, std::min(candidates.size(), (k + 1) * size), run_ids_after);
    if (p.ok()) {
      if (options_.after_plan) options_.after_plan(k);
      return std::move(*p);
    }
    // Steps that write more than messages, or sparse candidates: the writer decides.
    if (is_not_plannable(p.status())) plannable = false;
    spdlog::debug("journey {}: batch {} decided on the writer: {}", journey, k,
                  p.status().to_string());
    return std::nullopt;
  };
  MessageRange prev;  // what the previous batch's transaction wrote
  std::optional<DatePlan> next = plan(0, 0);
  for (size_t k = 0; k < chunks; ++k) {
    const size_t begin = k * size;
    const size_t end = std::min(candidates.size(), begin + size);
    const bool last = k + 1 == chunks;
    std::optional<DatePlan> current = std::move(next);
    next.reset();
    if (current) {
      // The writer writes this batch while this thread decides the next one.
      // Without foreign-key checks: every row refers to the journey and to
      // customers read in the snapshot, which the job first proves current.
      std::promise<Status> done;
      auto written = done.get_future();
      MessageRange wrote;
      writer_.submit_unchecked(
          [&](store::Connection& db) -> Status {
            GX_ASSIGN_OR_RETURN(int64_t messages, store::last_message_id(db));
            GX_ASSIGN_OR_RETURN(int64_t changes, store::last_change_seq(db));
            GX_ASSIGN_OR_RETURN(int64_t runs, store::max_journey_run_id(db));
            const bool only_ours = messages == current->messages_seen ||
                                   (prev.lo == current->messages_seen + 1 && messages == prev.hi);
            if (!only_ours || changes != current->changes_seen || runs >= current->first_run_id)
              return Status::conflict(std::string(kStalePlan));
            GX_RETURN_IF_ERROR(store::insert_journey_runs(db, current->writes.runs));
            GX_RETURN_IF_ERROR(store::insert_messages(db, current->writes.messages));
            for (const auto& [key, n] : current->step_totals) {
              const auto& [jid, step, outcome] = key;
              GX_RETURN_IF_ERROR(store::add_journey_step_total(db, jid, step, outcome, n));
            }
            if (last) GX_RETURN_IF_ERROR(store::set_journey_date_cursor(db, journey, d.day));
            wrote.lo = messages + 1;
            GX_ASSIGN_OR_RETURN(wrote.hi, store::last_message_id(db));
            return Status::ok();
          },
          [&done](const Status& st) { done.set_value(st); });
      if (!last) next = plan(k + 1, current->last_run_id);
      const Status st = written.get();
      if (st.is_ok()) {
        prev = wrote;
        ++stats.planned;
        stats.entered += current->entered;
        stats.enqueued += current->enqueued;
        if (current->enqueued > 0 && on_enqueued_) on_enqueued_();
        continue;
      }
      spdlog::debug("journey {}: batch {} decided again on the writer: {}", journey, k,
                    st.to_string());
      ++stats.stale;
      next.reset();  // decided from a snapshot before the batch below: planned again after it
    }
    // On the writer: the batch is decided in its transaction.
    MessageRange wrote;
    const Status decided =
        with_env(d.journey->rec.shop_id, *d.rules, stats, [&](RunEnv& env) -> Status {
          GX_ASSIGN_OR_RETURN(int64_t before, store::last_message_id(env.w.db));
          std::optional<outbox::FactBatch> facts;
          if (options_.prefetch_facts) {
            GX_RETURN_IF_ERROR(prefetch(env, *d.journey, candidates, begin, end, d.start, facts));
          }
          for (size_t i = begin; i < end; ++i) {
            const DateCandidate& c = candidates[i];
            GX_ASSIGN_OR_RETURN(auto run,
                                enter_journey(env, *d.journey, c.customer, c.occurrence->key,
                                              c.occurrence->context, d.start));
            if (run) ++stats.entered;
          }
          if (last) GX_RETURN_IF_ERROR(store::set_journey_date_cursor(env.w.db, journey, d.day));
          wrote.lo = before + 1;
          GX_ASSIGN_OR_RETURN(wrote.hi, store::last_message_id(env.w.db));
          return Status::ok();
        });
    if (!decided.is_ok()) return decided;
    prev = wrote;
    if (!last && !next) next = plan(k + 1, 0);
  }
  return Status::ok();
}

// ---- 4. campaigns and daily chores ----

Status JourneyEngine::housekeeping(RoundStats& stats) {
  GX_ASSIGN_OR_RETURN(int64_t worked, work_campaigns(db_, writer_, clock_, segments_, *reader_));
  stats.campaigns += worked;
  if (worked > 0 && on_enqueued_) on_enqueued_();
  GX_ASSIGN_OR_RETURN(auto shops, domain::list_shops(*reader_));
  for (const auto& sh : shops) {
    GX_ASSIGN_OR_RETURN(Shop * s, shop(sh.id));
    const auto today =
        static_cast<int32_t>(s->zone.local_day(clock_.now()).time_since_epoch().count());
    if (s->housekeeping_day == today) continue;
    s->housekeeping_day = today;
    if (Status job_status = writer_.run([&](store::Connection& db) -> Status {
          domain::WriteContext w{db, clock_, s->shop, s->zone, "journey:points-expiry"};
          return domain::expire_points(w, clock_.now()).status();
        });
        !job_status.is_ok())
      return job_status;
  }
  return Status::ok();
}

}  // namespace guanxi::journey
