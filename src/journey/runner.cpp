#include "journey/runner.hpp"

#include <fmt/format.h>

#include "domain/activity.hpp"
#include "domain/coupons.hpp"
#include "domain/points.hpp"
#include "outbox/outbox.hpp"
#include "store/change_feed.hpp"
#include "store/query.hpp"

namespace guanxi::journey {

namespace {

using std::chrono::minutes;

// FNV-1a over the run and step: a stable, uniform choice for A/B splits.
uint64_t split_hash(int64_t run, std::string_view step) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&](unsigned char b) {
    h ^= b;
    h *= 1099511628211ULL;
  };
  for (int i = 0; i < 8; ++i)
    mix(static_cast<unsigned char>(static_cast<uint64_t>(run) >> (8 * i)));
  for (char c : step) mix(static_cast<unsigned char>(c));
  return h;
}

int64_t now_ms(const RunEnv& env) {
  return to_millis(env.w.clock.now());
}

std::string source_of(const LoadedJourney& j) {
  return "journey:" + std::to_string(j.rec.id);
}

// The instant of the next shop-local `tod` strictly after now.
Timestamp next_time_of_day(const RunEnv& env, minutes tod) {
  const Timestamp now = env.w.clock.now();
  LocalDays day = env.w.zone.local_day(now);
  Timestamp t = env.w.zone.at_local(day, tod);
  if (t <= now) t = env.w.zone.at_local(day + std::chrono::days(1), tod);
  return t;
}

Result<const store::TemplateRecord*> template_named(RunEnv& env, const std::string& name) {
  auto it = env.templates.find(name);
  if (it == env.templates.end()) {
    GX_ASSIGN_OR_RETURN(auto t, store::find_template_by_name(env.w.db, env.w.shop.id, name));
    it = env.templates.emplace(name, std::move(t)).first;
  }
  return it->second ? &*it->second : nullptr;
}

struct StepResult {
  std::string outcome;  // recorded in journey_steps_done
  std::string next;     // the step to move to ("" = end)
  bool exit = false;
};

constexpr std::string_view kNotPlannable = "not plannable: ";

Status not_plannable(std::string_view what) {
  return Status::conflict(std::string(kNotPlannable) + std::string(what));
}

