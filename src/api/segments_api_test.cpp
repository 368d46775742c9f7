// Customer intelligence over HTTP, against the real SegmentEngine: rule
// previews and positioned rule errors, stored segments and their members,
// CSV export, the model reports and settings, membership tiers, and the
// real-time path from an order to a segment_entered change.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api/testing/helpers.hpp"
#include "api/testing/orders.hpp"
#include "api/testing/test_server.hpp"
#include "store/change_feed.hpp"

namespace guanxi::api {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

using testing::buy;
using testing::put;

// Three buyers: A (2 purchases, ¥300), B (3 purchases, ¥900), C (1 purchase, ¥50).
struct Shop3 {
  int64_t a = 0, b = 0, c = 0;
};
Shop3 three_buyers(TestServer& s, HttpClient& c) {
  Shop3 ids;
  ids.a = buy(c, "A-1", 10000, "13700000001", "甲");
  buy(c, "A-2", 20000, "13700000001", "甲");
  ids.b = buy(c, "B-1", 30000, "13700000002", "乙");
  buy(c, "B-2", 30000, "13700000002", "乙");
  buy(c, "B-3", 30000, "13700000002", "乙");
  ids.c = buy(c, "C-1", 5000, "13700000003", "丙");
  EXPECT_TRUE(s.segments().process_pending().ok());
  return ids;
}

std::string segment_path(int64_t id, const std::string& rest = "") {
  return "/api/v1/segments/" + std::to_string(id) + rest;
}

TEST(SegmentsApiTest, PreviewCountsAndSamples) {
  TestServer s;
  auto c = s.client();
  const Shop3 ids = three_buyers(s, c);

  const auto r = c.post("/api/v1/segments/preview", {{"rule", "orders>=2"}, {"sample", 5}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json p = r.json();
  EXPECT_EQ(p["count"], 2);
  EXPECT_TRUE(p["elapsed_ms"].is_number());
  EXPECT_EQ(p["as_of"], "2024-06-01");  // the test clock's shop-local day
  EXPECT_EQ(p["rule"], "orders >= 2");  // canonical text
  EXPECT_EQ(p["rule_json"]["field"], "orders");
  ASSERT_EQ(p["sample"].size(), 2U);
  EXPECT_EQ(p["sample"][0]["id"], std::min(ids.a, ids.b));
  const Json& first = p["sample"][0]["id"] == ids.a ? p["sample"][0] : p["sample"][1];
  EXPECT_EQ(first["name"], "甲");
  EXPECT_EQ(first["city"], "杭州");
  EXPECT_EQ(first["orders"], 2);
  EXPECT_EQ(first["revenue"], 30000);

  // The JSON form answers the same; as_of before every purchase counts nobody.
  const auto j = c.post("/api/v1/segments/preview",
                        {{"rule_json", p["rule_json"]}, {"as_of", "2024-04-30"}, {"sample", 0}});
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.json()["count"], 0);
  EXPECT_EQ(j.json()["as_of"], "2024-04-30");
  EXPECT_TRUE(j.json()["sample"].empty());
}

TEST(SegmentsApiTest, MalformedRuleIsA400WithLineAndColumn) {
  TestServer s;
  auto c = s.client();
  const auto r = c.post("/api/v1/segments/preview", {{"rule", "orders >= 3 and revnue > 500"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  const Json p = r.json();
  EXPECT_EQ(p["code"], "invalid_argument");
  EXPECT_EQ(p["field"], "/rule");
  EXPECT_EQ(p["line"], 1);
  EXPECT_EQ(p["column"], 17);
  EXPECT_NE(p["detail"].get<std::string>().find("line 1, col 17"), std::string::npos) << p;
  EXPECT_NE(p["detail"].get<std::string>().find("revenue"), std::string::npos) << p;

  // The JSON form points into rule_json; bad inputs around the rule name their member.
  const auto bad_json = c.post("/api/v1/segments/preview",
                               {{"rule_json", {{"op", ">="}, {"field", "revnue"}, {"value", 1}}}});
  ASSERT_EQ(bad_json.status, 400) << bad_json.body;
  EXPECT_TRUE(bad_json.json()["field"].get<std::string>().starts_with("/rule_json"))
      << bad_json.body;
  EXPECT_EQ(c.post("/api/v1/segments/preview", Json::object()).json()["field"], "/rule");
  EXPECT_EQ(
      c.post("/api/v1/segments/preview", {{"rule", "orders > 1"}, {"sample", 101}}).json()["field"],
      "/sample");
  EXPECT_EQ(c.post("/api/v1/segments/preview", {{"rule", "orders > 1"}, {"as_of", "2024-13-01"}})
                .json()["field"],
            "/as_of");
  EXPECT_EQ(c.post("/api/v1/segments", {{"name", "x"}, {"rule", "orders >"}}).status, 400);
}

TEST(SegmentsApiTest, CreateReadUpdateDelete) {
  TestServer s;
  auto c = s.client();
  const Shop3 ids = three_buyers(s, c);

  const auto made = c.post("/api/v1/segments", {{"name", "复购客户"},
                                                {"rule", "orders >= 2"},
                                                {"description", "bought twice"},
                                                {"tag", "复购"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const Json seg = made.json();
  const int64_t id = seg["id"].get<int64_t>();
  EXPECT_EQ(made.header("Location"), segment_path(id));
  EXPECT_EQ(seg["kind"], "dynamic");
  EXPECT_EQ(seg["rule"], "orders >= 2");
  EXPECT_EQ(seg["rule_json"]["op"], ">=");
  EXPECT_EQ(seg["member_count"], 2);
  EXPECT_EQ(seg["tag"], "复购");

  const auto got = c.get(segment_path(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["name"], "复购客户");
  const auto list = c.get("/api/v1/segments");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["items"].size(), 1U);

  // The customer's side.
  const auto of_b = c.get("/api/v1/customers/" + std::to_string(ids.b) + "/segments");
  ASSERT_EQ(of_b.status, 200) << of_b.body;
  ASSERT_EQ(of_b.json()["items"].size(), 1U);
  EXPECT_EQ(of_b.json()["items"][0]["id"], id);
  EXPECT_TRUE(
      c.get("/api/v1/customers/" + std::to_string(ids.c) + "/segments").json()["items"].empty());

  const auto patched = c.patch(segment_path(id), {{"name", "三次以上"}, {"rule", "orders >= 3"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["name"], "三次以上");
  EXPECT_EQ(patched.json()["member_count"], 1);
  EXPECT_EQ(c.patch(segment_path(id), {{"kind", "static"}}).status, 400);

  // A static list of uploaded ids, and the overlap of the two.
  const auto listed =
      c.post("/api/v1/segments", {{"name", "名单"}, {"kind", "static"}, {"ids", {ids.a, ids.b}}});
  ASSERT_EQ(listed.status, 201) << listed.body;
  const int64_t list_id = listed.json()["id"].get<int64_t>();
  EXPECT_EQ(listed.json()["kind"], "static");
  EXPECT_EQ(listed.json()["member_count"], 2);
  const auto overlap =
      c.get("/api/v1/segments/overlap?a=" + std::to_string(id) + "&b=" + std::to_string(list_id));
  ASSERT_EQ(overlap.status, 200) << overlap.body;
  EXPECT_EQ(overlap.json()["both"], 1);
  EXPECT_EQ(overlap.json()["only_b"], 1);
  EXPECT_EQ(c.get("/api/v1/segments/overlap?a=" + std::to_string(id)).status, 400);
  EXPECT_EQ(
      c.post("/api/v1/segments", {{"name", "x"}, {"kind", "static"}, {"ids", {0}}}).json()["field"],
      "/ids/0");

  const auto sizes = c.get(segment_path(id, "/sizes?days=7"));
  ASSERT_EQ(sizes.status, 200) << sizes.body;
  EXPECT_TRUE(sizes.json()["items"].is_array());

  EXPECT_EQ(c.del(segment_path(id)).status, 204);
  EXPECT_EQ(c.get(segment_path(id)).status, 404);
  EXPECT_EQ(c.get("/api/v1/segments/abc").status, 400);
}

TEST(SegmentsApiTest, MembersPageByCursorAndExportAsCsv) {
  TestServer s;
  auto c = s.client();
  const Shop3 ids = three_buyers(s, c);
  const auto made = c.post("/api/v1/segments", {{"name", "买过"}, {"rule", "orders >= 1"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.json()["id"].get<int64_t>();

  const auto first = c.get(segment_path(id, "/members?limit=2"));
  ASSERT_EQ(first.status, 200) << first.body;
  const Json p1 = first.json();
  EXPECT_EQ(p1["total"], 3);
  ASSERT_EQ(p1["items"].size(), 2U);
  EXPECT_EQ(p1["items"][0]["id"], ids.a);
  ASSERT_TRUE(p1["next_after"].is_number()) << p1;
  const auto second = c.get(segment_path(
      id, "/members?limit=2&after=" + std::to_string(p1["next_after"].get<int64_t>())));
  ASSERT_EQ(second.status, 200) << second.body;
  const Json p2 = second.json();
  ASSERT_EQ(p2["items"].size(), 1U);
  EXPECT_EQ(p2["items"][0]["id"], ids.c);
  EXPECT_TRUE(p2["next_after"].is_null());
  EXPECT_EQ(c.get(segment_path(id, "/members?limit=0")).json()["parameter"], "limit");

  const auto csv = c.get(segment_path(id, "/export.csv"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  const std::string expected =
      "id,name,city,tier,orders,revenue_yuan\r\n" + std::to_string(ids.a) + ",甲,杭州,";
  EXPECT_EQ(csv.body.substr(0, expected.size()), expected) << csv.body;
  EXPECT_NE(csv.body.find(std::to_string(ids.b) + ",乙,杭州,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",3,900.00\r\n"), std::string::npos) << csv.body;
  size_t lines = 0;
  for (const char ch : csv.body) lines += ch == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 4U);
  EXPECT_EQ(c.get(segment_path(987654, "/export.csv")).status, 404);
}

TEST(SegmentsApiTest, ModelReportsHaveTheirShapes) {
  TestServer s;
  auto c = s.client();
  three_buyers(s, c);

  const auto rfm = c.get("/api/v1/analytics/rfm");
  ASSERT_EQ(rfm.status, 200) << rfm.body;
  const Json r = rfm.json();
  EXPECT_EQ(r["purchasers"], 3);
  ASSERT_EQ(r["cells"].size(), 125U);
  ASSERT_EQ(r["groups"].size(), 8U);
  EXPECT_EQ(r["groups"][0]["name"], "重要价值客户");
  int64_t in_groups = 0, in_cells = 0;
  for (const auto& g : r["groups"]) in_groups += g["customers"].get<int64_t>();
  for (const auto& cell : r["cells"]) in_cells += cell["customers"].get<int64_t>();
  EXPECT_EQ(in_groups, 3);
  EXPECT_EQ(in_cells, 3);
  EXPECT_EQ(r["cells"][124]["r"], 5);
  EXPECT_EQ(r["cells"][124]["m"], 5);

  const auto abc = c.get("/api/v1/analytics/abc?as_of=2024-06-01");
  ASSERT_EQ(abc.status, 200) << abc.body;
  EXPECT_EQ(abc.json()["as_of"], "2024-06-01");
  ASSERT_EQ(abc.json()["classes"].size(), 3U);
  EXPECT_EQ(abc.json()["total_revenue"], 125000);

  const auto life = c.get("/api/v1/analytics/lifecycle");
  ASSERT_EQ(life.status, 200) << life.body;
  ASSERT_EQ(life.json()["stages"].size(), 6U);
  EXPECT_EQ(life.json()["stages"][0]["stage"], "prospect");

  const auto bad = c.get("/api/v1/analytics/rfm?as_of=yesterday");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["parameter"], "as_of");
  EXPECT_EQ(c.get("/api/v1/analytics/rfm?asof=2024-01-01").status, 400);
}

TEST(SegmentsApiTest, ModelSettingsAreValidatedNamingTheKey) {
  TestServer s;
  auto c = s.client();
  const auto defaults = c.get("/api/v1/settings/models");
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.json()["active_days"], 90);

  Json changed = defaults.json();
  changed["new_days"] = 45;
  const auto saved = put(c, "/api/v1/settings/models", changed);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(c.get("/api/v1/settings/models").json()["new_days"], 45);

  const auto bad = put(c, "/api/v1/settings/models", {{"at_risk_days", 10}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["field"], "/at_risk_days");
  EXPECT_NE(bad.json()["detail"].get<std::string>().find("at_risk_days"), std::string::npos);
  EXPECT_EQ(put(c, "/api/v1/settings/models", {{"newdays", 3}}).json()["field"], "/newdays");
  EXPECT_EQ(c.get("/api/v1/settings/models").json()["new_days"], 45);
}

TEST(SegmentsApiTest, TierConfigRoundTripsAndReviewRecomputes) {
  TestServer s;
  auto c = s.client();
  const auto initial = c.get("/api/v1/tiers/config");
  ASSERT_EQ(initial.status, 200) << initial.body;
  EXPECT_EQ(initial.json()["enabled"], false);  // never saved
  ASSERT_EQ(initial.json()["levels"].size(), 4U);

  Json config = initial.json();
  config["enabled"] = true;
  const auto saved = put(c, "/api/v1/tiers/config", config);  // next_review is sent back too
  ASSERT_EQ(saved.status, 200) << saved.body;
  const auto again = c.get("/api/v1/tiers/config");
  EXPECT_EQ(again.json(), saved.json());
  EXPECT_EQ(again.json()["enabled"], true);
  EXPECT_EQ(again.json()["next_review"], "2024-07-01");

  Json bad = config;
  bad["match"] = "sometimes";
  const auto rejected = put(c, "/api/v1/tiers/config", bad);
  ASSERT_EQ(rejected.status, 400) << rejected.body;
  EXPECT_EQ(rejected.json()["field"], "/match");
  EXPECT_NE(rejected.json()["detail"].get<std::string>().find("tiers.match"), std::string::npos)
      << rejected.body;

  // Purchases upgrade at once; the review finds everyone where they belong.
  const Shop3 ids = three_buyers(s, c);
  const auto review = c.post("/api/v1/tiers/review", Json::object());
  ASSERT_EQ(review.status, 200) << review.body;
  EXPECT_EQ(review.json()["review_day"], "2024-06-01");
  EXPECT_EQ(review.json()["upgraded"].get<int64_t>() + review.json()["downgraded"].get<int64_t>() +
                review.json()["unchanged"].get<int64_t>(),
            3);

  const auto dist = c.get("/api/v1/tiers/distribution");
  ASSERT_EQ(dist.status, 200) << dist.body;
  EXPECT_EQ(dist.json()["total"], 3);
  EXPECT_EQ(dist.json()["items"][0]["tier"], "普通会员");

  const auto history = c.get("/api/v1/tiers/history?customer_id=" + std::to_string(ids.b));
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_FALSE(history.json()["items"].empty());
  EXPECT_EQ(history.json()["items"][0]["customer_id"], ids.b);
  const auto page = c.get("/api/v1/tiers/history?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.json()["items"].size(), 1U);
  ASSERT_TRUE(page.json()["next_cursor"].is_number());
  EXPECT_EQ(c.get("/api/v1/tiers/history?customer_id=1&cursor=5").status, 400);
}

// Acceptance: posting an order through the API moves the customer into a
// dynamic segment and emits segment_entered within 1 s.
TEST(SegmentsApiTest, AnOrderMovesTheBuyerIntoADynamicSegmentWithinOneSecond) {
  TestServer s;
  auto c = s.client();
  const auto made = c.post("/api/v1/segments", {{"name", "两单以上"}, {"rule", "orders >= 2"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t segment = made.json()["id"].get<int64_t>();
  EXPECT_EQ(made.json()["member_count"], 0);

  const int64_t customer = buy(c, "RT-1", 8800, "13900000009");
  buy(c, "RT-2", 9900, "13900000009");
  const auto posted = std::chrono::steady_clock::now();

  bool member = false;
  bool entered = false;
  while (!(member && entered) &&
         std::chrono::steady_clock::now() - posted < std::chrono::seconds(2)) {
    if (!member) {
      const Json page = c.get(segment_path(segment, "/members")).json();
      for (const auto& m : page["ids"]) member = member || m == customer;
    }
    if (!entered) {
      auto changes =
          store::read_customer_changes(s.shop().conn(), s.shop().shop().id, customer, 50);
      ASSERT_TRUE(changes.ok()) << changes.status().to_string();
      for (const auto& ch : *changes) {
        entered = entered || (ch.kind == "segment_entered" && ch.entity_id == segment);
      }
    }
    if (!(member && entered)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto elapsed = std::chrono::steady_clock::now() - posted;
  EXPECT_TRUE(member);
  EXPECT_TRUE(entered);
  EXPECT_LT(elapsed, std::chrono::seconds(1))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
}

TEST(SegmentsApiTest, EveryRouteNeedsAKey) {
  TestServer s;
  auto anon = s.anonymous();
  EXPECT_EQ(anon.get("/api/v1/segments").status, 401);
  EXPECT_EQ(anon.get("/api/v1/analytics/rfm").status, 401);
  EXPECT_EQ(anon.get("/api/v1/tiers/config").status, 401);
}

}  // namespace
}  // namespace guanxi::api
