#include "callcenter/router.hpp"

#include <gtest/gtest.h>

#include "callcenter/test_util.hpp"

namespace guanxi::callcenter {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

// Queue 1 ("service") and agents 1 and 2, both serving it.
Router two_agents(RouterConfig config = {}) {
  return make_router({make_queue(1, "service")}, {make_agent(1, kService), make_agent(2, kService)},
                     std::move(config));
}

// Answers `call` at `answered_s` and hangs up at `ended_s`; returns the hang-up's decisions.
std::string serve(Router& r, CallId call, int64_t answered_s, int64_t ended_s) {
  ok(r.answered(call, at(answered_s)));
  return brief(ok(r.ended(call, at(ended_s))));
}

std::vector<CallId> waiting(const Router& r, QueueId q) {
  return r.queue_snapshot(q).value().waiting;
}

TEST(RouterTest, LongestIdleAvailableAgentTakesTheCall) {
  Router r =
      make_router({make_queue(1, "service")},
                  {make_agent(1, kService), make_agent(2, kService), make_agent(3, kService)});
  login(r, 2, 0);
  login(r, 3, 5);
  login(r, 1, 10);
  EXPECT_EQ(r.queue_snapshot(1)->idle, (std::vector<AgentId>{2, 3, 1}));
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(20)))), "connect 1->2");
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(21)))), "connect 2->3");
  EXPECT_EQ(serve(r, 1, 22, 30), "agent_state 2 available");
  // Agent 1 has been idle since 10, agent 2 only since 30.
  EXPECT_EQ(brief(ok(r.offer(make_call(3, 1), at(31)))), "connect 3->1");
  EXPECT_EQ(r.agent_of(3), 1);
  EXPECT_EQ(r.agent_state_of(1), AgentState::kOnCall);
}

TEST(RouterTest, TiedIdleTimesGoToTheLowerAgentId) {
  Router r =
      make_router({make_queue(1, "service")}, {make_agent(3, kService), make_agent(2, kService)});
  login(r, 3, 0);
  login(r, 2, 0);
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(1)))), "connect 1->2");
}

TEST(RouterTest, SkillAndLevelDecideWhoServesAQueue) {
  Queue billing = make_queue(1, "billing");
  billing.min_level = 3;
  Router r = make_router({billing, make_queue(2, "sales")},
                         {make_agent(1, {{"billing", 2}}), make_agent(2, {{"sales", 5}}),
                          make_agent(3, {{"billing", 3}, {"sales", 1}})});
  login(r, 1, 0);
  login(r, 2, 0);
  login(r, 3, 5);
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(10)))), "connect 1->3");
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(11)))), "");  // agent 1's level is too low
  EXPECT_EQ(waiting(r, 1), std::vector<CallId>{2});
  ASSERT_TRUE(r.add_agent(make_agent(4, {{"billing", 9}})).is_ok());
  EXPECT_EQ(brief(ok(r.agent_state(4, AgentState::kAvailable, at(12)))), "connect 2->4");
}

TEST(RouterTest, VipCallersJumpAheadInTheQueue) {
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService)});
  ok(r.offer(make_call(1, 1), at(0)));
  ok(r.offer(make_call(2, 1, /*vip=*/true), at(1)));
  ok(r.offer(make_call(3, 1), at(2)));
  ok(r.offer(make_call(4, 1, /*vip=*/true), at(3)));
  EXPECT_EQ(waiting(r, 1), (std::vector<CallId>{2, 4, 1, 3}));
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(10)))), "connect 2->1");
  EXPECT_EQ(serve(r, 2, 11, 20), "agent_state 1 available; connect 4->1");
  EXPECT_EQ(serve(r, 4, 21, 30), "agent_state 1 available; connect 1->1");
}