Result<StepResult> execute(RunEnv& env, const LoadedJourney& j, store::JourneyRunRecord& run,
                           const Step& s, Json& context) {
  if (env.plan != nullptr && s.type != StepType::kSend && s.type != StepType::kBranch &&
      s.type != StepType::kSplit && s.type != StepType::kExit) {
    return not_plannable("step '" + s.id + "' writes more than a message");
  }
  StepResult r;
  r.outcome = "ok";
  r.next = j.def.following(s);
  auto& w = env.w;
  switch (s.type) {
    case StepType::kWait:
      return Status::internal("wait steps are not executed");
    case StepType::kBranch: {
      GX_ASSIGN_OR_RETURN(bool yes, env.rules.matches(s.rule, run.customer_id));
      r.outcome = yes ? "branch:then" : "branch:else";
      const std::string& target = yes ? s.then_step : s.else_step;
      if (!target.empty()) r.next = target == "end" ? "" : target;
      return r;
    }
    case StepType::kSplit: {
      int total = 0;
      for (const auto& v : s.variants) total += v.weight;
      uint64_t pick = split_hash(run.id, s.id) % static_cast<uint64_t>(total);
      for (const auto& v : s.variants) {
        if (pick < static_cast<uint64_t>(v.weight)) {
          run.variant = v.key;
          r.outcome = "variant:" + v.key;
          if (!v.next.empty()) r.next = v.next == "end" ? "" : v.next;
          break;
        }
        pick -= static_cast<uint64_t>(v.weight);
      }
      return r;
    }
    case StepType::kSend: {
      GX_ASSIGN_OR_RETURN(const store::TemplateRecord* t, template_named(env, s.template_name));
      if (t == nullptr) {
        r.outcome = "error:no template '" + s.template_name + "'";
        return r;
      }
      outbox::MessageDraft d;
      d.customer_id = run.customer_id;
      d.tmpl = t;
      d.klass = s.klass;
      d.vars = context;
      d.vars["journey"] = Json{{"name", j.rec.name}};
      d.source = "journey";
      d.source_id = j.rec.id;
      d.run_id = run.id;
      d.variant = run.variant;
      d.facts = env.facts;
      d.defer = env.plan != nullptr ? &env.plan->messages : nullptr;
      GX_ASSIGN_OR_RETURN(auto sent, outbox::enqueue_message(w, env.settings, d));
      if (env.message_log) env.message_log->push_back(sent.message_id);
      if (sent.status == "suppressed") {
        r.outcome = "suppressed:" + sent.reason;
      } else {
        ++env.enqueued;
      }
      return r;
    }
    case StepType::kTag: {
      if (!s.add_tag.empty()) {
        GX_RETURN_IF_ERROR(domain::add_tag(w, run.customer_id, s.add_tag).status());
      } else {
        GX_RETURN_IF_ERROR(domain::remove_tag(w, run.customer_id, s.remove_tag).status());
      }
      return r;
    }
    case StepType::kCoupon: {
      auto c = domain::issue_coupon(w, s.coupon_batch, run.customer_id, source_of(j));
      if (!c.ok()) {
        if (c.status().code() == ErrorCode::kInternal) return c.status();
        r.outcome = "error:" + c.status().message();
        return r;
      }
      const std::string amount =
          c->kind == domain::CouponKind::kAmountOff
              ? fmt::format("{}.{:02}", c->amount_off / 100, c->amount_off % 100)
              : fmt::format("{}%", c->percent_off);
      // valid_until is exclusive: the last valid moment is one millisecond before.
      const std::string until =
          w.zone.local_date(c->valid_until - std::chrono::milliseconds(1)).to_string();
      context["coupon"] = Json{
          {"code", c->code}, {"amount", amount}, {"valid_until", until}, {"expires_at", until}};
      return r;
    }
    case StepType::kPoints: {
      if (env.facts != nullptr) env.facts->forget(run.customer_id);  // its points change
      auto balance = domain::add_points(w, run.customer_id, s.points, s.reason, source_of(j));
      if (!balance.ok()) {
        if (balance.status().code() == ErrorCode::kInternal) return balance.status();
        r.outcome = "error:" + balance.status().message();
        return r;
      }
      context["points"] = Json{{"amount", s.points}, {"balance", *balance}};
      return r;
    }
    case StepType::kTask: {
      store::Query q(w.db, "SELECT owner_user_id, csr_user_id FROM customers WHERE id = ?");
      q.bind(run.customer_id);
      std::optional<int64_t> assignee;
      if (q.next()) assignee = s.assignee == "csr" ? q.opt_i64(1) : q.opt_i64(0);
      GX_RETURN_IF_ERROR(q.status());
      store::TaskRecord t;
      t.shop_id = w.shop.id;
      t.customer_id = run.customer_id;
      t.assignee_user_id = assignee;
      t.assignee_role = s.assignee;
      t.title = s.title;
      t.status = "open";
      t.due_at = to_millis(w.zone.at_local(
          w.zone.local_day(w.clock.now()) + std::chrono::days(s.due_days), minutes(18 * 60)));
      t.source = source_of(j);
      t.created_at = now_ms(env);
      t.updated_at = t.created_at;
      GX_ASSIGN_OR_RETURN(int64_t id, store::insert_task(w.db, t));
      store::ChangeRecord c;
      c.shop_id = w.shop.id;
      c.kind = "task_created";
      c.customer_id = run.customer_id;
      c.entity_id = id;
      c.payload = Json{{"title", s.title}, {"source", t.source}}.dump();
      c.actor = w.actor;
      c.created_at = t.created_at;
      GX_RETURN_IF_ERROR(store::append_change(w.db, c).status());
      return r;
    }
    case StepType::kWebhook: {
      store::MessageRecord m;
      m.shop_id = w.shop.id;
      m.customer_id = run.customer_id;
      m.channel = "webhook";
      m.klass = "system";
      m.body = Json{{"event", s.webhook_event},
                    {"shop_id", w.shop.id},
                    {"customer_id", run.customer_id},
                    {"journey", {{"id", j.rec.id}, {"name", j.rec.name}, {"run_id", run.id}}},
                    {"context", context}}
                   .dump();
      m.source = "journey";
      m.source_id = j.rec.id;
      m.run_id = run.id;
      m.idempotency_key = outbox::new_message_key();
      m.status = "queued";
      m.due_at = now_ms(env);
      m.next_attempt_at = m.due_at;
      m.created_at = m.due_at;
      GX_ASSIGN_OR_RETURN(int64_t id, store::insert_message(w.db, m));
      if (env.message_log) env.message_log->push_back(id);
      ++env.enqueued;
      return r;
    }
    case StepType::kExit:
      r.exit = true;
      r.next = "";
      return r;
  }
  return r;
}

