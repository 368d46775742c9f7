#include "demo/demo_shop.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <memory>
#include <span>
#include <vector>

#include "demo/catalog.hpp"
#include "demo/domain_inputs.hpp"
#include "demo/history.hpp"
#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/events.hpp"
#include "domain/orders.hpp"
#include "domain/products.hpp"
#include "domain/shops.hpp"
#include "domain/tier_config.hpp"
#include "domain/tiers.hpp"
#include "store/writer.hpp"

namespace guanxi::demo {

namespace {

constexpr int64_t kHistoryDays = 1'096;
constexpr size_t kStepsPerJob = 250;  // see DemoOptions::writes_per_commit

Status option_error(std::string_view option, std::string message) {
  Location loc;
  loc.field = std::string(option);
  return Status::invalid(std::move(message), loc);
}

// The catalogue is priced in fen, so the shop's currency needs two decimals.
Status check_currency(const std::string& code) {
  auto currency = Currency::parse(code);
  if (!currency.ok()) return option_error("currency", currency.status().message());
  if (currency->exponent() != 2) {
    return option_error("currency", "the demo catalogue is priced in fen: currency " + code +
                                        " must have 2 decimal digits");
  }
  return Status::ok();
}

Status validate(const DemoOptions& o) {
  if (o.customers < 1 || o.customers > 5'000'000) {
    return option_error("customers",
                        fmt::format("customers must be 1..5000000, not {}", o.customers));
  }
  if (o.orders < 0 || o.orders > 50'000'000) {
    return option_error("orders", fmt::format("orders must be 0..50000000, not {}", o.orders));
  }
  if (o.writes_per_commit < 1 || o.writes_per_commit > 1'000'000) {
    return option_error("writes_per_commit", "writes_per_commit must be 1..1000000");
  }
  if (!o.shop_id && o.shop_name.empty()) return option_error("shop_name", "shop_name is required");
  if (!o.shop_id) GX_RETURN_IF_ERROR(check_currency(o.currency));
  if (o.actor.empty()) return option_error("actor", "actor is required");
  return Status::ok();
}

std::string_view step_name(Step s) {
  switch (s) {
    case Step::kSignup:
      return "sign-up";
    case Step::kLink:
      return "identity link";
    case Step::kOrder:
      return "order";
    case Step::kTag:
      return "tag";
    case Step::kAssign:
      return "owner assignment";
    case Step::kNote:
      return "note";
    case Step::kTrack:
      return "track event";
  }
  return "step";
}

// Replays timeline steps through the domain. Runs on the writer thread, one
// job at a time; its counters are folded into the summary only after the
// job's transaction committed.
class Replayer {
 public:
  Replayer(const ShopHistory& history, const domain::Shop& shop, const ShopZone& zone,
           FakeClock& clock, std::string actor)
      : history_(history),
        shop_(shop),
        zone_(zone),
        clock_(clock),
        actor_(std::move(actor)),
        profile_of_(history.people.size(), 0) {}

  // Writes `steps` as one job, counting what it wrote in `tally`. Once a job
  // has failed, later jobs write nothing (they build on its profiles).
  Status write(store::Connection& conn, std::span<const TimelineEntry> steps, DemoSummary& tally) {
    if (failed_)
      return Status(ErrorCode::kUnavailable, "demo step skipped after an earlier failure");
    domain::WriteContext ctx{conn, clock_, shop_, zone_, actor_};
    for (const TimelineEntry& e : steps) {
      clock_.set(e.at);
      Status s = apply(ctx, e, tally);
      if (!s.is_ok()) {
        failed_ = true;
        return Status(s.code(),
                      fmt::format("demo {} {} at {}: {}", step_name(e.step), e.index,
                                  zone_.format_local(e.at), s.message()),
                      s.location());
      }
    }
    return Status::ok();
  }

