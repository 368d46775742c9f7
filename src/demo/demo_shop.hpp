// The demo shop generator: a realistic Chinese e-commerce shop with three
// years of history — customers from Taobao, Tmall, JD, WeChat and Shopify,
// repeat purchases following consumption cycles, refunds, coupons, merges of
// identities, CSR memos, tags and behaviour events — for trying Guanxi out,
// for demos, and as a fixture for tests and benchmarks of the layers above.
//
// Everything is written through the domain's write functions (upsert_customer,
// upsert_order, identify, track, add_note, add_tag, patch_customer) in Writer
// jobs, replaying the planned history in chronological order on a simulated
// clock: created_at, updated_at and change-feed times are those of the
// history, so merges, "days since" and the change feed look as if the shop had
// run Guanxi for three years. Deterministic: the same options (including
// as_of) produce the same database content.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/model.hpp"
#include "store/database.hpp"

namespace guanxi::demo {

struct DemoProgress {
  int64_t steps_done = 0;  // timeline steps written (sign-ups, orders, notes, ...)
  int64_t steps_total = 0;
};

struct DemoOptions {
  int64_t customers = 2'000;  // people; 1..5,000,000
  int64_t orders = 10'000;    // exactly this many orders; 0..50,000,000
  uint64_t seed = 42;
  std::string shop_name = "关系小店（演示）";
  std::string time_zone = "Asia/Shanghai";  // for a new shop
  std::string currency = "CNY";             // for a new shop; must have 2 decimal digits
  // End of the generated history; the clock's now when absent.
  std::optional<Timestamp> as_of;
  // Write into this existing shop (its zone and currency apply) instead of
  // creating one. Running the same seed twice into one shop leaves orders,
  // profiles and events as they were but adds notes again.
  std::optional<domain::ShopId> shop_id;
  std::string actor = "demo";  // recorded on every change and merge
  // Timeline steps per transaction (about). They are submitted as Writer jobs
  // of at most 250 steps that the Writer group-commits together: each job runs
  // in its own savepoint, and SQLite's cost of finishing a statement with
  // RETURNING grows with the pages its enclosing savepoint has dirtied, so
  // small jobs in one commit are much cheaper than one large job.
  int64_t writes_per_commit = 2'000;
  // Called on the calling thread after each commit.
  std::function<void(const DemoProgress&)> progress;
};

struct DemoSummary {
  domain::ShopId shop_id = 0;
  uint64_t seed = 0;
  Timestamp as_of{};
  int64_t people = 0;             // people simulated
  int64_t customers = 0;          // live profiles at the end (created - merged)
  int64_t customers_created = 0;  // profiles created (a cross-channel person can make two)
  int64_t merges = 0;             // profiles merged into another by shared identities
  int64_t orders = 0;
  int64_t refunded_orders = 0;  // orders with a full or partial refund
  int64_t revenue = 0;          // paid amounts of paid orders, minor units
  int64_t refunded = 0;         // refunded amounts, minor units
  int64_t notes = 0;
  int64_t tags = 0;    // tag assignments
  int64_t events = 0;  // identify and track calls
  double seconds = 0;  // wall time of the generation

  // {"shop_id":1,"seed":42,"as_of":"...Z","people":..,"customers":..,..,"seconds":1.23}
  Json to_json() const;
};

// Generates the demo shop into `db`. Errors: invalid_argument for options out
// of range (naming the option), not_found for an unknown shop_id, otherwise
// the failing domain write's status with the step in the message. Jobs that
// committed before an error stay committed; generate into a fresh database.
Result<DemoSummary> generate_demo_shop(store::Database& db, const DemoOptions& options,
                                       const Clock& clock);

// As above, with the system clock.
Result<DemoSummary> generate_demo_shop(store::Database& db, const DemoOptions& options);

}  // namespace guanxi::demo
