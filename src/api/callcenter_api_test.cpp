// The call center over HTTP: queues and agents, CTI events (decisions,
// retries, problems naming the field), the screen-pop stream of an agent
// (acceptance 4: the right agent's open event stream receives the caller's
// 360 — a known customer, a dedicated CSR, an unknown caller), the call log
// and memo, IVR menus, outbound lists, and a seeded simulation driven over
// HTTP whose statistics match the simulated truth and a second run
// (acceptance 3).
#include <gtest/gtest.h>

#include <chrono>

#include "api/testing/callsim.hpp"
#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"

namespace guanxi::api {
namespace {

using namespace std::chrono_literals;
using testing::EventStreamClient;
using testing::expect_problem;
using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

int64_t make_queue(HttpClient& c, const std::string& name, const std::string& skill) {
  const auto r = c.post("/api/v1/queues", {{"name", name}, {"skill", skill}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["id"].get<int64_t>();
}

int64_t make_agent(HttpClient& c, const std::string& name, int64_t user,
                   const Json& skills = {{"after_sales", 5}}) {
  const auto r = c.post("/api/v1/agents", {{"name", name}, {"user_id", user}, {"skills", skills}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["id"].get<int64_t>();
}

int64_t make_customer(HttpClient& c, const std::string& name, const std::string& phone,
                      std::optional<int64_t> csr = std::nullopt) {
  Json body = {{"name", name}, {"identities", {{{"type", "phone"}, {"value", phone}}}}};
  if (csr) body["csr_user_id"] = *csr;
  const auto r = c.post("/api/v1/customers", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["profile"]["id"].get<int64_t>();
}

HttpResponse post_cti(HttpClient& c, Json event) {
  return c.post("/api/v1/cti/events", event);
}

std::string agent_path(int64_t id, const std::string& rest = "") {
  return "/api/v1/agents/" + std::to_string(id) + rest;
}

TEST(CallCenterApiTest, QueuesAndAgentsAreCreatedListedAndChanged) {
  TestServer s;
  auto c = s.client();
  const int64_t q1 = make_queue(c, "售后", "after_sales");
  const auto q2 = c.post("/api/v1/queues", {{"name", "VIP"},
                                            {"skill", "vip"},
                                            {"priority", 10},
                                            {"overflow_to", q1},
                                            {"overflow_after_s", 30},
                                            {"callback_offer_after_s", 90}});
  ASSERT_EQ(q2.status, 201) << q2.body;
  EXPECT_EQ(q2.json()["overflow_to"], q1);
  EXPECT_EQ(c.get("/api/v1/queues").json()["items"].size(), 2U);
  expect_problem(c.post("/api/v1/queues", {{"name", "x"}, {"skill", "s"}, {"min_level", 10}}), 400,
                 "/min_level");
  expect_problem(c.post("/api/v1/queues", {{"name", "x"}, {"skill", "s"}, {"overflow_to", 999}}),
                 400, "/overflow_to");
  expect_problem(c.post("/api/v1/queues", {{"name", "售后"}, {"skill", "s"}}), 409);

  const int64_t a = make_agent(c, "小王", 101);
  auto got = c.get(agent_path(a));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["state"], "offline");
  EXPECT_EQ(got.json()["skills"]["after_sales"], 5);
  expect_problem(c.post("/api/v1/agents", {{"name", "bad"}, {"skills", {{"x", 12}}}}), 400,
                 "/skills");
  const auto patched = c.patch(agent_path(a), {{"blended", true}, {"wrap_up_s", 20}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["blended"], true);
  EXPECT_EQ(patched.json()["wrap_up_s"], 20);

  // Logging in goes through the call center and is kept in the store.
  const auto login = c.post(agent_path(a, "/state"), {{"state", "available"}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.json()["state"], "available");
  EXPECT_EQ(c.get("/api/v1/agents").json()["items"][0]["state"], "available");
  expect_problem(c.post(agent_path(a, "/state"), {{"state", "napping"}}), 400, "/state");
}

TEST(CallCenterApiTest, BadCtiEventsAreProblemsNamingTheField) {
  TestServer s;
  auto c = s.client();
  const int64_t q = make_queue(c, "售后", "after_sales");
  expect_problem(post_cti(c, {{"type", "offered"}, {"call_id", 1}, {"queue_id", q}}), 400,
                 "/caller_number");
  expect_problem(post_cti(c, {{"type", "rang"}, {"call_id", 1}}), 400, "/type");
  expect_problem(post_cti(c, {{"call_id", 1}}), 400, "/type");
  expect_problem(post_cti(c, {{"type", "answered"}, {"call_id", -3}}), 400, "/call_id");
  expect_problem(post_cti(c, {{"type", "answered"}, {"call_id", 5}, {"at", "yesterday"}}), 400,
                 "/at");
  expect_problem(post_cti(c, {{"type", "offered"},
                              {"call_id", 1},
                              {"caller_number", "13800138000"},
                              {"queue_id", q},
                              {"at", "2020-01-01T00:00:00Z"}}),
                 400, "/at");
  expect_problem(
      post_cti(c, {{"type", "offered"}, {"call_id", 1}, {"caller_number", "1"}, {"queue_id", 999}}),
      400, "/queue_id");
  expect_problem(post_cti(c, {{"type", "offered"},
                              {"call_id", 1},
                              {"caller_number", "13800138000"},
                              {"queue_id", q},
                              {"colour", "red"}}),
                 400, "/colour");
  expect_problem(post_cti(c, {{"type", "answered"}, {"call_id", 77}}), 404);
  expect_problem(post_cti(c, {{"type", "agent_state"}, {"agent_id", 99}, {"state", "available"}}),
                 400, "/agent_id");
}

TEST(CallCenterApiTest, RetriedEventsChangeNothingAndAnswerTheSame) {
  TestServer s;
  auto c = s.client();
  const int64_t q = make_queue(c, "售后", "after_sales");
  const int64_t a = make_agent(c, "小王", 101);
  ASSERT_EQ(post_cti(c, {{"type", "agent_state"}, {"agent_id", a}, {"state", "available"}}).status,
            200);
  const Json offer = {{"event_id", "pbx-1"},
                      {"type", "offered"},
                      {"call_id", 7},
                      {"caller_number", "13900001111"},
                      {"queue_id", q}};
  const auto first = post_cti(c, offer);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["duplicate"], false);
  ASSERT_EQ(first.json()["decisions"].size(), 1U);
  EXPECT_EQ(first.json()["decisions"][0]["kind"], "connect");
  EXPECT_EQ(first.json()["decisions"][0]["agent_id"], a);
  const auto again = post_cti(c, offer);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["duplicate"], true);
  EXPECT_EQ(again.json()["decisions"], first.json()["decisions"]);
  // Without an event id the call and type identify it.
  ASSERT_EQ(post_cti(c, {{"type", "answered"}, {"call_id", 7}}).status, 200);
  EXPECT_EQ(post_cti(c, {{"type", "answered"}, {"call_id", 7}}).json()["duplicate"], true);
  const auto calls = c.get("/api/v1/calls?number=13900001111");
  ASSERT_EQ(calls.status, 200) << calls.body;
  ASSERT_EQ(calls.json()["items"].size(), 1U);
  EXPECT_EQ(calls.json()["items"][0]["outcome"], "talking");
  const auto detail = c.get("/api/v1/calls/7");
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.json()["events"].size(), 2U);  // offered, answered: once each
}

// Acceptance 4: a CTI "offered" event produces the screen-pop for the right
// agent, on that agent's open event stream only, with the caller's 360.
TEST(CallCenterApiTest, OfferedCallPopsTheCallersProfileOnTheRightAgentsStream) {
  TestServer s;
  auto c = s.client();
  const int64_t q = make_queue(c, "售后", "after_sales");
  const int64_t wang = make_agent(c, "小王", 101);
  const int64_t li = make_agent(c, "小李", 102);
  const int64_t zhang = make_customer(c, "张三", "13800138000");
  const int64_t vip = make_customer(c, "李四", "13700137000", /*csr=*/101);
  // 张三's tickets: two open (the urgent one first on the screen), one resolved.
  auto ticket = [&](const std::string& subject, const std::string& priority) {
    const auto r = c.post("/api/v1/tickets", {{"customer_id", zhang},
                                              {"subject", subject},
                                              {"type", "complaint"},
                                              {"channel", "phone"},
                                              {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"].get<int64_t>();
  };
  const int64_t invoice = ticket("发票抬头开错了", "normal");
  const int64_t broken = ticket("收到的商品破损", "urgent");
  const int64_t done = ticket("已解决的问题", "low");
  ASSERT_EQ(c.post("/api/v1/tickets/" + std::to_string(done) + "/status", {{"status", "resolved"}})
                .status,
            200);

  EventStreamClient wang_screen("127.0.0.1", s.port(), agent_path(wang, "/events"), s.token());
  EventStreamClient li_screen("127.0.0.1", s.port(), agent_path(li, "/events"), s.token());
  ASSERT_EQ(wang_screen.status(), 200);
  EXPECT_EQ(wang_screen.header("Content-Type"), "text/event-stream");
  const auto hello = wang_screen.next_of("hello", 5s);
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->data["agent_id"], wang);
  ASSERT_TRUE(li_screen.next_of("hello", 5s));

  ASSERT_EQ(c.post(agent_path(wang, "/state"), {{"state", "available"}}).status, 200);
  ASSERT_EQ(c.post(agent_path(li, "/state"), {{"state", "available"}}).status, 200);
  const auto state = wang_screen.next_of("agent_state", 5s);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->data["state"], "available");

  // A known customer calls: the longest-idle agent (小王, ties to the lower id) gets the pop.
  const auto sent = std::chrono::steady_clock::now();
  const auto offered = post_cti(c, {{"type", "offered"},
                                    {"call_id", 1001},
                                    {"caller_number", "+86 138 0013 8000"},
                                    {"queue_id", q},
                                    {"ivr_path", {"hello", "main"}}});
  ASSERT_EQ(offered.status, 200) << offered.body;
  const auto pop = wang_screen.next_of("screen_pop", 5s);
  ASSERT_TRUE(pop);
  EXPECT_LT(std::chrono::steady_clock::now() - sent, 1s);
  EXPECT_EQ(pop->data["call"]["id"], 1001);
  EXPECT_EQ(pop->data["call"]["queue_id"], q);
  EXPECT_EQ(pop->data["call"]["ivr_path"], Json::array({"hello", "main"}));
  EXPECT_EQ(pop->data["call"]["vip"], false);
  EXPECT_EQ(pop->data["caller"]["known"], true);
  EXPECT_EQ(pop->data["caller"]["customer"]["profile"]["id"], zhang);
  EXPECT_EQ(pop->data["caller"]["customer"]["profile"]["name"], "张三");
  EXPECT_TRUE(pop->data["caller"]["customer"].contains("recent_orders"));
  EXPECT_TRUE(pop->data["caller"]["customer"].contains("loyalty"));
  const Json open_tickets = pop->data["caller"]["open_tickets"];
  ASSERT_EQ(open_tickets.size(), 2U) << pop->data.dump();
  EXPECT_EQ(open_tickets[0]["id"], broken);
  EXPECT_EQ(open_tickets[0]["subject"], "收到的商品破损");
  EXPECT_EQ(open_tickets[0]["status"], "new");
  EXPECT_EQ(open_tickets[0]["priority"], "urgent");
  EXPECT_EQ(open_tickets[0]["sla_state"], "warning");  // 30 min target, 30 min warning
  EXPECT_EQ(open_tickets[1]["sla_state"], "running");
  EXPECT_TRUE(open_tickets[0]["due"].is_string()) << open_tickets[0].dump();
  EXPECT_TRUE(open_tickets[0].contains("due_local"));
  EXPECT_EQ(open_tickets[1]["id"], invoice);
  EXPECT_EQ(open_tickets[1]["priority"], "normal");
  EXPECT_LT(open_tickets[0]["due"].get<std::string>(), open_tickets[1]["due"].get<std::string>());
  EXPECT_FALSE(li_screen.next_of("screen_pop", 300ms)) << "the other agent saw the pop";

  // The dedicated CSR's customer calls while 小王 is busy: the call waits
  // for 小王 (小李 is idle but may not take it) and pops on 小王's screen.
  ASSERT_EQ(post_cti(c, {{"type", "answered"}, {"call_id", 1001}}).status, 200);
  const auto held = post_cti(
      c,
      {{"type", "offered"}, {"call_id", 1002}, {"caller_number", "13700137000"}, {"queue_id", q}});
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_TRUE(held.json()["decisions"].empty()) << held.body;
  const auto ended = post_cti(c, {{"type", "ended"},
                                  {"call_id", 1001},
                                  {"recording_url", "https://pbx.example/rec/1001.mp3"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  ASSERT_FALSE(ended.json()["decisions"].empty()) << ended.body;
  EXPECT_EQ(ended.json()["decisions"].back()["kind"], "connect");
  EXPECT_EQ(ended.json()["decisions"].back()["agent_id"], wang);
  EXPECT_TRUE(wang_screen.next_of("call_ended", 5s));
  const auto dedicated = wang_screen.next_of("screen_pop", 5s);
  ASSERT_TRUE(dedicated);
  EXPECT_EQ(dedicated->data["call"]["id"], 1002);
  EXPECT_EQ(dedicated->data["caller"]["customer"]["profile"]["id"], vip);
  EXPECT_FALSE(li_screen.next_of("screen_pop", 300ms));

  // An unknown number: the pop says so, with the number.
  ASSERT_EQ(post_cti(c, {{"type", "offered"},
                         {"call_id", 1003},
                         {"caller_number", "13611112222"},
                         {"queue_id", q}})
                .status,
            200);
  const auto stranger = li_screen.next_of("screen_pop", 5s);
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->data["caller"]["known"], false);
  EXPECT_FALSE(stranger->data["caller"].contains("open_tickets"));
  EXPECT_EQ(stranger->data["caller"]["number"], "13611112222");

  // The ended call left a memo on the customer, with the recording.
  const auto notes = c.get("/api/v1/customers/" + std::to_string(zhang) + "/notes");
  ASSERT_EQ(notes.status, 200) << notes.body;
  ASSERT_EQ(notes.json()["items"].size(), 1U) << notes.body;
  EXPECT_EQ(notes.json()["items"][0]["type"], "call");
  EXPECT_NE(notes.json()["items"][0]["summary"].get<std::string>().find("1001.mp3"),
            std::string::npos);
  const auto log = c.get("/api/v1/calls?customer_id=" + std::to_string(zhang));
  ASSERT_EQ(log.json()["items"].size(), 1U);
  EXPECT_EQ(log.json()["items"][0]["outcome"], "answered");
  EXPECT_EQ(log.json()["items"][0]["recording_url"], "https://pbx.example/rec/1001.mp3");
}

// Auto-pick: tickets waiting unassigned in the queue go to an agent as soon as
// the agent comes online — through the console's state or a CTI event.
TEST(CallCenterApiTest, AnAgentComingOnlinePicksUpTheQueuedTickets) {
  TestServer s;
  auto c = s.client();
  const int64_t zhao = make_agent(c, "小赵", 201, {{"general", 2}});
  const int64_t qian = make_agent(c, "小钱", 202, {{"general", 1}});
  const int64_t customer = make_customer(c, "王五", "13500135000");
  auto ticket = [&](const std::string& priority) {
    const auto r = c.post("/api/v1/tickets", {{"customer_id", customer},
                                              {"subject", "什么时候发货"},
                                              {"type", "inquiry"},
                                              {"channel", "wechat"},
                                              {"priority", priority}});
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()["status"], "new") << "nobody is online yet";
    return r.json()["id"].get<int64_t>();
  };
  const std::string tickets = "/api/v1/tickets/";
  const int64_t normal = ticket("normal");
  const int64_t high = ticket("high");

  ASSERT_EQ(c.post(agent_path(zhao, "/state"), {{"state", "available"}}).status, 200);
  for (const int64_t id : {normal, high}) {
    const auto t = c.get(tickets + std::to_string(id));
    EXPECT_EQ(t.json()["status"], "assigned") << t.body;
    EXPECT_EQ(t.json()["assignee_agent_id"], zhao);
  }
  const auto events = c.get(tickets + std::to_string(high) + "/events");
  const Json items = events.json()["items"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items.back()["kind"], "assigned");
  EXPECT_EQ(items.back()["body"], "auto_pick");

  // 小赵 logs out; a new ticket waits until 小钱 logs in through the telephony.
  ASSERT_EQ(c.post(agent_path(zhao, "/state"), {{"state", "offline"}}).status, 200);
  const int64_t later = ticket("low");
  ASSERT_EQ(
      post_cti(c, {{"type", "agent_state"}, {"agent_id", qian}, {"state", "available"}}).status,
      200);
  const auto t = c.get(tickets + std::to_string(later));
  EXPECT_EQ(t.json()["status"], "assigned") << t.body;
  EXPECT_EQ(t.json()["assignee_agent_id"], qian);
}

TEST(CallCenterApiTest, EventStreamOfAnUnknownAgentIsNotFound) {
  TestServer s;
  EventStreamClient none("127.0.0.1", s.port(), agent_path(42, "/events"), s.token());
  EXPECT_EQ(none.status(), 404);
  EventStreamClient anonymous("127.0.0.1", s.port(), agent_path(42, "/events"), "");
  EXPECT_EQ(anonymous.status(), 401);
}

TEST(CallCenterApiTest, EventStreamStaysOpenWhileIdleAndEndsWhenTheServerStops) {
  ServerOptions options;
  options.stream_keep_alive = std::chrono::milliseconds(50);
  TestServer s(options);
  auto c = s.client();
  const int64_t a = make_agent(c, "小王", 101);
  EventStreamClient screen("127.0.0.1", s.port(), agent_path(a, "/events"), s.token());
  ASSERT_TRUE(screen.next_of("hello", 5s));
  // Keep-alive comments only: no event, the stream stays open.
  EXPECT_FALSE(screen.next(300ms));
  EXPECT_FALSE(screen.ended());
  ASSERT_EQ(c.post(agent_path(a, "/state"), {{"state", "break"}}).status, 200);
  const auto state = screen.next_of("agent_state", 5s);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->data["state"], "break");
  const auto stopping = std::chrono::steady_clock::now();
  s.server().stop();
  EXPECT_FALSE(screen.next(5s));
  EXPECT_TRUE(screen.ended());
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 3s);
}

TEST(CallCenterApiTest, IvrMenusAreStoredValidatedAndWalked) {
  TestServer s;
  auto c = s.client();
  const int64_t q = make_queue(c, "售后", "after_sales");
  const Json menu = {{"start", "main"},
                     {"nodes",
                      {{"main",
                        {{"kind", "menu"},
                         {"prompt", {{"zh", "售后请按1"}}},
                         {"options", {{"1", {{"queue", q}}}, {"9", {{"callback", q}}}}}}}}}};
  ASSERT_EQ(c.request("PUT", "/api/v1/ivr/main", menu.dump()).status, 200);
  EXPECT_EQ(c.get("/api/v1/ivr/main").json(), menu);
  const auto walk = c.post("/api/v1/ivr/main/walk", {{"number", "13800138000"}, {"digits", "1"}});
  ASSERT_EQ(walk.status, 200) << walk.body;
  EXPECT_EQ(walk.json()["outcome"], "queue");
  EXPECT_EQ(walk.json()["queue_id"], q);
  Json bad = menu;
  bad["nodes"]["main"]["options"]["1"] = {{"queue", 999}};
  const auto invalid = c.post("/api/v1/ivr/validate", bad);
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_EQ(c.request("PUT", "/api/v1/ivr/main", bad.dump()).status, 400);
  EXPECT_EQ(c.get("/api/v1/ivr/other").status, 404);
}

TEST(CallCenterApiTest, BlendedAgentDialsAnOutboundListAndTheOutcomeIsRecorded) {
  TestServer s;
  auto c = s.client();
  const int64_t q = make_queue(c, "回访", "follow_up");
  const int64_t a = make_agent(c, "小王", 101, {{"follow_up", 3}});
  ASSERT_EQ(c.patch(agent_path(a), {{"blended", true}}).status, 200);
  const int64_t zhang = make_customer(c, "张三", "13800138000");
  const auto list = c.post("/api/v1/outbound-lists",
                           {{"name", "回访"},
                            {"queue_id", q},
                            {"allowed_hours", {"00:00", "24:00"}},
                            {"entries", {{{"number", "+8613800138000"}, {"customer_id", zhang}}}}});
  ASSERT_EQ(list.status, 201) << list.body;
  const auto login = c.post(agent_path(a, "/state"), {{"state", "available"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const Json decisions = login.json()["decisions"];
  ASSERT_FALSE(decisions.empty()) << login.body;
  EXPECT_EQ(decisions.back()["kind"], "dial");
  const int64_t call = decisions.back()["call_id"].get<int64_t>();
  ASSERT_EQ(post_cti(c, {{"type", "answered"}, {"call_id", call}}).status, 200);
  ASSERT_EQ(post_cti(c, {{"type", "ended"}, {"call_id", call}}).status, 200);
  const auto stored = c.get("/api/v1/outbound-lists/" + list.json()["id"].dump());
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(stored.json()["entries"][0]["outcome"], "connected");
  EXPECT_EQ(stored.json()["entries"][0]["call_id"], call);
  const auto log = c.get("/api/v1/calls?direction=outbound");
  ASSERT_EQ(log.json()["items"].size(), 1U);
  EXPECT_EQ(log.json()["items"][0]["customer_id"], zhang);
}

TEST(CallCenterApiTest, StatisticsComeFromTheCallLogPerQueueAgentAndInterval) {
  TestServer s;
  auto c = s.client();
  const int64_t q = make_queue(c, "售后", "after_sales");
  const int64_t a = make_agent(c, "小王", 101);
  const auto at = [](const char* t) { return std::string("2024-06-01T") + t + "+08:00"; };
  ASSERT_EQ(post_cti(c, {{"type", "agent_state"},
                         {"agent_id", a},
                         {"state", "available"},
                         {"at", at("09:00:00")}})
                .status,
            200);
  ASSERT_EQ(post_cti(c, {{"type", "offered"},
                         {"call_id", 1},
                         {"caller_number", "13800138000"},
                         {"queue_id", q},
                         {"at", at("09:10:00")}})
                .status,
            200);
  ASSERT_EQ(post_cti(c, {{"type", "answered"}, {"call_id", 1}, {"at", at("09:10:30")}}).status,
            200);
  ASSERT_EQ(post_cti(c, {{"type", "ended"}, {"call_id", 1}, {"at", at("09:13:30")}}).status, 200);
  ASSERT_EQ(post_cti(c, {{"type", "offered"},
                         {"call_id", 2},
                         {"caller_number", "13900139000"},
                         {"queue_id", q},
                         {"at", at("09:20:00")}})
                .status,
            200);
  ASSERT_EQ(post_cti(c, {{"type", "abandoned"}, {"call_id", 2}, {"at", at("09:20:05")}}).status,
            200);
  const auto r = c.get(
      "/api/v1/callcenter/stats?interval=hour&from=2024-06-01T09:00:00%2B08:00"
      "&to=2024-06-01T10:00:00%2B08:00");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json total = r.json()["total"];
  EXPECT_EQ(total["offered"], 2);
  EXPECT_EQ(total["answered"], 1);
  EXPECT_EQ(total["abandoned"], 1);
  EXPECT_DOUBLE_EQ(total["abandonment_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(total["service_level"].get<double>(), 0.0);  // 30 s > 20 s
  EXPECT_DOUBLE_EQ(total["asa_s"].get<double>(), 30.0);
  EXPECT_DOUBLE_EQ(total["aht_s"].get<double>(), 180.0);  // no wrap-up
  ASSERT_EQ(r.json()["intervals"].size(), 1U);
  EXPECT_EQ(r.json()["intervals"][0]["start_local"], "2024-06-01 09:00:00");
  const Json agent = r.json()["agents"][0];
  EXPECT_EQ(agent["agent_id"], a);
  // Call 1 from its ring at 09:10:00 to 09:13:30; call 2 rang 5 s before the caller hung up.
  EXPECT_EQ(agent["time"]["on_call_ms"], 215'000);
  EXPECT_EQ(agent["time"]["available_ms"], 3'600'000 - 215'000);
  expect_problem(c.get("/api/v1/callcenter/stats?from=yesterday"), 400);
  expect_problem(c.get("/api/v1/callcenter/stats?interval=week"), 400);
}

callcenter::SimConfig small_day(uint64_t seed) {
  callcenter::SimConfig config;
  config.seed = seed;
  config.calls = 150;
  config.agents = 8;
  config.queues = 3;
  config.outbound_entries = 10;
  config.start = "2024-05-30 08:00";  // the test shop's clock is 2024-06-01 10:00
  return config;
}

// Acceptance 3: a seeded simulation driven over the CTI HTTP API gives the
// statistics of its truth, and the same statistics when run again.
TEST(CallCenterApiTest, SimulationOverHttpMatchesTheTruthAndIsRepeatable) {
  Json first;
  for (int run = 0; run < 2; ++run) {
    TestServer s({}, /*callcenter_timer=*/false);
    auto c = s.client();
    auto report = testing::run_callsim(c, small_day(11));
    ASSERT_TRUE(report.ok()) << report.status().to_string();
    for (const auto& d : report->differences) ADD_FAILURE() << d;
    for (const auto& v : report->violations) ADD_FAILURE() << v;
    EXPECT_GT(report->api["total"]["offered"].get<int64_t>(), 100);
    EXPECT_GT(report->api["total"]["answered"].get<int64_t>(), 50);
    if (run == 0) {
      first = report->api;
    } else {
      EXPECT_EQ(report->api, first);
    }
  }
}

// Agents without wrap-up: a call is handled the moment it ends.
TEST(CallCenterApiTest, SimulationWithoutWrapUpMatchesTheTruth) {
  TestServer s({}, /*callcenter_timer=*/false);
  auto c = s.client();
  callcenter::SimConfig config = small_day(23);
  config.wrap_up_s = 0;
  auto report = testing::run_callsim(c, config);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  for (const auto& d : report->differences) ADD_FAILURE() << d;
  for (const auto& v : report->violations) ADD_FAILURE() << v;
  EXPECT_GT(report->api["total"]["handled"].get<int64_t>(), 50);
}

}  // namespace
}  // namespace guanxi::api