 private:
  Status apply(domain::WriteContext& ctx, const TimelineEntry& e, DemoSummary& tally) {
    const ActivityPlan& activity = history_.activity;
    switch (e.step) {
      case Step::kSignup: {
        const Person& p = history_.people[e.index];
        GX_ASSIGN_OR_RETURN(auto up,
                            domain::upsert_customer(ctx, signup_input(history_.people, p)));
        profile_of_[p.index] = up.customer_id;
        if (up.outcome == domain::UpsertOutcome::kCreated) ++tally.customers_created;
        tally.merges += up.customers_merged;
        return Status::ok();
      }
      case Step::kOrder: {
        const PlannedOrder& o = history_.purchases.orders[e.index];
        GX_ASSIGN_OR_RETURN(auto up,
                            domain::upsert_order(ctx, order_input(history_, o, shop_.currency)));
        if (up.customer_created) ++tally.customers_created;
        tally.merges += up.customers_merged;
        ++tally.orders;
        if (o.paid_at) tally.revenue += o.paid_amount;
        tally.refunded += o.refunded_amount;
        if (o.refunded_amount > 0) ++tally.refunded_orders;
        return Status::ok();
      }
      case Step::kLink: {
        GX_ASSIGN_OR_RETURN(
            auto out, domain::identify(ctx, link_call(history_, activity.links[e.index], e.index)));
        tally.merges += out.customers_merged;
        if (!out.duplicate) ++tally.events;
        return Status::ok();
      }
      case Step::kTag: {
        const PlannedTag& t = activity.tags[e.index];
        GX_ASSIGN_OR_RETURN(bool added,
                            domain::add_tag(ctx, profile_of_[t.person], tag_name(t.tag)));
        if (added) ++tally.tags;
        return Status::ok();
      }
      case Step::kAssign: {
        const PlannedAssignment& a = activity.assignments[e.index];
        return domain::patch_customer(ctx, profile_of_[a.person], assignment_patch(a)).status();
      }
      case Step::kNote: {
        const PlannedNote& n = activity.notes[e.index];
        GX_RETURN_IF_ERROR(domain::add_note(ctx, profile_of_[n.person], note_input(n)).status());
        ++tally.notes;
        return Status::ok();
      }
      case Step::kTrack: {
        GX_ASSIGN_OR_RETURN(
            auto out, domain::track(ctx, track_call(history_, activity.tracks[e.index], e.index)));
        if (!out.duplicate) ++tally.events;
        return Status::ok();
      }
    }
    return Status::internal("unknown demo step");
  }

