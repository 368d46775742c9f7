// The CallCenter on a real store: events decided and persisted, retries
// harmless, agents' states kept in the store, a call memo when a call ends,
// screen-pop publication by agent, timeouts fired by the timer, and a restart
// that rebuilds from the store and closes the calls left in progress as lost.
#include "cti/call_center.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "cti/call_log.hpp"
#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/testing/test_shop.hpp"
#include "store/agents_table.hpp"
#include "store/callcenter_table.hpp"

namespace guanxi::cti {
namespace {

using callcenter::DecisionKind;
using domain::testing::TestShop;

class CallCenterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = store::Writer::start(shop_.db()).value();
    const int64_t overflow = shop_
                                 .write_through(*writer_,
                                                [](domain::WriteContext& w) {
                                                  store::CallQueueRecord q;
                                                  q.name = "溢出";
                                                  q.skill = "general";
                                                  return create_queue(w, q);
                                                })
                                 .value()
                                 .id;
    queue_ = shop_
                 .write_through(*writer_,
                                [overflow](domain::WriteContext& w) {
                                  store::CallQueueRecord q;
                                  q.name = "售后";
                                  q.skill = "after_sales";
                                  q.overflow_to = overflow;
                                  q.overflow_after_s = 1;
                                  return create_queue(w, q);
                                })
                 .value()
                 .id;
    for (const char* name : {"小王", "小李"}) {
      AgentInput in;
      in.name = name;
      in.skills = Json{{"after_sales", 3}};
      agents_.push_back(
          shop_
              .write_through(*writer_,
                             [&in](domain::WriteContext& w) { return create_agent(w, in); })
              .value()
              .agent.id);
    }
    start();
  }
  void TearDown() override {
    center_.reset();
    writer_.reset();
  }

  void start(CallCenter::Options options = {}) {
    options.timer_thread = false;
    options.timer_grace = std::chrono::milliseconds(0);
    center_.reset();
    center_ = CallCenter::start(shop_.db(), *writer_, shop_.clock(), options).value();
  }

  Result<Applied> send(Json event) {
    GX_ASSIGN_OR_RETURN(CtiInput input, cti_event_from_json(event));
    return center_->apply_sync(shop_.shop(), ShopZone::shanghai(), std::move(input));
  }

  Json offer(int64_t call, const std::string& number) {
    return {
        {"type", "offered"}, {"call_id", call}, {"caller_number", number}, {"queue_id", queue_}};
  }

  Json login(int64_t agent) {
    return {{"type", "agent_state"}, {"agent_id", agent}, {"state", "available"}};
  }

  std::optional<store::CallRecord> stored_call(int64_t id) {
    return store::find_call(shop_.conn(), shop_.shop().id, id).value();
  }

  TestShop shop_;
  std::unique_ptr<store::Writer> writer_;
  std::unique_ptr<CallCenter> center_;
  int64_t queue_ = 0;
  std::vector<int64_t> agents_;
};

TEST_F(CallCenterTest, OfferedCallIsConnectedPersistedAndPopsOnTheAgentsSubscription) {
  auto sub = center_->subscribe(shop_.shop().id, agents_[0]).value();
  auto other = center_->subscribe(shop_.shop().id, agents_[1]).value();
  ASSERT_TRUE(send(login(agents_[0])).ok());
  const auto offered = send(offer(7, "13800138000"));
  ASSERT_TRUE(offered.ok()) << offered.status().to_string();
  ASSERT_EQ(offered->decisions.size(), 1U);
  EXPECT_EQ(offered->decisions[0].kind, DecisionKind::kConnect);
  EXPECT_EQ(offered->decisions[0].agent, agents_[0]);
  const auto call = stored_call(7);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->outcome, "ringing");
  EXPECT_EQ(call->agent_id, agents_[0]);
  const auto agent = store::find_agent(shop_.conn(), shop_.shop().id, agents_[0]).value();
  EXPECT_EQ(agent->state, "on_call");

  std::vector<AgentEvent> events;
  EXPECT_TRUE(sub->take(events));
  ASSERT_EQ(events.size(), 3U);  // available, on_call, screen_pop
  EXPECT_EQ(events[0].type, "agent_state");
  EXPECT_EQ(events[2].type, "screen_pop");
  EXPECT_EQ(events[2].data["call"]["id"], 7);
  EXPECT_FALSE(events[2].customer_id);
  std::vector<AgentEvent> none;
  other->take(none);
  EXPECT_TRUE(none.empty());
}

TEST_F(CallCenterTest, RetriedEventsAreAnsweredAgainAndStoredOnce) {
  ASSERT_TRUE(send(login(agents_[0])).ok());
  Json event = offer(7, "13800138000");
  event["event_id"] = "pbx-7-offer";
  const auto first = send(event);
  ASSERT_TRUE(first.ok());
  const auto second = send(event);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(first->duplicate);
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->decisions, first->decisions);
  // After a restart the store still knows it.
  start();
  const auto third = send(event);
  ASSERT_TRUE(third.ok()) << third.status().to_string();
  EXPECT_TRUE(third->duplicate);
  EXPECT_EQ(shop_.count("call_events"), 2);  // the login and the offer
}