// Writes the step's journey_steps_done row and counts it (unless it had one).
Status record_step(RunEnv& env, const LoadedJourney& j, int64_t run, const std::string& step,
                   const std::string& outcome, int64_t now) {
  if (env.plan != nullptr) return not_plannable("a step row");
  GX_ASSIGN_OR_RETURN(bool added,
                      store::mark_step_done(env.w.db, run, j.rec.id, step, outcome, now));
  if (added) ++env.step_totals[{j.rec.id, step, outcome}];
  return Status::ok();
}

// Parks the run at step `id` when it is a wait (setting its wake time or
// event); otherwise leaves wake_at empty so the loop executes it now.
void arrive(RunEnv& env, const LoadedJourney& j, store::JourneyRunRecord& run,
            const std::string& id) {
  run.step = id;
  run.wake_at.reset();
  run.wait_event.clear();
  if (id.empty()) {
    run.status = "done";
    return;
  }
  const Step* s = j.def.step(id);
  if (s == nullptr || s->type != StepType::kWait) return;
  const Timestamp now = env.w.clock.now();
  if (s->duration) {
    run.wake_at = to_millis(now + *s->duration);
  } else if (s->until) {
    run.wake_at = to_millis(next_time_of_day(env, *s->until));
  } else {
    run.wait_event = s->wait_event;
    run.wake_at = to_millis(now + s->timeout);
  }
}

