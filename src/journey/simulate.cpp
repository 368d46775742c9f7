#include "journey/simulate.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "domain/shops.hpp"
#include "journey/engine.hpp"
#include "journey/journeys.hpp"
#include "segment/engine.hpp"
#include "store/change_feed.hpp"
#include "store/customers_table.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"
#include "store/writer.hpp"

namespace guanxi::journey {

namespace {

constexpr int64_t kMaxDays = 366;
constexpr std::string_view kFeedSubscriber = "journey_engine";

// The scratch copy and its WAL files, removed however the simulation ends.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& dir) {
    static std::atomic<int> counter{0};
    const std::filesystem::path base =
        dir.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(dir);
    path_ = (base / ("guanxi_simulate_" + std::to_string(::getpid()) + "_" +
                     std::to_string(counter++) + ".db"))
                .string();
    remove();
  }
  ~ScratchFile() { remove(); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  void remove() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path_ + suffix, ec);
  }
  std::string path_;
};

int64_t day_number(const CivilDate& d) {
  namespace chrono = std::chrono;
  return chrono::sys_days(chrono::year(d.year) / chrono::month(d.month) / chrono::day(d.day))
      .time_since_epoch()
      .count();
}

int64_t runs_started(store::Connection& db, int64_t journey) {
  auto counts = store::journey_run_counts(db, journey);
  int64_t n = 0;
  if (counts.ok())
    for (const auto& c : *counts) n += c.count;
  return n;
}

// Switches the journey on in the copy, from the day before `from_day`, and
// skips the change feed to its end.
Status prepare_copy(store::Connection& db, store::JourneyRecord& journey, int64_t from_day) {
  GX_RETURN_IF_ERROR(db.begin_write());
  Status s = [&]() -> Status {
    journey.status = "active";
    GX_RETURN_IF_ERROR(store::update_journey(db, journey));
    GX_RETURN_IF_ERROR(store::set_journey_date_cursor(db, journey.id, from_day - 1));
    GX_ASSIGN_OR_RETURN(int64_t last, store::last_change_seq(db));
    return store::set_subscriber_offset(db, kFeedSubscriber, last);
  }();
  if (!s.is_ok()) {
    (void)db.rollback();
    return s;
  }
  return db.commit();
}

}  // namespace

Result<SimulationResult> simulate_journey(store::Database& live, const SimulationRequest& req) {
  const int64_t from_day = day_number(req.from);
  const int64_t to_day = day_number(req.to);
  if (to_day < from_day) return Status::invalid("to: must not be before from");
  if (to_day - from_day + 1 > kMaxDays)
    return Status::invalid("the span may be at most " + std::to_string(kMaxDays) + " days");

  ScratchFile scratch(req.scratch_dir);
  GX_RETURN_IF_ERROR(live.backup_to(scratch.path()));
  GX_ASSIGN_OR_RETURN(auto db, store::open_database(scratch.path()));
  GX_ASSIGN_OR_RETURN(auto conn, db->connect());
  GX_ASSIGN_OR_RETURN(auto shop, domain::find_shop(*conn, req.shop_id));
  if (!shop) return Status::not_found("shop " + std::to_string(req.shop_id) + " does not exist");
  GX_ASSIGN_OR_RETURN(ShopZone zone, ShopZone::load(shop->time_zone));

  const auto local = [](int64_t day) { return LocalDays(std::chrono::days(day)); };
  FakeClock clock(zone.at_local(local(from_day), std::chrono::minutes(0)));
  const Timestamp end = zone.at_local(local(to_day + 1), std::chrono::minutes(0));

  store::JourneyRecord journey;
  {
    domain::ReadContext r{*conn, clock, *shop, zone};
    GX_ASSIGN_OR_RETURN(journey, find_journey(r, req.journey));
  }
  GX_RETURN_IF_ERROR(prepare_copy(*conn, journey, from_day));
  GX_ASSIGN_OR_RETURN(const int64_t first_message, store::last_message_id(*conn));
  const int64_t runs_before = runs_started(*conn, journey.id);

  {
    GX_ASSIGN_OR_RETURN(auto writer, store::Writer::start(*db));
    segment::SegmentEngine::Options so;
    so.background = false;
    GX_ASSIGN_OR_RETURN(auto segments, segment::SegmentEngine::start(*db, *writer, clock, so));
    JourneyEngine::Options jo;
    jo.background = false;
    GX_ASSIGN_OR_RETURN(auto engine,
                        JourneyEngine::start(*db, *writer, clock, *segments, jo, nullptr));
    // Jump from wake-up to wake-up: each shop-local midnight (date triggers)
    // and each waiting run's wake time.
    for (Timestamp t = clock.now(); t < end;) {
      clock.set(t);
      GX_RETURN_IF_ERROR(engine->process_pending().status());
      const int64_t today = zone.local_day(t).time_since_epoch().count();
      Timestamp next = zone.at_local(local(today + 1), std::chrono::minutes(0));
      GX_ASSIGN_OR_RETURN(auto wake, store::next_journey_wake(*conn, to_millis(t)));
      if (wake && from_millis(*wake) < next) next = from_millis(*wake);
      t = next;
    }
  }

  SimulationResult out;
  out.journey_id = journey.id;
  out.journey_name = journey.name;
  out.entered = runs_started(*conn, journey.id) - runs_before;
  GX_ASSIGN_OR_RETURN(auto templates, store::list_templates(*conn, shop->id));
  std::map<int64_t, std::string> template_names;
  for (const auto& t : templates) template_names[t.id] = t.name;
  GX_RETURN_IF_ERROR(store::for_each_source_message(
      *conn, shop->id, "journey", journey.id, first_message,
      [&](const store::MessageRecord& m) -> Status {
        ++out.messages;
        ++out.by_status[m.reason.empty() ? m.status : m.status + ":" + m.reason];
        if (m.status == "queued") ++out.by_day[zone.local_date(from_millis(m.due_at)).to_string()];
        if (static_cast<int>(out.sample.size()) >= req.sample_limit) return Status::ok();
        SimulatedMessage s;
        s.customer_id = m.customer_id.value_or(0);
        if (m.customer_id) {
          GX_ASSIGN_OR_RETURN(auto c, store::find_customer(*conn, shop->id, *m.customer_id));
          if (c) s.customer_name = c->name;
        }
        s.channel = m.channel;
        if (m.template_id) s.template_name = template_names[*m.template_id];
        s.to = m.to_address;
        s.due = from_millis(m.due_at);
        s.status = m.status;
        s.reason = m.reason;
        s.subject = m.subject;
        s.body = m.body;
        out.sample.push_back(std::move(s));
        return Status::ok();
      }));
  return out;
}

}  // namespace guanxi::journey
