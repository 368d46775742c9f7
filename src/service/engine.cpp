#include "service/engine.hpp"

#include <spdlog/spdlog.h>

#include "domain/shops.hpp"
#include "service/auto_pick.hpp"
#include "service/internal.hpp"
#include "service/model.hpp"
#include "service/sla.hpp"
#include "store/journey_table.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

namespace {

// Fires one clock's warning or breach when due and not yet fired.
Status fire_clock(domain::WriteContext& ctx, store::TicketRecord& t,
                  const calendar::SlaStatus& status, std::string_view clock, int64_t warn_bit,
                  int64_t breach_bit, ServiceRoundStats& stats) {
  if (t.sla_fired & breach_bit) return Status::ok();
  std::string_view kind;
  if (status.state == calendar::SlaState::kBreached) {
    t.sla_fired |= breach_bit | warn_bit;
    kind = "sla_breached";
    stats.sla_breaches += 1;
  } else if (status.state == calendar::SlaState::kWarning && !(t.sla_fired & warn_bit)) {
    t.sla_fired |= warn_bit;
    kind = "sla_warning";
    stats.sla_warnings += 1;
  } else {
    return Status::ok();
  }
  const std::string change = "ticket_" + std::string(kind);
  const std::string due = format_utc_iso8601(status.due);
  GX_RETURN_IF_ERROR(internal::add_event(ctx, t, kind, "", std::string(clock), due));
  GX_RETURN_IF_ERROR(record_service_change(ctx, change, t.customer_id, t.id,
                                           Json{{"clock", clock}, {"due", due}}));
  return internal::track_ticket_event(ctx, t, change, std::string(clock) + ":" + std::string(kind));
}

}  // namespace

Status fire_ticket_sla(domain::WriteContext& ctx, int64_t ticket, ServiceRoundStats& stats) {
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, ticket));
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  stats.tickets += 1;
  const SlaEvaluation e = evaluate_sla(t, s, ctx.zone, ctx.clock.now());
  if (e.has_sla) {
    GX_RETURN_IF_ERROR(
        fire_clock(ctx, t, e.first_response, "first_response", kFrWarningBit, kFrBreachBit, stats));
    GX_RETURN_IF_ERROR(
        fire_clock(ctx, t, e.resolution, "resolution", kResWarningBit, kResBreachBit, stats));
  }
  // Re-evaluated with the new bits: the next instant, or none.
  refresh_sla(t, s, ctx.zone, ctx.clock.now());
  return store::update_ticket(ctx.db, t);
}

Status backfill_ticket_speed(domain::WriteContext& ctx, int64_t ticket, ServiceRoundStats& stats) {
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, ticket));
  if (t.speed_stored) return Status::ok();
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  store_speed(t, evaluate_sla(t, s, ctx.zone, ctx.clock.now()), s, ctx.zone);
  stats.backfilled += 1;
  return store::update_ticket(ctx.db, t);
}

Status fire_task_reminder(domain::WriteContext& ctx, int64_t task, ServiceRoundStats& stats) {
  GX_ASSIGN_OR_RETURN(auto t, store::find_task(ctx.db, ctx.shop.id, task));
  if (!t || t->reminded_at) return Status::ok();
  t->reminded_at = internal::now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_task(ctx.db, *t));
  if (t->status != "open") return Status::ok();
  stats.reminders += 1;
  return record_service_change(
      ctx, "task_reminder", t->customer_id, t->id,
      Json{{"task_id", t->id},
           {"title", t->title},
           {"assignee_user_id", t->assignee_user_id ? Json(*t->assignee_user_id) : Json(nullptr)},
           {"due_at",
            t->due_at ? Json(format_utc_iso8601(from_millis(*t->due_at))) : Json(nullptr)}});
}

ServiceEngine::ServiceEngine(store::Database& db, store::Writer& writer, const Clock& clock,
                             Options options)
    : db_(db), writer_(writer), clock_(clock), options_(options) {}

Result<std::unique_ptr<ServiceEngine>> ServiceEngine::start(store::Database& db,
                                                            store::Writer& writer,
                                                            const Clock& clock, Options options) {
  std::unique_ptr<ServiceEngine> e(new ServiceEngine(db, writer, clock, options));
  GX_ASSIGN_OR_RETURN(e->reader_, db.connect(true));
  if (options.background) e->thread_ = std::thread([p = e.get()] { p->loop(); });
  return e;
}

ServiceEngine::~ServiceEngine() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ServiceEngine::notify() {
  {
    std::lock_guard lock(mu_);
    pending_ = true;
  }
  cv_.notify_all();
}