// Runs steps from the run's current one until it parks at a wait or ends.
// `woken_by`: "" = the wake time of the current wait passed, else the change
// kind that ended a wait for an event; nullopt = the current step is not a
// wait (just arrived or entry).
// `fresh`: the run was created in this transaction (it has no step rows).
// `insert`: the run is not in the store yet (its id is reserved): it is
// inserted at the end, in its final state, with step rows only if it rests.
// `entry_context`: the context of a run entered just now (saves reading run.context back).
Status run_steps(RunEnv& env, const LoadedJourney& j, store::JourneyRunRecord& run,
                 std::optional<std::string_view> woken_by, bool fresh = false, bool insert = false,
                 const Json* entry_context = nullptr) {
  Json context;
  if (entry_context != nullptr) {
    context = *entry_context;
  } else {
    GX_ASSIGN_OR_RETURN(context, parse_json(run.context.empty() ? "{}" : run.context));
  }
  const int64_t now = now_ms(env);
  std::vector<std::string> executed;  // steps this call recorded (a fresh run has no others)
  std::vector<std::pair<std::string, std::string>> pending;  // (step, outcome) when `insert`
  for (size_t guard = 0; guard <= j.def.steps.size() + 1 && run.status == "waiting"; ++guard) {
    if (!j.def.exit_rule.empty()) {
      GX_ASSIGN_OR_RETURN(bool out, env.rules.matches(j.def.exit_rule, run.customer_id));
      if (out) {
        run.status = "exited";
        run.exit_reason = "exit_rule";
        break;
      }
    }
    if (run.step.empty()) {  // entry: start at the first step
      arrive(env, j, run, j.def.steps.front().id);
      if (run.wake_at || !run.wait_event.empty()) break;  // parked at a wait
      continue;
    }
    const Step* s = j.def.step(run.step);
    if (s == nullptr) {
      run.status = "failed";
      run.exit_reason = "step '" + run.step + "' no longer exists";
      break;
    }
    if (s->type == StepType::kWait) {
      if (!woken_by) break;  // just arrived: stay parked
      std::string outcome = "ok";
      std::string next = j.def.following(*s);
      if (!s->wait_event.empty()) {
        const bool by_event = !woken_by->empty();
        outcome = by_event ? "event" : "timeout";
        const std::string& target = by_event ? s->on_event : s->on_timeout;
        if (!target.empty()) next = target == "end" ? "" : target;
      }
      GX_RETURN_IF_ERROR(record_step(env, j, run.id, s->id, outcome, now));
      woken_by.reset();
      arrive(env, j, run, next);
      if (run.wake_at || !run.wait_event.empty()) break;
      continue;
    }
    // Exactly once: a recorded step is not executed again; its outcome decides
    // the path. A run inserted in this transaction has none recorded.
    std::optional<std::string> recorded;
    const bool unseen =
        fresh && std::find(executed.begin(), executed.end(), s->id) == executed.end();
    if (!unseen) {
      GX_ASSIGN_OR_RETURN(recorded, store::step_outcome(env.w.db, run.id, s->id));
    }
    StepResult r;
    if (recorded) {
      r.outcome = *recorded;
      r.next = j.def.following(*s);
      if (s->type == StepType::kBranch) {
        const std::string& target = *recorded == "branch:then" ? s->then_step : s->else_step;
        if (!target.empty()) r.next = target == "end" ? "" : target;
      } else if (s->type == StepType::kSplit) {
        for (const auto& v : s->variants) {
          if (*recorded == "variant:" + v.key) {
            run.variant = v.key;
            if (!v.next.empty()) r.next = v.next == "end" ? "" : v.next;
          }
        }
      } else if (s->type == StepType::kExit) {
        r.exit = true;
      }
    } else {
      GX_ASSIGN_OR_RETURN(r, execute(env, j, run, *s, context));
      executed.push_back(s->id);
      if (insert) {
        pending.emplace_back(s->id, r.outcome);  // written below if the run rests
      } else {
        GX_RETURN_IF_ERROR(record_step(env, j, run.id, s->id, r.outcome, now));
      }
    }
    if (r.exit) {
      run.status = "exited";
      run.exit_reason = "exit_step";
      run.step.clear();
      break;
    }
    woken_by.reset();
    arrive(env, j, run, r.next);
    if (run.wake_at || !run.wait_event.empty()) break;
  }
  if (run.status != "waiting") {
    run.wake_at.reset();
    run.wait_event.clear();
  }
  run.context = context.dump();
  run.updated_at = now;
  if (env.plan != nullptr) {
    if (!insert || (run.status == "waiting" && !pending.empty())) {
      return not_plannable("a run that rests after its steps");
    }
    for (const auto& [step, outcome] : pending) ++env.step_totals[{j.rec.id, step, outcome}];
    env.plan->runs.push_back(run);
    return Status::ok();
  }
  if (!insert) return store::update_journey_run(env.w.db, run);
  GX_ASSIGN_OR_RETURN(auto id, store::insert_journey_run(env.w.db, run));
  if (id != run.id) {
    return Status::internal(fmt::format("run {} of journey {} for customer {} ({}) exists already",
                                        run.id, j.rec.id, run.customer_id, run.occurrence));
  }
  for (const auto& [step, outcome] : pending) {
    if (run.status == "waiting") {
      GX_RETURN_IF_ERROR(record_step(env, j, run.id, step, outcome, now));
    } else {
      ++env.step_totals[{j.rec.id, step, outcome}];
    }
  }
  return Status::ok();
}

}  // namespace

bool is_not_plannable(const Status& s) {
  return s.code() == ErrorCode::kConflict && s.message().starts_with(kNotPlannable);
}

Status flush_step_totals(RunEnv& env) {
  for (const auto& [key, n] : env.step_totals) {
    const auto& [journey, step, outcome] = key;
    GX_RETURN_IF_ERROR(store::add_journey_step_total(env.w.db, journey, step, outcome, n));
  }
  env.step_totals.clear();
  return Status::ok();
}

