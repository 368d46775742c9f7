// Auto-pick with a fake clock: unassigned `new` tickets go to an agent once
// the agent is free — by the engine's sweep (on request or every
// pick_every), and at once when a resolution frees capacity — most urgent
// first, then the soonest due, within capacity and skill; a dedicated CSR
// takes their customer's tickets; nothing moves when the shop turns
// auto_assign off.
#include "service/auto_pick.hpp"

#include <gtest/gtest.h>

#include "service/engine.hpp"
#include "service/test_util.hpp"
#include "service/tickets.hpp"
#include "store/agents_table.hpp"
#include "store/service_table.hpp"
#include "store/writer.hpp"

namespace guanxi::service {
namespace {

using testing::ServiceShop;

class AutoPickTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string settings = testing::kWeekdaySettings;
    settings.insert(1, R"("skills": {"complaint": "complaints", "*": "general"}, )");
    shop_.settings(settings);
  }

  int64_t open_ticket(const std::string& type, Priority priority, int64_t customer = 0) {
    TicketInput in;
    in.customer_id = customer ? customer : customer_;
    in.subject = "等待分配";
    in.type = type;
    in.channel = "phone";
    in.priority = priority;
    return shop_.write([&](domain::WriteContext& w) { return create_ticket(w, in); }).value().id;
  }
  store::TicketRecord row(int64_t id) {
    return store::find_ticket(shop_.conn(), shop_.shop().id, id).value().value();
  }
  void set_state(int64_t agent, const std::string& state) {
    ASSERT_TRUE(store::set_agent_state(shop_.conn(), shop_.shop().id, agent, state,
                                       to_millis(shop_.clock().now()))
                    .is_ok());
  }
  // The body and actor of the ticket's latest `assigned` event.
  std::pair<std::string, std::string> assigned_event(int64_t id) {
    std::pair<std::string, std::string> out;
    const auto events = store::list_ticket_events(shop_.conn(), id);
    EXPECT_TRUE(events.ok());
    if (!events.ok()) return out;
    for (const auto& e : *events) {
      if (e.kind == "assigned") out = {e.body, e.actor};
    }
    return out;
  }

  ServiceShop shop_;
  int64_t customer_ = shop_.customer("排队客户");
};

TEST_F(AutoPickTest, FreeAgentsPickTheQueueByPriorityDueAndCapacity) {
  shop_.set_now("2024-06-03 09:00");
  const int64_t general = shop_.agent("通用", R"({"general": 1})", "offline", std::nullopt, 2);
  const int64_t complaints = shop_.agent("投诉", R"({"complaints": 2})", "offline");
  const int64_t t1 = open_ticket("inquiry", Priority::kNormal);
  shop_.set_now("2024-06-03 09:10");
  const int64_t t2 = open_ticket("inquiry", Priority::kNormal);
  shop_.set_now("2024-06-03 09:20");
  const int64_t t3 = open_ticket("inquiry", Priority::kHigh);
  const int64_t t4 = open_ticket("complaint", Priority::kNormal);
  for (int64_t id : {t1, t2, t3, t4}) EXPECT_EQ(row(id).status, "new");

  auto writer = store::Writer::start(shop_.db()).value();
  ServiceEngine::Options options{false};
  options.pick_every = std::chrono::seconds(30);
  auto engine = ServiceEngine::start(shop_.db(), *writer, shop_.clock(), options).value();
  EXPECT_EQ(engine->process_pending().value().picked, 0);  // nobody is available

  // The general agent logs in (as a CTI state change writes it); the sweep
  // comes within pick_every: the high ticket first, then the soonest due —
  // two, its capacity; the complaint needs the complaints skill.
  shop_.set_now("2024-06-03 10:00");
  set_state(general, "available");
  EXPECT_EQ(engine->process_pending().value().picked, 2);
  EXPECT_EQ(row(t3).assignee_agent_id, general);
  EXPECT_EQ(row(t3).status, "assigned");
  EXPECT_EQ(row(t1).assignee_agent_id, general);
  EXPECT_EQ(row(t2).status, "new");
  EXPECT_EQ(row(t4).status, "new");
  EXPECT_EQ(assigned_event(t3), std::make_pair(std::string("auto_pick"), std::string("service")));

  // Resolving one frees a place: the same transaction hands it the next.
  ASSERT_TRUE(shop_
                  .write([&](domain::WriteContext& w) {
                    return change_status(w, t3, TicketStatus::kResolved);
                  })
                  .ok());
  EXPECT_EQ(row(t2).assignee_agent_id, general);
  EXPECT_EQ(assigned_event(t2).first, "auto_pick");

  // The complaints agent becomes available: not yet swept 10 s later, swept
  // once pick_every has passed.
  set_state(complaints, "available");
  shop_.clock().advance(std::chrono::seconds(10));
  EXPECT_EQ(engine->process_pending().value().picked, 0);
  EXPECT_EQ(row(t4).status, "new");
  shop_.clock().advance(std::chrono::seconds(25));
  EXPECT_EQ(engine->process_pending().value().picked, 1);
  EXPECT_EQ(row(t4).assignee_agent_id, complaints);

  // request_pick() sweeps at once.
  const int64_t t5 = open_ticket("complaint", Priority::kLow);  // on create: assigned already
  EXPECT_EQ(row(t5).assignee_agent_id, complaints);
  set_state(complaints, "break");
  const int64_t t6 = open_ticket("complaint", Priority::kLow);
  EXPECT_EQ(row(t6).status, "new");
  set_state(complaints, "available");
  engine->request_pick();
  EXPECT_EQ(engine->process_pending().value().picked, 1);
  EXPECT_EQ(row(t6).assignee_agent_id, complaints);
}

TEST_F(AutoPickTest, DedicatedCsrFirstAndNothingWhenAutoAssignIsOff) {
  shop_.set_now("2024-06-03 09:00");
  const int64_t csr = shop_.agent("专属", R"({})", "offline", 501);
  const int64_t other = shop_.agent("其他", R"({"general": 1})", "offline");
  const int64_t vip = shop_.customer("大客户", 501);
  const int64_t t1 = open_ticket("inquiry", Priority::kNormal, vip);
  const int64_t t2 = open_ticket("inquiry", Priority::kNormal);
  set_state(csr, "available");
  set_state(other, "available");
  auto picked = shop_.write([&](domain::WriteContext& w) { return auto_pick_tickets(w); });
  ASSERT_TRUE(picked.ok());
  EXPECT_EQ(*picked, 2);
  EXPECT_EQ(row(t1).assignee_agent_id, csr);
  EXPECT_EQ(assigned_event(t1).first, "dedicated_csr");
  EXPECT_EQ(row(t2).assignee_agent_id, other);

  shop_.settings(R"({"auto_assign": false})");
  set_state(csr, "offline");
  set_state(other, "offline");
  const int64_t t3 = open_ticket("inquiry", Priority::kNormal);
  set_state(other, "available");
  EXPECT_EQ(shop_.write([&](domain::WriteContext& w) { return auto_pick_tickets(w); }).value(), 0);
  EXPECT_EQ(row(t3).status, "new");
}

}  // namespace
}  // namespace guanxi::service
