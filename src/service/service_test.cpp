// Tickets: workflow and its 409s, assignment (dedicated CSR, least-loaded in
// the skill group, manual), VIP priority raise, canned responses, reopen
// within / after the FCR window, CSAT once, interactions and tasks.
#include <gtest/gtest.h>

#include "domain/customer360.hpp"
#include "service/canned.hpp"
#include "service/csat.hpp"
#include "service/engine.hpp"
#include "service/interactions.hpp"
#include "service/tasks.hpp"
#include "service/test_util.hpp"
#include "service/tickets.hpp"
#include "store/outbox_table.hpp"
#include "store/service_table.hpp"
#include "store/tier_table.hpp"
#include "store/writer.hpp"

namespace guanxi::service {
namespace {

using testing::ServiceShop;

TicketInput inquiry(int64_t customer, const std::string& type = "inquiry") {
  TicketInput in;
  in.customer_id = customer;
  in.subject = "订单什么时候发货";
  in.type = type;
  in.channel = "wechat";
  return in;
}

Result<Ticket> create(ServiceShop& shop, const TicketInput& in) {
  return shop.write([&](domain::WriteContext& w) { return create_ticket(w, in); });
}

Result<Ticket> move(ServiceShop& shop, int64_t id, TicketStatus to) {
  return shop.write([&](domain::WriteContext& w) { return change_status(w, id, to); });
}

TEST(TicketTest, InvalidTransitionsAreConflictsNamingStatusAndTargets) {
  ServiceShop shop;
  const int64_t c = shop.customer("张伟");
  const Ticket t = create(shop, inquiry(c)).value();
  EXPECT_EQ(t.status, TicketStatus::kNew);
  auto closed = move(shop, t.id, TicketStatus::kClosed);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().code(), ErrorCode::kConflict);
  EXPECT_NE(closed.status().message().find("is new"), std::string::npos);
  EXPECT_NE(closed.status().message().find("requires resolving"), std::string::npos);
  EXPECT_NE(closed.status().message().find("allowed: assigned, in_progress, waiting_customer, "
                                           "resolved"),
            std::string::npos);
  // Without the policy, closing an unresolved ticket is allowed.
  shop.settings(R"({"closing_requires_resolved": false})");
  EXPECT_TRUE(move(shop, t.id, TicketStatus::kClosed).ok());