Result<std::optional<int64_t>> enter_journey(RunEnv& env, const LoadedJourney& j, int64_t customer,
                                             const std::string& occurrence, const Json& context,
                                             Timestamp start_at) {
  const Reentry& re = j.def.reentry;
  // The batch's facts about this customer's runs of the journey, if loaded.
  const outbox::FactBatch::Facts* known = env.facts != nullptr && env.facts->has_journey(j.rec.id)
                                              ? env.facts->find(customer)
                                              : nullptr;
  if (env.plan != nullptr && known == nullptr) return not_plannable("no facts loaded");
  if (known != nullptr && known->entered(occurrence)) return std::optional<int64_t>();
  if (re.kind == Reentry::Kind::kOnce || re.kind == Reentry::Kind::kAfterDays) {
    std::optional<int64_t> last;
    if (known != nullptr) {
      last = known->last_run_start;
    } else {
      GX_ASSIGN_OR_RETURN(last, store::last_run_start(env.w.db, j.rec.id, customer));
    }
    if (last) {
      if (re.kind == Reentry::Kind::kOnce) return std::optional<int64_t>();
      if (now_ms(env) - *last < int64_t{re.days} * 86'400'000) return std::optional<int64_t>();
    }
  }
  if (!j.def.audience.empty()) {
    GX_ASSIGN_OR_RETURN(bool in, env.rules.matches(j.def.audience, customer));
    if (!in) return std::optional<int64_t>();
  }
  const int64_t now = now_ms(env);
  store::JourneyRunRecord run;
  run.journey_id = j.rec.id;
  run.version = j.version;
  run.shop_id = env.w.shop.id;
  run.customer_id = customer;
  run.occurrence = occurrence;
  run.status = "waiting";
  run.started_at = now;
  run.updated_at = now;
  const int64_t start = to_millis(start_at);
  if (start > now) run.wake_at = start;
  if (known != nullptr && (!run.wake_at || env.plan != nullptr)) {
    // Known not to have entered: reserve the id, run the steps, insert the
    // run once in its final state.
    if (env.last_run_id < 0) {
      GX_ASSIGN_OR_RETURN(env.last_run_id, store::max_journey_run_id(env.w.db));
    }
    run.id = ++env.last_run_id;
    if (run.wake_at) {  // planned, resting before its first step
      run.context = context.dump();
      env.plan->runs.push_back(run);
      env.facts->note_run(customer, occurrence, now);
      return std::optional<int64_t>(run.id);
    }
    GX_RETURN_IF_ERROR(
        run_steps(env, j, run, std::nullopt, /*fresh=*/true, /*insert=*/true, &context));
    env.facts->note_run(customer, occurrence, now);
    return std::optional<int64_t>(run.id);
  }
  run.context = context.dump();
  GX_ASSIGN_OR_RETURN(auto id, store::insert_journey_run(env.w.db, run));
  if (!id) return std::optional<int64_t>();
  run.id = *id;
  // Ids reserved later in this transaction come after the store's choice.
  if (env.last_run_id >= 0) env.last_run_id = std::max(env.last_run_id, run.id);
  if (env.facts != nullptr && env.facts->has_journey(j.rec.id)) {
    env.facts->note_run(customer, occurrence, now);
  }
  if (!run.wake_at) {
    GX_RETURN_IF_ERROR(
        run_steps(env, j, run, std::nullopt, /*fresh=*/true, /*insert=*/false, &context));
  }
  return id;
}

Status advance_run(RunEnv& env, const LoadedJourney& j, store::JourneyRunRecord& run,
                   std::string_view event) {
  if (run.status != "waiting") return Status::ok();
  const Step* s = run.step.empty() ? nullptr : j.def.step(run.step);
  if (s != nullptr && s->type == StepType::kWait) return run_steps(env, j, run, event);
  run.wake_at.reset();
  return run_steps(env, j, run, std::nullopt);
}

Status exit_run(RunEnv& env, store::JourneyRunRecord& run, std::string reason) {
  if (run.status != "waiting") return Status::ok();
  run.status = "exited";
  run.exit_reason = std::move(reason);
  run.wake_at.reset();
  run.wait_event.clear();
  run.updated_at = now_ms(env);
  return store::update_journey_run(env.w.db, run);
}

}  // namespace guanxi::journey