  const ShopHistory& history_;
  const domain::Shop& shop_;
  const ShopZone& zone_;
  FakeClock& clock_;
  std::string actor_;
  std::vector<domain::CustomerId> profile_of_;  // the profile each person's sign-up resolved to
  bool failed_ = false;
};

void add_counts(DemoSummary& into, const DemoSummary& job) {
  into.customers_created += job.customers_created;
  into.merges += job.merges;
  into.orders += job.orders;
  into.refunded_orders += job.refunded_orders;
  into.revenue += job.revenue;
  into.refunded += job.refunded;
  into.notes += job.notes;
  into.tags += job.tags;
  into.events += job.events;
}

// Submits `steps` as jobs of at most kStepsPerJob steps, all at once so the
// Writer can commit them together, and waits for them. Counts of jobs that
// committed are added to `summary`; the first failure is returned.
Status write_group(store::Writer& writer, Replayer& replayer, std::span<const TimelineEntry> steps,
                   DemoSummary& summary) {
  const size_t jobs = (steps.size() + kStepsPerJob - 1) / kStepsPerJob;
  std::vector<DemoSummary> tallies(jobs);
  std::vector<std::future<Status>> done;
  done.reserve(jobs);
  for (size_t j = 0; j < jobs; ++j) {
    const auto part =
        steps.subspan(j * kStepsPerJob, std::min(kStepsPerJob, steps.size() - j * kStepsPerJob));
    auto promise = std::make_shared<std::promise<Status>>();
    done.push_back(promise->get_future());
    writer.submit([&replayer, part, &tally = tallies[j]](
                      store::Connection& conn) { return replayer.write(conn, part, tally); },
                  [promise](const Status& s) { promise->set_value(s); });
  }
  Status first_error;
  for (size_t j = 0; j < jobs; ++j) {
    const Status s = done[j].get();
    if (s.is_ok()) {
      add_counts(summary, tallies[j]);
    } else if (first_error.is_ok()) {
      first_error = s;
    }
  }
  return first_error;
}

// Creates the shop, or loads the given one, on the writer connection.
Result<domain::Shop> prepare_shop(store::Writer& writer, const DemoOptions& options,
                                  const Clock& clock) {
  domain::Shop shop;
  Status s = writer.run([&](store::Connection& conn) -> Status {
    if (options.shop_id) {
      GX_ASSIGN_OR_RETURN(auto found, domain::find_shop(conn, *options.shop_id));
      if (!found) return Status::not_found(fmt::format("shop {} does not exist", *options.shop_id));
      shop = *found;
      return Status::ok();
    }
    GX_ASSIGN_OR_RETURN(
        shop,
        domain::create_shop(
            conn, clock, domain::Shop{0, options.shop_name, options.time_zone, options.currency}));
    // The catalogue with list prices and consumption cycles (replenishment care reads them).
    domain::WriteContext ctx{conn, clock, shop, ShopZone::shanghai(), options.actor};
    for (const Product& p : demo_products()) {
      domain::Product product;
      product.sku = std::string(p.sku);
      product.name = std::string(p.name);
      product.category = std::string(p.category);
      product.list_price = p.list_price;
      product.currency = options.currency;
      if (p.replenishment()) product.cycle_days = p.cycle_days;
      GX_RETURN_IF_ERROR(domain::upsert_product(ctx, product).status());
    }
    // The default membership ladder, so purchases upgrade members as the history is written.
    return domain::save_tier_config(ctx, domain::default_tier_config());
  });
  if (!s.is_ok()) return s;
  GX_RETURN_IF_ERROR(check_currency(shop.currency));
  return shop;
}

}  // namespace

Json DemoSummary::to_json() const {
  return Json{
      {"shop_id", shop_id}, {"seed", seed},           {"as_of", format_utc_iso8601(as_of)},
      {"people", people},   {"customers", customers}, {"customers_created", customers_created},
      {"merges", merges},   {"orders", orders},       {"refunded_orders", refunded_orders},
      {"revenue", revenue}, {"refunded", refunded},   {"notes", notes},
      {"tags", tags},       {"events", events},       {"seconds", seconds}};
}

Result<DemoSummary> generate_demo_shop(store::Database& db, const DemoOptions& options,
                                       const Clock& clock) {
  const auto started = std::chrono::steady_clock::now();
  GX_RETURN_IF_ERROR(validate(options));
  const Timestamp as_of = options.as_of.value_or(clock.now());
  // The shop opens when its history begins (a day early, so its creation
  // precedes everything in it whatever the zone).
  FakeClock history_clock(as_of - std::chrono::days(kHistoryDays + 1));

  GX_ASSIGN_OR_RETURN(auto writer, store::Writer::start(db));
  GX_ASSIGN_OR_RETURN(domain::Shop shop, prepare_shop(*writer, options, history_clock));
  GX_ASSIGN_OR_RETURN(ShopZone zone, ShopZone::load(shop.time_zone));

  const ShopHistory history = plan_shop_history(
      HistoryOptions{options.customers, options.orders, options.seed, kHistoryDays}, zone, as_of);

  DemoSummary summary;
  summary.shop_id = shop.id;
  summary.seed = options.seed;
  summary.as_of = as_of;
  summary.people = static_cast<int64_t>(history.people.size());

  Replayer replayer(history, shop, zone, history_clock, options.actor);
  const std::span<const TimelineEntry> timeline(history.timeline);
  const auto per_commit = static_cast<size_t>(options.writes_per_commit);
  for (size_t begin = 0; begin < timeline.size(); begin += per_commit) {
    const auto group = timeline.subspan(begin, std::min(per_commit, timeline.size() - begin));
    GX_RETURN_IF_ERROR(write_group(*writer, replayer, group, summary));
    if (options.progress) {
      options.progress(DemoProgress{static_cast<int64_t>(begin + group.size()),
                                    static_cast<int64_t>(timeline.size())});
    }
  }
  writer.reset();  // drains and stops the writer before the summary is reported

  summary.customers = summary.customers_created - summary.merges;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

Result<DemoSummary> generate_demo_shop(store::Database& db, const DemoOptions& options) {
  static const SystemClock system_clock;
  return generate_demo_shop(db, options, system_clock);
}

}  // namespace guanxi::demo
