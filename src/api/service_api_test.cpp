// The service desk over HTTP: settings, tickets (create with assignment,
// list with filters and keyset pages, messages with canned responses, the
// workflow and its 409 problem document), SLA breach through the engine,
// CSAT (public survey page and link, phone), interactions with a follow-up
// task, tasks, the report and the customer 360 timeline.
#include <gtest/gtest.h>

#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"
#include "service/engine.hpp"
#include "store/agents_table.hpp"
#include "store/service_table.hpp"

namespace guanxi::api {
namespace {

using testing::expect_problem;
using testing::HttpClient;
using testing::HttpResponse;
using testing::new_customer;
using testing::TestServer;

int64_t new_agent(TestServer& server, const std::string& name) {
  store::AgentRecord a;
  a.shop_id = server.shop().shop().id;
  a.name = name;
  a.skills = R"({"general": 1})";
  a.state = "available";
  return store::insert_agent(server.shop().conn(), a).value();
}

Json ticket_body(int64_t customer, const std::string& subject = "收到的商品有破损") {
  return {
      {"customer_id", customer}, {"subject", subject}, {"type", "complaint"}, {"channel", "phone"}};
}

std::string ticket_path(int64_t id, const std::string& rest = "") {
  return "/api/v1/tickets/" + std::to_string(id) + rest;
}

TEST(ServiceApiTest, TicketLifecycleAnd409ProblemDocument) {
  TestServer server;
  HttpClient c = server.client();
  const int64_t agent = new_agent(server, "小王");
  const int64_t customer = new_customer(c, "13800138001");

  auto r = c.post("/api/v1/tickets", ticket_body(customer));
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = r.json()["id"].get<int64_t>();
  EXPECT_EQ(r.json()["status"], "assigned");
  EXPECT_EQ(r.json()["assignee_agent_id"], agent);
  EXPECT_EQ(r.header("Location"), ticket_path(id));

  // Closing an unresolved ticket: 409 naming the status and the allowed targets.
  const int64_t other =
      c.post("/api/v1/tickets", ticket_body(customer)).json()["id"].get<int64_t>();
  r = c.post(ticket_path(other, "/status"), {{"status", "closed"}});
  expect_problem(r, 409);
  EXPECT_EQ(r.json()["code"], "conflict");
  EXPECT_EQ(r.json()["current_status"], "assigned");
  EXPECT_EQ(r.json()["requested_status"], "closed");
  EXPECT_EQ(r.json()["allowed"], Json({"in_progress", "waiting_customer", "resolved"}));
  EXPECT_NE(r.json()["detail"].get<std::string>().find("requires resolving"), std::string::npos);

  // Canned reply, then resolve and close.
  r = c.post("/api/v1/canned-responses",
             {{"name", "致歉"}, {"body", "您好，很抱歉，工单{{ticket.id}}已为您加急处理。"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t canned = r.json()["id"].get<int64_t>();
  r = c.post(ticket_path(id, "/messages"), {{"canned_response_id", canned}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "in_progress");
  EXPECT_EQ(r.json()["agent_replies"], 1);
  r = c.post(ticket_path(id, "/messages"), {{"kind", "note"}, {"body", "内部：已联系仓库"}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(c.post(ticket_path(id, "/status"), {{"status", "resolved"}}).status, 200);
  r = c.post(ticket_path(id, "/status"), {{"status", "closed"}, {"comment", "客户确认"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "closed");
  r = c.get(ticket_path(id, "/events"));
  ASSERT_EQ(r.status, 200);
  const Json events = r.json()["items"];
  bool replied = false;
  for (const auto& e : events) {
    if (e["kind"] == "reply")
      replied = e["body"] == "您好，很抱歉，工单" + std::to_string(id) + "已为您加急处理。";
  }
  EXPECT_TRUE(replied) << events.dump();
  EXPECT_EQ(events.back()["to"], "closed");
  EXPECT_EQ(events.back()["actor"].get<std::string>().rfind("api:", 0), 0u);

  // Bad input names the field or parameter.
  Json bad = ticket_body(customer);
  bad["type"] = "praise";
  expect_problem(c.post("/api/v1/tickets", bad), 400, "/type");
  bad = ticket_body(customer);
  bad["colour"] = "red";
  expect_problem(c.post("/api/v1/tickets", bad), 400, "/colour");
  expect_problem(c.post(ticket_path(id, "/status"), {{"status", "done"}}), 400, "/status");
  expect_problem(c.get("/api/v1/tickets?sort=oldest"), 400, "?sort");
  expect_problem(c.get(ticket_path(999999)), 404);
  bad = ticket_body(999999);
  expect_problem(c.post("/api/v1/tickets", bad), 422, "/customer_id");
  expect_problem(c.post(ticket_path(other, "/assign"), {{"agent_id", 424242}}), 404);
}

TEST(ServiceApiTest, ListFiltersAndKeysetPages) {
  TestServer server;
  HttpClient c = server.client();
  const int64_t a = new_customer(c, "13800138002");
  const int64_t b = new_customer(c, "13800138003");
  for (int i = 0; i < 5; ++i) {
    Json body = ticket_body(i < 3 ? a : b, i == 4 ? "发票抬头错误" : "物流慢 " + std::to_string(i));
    if (i == 2) body["priority"] = "urgent";
    ASSERT_EQ(c.post("/api/v1/tickets", body).status, 201);
  }
  auto r = c.get("/api/v1/tickets?status=open&limit=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["items"].size(), 2u);
  const std::string cursor = r.json()["next_cursor"].get<std::string>();
  r = c.get("/api/v1/tickets?status=open&limit=2&cursor=" + cursor);
  EXPECT_EQ(r.json()["items"].size(), 2u);
  r = c.get("/api/v1/tickets?customer=" + std::to_string(a));
  EXPECT_EQ(r.json()["items"].size(), 3u);
  r = c.get("/api/v1/tickets?q=%E5%8F%91%E7%A5%A8");  // 发票 (2 characters: LIKE)
  ASSERT_EQ(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["subject"], "发票抬头错误");
  r = c.get("/api/v1/tickets?q=%E6%8A%AC%E5%A4%B4%E9%94%99");  // 抬头错 (full text)
  ASSERT_EQ(r.json()["items"].size(), 1u);
  const int64_t invoice = r.json()["items"][0]["id"].get<int64_t>();
  // The edited subject is found by its new words only.
  ASSERT_EQ(
      c.patch("/api/v1/tickets/" + std::to_string(invoice), {{"subject", "Refund delayed"}}).status,
      200);
  EXPECT_EQ(c.get("/api/v1/tickets?q=%E6%8A%AC%E5%A4%B4%E9%94%99").json()["items"].size(), 0u);
  r = c.get("/api/v1/tickets?q=REFUND%20delay");
  ASSERT_EQ(r.json()["items"].size(), 1u) << r.body;
  EXPECT_EQ(r.json()["items"][0]["id"], invoice);
  r = c.get("/api/v1/tickets?sort=priority&limit=1");
  EXPECT_EQ(r.json()["items"][0]["priority"], "urgent");
  r = c.get("/api/v1/tickets?assignee=0&priority=normal");
  EXPECT_EQ(r.json()["items"].size(), 4u);  // no agents: all unassigned
  expect_problem(c.get("/api/v1/tickets?cursor=zzz"), 400, "?cursor");
}

TEST(ServiceApiTest, SlaBreachCsatSurveyAndReport) {
  TestServer server;
  HttpClient c = server.client();
  auto r =
      c.request("PUT", "/api/v1/settings/service",
                R"({"sla": {"normal": {"first_response_minutes": 60, "resolution_minutes": 120}},
                         "business_hours": {"schedule": "24x7"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = c.request("PUT", "/api/v1/settings/service",
                R"({"sla": {"normal": {"resolution_minutes": 5}}})");
  expect_problem(r, 400, "/sla/normal/first_response_minutes");
  const int64_t customer = new_customer(c, "13800138004");
  const int64_t id = c.post("/api/v1/tickets", ticket_body(customer)).json()["id"].get<int64_t>();

  server.shop().clock().advance(std::chrono::minutes(61));
  auto fired = server.service().process_pending();
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(fired->sla_breaches, 1);
  r = c.get("/api/v1/tickets?sla=at_risk");
  ASSERT_EQ(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["sla_state"], "breached");

  ASSERT_EQ(c.post(ticket_path(id, "/status"), {{"status", "resolved"}}).status, 200);
  auto survey = store::latest_csat_survey(server.shop().conn(), id).value();
  ASSERT_TRUE(survey);
  HttpClient anon = server.anonymous();
  r = anon.get("/api/v1/csat/" + survey->token);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("打分"), std::string::npos);
  r = anon.get("/api/v1/csat/" + survey->token + "?score=4&comment=ok");
  EXPECT_NE(r.body.find("action=\"?score=4&amp;comment=ok\""), std::string::npos) << r.body;
  EXPECT_FALSE(store::latest_csat_survey(server.shop().conn(), id).value()->score);
  r = anon.request("POST", "/api/v1/csat/" + survey->token + "?score=4&comment=ok", "", "");
  EXPECT_EQ(r.status, 200) << r.body;
  r = anon.request("POST", "/api/v1/csat/" + survey->token + "?score=1", "", "");
  expect_problem(r, 409);
  EXPECT_EQ(anon.get("/api/v1/csat/not-a-token").status, 404);
  r = c.get(ticket_path(id, "/csat"));
  EXPECT_EQ(r.json()["score"], 4);
  EXPECT_EQ(r.json()["source"], "link");
  expect_problem(c.post(ticket_path(id, "/csat"), {{"score", 9}}), 400, "/score");

  r = c.get("/api/v1/analytics/service?group_by=agent");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json total = r.json()["total"];
  EXPECT_EQ(total["tickets"], 1);
  EXPECT_EQ(total["csat"]["average"], 4.0);
  EXPECT_EQ(total["sla"]["first_response"]["breached"], 1);
  EXPECT_EQ(r.json()["groups"][0]["key"], "unassigned");
  expect_problem(c.get("/api/v1/analytics/service?group_by=year"), 400, "?group_by");
}

TEST(ServiceApiTest, InteractionsTasksAndTheTimeline) {
  TestServer server;
  HttpClient c = server.client();
  const int64_t agent = new_agent(server, "小周");
  const int64_t customer = new_customer(c, "13800138005");
  const int64_t ticket =
      c.post("/api/v1/tickets", ticket_body(customer)).json()["id"].get<int64_t>();
  auto r = c.post("/api/v1/customers/" + std::to_string(customer) + "/interactions",
                  {{"type", "call"},
                   {"direction", "inbound"},
                   {"summary", "客户来电催促退款"},
                   {"agent_id", agent},
                   {"duration_s", 240},
                   {"outcome", "callback"},
                   {"ticket_id", ticket},
                   {"next_follow_up_at", "2024-06-03T10:00:00+08:00"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["duration_s"], 240);
  ASSERT_TRUE(r.json()["follow_up_task_id"].is_number());
  const int64_t task = r.json()["follow_up_task_id"].get<int64_t>();
  r = c.get(ticket_path(ticket));
  EXPECT_EQ(r.json()["customer_contacts"], 2);
  r = c.get(ticket_path(ticket, "/interactions"));
  EXPECT_EQ(r.json()["items"].size(), 1u);

  r = c.get("/api/v1/tasks?status=open");
  ASSERT_EQ(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["ticket_id"], ticket);
  r = c.patch("/api/v1/tasks/" + std::to_string(task), {{"status", "done"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "done");
  r = c.post(
      "/api/v1/tasks",
      {{"title", "回访"}, {"customer_id", customer}, {"due_at", "2024-06-05T10:00:00+08:00"}});
  ASSERT_EQ(r.status, 201) << r.body;
  expect_problem(c.post("/api/v1/tasks", {{"customer_id", customer}}), 400, "/title");
  expect_problem(c.get("/api/v1/tasks?due_before=tomorrow"), 400, "?due_before");

  r = c.get("/api/v1/customers/" + std::to_string(customer));
  ASSERT_EQ(r.status, 200);
  const Json c360 = r.json();
  ASSERT_EQ(c360["tickets"].size(), 1u);
  bool ticket_line = false;
  bool call_line = false;
  for (const auto& e : c360["timeline"]) {
    ticket_line |= e["kind"] == "ticket";
    call_line |= e["kind"] == "interaction" && e["title"] == "call";
  }
  EXPECT_TRUE(ticket_line);
  EXPECT_TRUE(call_line);
}

}  // namespace
}  // namespace guanxi::api
