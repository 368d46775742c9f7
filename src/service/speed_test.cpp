// The stored speed (each SLA clock's business time and outcome kept when it
// stops) against the recomputed reference: on a constructed set with a
// Friday-afternoon ticket across a night, a weekend and 端午 (closed), waits
// on the customer, reopens (after a resolution and after a close), a clock
// breached before a wait, and priorities without an SLA target, the report
// from stored columns equals the recomputed one at every step, grouped by
// agent and by day; rows written before the columns existed are recomputed
// until the engine fills them in.
#include <gtest/gtest.h>

#include <sstream>

#include "service/engine.hpp"
#include "service/reports.hpp"
#include "service/test_util.hpp"
#include "service/tickets.hpp"
#include "store/query.hpp"
#include "store/service_table.hpp"
#include "store/writer.hpp"

namespace guanxi::service {
namespace {

using testing::ServiceShop;

constexpr int64_t kHour = 3'600'000;

std::string describe(const ReportFigures& f) {
  std::ostringstream o;
  o << "tickets=" << f.tickets << " resolved=" << f.resolved << " fcr=" << f.fcr << "/"
    << f.fcr_decided << " pending=" << f.fcr_pending << " one_touch=" << f.one_touch
    << " csat=" << f.csat_sent << "/" << f.csat_responses << " fr_met=" << f.first_response_met
    << " fr_breached=" << f.first_response_breached << " res_met=" << f.resolution_met
    << " res_breached=" << f.resolution_breached << " responded=" << f.responded
    << " fr_ms=" << f.first_response_ms_total << " res_ms=" << f.resolution_ms_total;
  return o.str();
}

class SpeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string settings = testing::kWeekdaySettings;
    settings.insert(1, R"("closing_requires_resolved": false, )");
    shop_.settings(settings);
  }