TEST(RouterTest, AnAvailableAgentTakesTheBestCallAcrossItsQueues) {
  for (PriorityOrder order : {PriorityOrder::kVipFirst, PriorityOrder::kPriorityFirst}) {
    RouterConfig config;
    config.order = order;
    Router r = make_router({make_queue(1, "a", 0), make_queue(2, "b", 10)},
                           {make_agent(1, {{"a", 1}, {"b", 1}})}, config);
    ok(r.offer(make_call(1, 1), at(0)));
    ok(r.offer(make_call(2, 2), at(1)));
    ok(r.offer(make_call(3, 1, /*vip=*/true), at(2)));
    const std::string first = brief(ok(r.agent_state(1, AgentState::kAvailable, at(10))));
    if (order == PriorityOrder::kVipFirst) {
      // VIP first, then the higher-priority queue, then the longest waiting.
      EXPECT_EQ(first, "connect 3->1");
      EXPECT_EQ(serve(r, 3, 11, 20), "agent_state 1 available; connect 2->1");
      EXPECT_EQ(serve(r, 2, 21, 30), "agent_state 1 available; connect 1->1");
    } else {
      // The higher-priority queue first, then VIP, then the longest waiting.
      EXPECT_EQ(first, "connect 2->1");
      EXPECT_EQ(serve(r, 2, 11, 20), "agent_state 1 available; connect 3->1");
      EXPECT_EQ(serve(r, 3, 21, 30), "agent_state 1 available; connect 1->1");
    }
  }
}

TEST(RouterTest, DedicatedCsrGetsTheCallFirst) {
  Router r = make_router({make_queue(1, "service")},
                         {make_agent(1, kService), make_agent(2, {{"vip_care", 1}})});
  login(r, 1, 0);
  login(r, 2, 5);
  // Agent 1 has waited longer, and agent 2 does not even serve the queue.
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1, false, 2), at(10)))), "connect 1->2");
}

TEST(RouterTest, CallWaitsBrieflyForItsBusyDedicatedCsr) {
  RouterConfig config;
  config.dedicated_wait = Seconds{10};
  auto start = [&] {
    Router r = two_agents(config);
    login(r, 1, 0);
    login(r, 2, 0);
    EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(1)))), "connect 1->1");
    ok(r.answered(1, at(2)));
    // Call 2's dedicated CSR is agent 1, who is busy: the call waits for them,
    // although agent 2 is free.
    EXPECT_EQ(brief(ok(r.offer(make_call(2, 1, false, 1), at(5)))), "");
    EXPECT_EQ(r.queue_snapshot(1)->held, 1);
    EXPECT_EQ(r.next_due(), at(15));
    return r;
  };
  {
    Router r = start();
    EXPECT_EQ(brief(ok(r.ended(1, at(8)))), "agent_state 1 available; connect 2->1");
  }
  {
    Router r = start();
    EXPECT_EQ(brief(ok(r.tick(at(14)))), "");
    EXPECT_EQ(brief(ok(r.tick(at(15)))), "connect 2->2");
  }
  {
    // A dedicated CSR on a break is not waited for.
    Router r = two_agents(config);
    ok(r.agent_state(1, AgentState::kBreak, at(0)));
    login(r, 2, 0);
    EXPECT_EQ(brief(ok(r.offer(make_call(2, 1, false, 1), at(5)))), "connect 2->2");
  }
}

TEST(RouterTest, DedicatedCsrTakesTheirCustomerBeforeTheQueue) {
  RouterConfig config;
  config.dedicated_wait = Seconds{0};
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService)}, config);
  ok(r.offer(make_call(1, 1, /*vip=*/true), at(0)));
  ok(r.offer(make_call(2, 1, false, 1), at(1)));
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(2)))), "connect 2->1");
}

