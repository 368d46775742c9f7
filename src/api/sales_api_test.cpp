// The sales records over HTTP: lead duplicate check and conversion without
// duplicates (case and format variants), stage moves with 422 naming the
// missing field and the complete history, the kanban board, competitors,
// activities and sales tasks, settings, the CSV import, and record
// visibility / PII masking from the caller's Principal.
#include <gtest/gtest.h>

#include "api/problem.hpp"
#include "api/render_sales.hpp"
#include "api/sales_input.hpp"
#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"
#include "store/query.hpp"

namespace guanxi::api {
namespace {

using testing::expect_problem;
using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

int64_t id_of(const HttpResponse& r) {
  EXPECT_TRUE(r.status == 200 || r.status == 201) << r.body;
  return r.json()["id"].get<int64_t>();
}

std::string path(const std::string& base, int64_t id, const std::string& rest = "") {
  return base + "/" + std::to_string(id) + rest;
}

TEST(SalesApiTest, LeadConversionLinksWithoutDuplicates) {
  TestServer server;
  HttpClient c = server.client();
  const int64_t acme = id_of(c.post("/api/v1/accounts", {{"name", "ACME Co., Ltd."}}));
  const int64_t wang = id_of(c.post(
      "/api/v1/contacts", {{"name", "王经理"}, {"phone", "13800138000"}, {"account_id", acme}}));

  const Json lead = {{"name", "王强"},
                     {"company", "acme"},
                     {"phone", "+86 138-0013-8000"},
                     {"email", "Wang@ACME.com"},
                     {"source", "event"}};
  auto r = c.post("/api/v1/leads", lead);
  expect_problem(r, 409);
  ASSERT_EQ(r.json()["duplicates"].size(), 2u) << r.body;
  EXPECT_EQ(r.json()["duplicates"][0]["type"], "contact");
  EXPECT_EQ(r.json()["duplicates"][0]["id"], wang);
  EXPECT_EQ(r.json()["duplicates"][0]["reasons"], Json({"phone"}));
  EXPECT_EQ(r.json()["duplicates"][1]["reasons"], Json({"company_name"}));
  r = c.get("/api/v1/leads/duplicates?company=ACME%20Inc");
  ASSERT_EQ(r.json()["items"].size(), 1u) << r.body;

  r = c.post("/api/v1/leads?on_duplicate=allow", lead);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["outcome"], "created");
  const int64_t lead_id = r.json()["id"].get<int64_t>();
  // The same lead again with link: the existing one, nothing new.
  r = c.post("/api/v1/leads?on_duplicate=link", lead);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["id"], lead_id);
  EXPECT_EQ(r.json()["outcome"], "linked");
  expect_problem(c.post("/api/v1/leads?on_duplicate=merge", lead), 400, "?on_duplicate");