  int64_t open_ticket(const std::string& priority, int64_t agent) {
    TicketInput in;
    in.customer_id = customer_;
    in.subject = "物流问题";
    in.type = "inquiry";
    in.channel = "phone";
    in.priority = parse_priority(priority).value();
    in.assignee_agent_id = agent;
    auto t = shop_.write([&](domain::WriteContext& w) { return create_ticket(w, in); });
    EXPECT_TRUE(t.ok()) << t.status().to_string();
    return t.ok() ? t->id : 0;
  }
  void message(int64_t id, MessageKind kind) {
    MessageInput m;
    m.kind = kind;
    m.body = "…";
    auto r = shop_.write([&](domain::WriteContext& w) { return add_message(w, id, m); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  void status(int64_t id, TicketStatus to) {
    auto r = shop_.write([&](domain::WriteContext& w) { return change_status(w, id, to); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  store::TicketRecord row(int64_t id) {
    return store::find_ticket(shop_.conn(), shop_.shop().id, id).value().value();
  }

  // The stored and the recomputed report agree, in total and per group.
  void expect_same_reports(const std::string& when) {
    SCOPED_TRACE(when);
    auto r = shop_.read_context();
    for (const std::string group : {"agent", "day"}) {
      ReportQuery q;
      q.from = shop_.at("2024-06-01 00:00");
      q.to = shop_.at("2024-07-01 00:00");
      q.group_by = group;
      auto stored = service_report(r, q);
      q.recompute = true;
      auto recomputed = service_report(r, q);
      ASSERT_TRUE(stored.ok() && recomputed.ok());
      EXPECT_EQ(describe(stored->total), describe(recomputed->total)) << group;
      EXPECT_TRUE(stored->total == recomputed->total) << group;
      ASSERT_EQ(stored->groups.size(), recomputed->groups.size());
      for (size_t i = 0; i < stored->groups.size(); ++i) {
        EXPECT_EQ(stored->groups[i].first, recomputed->groups[i].first);
        EXPECT_EQ(describe(stored->groups[i].second), describe(recomputed->groups[i].second))
            << group << " " << stored->groups[i].first;
      }
    }
  }

  ServiceShop shop_;
  int64_t customer_ = shop_.customer("速度客户");
  int64_t agent1_ = shop_.agent("一号", R"({"general": 1})");
  int64_t agent2_ = shop_.agent("二号", R"({"general": 1})");
};

TEST_F(SpeedTest, StoredReportEqualsRecomputedThroughPausesNightsHolidayAndReopens) {
  // C: Mon 06-03 09:00, resolved without a reply at 10:00 (both clocks stop),
  // reopened on Wed, then waits on the customer (open wait at the end).
  shop_.set_now("2024-06-03 09:00");
  const int64_t c = open_ticket("normal", agent1_);
  shop_.set_now("2024-06-03 10:00");
  status(c, TicketStatus::kResolved);
  // G: Mon 11:00, closed without reply or resolution at 12:00, reopened Tue.
  shop_.set_now("2024-06-03 11:00");
  const int64_t g = open_ticket("normal", agent2_);
  shop_.set_now("2024-06-03 12:00");
  status(g, TicketStatus::kClosed);
  EXPECT_EQ(row(g).first_response_ms, kHour);
  EXPECT_EQ(row(g).resolution_breached, false);
  expect_same_reports("Mon noon");

  // D: Tue 06-04 10:00, never answered (the first response breaches on Tue 14:00).
  shop_.set_now("2024-06-04 10:00");
  const int64_t d = open_ticket("normal", agent1_);
  status(g, TicketStatus::kInProgress);  // the close undone: both clocks run again
  EXPECT_EQ(row(g).first_response_ms, std::nullopt);
  EXPECT_EQ(row(g).first_response_breached, std::nullopt);
  EXPECT_EQ(row(g).resolution_breached, std::nullopt);
  shop_.set_now("2024-06-04 11:00");
  message(g, MessageKind::kReply);
  shop_.set_now("2024-06-04 12:00");
  status(g, TicketStatus::kResolved);
  // H (urgent) and I (low): no SLA target, business times still counted.
  const int64_t h = open_ticket("urgent", agent2_);
  const int64_t i = open_ticket("low", agent2_);
  shop_.set_now("2024-06-04 13:30");
  message(h, MessageKind::kReply);
  status(h, TicketStatus::kResolved);
  EXPECT_EQ(row(h).first_response_ms, 90 * 60'000);
  EXPECT_EQ(row(h).first_response_breached, std::nullopt);
  expect_same_reports("Tue afternoon");

  // F: Wed 06-05 10:00, answered, then waits on the customer from Fri 16:00 —
  // 24 business hours in, past its 16 h resolution target before the wait.
  shop_.set_now("2024-06-05 10:00");
  const int64_t f = open_ticket("normal", agent1_);
  status(c, TicketStatus::kInProgress);
  shop_.set_now("2024-06-05 10:30");
  message(f, MessageKind::kReply);
  // A: Fri 06-07 16:00, answered 17:30 (1.5 h), waits from 17:45 over the
  // night, the weekend and 端午 (Mon 06-10 closed) until Tue 10:00.
  shop_.set_now("2024-06-07 16:00");
  const int64_t a = open_ticket("normal", agent2_);
  status(f, TicketStatus::kWaitingCustomer);
  status(c, TicketStatus::kWaitingCustomer);
  // B: Fri 17:00, high (1 h first response): answered Tue 09:30, breached.
  shop_.set_now("2024-06-07 17:00");
  const int64_t b = open_ticket("high", agent1_);
  shop_.set_now("2024-06-07 17:30");
  message(a, MessageKind::kReply);
  EXPECT_EQ(row(a).first_response_ms, 90 * 60'000);
  EXPECT_EQ(row(a).first_response_breached, false);
  shop_.set_now("2024-06-07 17:45");
  status(a, TicketStatus::kWaitingCustomer);
  shop_.set_now("2024-06-08 12:00");
  expect_same_reports("Saturday");
  shop_.set_now("2024-06-11 09:30");
  message(b, MessageKind::kReply);
  EXPECT_EQ(row(b).first_response_breached, true);
  EXPECT_EQ(row(b).first_response_ms, kHour + 30 * 60'000);
  shop_.set_now("2024-06-11 10:00");
  message(a, MessageKind::kCustomerMessage);
  shop_.set_now("2024-06-11 12:00");
  status(b, TicketStatus::kResolved);
  const auto b_first = row(b).first_resolution_ms;
  shop_.set_now("2024-06-11 15:00");
  status(a, TicketStatus::kResolved);
  // Created Fri 16:00; 1 h 45 min before the wait, Tue 10:00-15:00 after it.
  EXPECT_EQ(row(a).first_resolution_ms, 6 * kHour + 45 * 60'000);
  EXPECT_EQ(row(a).resolution_breached, false);
  expect_same_reports("Tue 06-11 afternoon");

  // B reopened by the customer on Wed, resolved again on Thu: the first
  // resolution's time stays, the resolution clock's outcome is cleared
  // while it runs again.
  shop_.set_now("2024-06-12 10:00");
  message(b, MessageKind::kCustomerMessage);
  EXPECT_EQ(row(b).resolution_breached, std::nullopt);
  EXPECT_EQ(row(b).first_resolution_ms, b_first);
  // E: Wed 17:00, waits on the customer at once (first response paused).
  shop_.set_now("2024-06-12 17:00");
  const int64_t e = open_ticket("normal", agent2_);
  shop_.set_now("2024-06-12 17:10");
  status(e, TicketStatus::kWaitingCustomer);
  expect_same_reports("Wed evening");
  shop_.set_now("2024-06-13 11:00");
  status(b, TicketStatus::kResolved);
  EXPECT_TRUE(row(b).resolution_breached.has_value());
  EXPECT_EQ(row(b).first_resolution_ms, b_first);

  shop_.set_now("2024-06-14 12:00");
  expect_same_reports("Fri 06-14");
  (void)d;
  (void)i;

  // The end, against hand computation. First responses: A 1.5 h; B Fri
  // 17-18 + Tue 9-9:30 = 1.5 h; C 1 h (its resolution); G Mon 11-12 + Tue
  // 10-11 = 2 h (the close undone); H 1.5 h; F 0.5 h; D, E, I none.
  // First resolutions: A 6.75 h, B 4 h, C 1 h, G 3 h, H 1.5 h.
  // SLA (normal and high only): first response met A, C, F, G; breached B,
  // D. Resolution met A, G; breached B (8 h target, 14 h at Thu 11:00), C
  // (25 h after its reopen), D (running) and F (before its wait); E is
  // waiting in time.
  auto r = shop_.read_context();
  ReportQuery q;
  q.from = shop_.at("2024-06-01 00:00");
  q.to = shop_.at("2024-07-01 00:00");
  const ReportFigures total = service_report(r, q).value().total;
  EXPECT_EQ(total.tickets, 9);
  EXPECT_EQ(total.responded, 6);
  EXPECT_EQ(total.first_response_ms_total, 8 * kHour);
  EXPECT_EQ(total.resolved, 5);
  EXPECT_EQ(total.resolution_ms_total, 16 * kHour + 15 * 60'000);
  EXPECT_EQ(total.first_response_met, 4);
  EXPECT_EQ(total.first_response_breached, 2);
  EXPECT_EQ(total.resolution_met, 2);
  EXPECT_EQ(total.resolution_breached, 4);
  EXPECT_EQ(total.fcr, 2);  // G and H; B and C reopened in the window, A pending
  EXPECT_EQ(total.fcr_decided, 4);
  EXPECT_EQ(total.one_touch, 4);
}

TEST_F(SpeedTest, RowsWrittenBeforeTheColumnsAreRecomputedThenFilledByTheEngine) {
  shop_.set_now("2024-06-07 16:00");
  const int64_t a = open_ticket("normal", agent1_);
  const int64_t b = open_ticket("high", agent2_);
  shop_.set_now("2024-06-07 17:30");
  message(a, MessageKind::kReply);
  shop_.set_now("2024-06-11 12:00");
  message(b, MessageKind::kReply);
  status(b, TicketStatus::kResolved);
  // As a database migrated from version 8 holds them (nothing left to fire).
  ASSERT_TRUE(shop_.conn()
                  .execute("UPDATE tickets SET speed_stored = 0, first_response_ms = NULL, "
                           "first_response_breached = NULL, first_resolution_ms = NULL, "
                           "resolution_breached = NULL, sla_next_at = NULL")
                  .is_ok());
  shop_.set_now("2024-06-12 12:00");
  expect_same_reports("legacy rows");
  {
    auto r = shop_.read_context();
    ReportQuery q;
    q.from = shop_.at("2024-06-01 00:00");
    q.to = shop_.at("2024-07-01 00:00");
    EXPECT_EQ(service_report(r, q).value().total.responded, 2);
  }

  auto writer = store::Writer::start(shop_.db()).value();
  auto engine =
      ServiceEngine::start(shop_.db(), *writer, shop_.clock(), ServiceEngine::Options{false})
          .value();
  const auto stats = engine->process_pending().value();
  EXPECT_EQ(stats.backfilled, 2);
  EXPECT_TRUE(row(a).speed_stored);
  EXPECT_EQ(row(a).first_response_ms, 90 * 60'000);
  EXPECT_EQ(row(b).first_response_breached, true);
  EXPECT_TRUE(row(b).first_resolution_ms.has_value());
  EXPECT_EQ(engine->process_pending().value().backfilled, 0);
  expect_same_reports("after the backfill");
}

}  // namespace
}  // namespace guanxi::service
