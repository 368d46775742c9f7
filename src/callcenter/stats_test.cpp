#include "callcenter/stats.hpp"

#include <gtest/gtest.h>

#include "callcenter/test_util.hpp"

namespace guanxi::callcenter {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

// The scenario, in seconds after 10:00 (intervals of 15 minutes):
//   0  agents 1 (wrap-up 10 s) and 2 (no wrap-up) log in; call 1 rings at agent 1
//   5  agent 1 answers call 1 (waited 5 s)
//  10  call 2 rings at agent 2
//  20  call 3 arrives and waits;  30 call 4 arrives and waits
//  40  agent 2 answers call 2 (waited 30 s);  50 call 4 hangs up (abandoned)
//  65  call 1 ends (talk 60 s): agent 1 wraps up until 75, then takes call 3
//  80  agent 1 answers call 3 (waited 60 s)
//  90  call 5 arrives; 95 it asks for a callback
// 100  call 2 ends (talk 60 s, no wrap-up)
// 200  call 3 ends (talk 120 s); agent 1 wraps up until 210
// 300  agent 2 takes a break;  400 agent 1 logs out
// 950  call 6 arrives (second interval); 980 it hangs up;  1000 agent 2 logs out
StatsReport scenario() {
  Router r = make_router({make_queue(1, "service")},
                         {make_agent(1, kService, 10), make_agent(2, kService, 0)});
  login(r, 1, 0);
  login(r, 2, 0);
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(0)))), "connect 1->1");
  ok(r.answered(1, at(5)));
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(10)))), "connect 2->2");
  ok(r.offer(make_call(3, 1), at(20)));
  ok(r.offer(make_call(4, 1), at(30)));
  ok(r.answered(2, at(40)));
  ok(r.abandoned(4, at(50)));
  ok(r.ended(1, at(65)));
  EXPECT_EQ(brief(ok(r.answered(3, at(80)))), "agent_state 1 available; connect 3->1");
  ok(r.offer(make_call(5, 1), at(90)));
  ok(r.request_callback(5, at(600), at(95)));
  ok(r.ended(2, at(100)));
  ok(r.ended(3, at(200)));
  ok(r.agent_state(2, AgentState::kBreak, at(300)));
  ok(r.agent_state(1, AgentState::kOffline, at(400)));
  ok(r.offer(make_call(6, 1), at(950)));
  ok(r.abandoned(6, at(980)));
  ok(r.agent_state(2, AgentState::kOffline, at(1000)));
  return r.stats(at(1000));
}