TEST(RouterTest, CallOverflowsAfterTheTimeoutAndKeepsItsPlace) {
  Queue first = make_queue(1, "a");
  first.overflow_to = 2;
  first.overflow_after = Seconds{30};
  Router r = make_router({first, make_queue(2, "b")},
                         {make_agent(1, {{"b", 1}}), make_agent(2, {{"a", 1}})});
  login(r, 1, 0);
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(10)))), "");
  EXPECT_EQ(r.next_due(), at(40));
  EXPECT_EQ(brief(ok(r.tick(at(39)))), "");
  EXPECT_EQ(brief(ok(r.tick(at(40)))), "overflow 1 q2; connect 1->1");

  // With queue 2's agent busy, the overflowed call waits in both queues.
  ok(r.answered(1, at(41)));
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(50)))), "");
  EXPECT_EQ(brief(ok(r.tick(at(80)))), "overflow 2 q2");
  EXPECT_EQ(waiting(r, 1), std::vector<CallId>{2});
  EXPECT_EQ(waiting(r, 2), std::vector<CallId>{2});
  EXPECT_EQ(brief(ok(r.agent_state(2, AgentState::kAvailable, at(90)))), "connect 2->2");
  EXPECT_TRUE(waiting(r, 2).empty());
}

TEST(RouterTest, CallerIsOfferedACallbackAfterTheMaximumWait) {
  Queue q = make_queue(1, "service");
  q.callback_offer_after = Seconds{60};
  Router r = make_router({q}, {make_agent(1, kService, 0, /*blended=*/true)});
  ok(r.offer(make_call(1, 1), at(0)));
  EXPECT_EQ(r.next_due(), at(60));
  EXPECT_EQ(brief(ok(r.tick(at(60)))), "offer_callback 1");
  const Decisions created = ok(r.request_callback(1, at(120), at(61)));
  EXPECT_EQ(brief(created), "callback_created 1 q1");
  EXPECT_EQ(created[0].number, "13800001001");
  EXPECT_EQ(created[0].callback_at, at(120));
  EXPECT_EQ(r.find_call(1), nullptr);
  EXPECT_EQ(r.queue_snapshot(1)->callbacks_pending, 1);

  // A blended agent calls back when it is due.
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(100)))), "");
  EXPECT_EQ(brief(ok(r.tick(at(119)))), "");
  const Decisions dial = ok(r.tick(at(120)));
  EXPECT_EQ(brief(dial), "dial ->1 13800001001");
  ASSERT_EQ(dial.size(), 1U);
  EXPECT_GE(dial[0].call, RouterConfig{}.first_outbound_call_id);
  EXPECT_EQ(dial[0].list, 0);
  const Call* outbound = r.find_call(dial[0].call);
  ASSERT_NE(outbound, nullptr);
  EXPECT_EQ(outbound->direction, Direction::kOutbound);
  EXPECT_EQ(serve(r, dial[0].call, 125, 150), "agent_state 1 available");

  const StatsReport stats = r.stats(at(200));
  EXPECT_EQ(stats.total.offered, 1);
  EXPECT_EQ(stats.total.callbacks, 1);
  EXPECT_EQ(stats.total.abandoned, 0);
  EXPECT_EQ(stats.total.outbound_dialed, 1);
  EXPECT_EQ(stats.total.outbound_connected, 1);
}

TEST(RouterTest, BlendedAgentsDialOnlyWhenNoInboundCallWaits) {
  Router r = make_router({make_queue(1, "service")},
                         {make_agent(1, kService, 0, /*blended=*/true), make_agent(2, kService)});
  OutboundList list;
  list.id = 7;
  list.name = "satisfaction survey";
  list.queue = 1;
  list.entries = {{"13900000001", 501, {}}, {"13900000002", 502, {}}};
  EXPECT_EQ(brief(ok(r.add_outbound_list(list, at(0)))), "");
  ok(r.offer(make_call(1, 1), at(1)));
  EXPECT_EQ(brief(ok(r.agent_state(2, AgentState::kAvailable, at(2)))), "connect 1->2");
  ok(r.offer(make_call(2, 1), at(3)));
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(4)))), "connect 2->1");
  const Decisions after = ok(r.ended(2, at(10)));  // unanswered: abandoned; then the list
  EXPECT_EQ(brief(after), "agent_state 1 available; dial ->1 13900000001");
  EXPECT_EQ(after[1].list, 7);
  EXPECT_EQ(after[1].entry, 0U);
  EXPECT_EQ(after[1].customer, 501);
  // Agent 2 is not blended: it never dials.
  EXPECT_EQ(serve(r, 1, 11, 20), "agent_state 2 available");
  EXPECT_EQ(r.queue_snapshot(1)->entries_pending, 1);
}

