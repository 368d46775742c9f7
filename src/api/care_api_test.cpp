// Care automation over HTTP: message templates (validation, SMS length,
// preview), journeys (create, validation errors naming the pointer, activate,
// runs, stats, customer journeys and messages in the 360), the care template
// gallery and one-click enable, simulation (nothing sent, nothing changed),
// the unsubscribe page (GET changes nothing) and one-click POST, inbound SMS
// replies, delivery receipts, suppressions, care settings with masked
// secrets, holidays, and campaigns with their report.
#include <gtest/gtest.h>

#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"
#include "journey/engine.hpp"
#include "outbox/settings.hpp"
#include "store/query.hpp"

namespace guanxi::api {
namespace {

using testing::expect_problem;
using testing::HttpClient;
using testing::HttpResponse;
using testing::put;
using testing::TestServer;

class CareApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    journey::JourneyEngine::Options o;
    o.background = false;
    journeys_ = journey::JourneyEngine::start(s_.shop().db(), s_.writer(), s_.shop().clock(),
                                              s_.segments(), o)
                    .value();
  }

  void process() { ASSERT_TRUE(journeys_->process_pending().ok()); }

  int64_t customer(const Json& body) {
    const auto r = c_.post("/api/v1/customers", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["profile"]["id"].get<int64_t>();
  }

  void buy(const std::string& external_id, const std::string& phone) {
    const Json o = {
        {"platform", "jd"},
        {"external_id", external_id},
        {"status", "paid"},
        {"created_at", "2024-06-01T09:30:00+08:00"},
        {"paid_at", "2024-06-01T09:31:00+08:00"},
        {"goods_amount", 9900},
        {"paid_amount", 9900},
        {"items",
         {{{"sku", "TEA"}, {"product_name", "茶叶"}, {"quantity", 1}, {"unit_price", 9900}}}},
        {"customer", {{"identities", {{{"type", "phone"}, {"value", phone}}}}}}};
    const auto r = c_.post("/api/v1/orders", o);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  TestServer s_;
  HttpClient c_ = s_.client();
  std::unique_ptr<journey::JourneyEngine> journeys_;
};

TEST_F(CareApiTest, TemplatesAreValidatedMeasuredAndPreviewed) {
  expect_problem(c_.post("/api/v1/message-templates",
                         {{"name", "坏"}, {"channel", "sms"}, {"class", "care"}, {"body", "{{#x"}}),
                 400, "/body");
  expect_problem(c_.post("/api/v1/message-templates",
                         {{"name", "坏"}, {"channel", "fax"}, {"class", "care"}, {"body", "x"}}),
                 400, "/channel");
  const auto made =
      c_.post("/api/v1/message-templates", {{"name", "感谢短信"},
                                            {"channel", "sms"},
                                            {"class", "care"},
                                            {"body", "{{customer.name}}您好，感谢惠顾"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.json()["id"].get<int64_t>();
  const std::string path = "/api/v1/message-templates/" + std::to_string(id);
  EXPECT_EQ(made.header("Location"), path);
  expect_problem(
      c_.post("/api/v1/message-templates",
              {{"name", "感谢短信"}, {"channel", "sms"}, {"class", "care"}, {"body", "x"}}),
      409);

  const auto len = c_.post("/api/v1/sms-length", {{"text", std::string(71 * 3, 'a')}});
  ASSERT_EQ(len.status, 200) << len.body;
  const auto zh = c_.post("/api/v1/sms-length", {{"text", "您好"}});
  EXPECT_EQ(zh.json()["characters"], 2);
  EXPECT_EQ(zh.json()["segments"], 1);

  const int64_t who =
      customer({{"name", "王芳"}, {"identities", {{{"type", "phone"}, {"value", "13800000001"}}}}});
  const auto preview = c_.post(path + "/preview", {{"customer_id", who}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.json().dump().find("王芳您好，感谢惠顾"), std::string::npos) << preview.body;

  const auto replaced = put(c_, path,
                            {{"name", "感谢短信"},
                             {"channel", "sms"},
                             {"class", "care"},
                             {"body", "{{customer.name}}，谢谢"}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(c_.get("/api/v1/message-templates").json()["items"].size(), 1U);
  EXPECT_EQ(c_.del(path).status, 204);
  expect_problem(c_.get(path), 404);
}

TEST_F(CareApiTest, JourneyFromDefinitionToMessageUnsubscribeAndReceipts) {
  ASSERT_EQ(c_.post("/api/v1/message-templates",
                    {{"name", "首购邮件"},
                     {"channel", "email"},
                     {"class", "care"},
                     {"subject", "欢迎"},
                     {"body", "{{customer.name}}，欢迎！退订：{{unsubscribe_url}}"}})
                .status,
            201);
  // A bad step names its pointer.
  const Json bad = {{"trigger", {{"type", "event"}, {"event", "order_paid"}}},
                    {"steps", {{{"id", "a"}, {"type", "send"}}}}};
  expect_problem(c_.post("/api/v1/journeys", {{"name", "坏"}, {"definition", bad}}), 400,
                 "/definition/steps/0/template");

  const Json def = {{"trigger", {{"type", "event"}, {"event", "order_paid"}}},
                    {"steps", {{{"id", "mail"}, {"type", "send"}, {"template", "首购邮件"}}}}};
  const auto made = c_.post("/api/v1/journeys", {{"name", "首购欢迎"}, {"definition", def}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["status"], "draft");
  const std::string path = "/api/v1/journeys/" + made.json()["id"].dump();
  const auto on = c_.post(path + "/status", {{"status", "active"}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json()["status"], "active");
  expect_problem(c_.post(path + "/status", {{"status", "sleeping"}}), 400);

  const int64_t who = customer({{"name", "李雷"},
                                {"identities",
                                 {{{"type", "phone"}, {"value", "13800000002"}},
                                  {{"type", "email"}, {"value", "lilei@example.com"}}}}});
  buy("JD-1", "13800000002");
  process();

  const auto runs = c_.get(path + "/runs");
  ASSERT_EQ(runs.status, 200) << runs.body;
  ASSERT_EQ(runs.json()["items"].size(), 1U);
  EXPECT_EQ(runs.json()["items"][0]["customer_id"], who);
  EXPECT_EQ(runs.json()["items"][0]["status"], "done");
  const auto got = c_.get(path);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json()["stats"]["steps"][0]["outcomes"]["ok"], 1) << got.body;

  const std::string cpath = "/api/v1/customers/" + std::to_string(who);
  const auto messages = c_.get(cpath + "/messages");
  ASSERT_EQ(messages.status, 200) << messages.body;
  ASSERT_EQ(messages.json()["items"].size(), 1U);
  const Json m = messages.json()["items"][0];
  EXPECT_EQ(m["status"], "queued");
  EXPECT_EQ(m["to"], "lilei@example.com");
  const std::string key = m["idempotency_key"];
  EXPECT_NE(m["body"].get<std::string>().find("/api/v1/unsubscribe/" + key), std::string::npos);
  EXPECT_EQ(c_.get(cpath).json()["messages"].size(), 1U);  // in the 360
  EXPECT_EQ(c_.get(cpath + "/journeys").json()["items"].size(), 1U);
  EXPECT_EQ(c_.get("/api/v1/messages?source=journey").json()["items"].size(), 1U);

  // The unsubscribe page: a GET changes nothing; the POST unsubscribes.
  auto anon = s_.anonymous();
  const auto page = anon.get("/api/v1/unsubscribe/" + key);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<form method=\"post\">"), std::string::npos);
  EXPECT_TRUE(c_.get("/api/v1/messages/" + m["id"].dump()).json()["unsubscribed_at"].is_null());
  EXPECT_EQ(anon.get("/api/v1/unsubscribe/m_nope").status, 404);
  const auto done = anon.request("POST", "/api/v1/unsubscribe/" + key, "List-Unsubscribe=One-Click",
                                 "application/x-www-form-urlencoded");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("您已退订"), std::string::npos);
  const auto after = c_.get("/api/v1/messages/" + m["id"].dump());
  EXPECT_FALSE(after.json()["unsubscribed_at"].is_null()) << after.body;
  const auto list = c_.get("/api/v1/suppressions?channel=email");
  ASSERT_EQ(list.json()["items"].size(), 1U) << list.body;
  EXPECT_EQ(list.json()["items"][0]["address"], "lilei@example.com");
  EXPECT_EQ(c_.get(cpath).json()["profile"]["consent"]["email"], "denied");
  // Twice is fine.
  EXPECT_EQ(anon.request("POST", "/api/v1/unsubscribe/" + key).status, 200);

  // Receipts by key; unknown messages are counted, not refused.
  const auto rec = c_.post("/api/v1/channels/receipts",
                           Json::array({{{"idempotency_key", key}, {"event", "delivered"}},
                                        {{"provider_message_id", "nope"}, {"event", "opened"}}}));
  ASSERT_EQ(rec.status, 200) << rec.body;
  EXPECT_EQ(rec.json()["recorded"], 1);
  EXPECT_EQ(rec.json()["unknown"], 1);
  expect_problem(c_.post("/api/v1/channels/receipts", {{"idempotency_key", key}, {"event", "x"}}),
                 400, "/event");
}

TEST_F(CareApiTest, SmsReplyTdUnsubscribesAndSuppressionsCanBeManaged) {
  const int64_t who = customer(
      {{"name", "韩梅梅"}, {"identities", {{{"type", "phone"}, {"value", "13800000003"}}}}});
  const auto hello =
      c_.post("/api/v1/channels/sms/inbound", {{"from", "13800000003"}, {"text", "谢谢"}});
  ASSERT_EQ(hello.status, 200) << hello.body;
  EXPECT_EQ(hello.json()["items"][0]["unsubscribed"], false);
  const auto td =
      c_.post("/api/v1/channels/sms/inbound",
              Json::array({{{"mobile", "13800000003"}, {"nationcode", "86"}, {"text", " 退订 "}}}));
  ASSERT_EQ(td.status, 200) << td.body;
  EXPECT_EQ(td.json()["items"][0]["unsubscribed"], true);
  EXPECT_EQ(td.json()["items"][0]["customers"], Json::array({who}));
  EXPECT_EQ(c_.get("/api/v1/customers/" + std::to_string(who)).json()["profile"]["consent"]["sms"],
            "denied");
  expect_problem(c_.post("/api/v1/channels/sms/inbound", {{"text", "TD"}}), 400, "/from");

  const auto added =
      c_.post("/api/v1/suppressions", {{"channel", "email"}, {"address", "A@Example.com "}});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json()["address"], "a@example.com");
  EXPECT_EQ(
      c_.post("/api/v1/suppressions", {{"channel", "email"}, {"address", "a@example.com"}}).status,
      200);
  const auto removed =
      c_.post("/api/v1/suppressions/remove", {{"channel", "email"}, {"address", "a@example.com"}});
  EXPECT_EQ(removed.json()["removed"], true);
}

TEST_F(CareApiTest, CareSettingsMaskSecretsAndKeepThemWhenSentBackMasked) {
  const auto defaults = c_.get("/api/v1/settings/care");
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.json()["quiet_hours"]["start"], "21:00");
  Json settings = defaults.json();
  settings["providers"]["sms"] = {
      {"kind", "sms_http"}, {"url", "http://127.0.0.1:9/sms"}, {"token", "s3cret"}};
  const auto saved = put(c_, "/api/v1/settings/care", settings);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.json()["providers"]["sms"]["token"], "********");
  Json again = c_.get("/api/v1/settings/care").json();
  EXPECT_EQ(again["providers"]["sms"]["token"], "********");
  again["quiet_hours"]["start"] = "22:00";
  ASSERT_EQ(put(c_, "/api/v1/settings/care", again).status, 200);
  auto stored = outbox::load_care_settings(s_.shop().conn(), s_.shop().shop().id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->providers["sms"]["token"], "s3cret");
  EXPECT_EQ(outbox::format_time_of_day(stored->quiet_hours.start), "22:00");
  again["caps"][0]["days"] = 0;
  const auto bad = put(c_, "/api/v1/settings/care", again);
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(CareApiTest, HolidaysListLunarDatesAndShopDates) {
  const auto y = c_.get("/api/v1/holidays?year=2025");
  ASSERT_EQ(y.status, 200) << y.body;
  bool spring = false;
  const Json year = y.json();
  for (const auto& o : year["occurrences"])
    spring = spring || (o["key"] == "spring_festival" && o["date"] == "2025-01-29");
  EXPECT_TRUE(spring) << y.body;
  const auto saved = put(c_, "/api/v1/settings/holidays",
                         {{"holidays",
                           {{{"key", "shop_birthday"},
                             {"name_zh", "店庆"},
                             {"name_en", "Shop anniversary"},
                             {"rule", "solar"},
                             {"month", 9},
                             {"day", 9}}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const auto after = c_.get("/api/v1/holidays?year=2025");
  EXPECT_EQ(after.json()["shop"].size(), 1U);
  expect_problem(put(c_, "/api/v1/settings/holidays",
                     {{"holidays",
                       {{{"key", "spring_festival"},
                         {"name_zh", "x"},
                         {"rule", "solar"},
                         {"month", 1},
                         {"day", 1}}}}}),
                 400);
}

TEST_F(CareApiTest, GalleryEnablesBirthdayCareAndSimulationSendsNothing) {
  const auto gallery = c_.get("/api/v1/care-templates");
  ASSERT_EQ(gallery.status, 200) << gallery.body;
  ASSERT_GE(gallery.json()["items"].size(), 8U);
  const Json items = gallery.json()["items"];
  for (const auto& t : items) EXPECT_EQ(t["status"], "off");
  expect_problem(c_.post("/api/v1/care-templates/nope/enable", Json::object()), 404);
  const auto on = c_.request("POST", "/api/v1/care-templates/birthday/enable");
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json()["status"], "active");
  const int64_t journey = on.json()["id"].get<int64_t>();

  // Clock: 2024-06-01 10:00 Shanghai. Birthdays on 06-03 and 06-04.
  customer({{"name", "生日甲"},
            {"birthday", "1990-06-03"},
            {"identities", {{{"type", "phone"}, {"value", "13800000011"}}}}});
  customer({{"name", "生日乙"},
            {"birthday", "1985-06-04"},
            {"identities", {{{"type", "phone"}, {"value", "13800000012"}}}}});
  customer({{"name", "无关"},
            {"birthday", "1985-08-04"},
            {"identities", {{{"type", "phone"}, {"value", "13800000013"}}}}});
  const std::string path = "/api/v1/journeys/" + std::to_string(journey);
  const auto sim = c_.post(path + "/simulate", {{"from", "2024-06-02"}, {"to", "2024-06-05"}});
  ASSERT_EQ(sim.status, 200) << sim.body;
  const Json r = sim.json();
  EXPECT_EQ(r["entered"], 2) << sim.body;
  EXPECT_EQ(r["messages"], 2);
  ASSERT_EQ(r["sample"].size(), 2U);
  EXPECT_EQ(r["sample"][0]["customer_name"], "生日甲");
  EXPECT_EQ(r["sample"][0]["due_at_local"], "2024-06-03 09:00:00");
  EXPECT_EQ(r["sample"][1]["due_at_local"], "2024-06-04 09:00:00");
  EXPECT_EQ(r["by_day"]["2024-06-03"], 1);
  // Nothing happened in the live shop.
  EXPECT_EQ(c_.get(path + "/runs").json()["items"].size(), 0U);
  EXPECT_EQ(c_.get("/api/v1/messages").json()["items"].size(), 0U);
  expect_problem(c_.post(path + "/simulate", {{"from", "2024-06-05"}, {"to", "2024-06-02"}}), 400);
  const auto listed = c_.get("/api/v1/care-templates");
  bool found = false;
  const Json after = listed.json()["items"];
  for (const auto& t : after)
    found =
        found || (t["key"] == "birthday" && t["status"] == "active" && t["journey_id"] == journey);
  EXPECT_TRUE(found);
}

TEST_F(CareApiTest, CampaignToASegmentWithControlGroupReports) {
  for (int i = 0; i < 20; ++i)
    customer(
        {{"name", "客" + std::to_string(i)},
         {"identities", {{{"type", "phone"}, {"value", "1390000" + std::to_string(1000 + i)}}}}});
  const auto seg = c_.post("/api/v1/segments", {{"name", "全部客户"}, {"rule", "orders >= 0"}});
  ASSERT_EQ(seg.status, 201) << seg.body;
  ASSERT_EQ(c_.post("/api/v1/message-templates", {{"name", "上新短信"},
                                                  {"channel", "sms"},
                                                  {"class", "marketing"},
                                                  {"body", "新品上市，回T退订"}})
                .status,
            201);
  const Json def = {{"segment", "全部客户"},
                    {"variants", {{{"key", "A"}, {"template", "上新短信"}, {"weight", 1}}}},
                    {"control_pct", 20}};
  expect_problem(
      c_.post("/api/v1/campaigns", {{"name", "上新"}, {"definition", {{"segment", "无"}}}}), 400);
  const auto made = c_.post("/api/v1/campaigns", {{"name", "上新"}, {"definition", def}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["status"], "draft");
  const std::string path = "/api/v1/campaigns/" + made.json()["id"].dump();
  const auto sched = c_.post(path + "/schedule", Json::object());
  ASSERT_EQ(sched.status, 200) << sched.body;
  EXPECT_EQ(sched.json()["status"], "scheduled");
  process();
  const auto report = c_.get(path + "/report");
  ASSERT_EQ(report.status, 200) << report.body;
  const std::string text = report.body;
  EXPECT_NE(text.find("\"control\""), std::string::npos) << text;
  EXPECT_EQ(c_.get(path).json()["status"], "done") << c_.get(path).body;
  EXPECT_EQ(c_.get("/api/v1/campaigns").json()["items"].size(), 1U);
}

// Pausing holds a campaign's queued messages; resuming spreads them again at
// the throttle from now, never in a burst; a dead message can be retried.
TEST_F(CareApiTest, CampaignPauseHoldsResumeRespreadsAndDeadMessagesRetry) {
  for (int i = 0; i < 6; ++i)
    customer(
        {{"name", "客" + std::to_string(i)},
         {"identities", {{{"type", "phone"}, {"value", "1390000" + std::to_string(2000 + i)}}}}});
  ASSERT_EQ(c_.post("/api/v1/segments", {{"name", "全部"}, {"rule", "orders >= 0"}}).status, 201);
  ASSERT_EQ(c_.post("/api/v1/message-templates", {{"name", "秋季上新"},
                                                  {"channel", "sms"},
                                                  {"class", "marketing"},
                                                  {"body", "秋季新品，回T退订"}})
                .status,
            201);
  const Json def = {{"segment", "全部"},
                    {"variants", {{{"key", "A"}, {"template", "秋季上新"}, {"weight", 1}}}},
                    {"throttle_per_minute", 2}};
  const auto made = c_.post("/api/v1/campaigns", {{"name", "秋季"}, {"definition", def}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.json()["id"].get<int64_t>();
  const std::string path = "/api/v1/campaigns/" + std::to_string(id);
  expect_problem(c_.post(path + "/pause", Json::object()), 409);  // a draft
  ASSERT_EQ(c_.post(path + "/schedule", Json::object()).status, 200);
  process();
  ASSERT_EQ(c_.get(path).json()["status"], "done");

  auto due_times = [&](const std::string& status) {
    std::vector<int64_t> out;
    store::Query q(s_.shop().conn(),
                   "SELECT due_at FROM messages WHERE source = 'campaign' AND source_id = ? AND "
                   "status = ? ORDER BY due_at, id");
    q.bind(id, status);
    while (q.next()) out.push_back(q.i64(0));
    return out;
  };
  ASSERT_EQ(due_times("queued").size(), 6U);

  const auto paused = c_.post(path + "/pause", Json::object());
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.json()["status"], "paused");
  EXPECT_EQ(due_times("held").size(), 6U);
  EXPECT_TRUE(due_times("queued").empty());
  const auto held = c_.get("/api/v1/messages?status=held");
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.json()["items"].size(), 6U);
  expect_problem(c_.post(path + "/pause", Json::object()), 409);
  process();  // the engine assigns nothing to a paused campaign
  EXPECT_EQ(due_times("held").size(), 6U);

  s_.shop().clock().advance(std::chrono::hours(1));
  const int64_t now = to_millis(s_.shop().clock().now());
  const auto resumed = c_.post(path + "/resume", Json::object());
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.json()["status"], "done");
  const auto again = due_times("queued");
  ASSERT_EQ(again.size(), 6U);
  EXPECT_EQ(again.front(), now);
  for (size_t i = 1; i < again.size(); ++i) EXPECT_EQ(again[i] - again[i - 1], 30'000) << i;
  expect_problem(c_.post(path + "/resume", Json::object()), 409);

  // Audited, like every campaign send.
  const auto audit = c_.get("/api/v1/audit?action=campaign.pause");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("campaign.pause"), std::string::npos) << audit.body;

  // A message the provider gave up on goes back to the queue once.
  int64_t message = 0;
  {
    store::Query q(s_.shop().conn(), "SELECT MIN(id) FROM messages WHERE source = 'campaign'");
    message = q.single_int64().value().value_or(0);
  }
  const std::string mpath = "/api/v1/messages/" + std::to_string(message);
  expect_problem(c_.post(mpath + "/retry", Json::object()), 409);  // queued
  ASSERT_TRUE(s_.shop()
                  .conn()
                  .execute("UPDATE messages SET status = 'dead', reason = 'HTTP 500', attempts = 8 "
                           "WHERE id = " +
                           std::to_string(message))
                  .is_ok());
  const auto retried = c_.post(mpath + "/retry", Json::object());
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json()["status"], "queued");
  EXPECT_EQ(retried.json()["attempts"], 0);
  expect_problem(c_.post("/api/v1/messages/999999/retry", Json::object()), 404);

  // Cancelling takes held and queued messages alike.
  ASSERT_EQ(c_.post(path + "/pause", Json::object()).status, 200);
  ASSERT_EQ(c_.post(path + "/cancel", Json::object()).status, 200);
  EXPECT_EQ(due_times("cancelled").size(), 6U);
}

}  // namespace
}  // namespace guanxi::api