TEST_F(CallCenterTest, EndedCallWithAKnownCallerLeavesAMemo) {
  const auto customer = shop_.write_through(*writer_, [](domain::WriteContext& w) {
    domain::CustomerInput in;
    in.name = "张三";
    in.identities.push_back({domain::IdentityType::kPhone, "13800138000"});
    return domain::create_customer(w, in);
  });
  ASSERT_TRUE(customer.ok());
  ASSERT_TRUE(send(login(agents_[0])).ok());
  ASSERT_TRUE(send(offer(7, "138 0013 8000")).ok());
  EXPECT_EQ(stored_call(7)->customer_id, *customer);
  shop_.clock().advance(std::chrono::seconds(5));
  ASSERT_TRUE(send({{"type", "answered"}, {"call_id", 7}}).ok());
  shop_.clock().advance(std::chrono::seconds(65));
  ASSERT_TRUE(
      send({{"type", "ended"}, {"call_id", 7}, {"recording_url", "https://rec/7.mp3"}}).ok());
  const auto call = stored_call(7);
  EXPECT_EQ(call->outcome, "answered");
  EXPECT_EQ(*call->ended_at - *call->answered_at, 65'000);
  auto r = shop_.read_context();
  const auto notes = domain::list_notes(r, *customer, 10).value();
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].type, domain::NoteType::kCall);
  EXPECT_EQ(notes[0].direction, "inbound");
  EXPECT_NE(notes[0].summary.find("talked 65 s"), std::string::npos) << notes[0].summary;
  EXPECT_NE(notes[0].summary.find("https://rec/7.mp3"), std::string::npos);
}

TEST_F(CallCenterTest, TimerFiresTheOverflowInTheEventsTime) {
  const auto offered = send(offer(7, "13800138000"));  // nobody is logged in
  ASSERT_TRUE(offered.ok());
  ASSERT_TRUE(offered->next_due);
  center_->fire_due();  // not yet: a second of the call center's time has not passed
  EXPECT_EQ(shop_.count("call_events"), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  center_->fire_due();
  // The tick is applied through the Writer; wait for it.
  (void)writer_->run([](store::Connection&) { return Status::ok(); });
  EXPECT_EQ(shop_.count("call_events"), 2);
  store::Query q(shop_.conn(), "SELECT kind, at, decisions FROM call_events ORDER BY id");
  ASSERT_TRUE(q.next());
  const int64_t offered_at = q.i64(1);
  ASSERT_TRUE(q.next());
  EXPECT_EQ(q.text(0), "tick");
  EXPECT_EQ(q.i64(1), offered_at + 1000);
  EXPECT_NE(q.text(2).find("overflow"), std::string::npos) << q.text(2);
}

TEST_F(CallCenterTest, RestartClosesCallsInProgressAsLostAndLogsAgentsOut) {
  ASSERT_TRUE(send(login(agents_[0])).ok());
  ASSERT_TRUE(send(offer(7, "13800138000")).ok());
  ASSERT_TRUE(send(offer(8, "13900139000")).ok());  // waits: 小李 is offline
  start();
  ASSERT_TRUE(send(login(agents_[1])).ok());  // loads the shop again
  EXPECT_EQ(stored_call(7)->outcome, "lost");
  EXPECT_EQ(stored_call(8)->outcome, "lost");
  EXPECT_EQ(store::find_agent(shop_.conn(), shop_.shop().id, agents_[0]).value()->state, "offline");
  EXPECT_EQ(center_->agent_state(shop_.shop().id, agents_[0]), callcenter::AgentState::kOffline);
  // Work goes on: offering call 7 again is a retry of the stored event (no
  // event id: the same type and call), another event for it a conflict; a
  // new call is routed.
  const auto retry = send(offer(7, "13800138000"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->duplicate);
  Json again = offer(7, "13800138000");
  again["event_id"] = "re-offer";
  EXPECT_EQ(send(again).status().code(), ErrorCode::kConflict);
  const auto next = send(offer(9, "13800138000"));
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->decisions.size(), 1U);
  EXPECT_EQ(next->decisions[0].agent, agents_[1]);
}

TEST_F(CallCenterTest, EventTimesAreBoundedAndMonotonic) {
  Json early = login(agents_[0]);
  early["at"] = "2020-01-01T00:00:00Z";
  const auto refused = send(early);
  EXPECT_EQ(refused.status().location().field, "/at");
  Json now = login(agents_[0]);
  now["at"] = format_utc_iso8601(shop_.clock().now());
  ASSERT_TRUE(send(now).ok());
  // A little behind the last event is taken as its time; far behind is refused.
  Json late = offer(7, "13800138000");
  late["at"] = format_utc_iso8601(shop_.clock().now() - std::chrono::seconds(1));
  const auto taken = send(late);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->at, shop_.clock().now());
  Json stale = offer(8, "13800138000");
  stale["at"] = format_utc_iso8601(shop_.clock().now() - std::chrono::seconds(60));
  EXPECT_EQ(send(stale).status().location().field, "/at");
}

TEST_F(CallCenterTest, ReconfigurationWaitsForLiveCallsToEnd) {
  ASSERT_TRUE(send(offer(7, "13800138000")).ok());
  EXPECT_EQ(center_->check_idle(shop_.shop().id).code(), ErrorCode::kConflict);
  ASSERT_TRUE(send({{"type", "abandoned"}, {"call_id", 7}}).ok());
  EXPECT_EQ(stored_call(7)->outcome, "abandoned");
  EXPECT_TRUE(center_->check_idle(shop_.shop().id).is_ok());
  ASSERT_TRUE(send(login(agents_[0])).ok());
  EXPECT_TRUE(center_->reload(shop_.shop().id).is_ok());
  // A logged-in agent stays logged in across the rebuild.
  EXPECT_EQ(center_->agent_state(shop_.shop().id, agents_[0]), callcenter::AgentState::kAvailable);
}

}  // namespace
}  // namespace guanxi::cti