TEST(RouterTest, BlendedAgentDoesNotDialWhileACallIsHeldInItsQueue) {
  RouterConfig config;
  config.dedicated_wait = Seconds{10};
  Router r = make_router({make_queue(1, "service")},
                         {make_agent(1, kService), make_agent(2, kService, 0, true)}, config);
  login(r, 1, 0);
  ok(r.offer(make_call(1, 1), at(1)));
  ok(r.answered(1, at(2)));
  ok(r.offer(make_call(2, 1, false, 1), at(3)));  // held for agent 1
  OutboundList list;
  list.id = 1;
  list.queue = 1;
  list.entries = {{"13900000001", std::nullopt, {}}};
  ok(r.add_outbound_list(list, at(4)));
  EXPECT_EQ(brief(ok(r.agent_state(2, AgentState::kAvailable, at(5)))), "");
  // Agent 1 takes its customer; now nothing waits for agent 2, who dials.
  EXPECT_EQ(brief(ok(r.ended(1, at(6)))),
            "agent_state 1 available; connect 2->1; dial ->2 13900000001");
}

TEST(RouterTest, OutboundEntriesWaitForTheirAllowedHours) {
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService, 0, true)});
  OutboundList list;
  list.id = 1;
  list.queue = 1;
  list.entries = {{"13900000001", std::nullopt, {11 * 60, 12 * 60}},  // 11:00-12:00
                  {"13900000002", std::nullopt, {9 * 60, 10 * 60}}};  // over at 10:00
  ok(r.add_outbound_list(list, at(0)));                               // 10:00
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(0)))), "");
  EXPECT_EQ(r.next_due(), at(60));  // rechecked every minute
  EXPECT_EQ(brief(ok(r.tick(at(3599)))), "");
  const Decisions dial = ok(r.tick(at(3600)));  // 11:00
  EXPECT_EQ(brief(dial), "dial ->1 13900000001");
  ASSERT_EQ(dial.size(), 1U);
  // Nobody answers; the other entry's hours are over.
  EXPECT_EQ(brief(ok(r.abandoned(dial[0].call, at(3620)))), "agent_state 1 available");
  EXPECT_EQ(brief(ok(r.tick(at(7200)))), "");
  EXPECT_EQ(r.queue_snapshot(1)->entries_pending, 1);
}

TEST(RouterTest, WrapUpDelaysTheNextCall) {
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService, 30)});
  login(r, 1, 0);
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(0)))), "connect 1->1");
  EXPECT_EQ(serve(r, 1, 1, 10), "agent_state 1 wrap_up");
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(11)))), "");
  EXPECT_EQ(r.next_due(), at(40));
  EXPECT_EQ(brief(ok(r.tick(at(40)))), "agent_state 1 available; connect 2->1");
}

// One agent with a wrap-up of wrap_s: it served call 1 until ended_s; call 2
// has waited since ended_s + 1.
Router in_wrap_up(int64_t wrap_s, int64_t ended_s) {
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService, wrap_s)});
  login(r, 1, 0);
  ok(r.offer(make_call(1, 1), at(0)));
  serve(r, 1, 1, ended_s);
  ok(r.offer(make_call(2, 1), at(ended_s + 1)));
  return r;
}