  r = c.post(path("/api/v1/leads", lead_id, "/convert"),
             {{"opportunity", {{"name", "ACME 年度采购"}, {"amount_minor", 5000000}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["account"]["id"], acme);
  EXPECT_EQ(r.json()["account_created"], false);
  EXPECT_EQ(r.json()["contact"]["id"], wang);
  EXPECT_EQ(r.json()["contact_created"], false);
  EXPECT_EQ(r.json()["opportunity"]["name"], "ACME 年度采购");
  EXPECT_EQ(r.json()["opportunity"]["stage_name"], "初步接洽");
  EXPECT_EQ(r.json()["lead"]["status"], "converted");
  expect_problem(c.post(path("/api/v1/leads", lead_id, "/convert"), Json::object()), 409);
  EXPECT_EQ(c.get("/api/v1/accounts").json()["items"].size(), 1u);
  EXPECT_EQ(c.get("/api/v1/contacts").json()["items"].size(), 1u);

  // The account page: the decision chain and the opportunity.
  const int64_t boss = id_of(c.post("/api/v1/contacts", {{"name", "李总"},
                                                         {"account_id", acme},
                                                         {"decision_role", "decision_maker"},
                                                         {"influence", 5}}));
  ASSERT_EQ(c.patch(path("/api/v1/contacts", wang),
                    {{"reports_to_contact_id", boss}, {"decision_role", "purchasing_lead"}})
                .status,
            200);
  r = c.get(path("/api/v1/accounts", acme));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json page = r.json();
  EXPECT_EQ(page["decision_chain"]["by_role"][0]["role"], "decision_maker");
  EXPECT_EQ(page["decision_chain"]["by_role"][0]["contact_ids"], Json({boss}));
  ASSERT_EQ(page["decision_chain"]["reports_to_tree"].size(), 1u) << page.dump();
  EXPECT_EQ(page["decision_chain"]["reports_to_tree"][0]["contact_id"], boss);
  EXPECT_EQ(page["decision_chain"]["reports_to_tree"][0]["reports"][0]["contact_id"], wang);
  EXPECT_EQ(page["opportunities"].size(), 1u);
  // A cycle in reports_to is refused.
  expect_problem(c.patch(path("/api/v1/contacts", boss), {{"reports_to_contact_id", wang}}), 422,
                 "/reports_to_contact_id");
}

TEST(SalesApiTest, StageMovesAnswer422NamingTheMissingFieldAndKeepHistory) {
  TestServer server;
  HttpClient c = server.client();
  auto r = c.get("/api/v1/pipelines");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json()["items"].size(), 1u);
  const Json pipeline = r.json()["items"][0];
  EXPECT_EQ(pipeline["is_default"], true);
  ASSERT_EQ(pipeline["stages"].size(), 6u);
  EXPECT_EQ(pipeline["stages"][2]["name"], "方案报价");
  EXPECT_EQ(pipeline["stages"][2]["probability"], 50);
  EXPECT_EQ(pipeline["stages"][5]["kind"], "lost");
  const int64_t pid = pipeline["id"].get<int64_t>();
  const int64_t quote = pipeline["stages"][2]["id"].get<int64_t>();

  const int64_t opp = id_of(c.post("/api/v1/opportunities", {{"name", "门店数字化"}}));
  expect_problem(c.post(path("/api/v1/opportunities", opp, "/stage"), {{"stage_id", quote}}), 422,
                 "/amount_minor");
  r = c.post(path("/api/v1/opportunities", opp, "/stage"),
             {{"stage_id", quote}, {"amount_minor", 880000}});
  expect_problem(r, 422, "/expected_close_date");
  EXPECT_EQ(r.json()["code"], "unprocessable");
  r = c.post(
      path("/api/v1/opportunities", opp, "/stage"),
      {{"stage_id", quote}, {"amount_minor", 880000}, {"expected_close_date", "2024-08-15"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stage_name"], "方案报价");  // the updated opportunity
  EXPECT_EQ(r.json()["probability"], 50);
  expect_problem(c.post(path("/api/v1/opportunities", opp, "/stage"), {{"stage", "输单"}}), 422,
                 "/reason");
  expect_problem(c.post(path("/api/v1/opportunities", opp, "/stage"), {{"stage", "搁置"}}), 422,
                 "/stage");
  expect_problem(c.post(path("/api/v1/opportunities", opp, "/stage"), Json::object()), 400,
                 "/stage_id");
  r = c.post(path("/api/v1/opportunities", opp, "/stage"),
             {{"stage", "输单"}, {"reason", "预算取消"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "lost");
  EXPECT_EQ(r.json()["forecast_category"], "omitted");
  EXPECT_EQ(r.json()["close_reason"], "预算取消");
  EXPECT_FALSE(r.json()["closed_at"].is_null());
  r = c.get(path("/api/v1/opportunities", opp, "/history"));
  ASSERT_EQ(r.status, 200);
  const Json history = r.json()["items"];
  ASSERT_EQ(history.size(), 3u) << history.dump();
  EXPECT_TRUE(history[0]["from_stage_id"].is_null());
  EXPECT_EQ(history[1]["to_stage"], "方案报价");
  EXPECT_EQ(history[2]["from_stage"], "方案报价");
  EXPECT_EQ(history[2]["to_stage"], "输单");

  // The board and the list filtered by stage.
  const int64_t other =
      id_of(c.post("/api/v1/opportunities", {{"name", "仓储系统"}, {"amount_minor", 100}}));
  r = c.get(path("/api/v1/pipelines", pid, "/board?per_stage=5"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["columns"][0]["open_count"], 1);
  EXPECT_EQ(r.json()["columns"][0]["open_amount_minor"], 100);
  EXPECT_EQ(r.json()["columns"][0]["items"][0]["id"], other);
  EXPECT_EQ(r.json()["columns"][5]["items"][0]["id"], opp);
  const std::string first = std::to_string(pipeline["stages"][0]["id"].get<int64_t>());
  r = c.get("/api/v1/opportunities?status=open&stage=" + first);
  ASSERT_EQ(r.json()["items"].size(), 1u);
  expect_problem(c.get("/api/v1/opportunities?status=closed"), 400, "?status");
  expect_problem(c.get("/api/v1/opportunities?close_from=2024-13-01"), 400, "?close_from");
  expect_problem(c.get(path("/api/v1/opportunities", 999999)), 404);
}

TEST(SalesApiTest, CompetitorsLinesActivitiesAndTasks) {
  TestServer server;
  HttpClient c = server.client();
  const int64_t comp =
      id_of(c.post("/api/v1/competitors",
                   {{"name", "友商云"}, {"price_positioning", "budget"}, {"strengths", "便宜"}}));
  expect_problem(c.post("/api/v1/competitors", {{"name", "友商云"}}), 409, "/name");
  expect_problem(c.post("/api/v1/competitors", {{"name", "X"}, {"price_positioning", "cheap"}}),
                 400, "/price_positioning");
  const int64_t opp = id_of(c.post("/api/v1/opportunities", {{"name", "CRM 替换"}}));
  auto r = c.post(path("/api/v1/opportunities", opp, "/competitors"),
                  {{"competitor_id", comp}, {"notes", "对方在试用"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["competitors"][0]["name"], "友商云");
  r = c.request(
      "PUT", path("/api/v1/opportunities", opp, "/lines"),
      Json{{"lines", {{{"name", "席位"}, {"quantity", 20}, {"unit_price_minor", 100000}}}},
           {"amount_from_lines", true}}
          .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["amount_minor"], 2000000);
  EXPECT_EQ(r.json()["lines"][0]["total_minor"], 2000000);

  r = c.post("/api/v1/activities",
             {{"kind", "meeting"}, {"subject", "演示"}, {"opportunity_id", opp}});
  ASSERT_EQ(r.status, 201) << r.body;
  expect_problem(
      c.post("/api/v1/activities", {{"kind", "fax"}, {"subject", "x"}, {"opportunity_id", opp}}),
      400, "/kind");
  expect_problem(
      c.post("/api/v1/activities", {{"kind", "call"}, {"subject", "x"}, {"lead_id", 424242}}), 422,
      "/lead_id");
  r = c.get("/api/v1/activities?opportunity=" + std::to_string(opp));
  ASSERT_EQ(r.json()["items"].size(), 1u);
  r = c.get(path("/api/v1/opportunities", opp));
  EXPECT_FALSE(r.json()["last_activity_at"].is_null());

  r = c.post(
      "/api/v1/sales/tasks",
      {{"title", "发报价单"}, {"opportunity_id", opp}, {"due_at", "2024-06-03T10:00:00+08:00"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["opportunity_id"], opp);
  r = c.get("/api/v1/sales/tasks?opportunity=" + std::to_string(opp));
  ASSERT_EQ(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["title"], "发报价单");
  expect_problem(c.post("/api/v1/sales/tasks", {{"title", "x"}}), 400, "/opportunity_id");
}

TEST(SalesApiTest, SettingsAndCsvImport) {
  TestServer server;
  HttpClient c = server.client();
  auto r = c.get("/api/v1/settings/sales");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["assignment"]["mode"], "none");
  Json s = r.json();
  s["assignment"]["mode"] = "sometimes";
  expect_problem(c.request("PUT", "/api/v1/settings/sales", s.dump()), 400, "/assignment/mode");
  s["assignment"]["mode"] = "round_robin";
  s["assignment"]["users"] = {4242};
  expect_problem(c.request("PUT", "/api/v1/settings/sales", s.dump()), 422, "/assignment/users/0");

  const std::string csv =
      "线索编号,姓名,公司名称,手机,邮箱,职位,来源,地区\n"
      "L1,张三,星河地产,13900001111,zhang@xinghe.cn,总经理,展会,华东\n"
      "L2,李四,云栖科技,not-a-phone,li@yunqi.cn,工程师,转介绍,华东\n"
      "L3,王五,云栖科技,13900003333,,采购,传真,华南\n";
  r = c.post("/api/v1/sales/import?type=leads", {{"csv", csv}, {"file", "leads.csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 1);
  EXPECT_EQ(r.json()["rejected"], 2);
  ASSERT_EQ(r.json()["issues"].size(), 2u);
  EXPECT_EQ(r.json()["issues"][0]["line"], 3);
  EXPECT_EQ(r.json()["issues"][0]["column"], "手机");
  EXPECT_EQ(r.json()["issues"][1]["line"], 4);
  EXPECT_EQ(r.json()["issues"][1]["column"], "来源");
  r = c.post("/api/v1/sales/import?type=leads", {{"csv", csv}});
  EXPECT_EQ(r.json()["unchanged"], 1);
  r = c.get("/api/v1/leads");
  ASSERT_EQ(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["source"], "event");
  EXPECT_EQ(r.json()["items"][0]["fit_score"], 20);  // 总经理 matches the default title rule
  expect_problem(c.post("/api/v1/sales/import", {{"csv", csv}}), 400, "?type");
}

TEST(SalesApiTest, VisibilityAndMaskingFollowThePrincipal) {
  Principal rep;
  rep.role = "sales";
  rep.user_id = 7;
  rep.team_id = 2;
  EXPECT_EQ(viewer_of(rep).scope, sales::Viewer::Scope::kOwn);
  EXPECT_EQ(viewer_of(rep).user_id, 7);
  Principal manager = rep;
  manager.role = "manager";
  EXPECT_EQ(viewer_of(manager).scope, sales::Viewer::Scope::kTeam);
  Principal key;
  key.role = "admin";
  key.api_key_id = 1;
  EXPECT_EQ(viewer_of(key).scope, sales::Viewer::Scope::kAll);

  TestServer server;
  HttpClient c = server.client();
  const int64_t acct = id_of(c.post("/api/v1/accounts", {{"name", "星河地产"}}));
  // A rep who neither owns nor shares the account: 403 problem+json on read.
  auto& shop = server.shop();
  auto r = shop.read_context();
  const Status denied = sales::get_account(r, viewer_of(rep), acct).status();
  EXPECT_EQ(denied.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(http_status_for(denied.code()), 403);
  EXPECT_EQ(problem_json(denied)["status"], 403);

  sales::Contact contact;
  contact.name = "周总";
  contact.phone = "13812345678";
  contact.email = "zhou@example.com";
  const Json masked = render_contact(contact, ShopZone::shanghai(), can_view_pii(rep));
  EXPECT_EQ(masked["phone"], "138****5678");
  EXPECT_EQ(masked["email"], "z***@example.com");
  const Json clear = render_contact(contact, ShopZone::shanghai(), can_view_pii(key));
  EXPECT_EQ(clear["phone"], "13812345678");
}

}  // namespace
}  // namespace guanxi::api