TEST(CallStatsTest, QueueMeasuresOfAHandBuiltDay) {
  const StatsReport s = scenario();
  ASSERT_EQ(s.queues.size(), 1U);
  const CallMetrics& q = s.queues[0].calls;
  EXPECT_EQ(q.offered, 6);
  EXPECT_EQ(q.answered, 3);
  EXPECT_EQ(q.abandoned, 2);
  EXPECT_EQ(q.callbacks, 1);
  EXPECT_EQ(q.answered_in_sl, 1);       // only call 1 within 20 s
  EXPECT_EQ(q.answer_wait_ms, 95'000);  // 5 + 30 + 60
  EXPECT_EQ(q.handled, 3);
  EXPECT_EQ(q.talk_ms, 240'000);    // 60 + 60 + 120
  EXPECT_EQ(q.wrap_up_ms, 20'000);  // 10 + 0 + 10
  EXPECT_DOUBLE_EQ(q.abandonment_rate(), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(q.service_level(), 1.0 / 5.0);  // 1 / (3 answered + 2 abandoned)
  EXPECT_DOUBLE_EQ(q.asa_seconds(), 95.0 / 3.0);
  EXPECT_DOUBLE_EQ(q.aht_seconds(), 260.0 / 3.0);
  EXPECT_EQ(s.total, q);
}

TEST(CallStatsTest, AgentMeasuresOfAHandBuiltDay) {
  const StatsReport s = scenario();
  ASSERT_EQ(s.agents.size(), 2U);
  const AgentStats& one = s.agents[0];
  EXPECT_EQ(one.agent, 1);
  EXPECT_EQ(one.calls.answered, 2);
  EXPECT_EQ(one.calls.handled, 2);
  EXPECT_DOUBLE_EQ(one.calls.aht_seconds(), 100.0);  // (60 + 10 + 120 + 10) / 2
  EXPECT_EQ(one.time.on_call_ms, 190'000);           // 0-65, 75-200
  EXPECT_EQ(one.time.wrap_up_ms, 20'000);            // 65-75, 200-210
  EXPECT_EQ(one.time.available_ms, 190'000);         // 210-400
  EXPECT_EQ(one.time.break_ms, 0);
  EXPECT_DOUBLE_EQ(one.time.occupancy(), 210.0 / 400.0);

  const AgentStats& two = s.agents[1];
  EXPECT_EQ(two.calls.answered, 1);
  EXPECT_DOUBLE_EQ(two.calls.asa_seconds(), 30.0);
  EXPECT_DOUBLE_EQ(two.calls.aht_seconds(), 60.0);
  EXPECT_EQ(two.time.available_ms, 210'000);  // 0-10, 100-300
  EXPECT_EQ(two.time.on_call_ms, 90'000);     // 10-100
  EXPECT_EQ(two.time.break_ms, 700'000);      // 300-1000: not logged-in time
  EXPECT_DOUBLE_EQ(two.time.occupancy(), 90.0 / 300.0);
}

TEST(CallStatsTest, IntervalsSplitCallsByArrivalAndTimeAtTheBoundary) {
  const StatsReport s = scenario();
  ASSERT_EQ(s.intervals.size(), 2U);
  const IntervalStats& first = s.intervals[0];
  EXPECT_EQ(first.start, at(0));
  EXPECT_EQ(first.calls.offered, 5);
  EXPECT_EQ(first.calls.abandoned, 1);
  EXPECT_EQ(first.calls.callbacks, 1);
  EXPECT_DOUBLE_EQ(first.calls.service_level(), 1.0 / 4.0);
  EXPECT_EQ(first.time.available_ms, 400'000);
  EXPECT_EQ(first.time.on_call_ms, 280'000);
  EXPECT_EQ(first.time.wrap_up_ms, 20'000);
  EXPECT_EQ(first.time.break_ms, 600'000);  // 300-900
  EXPECT_DOUBLE_EQ(first.time.occupancy(), 300.0 / 700.0);

  const IntervalStats& second = s.intervals[1];
  EXPECT_EQ(second.start, at(900));
  EXPECT_EQ(second.calls.offered, 1);
  EXPECT_EQ(second.calls.abandoned, 1);
  EXPECT_DOUBLE_EQ(second.calls.abandonment_rate(), 1.0);
  EXPECT_DOUBLE_EQ(second.calls.service_level(), 0.0);
  EXPECT_EQ(second.time.break_ms, 100'000);  // 900-1000
  EXPECT_DOUBLE_EQ(second.time.occupancy(), 0.0);
}

TEST(CallStatsTest, OpenStatesCountUpToTheReportTime) {
  CallStats stats;
  stats.add_agent(1);
  stats.agent_state(1, AgentState::kAvailable, at(0));
  EXPECT_EQ(stats.report(at(30)).agents[0].time.available_ms, 30'000);
  EXPECT_EQ(stats.report(at(60)).agents[0].time.available_ms, 60'000);
}

TEST(CallStatsTest, EmptyMeasuresHaveNeutralRates) {
  const CallMetrics none;
  EXPECT_EQ(none.abandonment_rate(), 0.0);
  EXPECT_EQ(none.service_level(), 1.0);
  EXPECT_EQ(none.asa_seconds(), 0.0);
  EXPECT_EQ(none.aht_seconds(), 0.0);
  EXPECT_EQ(AgentTime{}.occupancy(), 0.0);
}

TEST(CallStatsTest, IntervalsFollowTheShopsLocalClock) {
  // Kolkata is UTC+05:30: its hours start at half past the UTC hour.
  const ShopZone kolkata = ShopZone::load("Asia/Kolkata").value();
  IntervalClock hourly(kolkata, std::chrono::minutes{60});
  const Timestamp t = kolkata.parse_local("2025-03-03 10:20").value();
  EXPECT_EQ(from_millis(hourly.start_ms(to_millis(t))),
            kolkata.parse_local("2025-03-03 10:00").value());
  EXPECT_EQ(validate_stats_config(StatsConfig{kolkata, std::chrono::minutes{7}, Seconds{20}})
                .location()
                .field,
            "/interval");
}

}  // namespace
}  // namespace guanxi::callcenter