TEST(RouterTest, AvailableDuringWrapUpEndsItEarly) {
  Router r = in_wrap_up(30, 10);
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(12)))), "connect 2->1");
  EXPECT_EQ(brief(ok(r.tick(at(40)))), "");  // the old wrap-up timer is void
}

TEST(RouterTest, BreakAskedForDuringACallStartsAfterWrapUp) {
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService, 5)});
  login(r, 1, 0);
  ok(r.offer(make_call(1, 1), at(0)));
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kBreak, at(2)))), "");
  EXPECT_EQ(r.agent_state_of(1), AgentState::kOnCall);
  EXPECT_EQ(serve(r, 1, 3, 10), "agent_state 1 wrap_up");
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(12)))), "");
  EXPECT_EQ(brief(ok(r.tick(at(15)))), "agent_state 1 break");
  EXPECT_EQ(brief(ok(r.agent_state(1, AgentState::kAvailable, at(20)))), "connect 2->1");
}

TEST(RouterTest, AnUnansweredRingKeepsTheAgentsPlaceInLine) {
  Router r = two_agents();
  login(r, 1, 0);
  login(r, 2, 5);
  EXPECT_EQ(brief(ok(r.offer(make_call(1, 1), at(10)))), "connect 1->1");
  EXPECT_EQ(brief(ok(r.abandoned(1, at(12)))), "agent_state 1 available");
  // Agent 1 is idle since 0 again, not since 12.
  EXPECT_EQ(brief(ok(r.offer(make_call(2, 1), at(13)))), "connect 2->1");
  EXPECT_EQ(r.stats(at(14)).total.abandoned, 1);
}

TEST(RouterTest, DeclinedCallGoesToTheNextAgent) {
  Router r = two_agents();
  login(r, 1, 0);
  login(r, 2, 1);
  ok(r.offer(make_call(1, 1), at(2)));
  EXPECT_EQ(brief(ok(r.declined(1, at(8)))), "agent_state 1 break; connect 1->2");
  EXPECT_EQ(r.stats(at(9)).total.offered, 1);
}

TEST(RouterTest, TransferredCallIsANewOfferToTheTargetQueue) {
  Router r = make_router({make_queue(1, "a"), make_queue(2, "b")},
                         {make_agent(1, {{"a", 1}}), make_agent(2, {{"b", 1}})});
  login(r, 1, 0);
  login(r, 2, 0);
  ok(r.offer(make_call(1, 1), at(1)));
  ok(r.answered(1, at(2)));
  EXPECT_EQ(brief(ok(r.transferred(1, 2, at(30)))), "agent_state 1 available; connect 1->2");
  ASSERT_NE(r.find_call(1), nullptr);
  EXPECT_EQ(r.find_call(1)->queue, 2);
  EXPECT_EQ(r.find_call(1)->times.offered, at(30));
  ok(r.answered(1, at(33)));
  const StatsReport s = r.stats(at(40));
  EXPECT_EQ(s.queues[0].calls.offered, 1);
  EXPECT_EQ(s.queues[0].calls.handled, 1);  // the first leg
  EXPECT_EQ(s.queues[1].calls.offered, 1);
  EXPECT_EQ(s.queues[1].calls.answer_wait_ms, 3000);
}