void ServiceEngine::request_pick() {
  {
    std::lock_guard lock(mu_);
    pick_requested_ = true;
    pending_ = true;
  }
  cv_.notify_all();
}

void ServiceEngine::loop() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      pending_ = false;
    }
    auto stats = process_pending();
    if (!stats.ok()) spdlog::error("service engine: {}", stats.status().to_string());
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.poll, [&] { return stopping_ || pending_; });
    if (stopping_) return;
  }
}

Result<const ServiceEngine::Shop*> ServiceEngine::shop(int64_t id) {
  auto it = shops_.find(id);
  if (it != shops_.end()) return it->second.get();
  GX_ASSIGN_OR_RETURN(auto s, domain::find_shop(*reader_, id));
  if (!s) return Status::not_found("shop " + std::to_string(id) + " does not exist");
  GX_ASSIGN_OR_RETURN(ShopZone zone, ShopZone::load(s->time_zone));
  auto st = std::make_unique<Shop>(Shop{*s, zone});
  return shops_.emplace(id, std::move(st)).first->second.get();
}

Result<ServiceRoundStats> ServiceEngine::process_pending() {
  std::lock_guard lock(process_mu_);
  ServiceRoundStats total;
  for (int i = 0; i < 1000; ++i) {
    GX_ASSIGN_OR_RETURN(auto r, round());
    total.sla_warnings += r.sla_warnings;
    total.sla_breaches += r.sla_breaches;
    total.reminders += r.reminders;
    total.tickets += r.tickets;
    total.picked += r.picked;
    total.backfilled += r.backfilled;
    if (!r.any()) break;
  }
  return total;
}

Status ServiceEngine::pick_sweep(ServiceRoundStats& stats) {
  const int64_t now = to_millis(clock_.now());
  {
    std::lock_guard lock(mu_);
    if (!pick_requested_ && now < next_pick_at_) return Status::ok();
    pick_requested_ = false;
  }
  next_pick_at_ = now + options_.pick_every.count();
  GX_ASSIGN_OR_RETURN(auto shop_ids, store::shops_with_unassigned_tickets(*reader_));
  for (const int64_t id : shop_ids) {
    GX_ASSIGN_OR_RETURN(const Shop* s, shop(id));
    Status job = writer_.run([&](store::Connection& db) -> Status {
      domain::WriteContext w{db, clock_, s->shop, s->zone, "service"};
      GX_ASSIGN_OR_RETURN(const int64_t n, auto_pick_tickets(w, options_.batch));
      stats.picked += n;
      return Status::ok();
    });
    GX_RETURN_IF_ERROR(job);
  }
  return Status::ok();
}

Result<ServiceRoundStats> ServiceEngine::round() {
  ServiceRoundStats stats;
  GX_RETURN_IF_ERROR(pick_sweep(stats));
  const int64_t now = to_millis(clock_.now());
  GX_ASSIGN_OR_RETURN(auto tickets, store::due_sla_tickets(*reader_, now, options_.batch));
  GX_ASSIGN_OR_RETURN(auto tasks, store::due_task_reminders(*reader_, now, options_.batch));
  GX_ASSIGN_OR_RETURN(auto legacy, store::tickets_missing_speed(*reader_, options_.batch));
  if (tickets.empty() && tasks.empty() && legacy.empty()) return stats;
  std::map<int64_t, const Shop*> shops;
  for (const auto& list : {tickets, tasks, legacy}) {
    for (const auto& [shop_id, id] : list) {
      (void)id;
      if (shops.count(shop_id) == 0) {
        GX_ASSIGN_OR_RETURN(shops[shop_id], shop(shop_id));
      }
    }
  }
  Status job = writer_.run([&](store::Connection& db) -> Status {
    for (const auto& [shop_id, id] : tickets) {
      const Shop* s = shops[shop_id];
      domain::WriteContext w{db, clock_, s->shop, s->zone, "service"};
      GX_RETURN_IF_ERROR(fire_ticket_sla(w, id, stats));
    }
    for (const auto& [shop_id, id] : tasks) {
      const Shop* s = shops[shop_id];
      domain::WriteContext w{db, clock_, s->shop, s->zone, "service"};
      GX_RETURN_IF_ERROR(fire_task_reminder(w, id, stats));
    }
    for (const auto& [shop_id, id] : legacy) {
      const Shop* s = shops[shop_id];
      domain::WriteContext w{db, clock_, s->shop, s->zone, "service"};
      GX_RETURN_IF_ERROR(backfill_ticket_speed(w, id, stats));
    }
    return Status::ok();
  });
  GX_RETURN_IF_ERROR(job);
  return stats;
}

}  // namespace guanxi::service