  const Ticket u = create(shop, inquiry(c)).value();
  EXPECT_EQ(move(shop, u.id, TicketStatus::kAssigned).status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(move(shop, u.id, TicketStatus::kInProgress).ok());
  ASSERT_TRUE(move(shop, u.id, TicketStatus::kResolved).ok());
  EXPECT_EQ(move(shop, u.id, TicketStatus::kWaitingCustomer).status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(move(shop, u.id, TicketStatus::kClosed).ok());
  // Every transition is recorded with who and when.
  auto r = shop.read_context();
  auto events = ticket_events(r, u.id).value();
  std::vector<std::string> steps;
  for (const auto& e : events) {
    if (e.kind == "status") steps.push_back(e.from + ">" + e.to);
    EXPECT_EQ(e.actor, "test");
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"new>in_progress", "in_progress>resolved",
                                             "resolved>closed"}));
  // Bad input names the field.
  TicketInput bad = inquiry(c, "praise");
  EXPECT_EQ(create(shop, bad).status().location().field, "/type");
  bad = inquiry(c);
  bad.subject.clear();
  EXPECT_EQ(create(shop, bad).status().location().field, "/subject");
  bad = inquiry(999999);
  EXPECT_EQ(create(shop, bad).status().code(), ErrorCode::kUnprocessable);
}

TEST(TicketTest, AssignsDedicatedCsrThenLeastLoadedInSkillGroupThenManual) {
  ServiceShop shop;
  shop.settings(R"({"skills": {"complaint": "complaints", "*": "general"}})");
  const int64_t a = shop.agent("小安", R"({"general": 1, "complaints": 1})");
  const int64_t b = shop.agent("小白", R"({"general": 2, "complaints": 3})");
  const int64_t csr = shop.agent("专属客服", R"({"general": 1})", "available", 77);
  const int64_t other = shop.agent("小明", R"({"presales": 5})");
  const int64_t vip = shop.customer("大客户", 77);
  const int64_t plain = shop.customer("普通客户");

  Ticket t = create(shop, inquiry(vip)).value();
  EXPECT_EQ(t.assignee_agent_id, csr);
  EXPECT_EQ(t.status, TicketStatus::kAssigned);
  auto r = shop.read_context();
  EXPECT_EQ(ticket_events(r, t.id).value().back().body, "dedicated_csr");

  // The CSR is on a break: least loaded in the complaints group; tie → higher level.
  ASSERT_TRUE(store::set_agent_state(shop.conn(), shop.shop().id, csr, "break", 0).is_ok());
  t = create(shop, inquiry(vip, "complaint")).value();
  EXPECT_EQ(t.assignee_agent_id, b);
  t = create(shop, inquiry(plain, "complaint")).value();
  EXPECT_EQ(t.assignee_agent_id, a);  // b has one open ticket now
  t = create(shop, inquiry(plain, "complaint")).value();
  EXPECT_EQ(t.assignee_agent_id, b);  // 1 : 1, higher level
  EXPECT_NE(t.assignee_agent_id, other);

  // Manual reassignment, recorded.
  auto moved = shop.write([&](domain::WriteContext& w) { return assign_ticket(w, t.id, other); });
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->assignee_agent_id, other);
  EXPECT_EQ(shop.write([&](domain::WriteContext& w) { return assign_ticket(w, t.id, 4242); })
                .status()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(shop.changes("ticket_assigned"), 5);

  // Nobody available: the ticket waits unassigned in the queue.
  for (int64_t id : {a, b, other}) {
    ASSERT_TRUE(store::set_agent_state(shop.conn(), shop.shop().id, id, "offline", 0).is_ok());
  }
  t = create(shop, inquiry(plain, "complaint")).value();
  EXPECT_FALSE(t.assignee_agent_id);
  EXPECT_EQ(t.status, TicketStatus::kNew);
  EXPECT_EQ(
      shop.write([&](domain::WriteContext& w) { return assign_ticket(w, t.id, std::nullopt); })
          .status()
          .code(),
      ErrorCode::kConflict);
}

TEST(TicketTest, VipTierRaisesPriority) {
  ServiceShop shop;
  const int64_t vip = shop.customer("VIP");
  ASSERT_TRUE(store::set_customer_tier(shop.conn(), shop.shop().id, vip, "VIP会员").is_ok());
  const int64_t plain = shop.customer("普通");
  Ticket t = create(shop, inquiry(vip)).value();
  EXPECT_EQ(t.priority, Priority::kHigh);
  EXPECT_EQ(t.priority_reason, "vip_tier");
  t = create(shop, inquiry(plain)).value();
  EXPECT_EQ(t.priority, Priority::kNormal);
  TicketInput urgent = inquiry(vip);
  urgent.priority = Priority::kUrgent;
  t = create(shop, urgent).value();
  EXPECT_EQ(t.priority, Priority::kUrgent);  // never lowered
  EXPECT_EQ(t.priority_reason, "");
}

TEST(TicketTest, CannedResponsesRenderVariablesAndRepliesCount) {
  ServiceShop shop;
  const int64_t agent = shop.agent("小美", R"({"general": 1})");
  const int64_t c = shop.customer("陈静");
  const Ticket t = create(shop, inquiry(c)).value();
  ASSERT_EQ(t.assignee_agent_id, agent);
  auto canned = shop.write([&](domain::WriteContext& w) {
    return create_canned_response(
        w, "问候", "{{customer.name}}您好，工单{{ticket.id}}由{{agent.name}}为您处理。");
  });
  ASSERT_TRUE(canned.ok()) << canned.status().to_string();
  auto unknown = shop.write(
      [&](domain::WriteContext& w) { return create_canned_response(w, "坏", "{{order.total}}"); });
  EXPECT_EQ(unknown.status().location().field, "/body");

  MessageInput m;
  m.canned_response_id = canned->id;
  const Ticket replied =
      shop.write([&](domain::WriteContext& w) { return add_message(w, t.id, m); }).value();
  EXPECT_EQ(replied.status, TicketStatus::kInProgress);
  EXPECT_EQ(replied.agent_replies, 1);
  EXPECT_TRUE(replied.first_response_at);
  MessageInput note;
  note.kind = MessageKind::kNote;
  note.body = "客户语气急";
  ASSERT_TRUE(shop.write([&](domain::WriteContext& w) { return add_message(w, t.id, note); }).ok());
  auto r = shop.read_context();
  auto events = ticket_events(r, t.id).value();
  bool found = false;
  for (const auto& e : events) {
    if (e.kind == "reply") {
      EXPECT_EQ(e.body, "陈静您好，工单" + std::to_string(t.id) + "由小美为您处理。");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(events.back().kind, "note");
  EXPECT_EQ(get_ticket(r, t.id).value().agent_replies, 1);  // a note is not a reply
}

TEST(TicketTest, ReopenWithinTheWindowBreaksFcrAfterItDoesNot) {
  ServiceShop shop;
  const int64_t c = shop.customer("周杰");
  const Ticket within = create(shop, inquiry(c)).value();
  const Ticket after = create(shop, inquiry(c)).value();
  ASSERT_TRUE(move(shop, within.id, TicketStatus::kResolved).ok());
  ASSERT_TRUE(move(shop, after.id, TicketStatus::kResolved).ok());
  shop.clock().advance(std::chrono::hours(24 * 3));
  MessageInput again;
  again.kind = MessageKind::kCustomerMessage;
  again.body = "还是没收到";
  const Ticket reopened =
      shop.write([&](domain::WriteContext& w) { return add_message(w, within.id, again); }).value();
  EXPECT_EQ(reopened.status, TicketStatus::kInProgress);
  EXPECT_EQ(reopened.reopen_count, 1);
  EXPECT_EQ(reopened.customer_contacts, 2);
  shop.clock().advance(std::chrono::hours(24 * 5));  // 8 days after the resolution
  const Ticket late = move(shop, after.id, TicketStatus::kInProgress).value();
  EXPECT_EQ(late.reopen_count, 1);
  auto r1 = store::find_ticket(shop.conn(), shop.shop().id, within.id).value();
  auto r2 = store::find_ticket(shop.conn(), shop.shop().id, after.id).value();
  EXPECT_TRUE(r1->reopened_in_window);
  EXPECT_FALSE(r2->reopened_in_window);
  EXPECT_EQ(shop.tracked("ticket_reopened"), 2);
  EXPECT_EQ(shop.tracked("ticket_resolved"), 2);
}

TEST(TicketTest, CsatIsSentOnResolveThroughTheOutboxAndAnsweredOnce) {
  ServiceShop shop;
  const int64_t c = shop.customer("刘洋", std::nullopt, "13800138000");
  const Ticket t = create(shop, inquiry(c)).value();
  ASSERT_TRUE(move(shop, t.id, TicketStatus::kResolved).ok());
  auto survey = store::latest_csat_survey(shop.conn(), t.id).value();
  ASSERT_TRUE(survey);
  ASSERT_TRUE(survey->message_id);
  auto messages = store::customer_messages(shop.conn(), shop.shop().id, c, 10).value();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].klass, "care");
  EXPECT_NE(messages[0].body.find("/api/v1/csat/" + survey->token), std::string::npos);

  auto answered = shop.write(
      [&](domain::WriteContext& w) { return answer_csat(w, survey->token, 4, "挺快的", "link"); });
  ASSERT_TRUE(answered.ok()) << answered.status().to_string();
  EXPECT_EQ(answered->score, 4);
  auto twice = shop.write(
      [&](domain::WriteContext& w) { return answer_csat(w, survey->token, 1, "", "link"); });
  EXPECT_EQ(twice.status().code(), ErrorCode::kConflict);
  auto bad =
      shop.write([&](domain::WriteContext& w) { return record_csat(w, t.id, 6, "", "phone"); });
  EXPECT_EQ(bad.status().location().field, "/score");
  auto r = shop.read_context();
  EXPECT_EQ(get_ticket(r, t.id).value().csat_score, 4);
  EXPECT_EQ(shop.changes("csat_received"), 1);

  // Taken by phone on a ticket without a survey (CSAT off).
  shop.settings(R"({"csat": {"enabled": false}})");
  const Ticket u = create(shop, inquiry(c)).value();
  ASSERT_TRUE(move(shop, u.id, TicketStatus::kResolved).ok());
  EXPECT_FALSE(store::latest_csat_survey(shop.conn(), u.id).value());
  auto phone = shop.write(
      [&](domain::WriteContext& w) { return record_csat(w, u.id, 5, "电话回访", "phone"); });
  ASSERT_TRUE(phone.ok());
  EXPECT_EQ(phone->source, "phone");
}

TEST(TicketTest, ListFiltersAndPagesByKeyset) {
  ServiceShop shop;
  const int64_t c1 = shop.customer("甲");
  const int64_t c2 = shop.customer("乙");
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    TicketInput in = inquiry(i % 2 == 0 ? c1 : c2);
    in.subject = i == 3 ? "退款 100%_问题" : "发货问题 " + std::to_string(i);
    if (i == 5) in.priority = Priority::kUrgent;
    ids.push_back(create(shop, in).value().id);
  }
  ASSERT_TRUE(move(shop, ids[0], TicketStatus::kResolved).ok());
  auto r = shop.read_context();
  TicketQuery q;
  q.statuses = {"open"};
  q.limit = 4;
  auto p1 = list_tickets(r, q).value();
  ASSERT_EQ(p1.tickets.size(), 4u);
  EXPECT_EQ(p1.tickets[0].id, ids[6]);
  ASSERT_FALSE(p1.next_cursor.empty());
  q.cursor = p1.next_cursor;
  auto p2 = list_tickets(r, q).value();
  ASSERT_EQ(p2.tickets.size(), 2u);
  EXPECT_EQ(p2.tickets[1].id, ids[1]);
  EXPECT_TRUE(p2.next_cursor.empty());