TEST(RouterTest, EventsThatDoNotFitAreRejected) {
  Router r = make_router({make_queue(1, "service")}, {make_agent(1, kService)});
  ok(r.offer(make_call(1, 1), at(10)));
  EXPECT_EQ(r.answered(99, at(10)).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.answered(1, at(10)).status().code(), ErrorCode::kConflict);  // still waiting
  EXPECT_EQ(r.offer(make_call(1, 1), at(11)).status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.offer(make_call(2, 9), at(11)).status().location().field, "/queue");
  EXPECT_EQ(r.offer(make_call(2, 1, false, 9), at(11)).status().location().field,
            "/dedicated_agent");
  EXPECT_EQ(r.tick(at(9)).status().code(), ErrorCode::kInvalidArgument);  // time went back
  EXPECT_EQ(r.agent_state(9, AgentState::kAvailable, at(12)).status().code(), ErrorCode::kNotFound);
  login(r, 1, 12);
  EXPECT_EQ(r.agent_state(1, AgentState::kWrapUp, at(13)).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(r.abandoned(1, at(14)).status().code(), ErrorCode::kOk);
}

TEST(RouterTest, ConfigurationErrorsNameTheMember) {
  auto field = [](std::vector<Queue> queues, std::vector<Agent> agents, RouterConfig config = {}) {
    const auto r = Router::create(std::move(config), std::move(queues), std::move(agents));
    return r.ok() ? std::string("ok") : r.status().location().field;
  };
  Queue overflowing = make_queue(2, "b");
  overflowing.overflow_to = 5;
  overflowing.overflow_after = Seconds{30};
  EXPECT_EQ(field({make_queue(1, "a"), overflowing}, {}), "/queues/1/overflow_to");
  EXPECT_EQ(field({make_queue(1, "a"), make_queue(1, "b")}, {}), "/queues/1/id");
  Queue no_skill = make_queue(1, "");
  EXPECT_EQ(field({no_skill}, {}), "/queues/0/skill");
  EXPECT_EQ(field({make_queue(1, "a")}, {make_agent(1, kService), make_agent(2, {{"a", 0}})}),
            "/agents/1/skills/0/level");
  EXPECT_EQ(field({make_queue(1, "a")}, {make_agent(1, kService), make_agent(1, kService)}),
            "/agents/1/id");
  RouterConfig bad_interval;
  bad_interval.stats_interval = std::chrono::minutes{7};
  EXPECT_EQ(field({make_queue(1, "a")}, {}, bad_interval), "/stats/interval");
  EXPECT_EQ(field({make_queue(1, "a")}, {make_agent(1, kService)}), "ok");

  Router r = make_router({make_queue(1, "a")}, {});
  OutboundList list;
  list.id = 1;
  list.queue = 1;
  list.entries = {{"139", std::nullopt, {}}, {"139", std::nullopt, {600, 540}}};
  EXPECT_EQ(r.add_outbound_list(list, at(0)).status().location().field, "/entries/1/allowed");
}

TEST(RouterTest, TimeoutDecisionsOfAFailedEventComeWithTheNextOne) {
  Router r = in_wrap_up(10, 5);
  // At 20 the wrap-up has ended (at 15) and call 2 rings at agent 1, so the
  // agent cannot switch to wrap-up by hand.
  EXPECT_EQ(r.agent_state(1, AgentState::kWrapUp, at(20)).status().code(), ErrorCode::kConflict);
  const Decisions late = ok(r.tick(at(20)));
  EXPECT_EQ(brief(late), "agent_state 1 available; connect 2->1");
  EXPECT_EQ(late[1].at, at(15));
}

TEST(RouterTest, DecisionsAndEventsPrintOnOneLine) {
  Decision d;
  d.kind = DecisionKind::kConnect;
  d.at = at(5);
  d.call = 7;
  d.agent = 3;
  d.queue = 1;
  EXPECT_EQ(to_string(d), "2025-03-03T02:00:05.000Z connect call=7 agent=3 queue=1");
  EXPECT_EQ(to_string(CtiEvent::offer(make_call(7, 1, true, 3), at(5))),
            "2025-03-03T02:00:05.000Z offer call=7 queue=1 vip dedicated=3");
  EXPECT_EQ(to_string(CtiEvent::agent_state(3, AgentState::kWrapUp, at(5))),
            "2025-03-03T02:00:05.000Z agent_state agent=3 state=wrap_up");
  EXPECT_EQ(parse_agent_state("break"), AgentState::kBreak);
  EXPECT_EQ(parse_agent_state("lunch"), std::nullopt);
}

}  // namespace
}  // namespace guanxi::callcenter