  TicketQuery by_customer;
  by_customer.customer = c1;
  EXPECT_EQ(list_tickets(r, by_customer).value().tickets.size(), 4u);
  TicketQuery text;
  text.q = "100%_";
  auto found = list_tickets(r, text).value();
  ASSERT_EQ(found.tickets.size(), 1u);
  EXPECT_EQ(found.tickets[0].id, ids[3]);
  TicketQuery prio;
  prio.sort = "priority";
  prio.limit = 1;
  auto top = list_tickets(r, prio).value();
  EXPECT_EQ(top.tickets[0].id, ids[5]);
  prio.cursor = top.next_cursor;
  EXPECT_EQ(list_tickets(r, prio).value().tickets[0].id, ids[6]);
  TicketQuery bad;
  bad.statuses = {"pending"};
  EXPECT_EQ(list_tickets(r, bad).status().location().field, "?status");
}

TEST(InteractionTest, LogsTheMemoCreatesFollowUpAndCountsContacts) {
  ServiceShop shop;
  const int64_t agent = shop.agent("小李", R"({"general": 1})", "available", 9);
  const int64_t c = shop.customer("赵敏");
  const Ticket t = create(shop, inquiry(c)).value();
  const int64_t notes_before = shop.changes("note_added");
  InteractionInput in;
  in.note.type = domain::NoteType::kCall;
  in.note.direction = "inbound";
  in.note.summary = "客户来电询问物流，已安抚";
  in.details.agent_id = agent;
  in.details.duration_s = 180;
  in.details.outcome = "callback";
  in.details.ticket_id = t.id;
  in.details.next_follow_up_at = shop.clock().now() + std::chrono::hours(48);
  auto logged = shop.write([&](domain::WriteContext& w) { return log_interaction(w, c, in); });
  ASSERT_TRUE(logged.ok()) << logged.status().to_string();
  EXPECT_EQ(shop.changes("note_added"), notes_before + 1);
  ASSERT_TRUE(logged->task_id);
  EXPECT_EQ(logged->note.duration_s, 180);
  auto r = shop.read_context();
  EXPECT_EQ(get_ticket(r, t.id).value().customer_contacts, 2);
  auto task = get_task(r, *logged->task_id).value();
  EXPECT_EQ(task.assignee_user_id, 9);
  EXPECT_EQ(task.due_at, in.details.next_follow_up_at);
  EXPECT_EQ(ticket_interactions(r, t.id).value().size(), 1u);

  // The reminder fires once at the due time.
  auto writer = store::Writer::start(shop.db()).value();
  auto engine =
      ServiceEngine::start(shop.db(), *writer, shop.clock(), ServiceEngine::Options{false}).value();
  EXPECT_EQ(engine->process_pending()->reminders, 0);
  shop.clock().advance(std::chrono::hours(48));
  EXPECT_EQ(engine->process_pending()->reminders, 1);
  EXPECT_EQ(engine->process_pending()->reminders, 0);

  // The 360 shows tickets and interactions in its timeline.
  auto c360 = domain::customer_360(r, c).value();
  ASSERT_EQ(c360.tickets.size(), 1u);
  bool ticket_line = false;
  bool call_line = false;
  for (const auto& e : c360.timeline) {
    ticket_line |= e.kind == "ticket" && e.id == t.id;
    call_line |= e.kind == "interaction" && e.title == "call";
  }
  EXPECT_TRUE(ticket_line);
  EXPECT_TRUE(call_line);

  InteractionInput wrong = in;
  wrong.details.ticket_id = 99999;
  EXPECT_EQ(shop.write([&](domain::WriteContext& w) { return log_interaction(w, c, wrong); })
                .status()
                .location()
                .field,
            "/ticket_id");
}

TEST(TaskTest, CreateUpdateAndListTasks) {
  ServiceShop shop;
  const int64_t c = shop.customer("孙丽");
  TaskInput in;
  in.title = "回访满意度";
  in.customer_id = c;
  in.assignee_user_id = 5;
  in.due_at = shop.clock().now() + std::chrono::hours(24);
  const Task t = shop.write([&](domain::WriteContext& w) { return create_task(w, in); }).value();
  EXPECT_EQ(t.remind_at, in.due_at);
  TaskPatch done;
  done.status = "done";
  const Task d =
      shop.write([&](domain::WriteContext& w) { return update_task(w, t.id, done); }).value();
  EXPECT_EQ(d.status, "done");
  EXPECT_TRUE(d.completed_at);
  TaskPatch bad;
  bad.status = "later";
  EXPECT_EQ(shop.write([&](domain::WriteContext& w) { return update_task(w, t.id, bad); })
                .status()
                .location()
                .field,
            "/status");
  auto r = shop.read_context();
  TaskQuery q;
  q.assignee_user_id = 5;
  EXPECT_EQ(list_tasks(r, q).value().size(), 1u);
  q.status = "open";
  EXPECT_EQ(list_tasks(r, q).value().size(), 0u);
}

}  // namespace
}  // namespace guanxi::service
