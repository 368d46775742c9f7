// The customer list's engine filters (tier, lifecycle, segment), its phone and
// e-mail columns masked by role, the streamed CSV export (permission, masking,
// audit, X-Total-Count) and the models in the 360, over HTTP against the real
// SegmentEngine.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "api/testing/helpers.hpp"
#include "api/testing/orders.hpp"
#include "api/testing/test_server.hpp"
#include "domain/users.hpp"

namespace guanxi::api {
namespace {

using testing::buy;
using testing::HttpClient;
using testing::HttpResponse;
using testing::kPassword;
using testing::TestServer;

// A session of a signed-in user (cookie), for GETs.
struct CookieBrowser {
  HttpClient http;
  std::string cookie;
  HttpResponse get(std::string_view target) {
    return http.request("GET", target, {}, "", {{"Cookie", cookie}});
  }
};

// The test clock's day is 2024-06-01. With the default ladder enabled:
//   a  1 purchase  ¥100 on 05-25 → 普通会员, new
//   b  3 purchases ¥900 on 05-01 → 高级会员, active
//   c  1 purchase  ¥50  on 2023-10-01 → 普通会员, low_value_churned
//   d  no purchase (e-mail only)  → no tier, prospect
//   e  2 purchases ¥200 on 05-20 → 高级会员, active
class CustomersExportApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { domain::set_password_cost(domain::PasswordCost::minimum()); }

  void SetUp() override {
    auto c = s_.client();
    Json config = c.get("/api/v1/tiers/config").json();
    config["enabled"] = true;
    ASSERT_EQ(c.request("PUT", "/api/v1/tiers/config", config.dump()).status, 200);
    a_ = buy(c, "A-1", 10000, "13700000001", "甲", "2024-05-25");
    b_ = buy(c, "B-1", 30000, "13700000002", "乙", "2024-05-01");
    buy(c, "B-2", 30000, "13700000002", "乙", "2024-05-01");
    buy(c, "B-3", 30000, "13700000002", "乙", "2024-05-01");
    c_ = buy(c, "C-1", 5000, "13700000003", "丙", "2023-10-01");
    const auto d = c.post(
        "/api/v1/customers",
        {{"name", "丁"}, {"identities", {{{"type", "email"}, {"value", "dee@example.com"}}}}});
    ASSERT_EQ(d.status, 201) << d.body;
    d_ = d.json()["profile"]["id"].get<int64_t>();
    e_ = buy(c, "E-1", 10000, "13700000005", "戊", "2024-05-20");
    buy(c, "E-2", 10000, "13700000005", "戊", "2024-05-20");
    ASSERT_TRUE(s_.segments().process_pending().ok());
  }

  int64_t add_user(const std::string& username, const std::string& role,
                   std::vector<std::string> grants = {}) {
    domain::NewUser u;
    u.username = username;
    u.role = role;
    u.grants = std::move(grants);
    u.password_hash = domain::hash_password(kPassword).value();
    auto user = s_.shop().write_through(
        s_.writer(), [&](domain::WriteContext& w) { return domain::create_user(w, u); });
    EXPECT_TRUE(user.ok()) << user.status().to_string();
    return user.ok() ? user->id : 0;
  }

  CookieBrowser sign_in(const std::string& username) {
    CookieBrowser b{s_.anonymous(), ""};
    const HttpResponse r =
        b.http.post("/api/v1/session", Json{{"username", username}, {"password", kPassword}});
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set = r.header("Set-Cookie");
    b.cookie = set.substr(0, set.find(';'));
    return b;
  }

  // The ids of every page of a list (following next_cursor).
  std::vector<int64_t> ids_of(const std::string& target) {
    std::vector<int64_t> ids;
    auto c = s_.client();
    std::string cursor;
    for (int page = 0; page < 20; ++page) {
      const auto r = c.get(target + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      const Json body = r.json();
      for (const Json& item : body["items"]) ids.push_back(item["id"].get<int64_t>());
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"].get<std::string>();
    }
    return ids;
  }

  std::vector<int64_t> sorted(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  TestServer s_;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0, e_ = 0;
};

// The rows of a CSV body after its byte order mark and header line.
std::vector<std::string> csv_rows(const std::string& body) {
  std::vector<std::string> rows;
  size_t at = body.find("\r\n");
  while (at != std::string::npos && at + 2 < body.size()) {
    const size_t end = body.find("\r\n", at + 2);
    rows.push_back(body.substr(at + 2, end - at - 2));
    at = end;
  }
  return rows;
}

TEST_F(CustomersExportApiTest, TierAndLifecycleFiltersReturnExactlyTheirCustomers) {
  EXPECT_EQ(ids_of("/api/v1/customers?tier=高级会员"), sorted({b_, e_}));
  EXPECT_EQ(ids_of("/api/v1/customers?tier=普通会员"), sorted({a_, c_}));
  EXPECT_EQ(ids_of("/api/v1/customers?lifecycle=new"), std::vector<int64_t>{a_});
  EXPECT_EQ(ids_of("/api/v1/customers?lifecycle=active"), sorted({b_, e_}));
  EXPECT_EQ(ids_of("/api/v1/customers?lifecycle=churned"), std::vector<int64_t>{c_});
  EXPECT_EQ(ids_of("/api/v1/customers?lifecycle=low_value_churned"), std::vector<int64_t>{c_});
  EXPECT_EQ(ids_of("/api/v1/customers?lifecycle=prospect"), std::vector<int64_t>{d_});
  EXPECT_EQ(ids_of("/api/v1/customers?tier=普通会员&lifecycle=new"), std::vector<int64_t>{a_});
  EXPECT_TRUE(ids_of("/api/v1/customers?tier=高级会员&lifecycle=new").empty());
  // The store's filters narrow the engine's: a name search and a tag.
  EXPECT_EQ(ids_of("/api/v1/customers?tier=高级会员&q=乙"), std::vector<int64_t>{b_});
  auto c = s_.client();
  ASSERT_EQ(
      c.post("/api/v1/customers/" + std::to_string(e_) + "/tags", {{"tags", {"回访"}}}).status,
      200);
  ASSERT_TRUE(s_.segments().process_pending().ok());
  EXPECT_EQ(ids_of("/api/v1/customers?lifecycle=active&tag=回访"), std::vector<int64_t>{e_});

  // Pages of one by ascending id, with the total of the engine's answer.
  const auto first = c.get("/api/v1/customers?tier=高级会员&limit=1");
  ASSERT_EQ(first.status, 200) << first.body;
  const Json p1 = first.json();
  EXPECT_EQ(p1["total"], 2);
  ASSERT_EQ(p1["items"].size(), 1U);
  EXPECT_EQ(p1["items"][0]["id"], std::min(b_, e_));
  EXPECT_EQ(p1["items"][0]["tier"], "高级会员");
  EXPECT_EQ(ids_of("/api/v1/customers?tier=高级会员&limit=1"), sorted({b_, e_}));

  // A segment's members, alone and with a tier.
  const auto seg = c.post("/api/v1/segments", {{"name", "老客"}, {"rule", "orders >= 2"}});
  ASSERT_EQ(seg.status, 201) << seg.body;
  const std::string segment = std::to_string(seg.json()["id"].get<int64_t>());
  EXPECT_EQ(ids_of("/api/v1/customers?segment=" + segment), sorted({b_, e_}));
  EXPECT_TRUE(ids_of("/api/v1/customers?segment=" + segment + "&tier=普通会员").empty());
}

TEST_F(CustomersExportApiTest, BadFilterValuesNameTheParameter) {
  auto c = s_.client();
  auto expect_bad = [&c](const std::string& target, const std::string& parameter) {
    const auto r = c.get(target);
    EXPECT_EQ(r.status, 400) << target << ": " << r.body;
    if (!parameter.empty()) {
      EXPECT_EQ(r.json()["parameter"], parameter) << r.body;
    }
  };
  expect_bad("/api/v1/customers?tier=金卡", "tier");
  expect_bad("/api/v1/customers?lifecycle=zombie", "lifecycle");
  expect_bad("/api/v1/customers?segment=999", "segment");
  expect_bad("/api/v1/customers?tier=高级会员&sort=name", "sort");
  expect_bad("/api/v1/customers?tier=高级会员&cursor=!!", "");
  expect_bad("/api/v1/customers/export?format=xlsx", "format");
  expect_bad("/api/v1/customers/export?lifecycle=zombie", "");
}

TEST_F(CustomersExportApiTest, ListShowsPhoneAndEmailMaskedWithoutPiiView) {
  auto admin = s_.client();
  const auto full = admin.get("/api/v1/customers?limit=10");
  ASSERT_EQ(full.status, 200) << full.body;
  const Json items = full.json()["items"];
  std::map<int64_t, Json> by_id;
  for (const Json& item : items) by_id[item["id"].get<int64_t>()] = item;
  EXPECT_EQ(by_id[a_]["phone"], "+8613700000001");
  EXPECT_TRUE(by_id[a_]["email"].is_null());
  EXPECT_EQ(by_id[d_]["email"], "dee@example.com");
  EXPECT_TRUE(by_id[d_]["phone"].is_null());

  add_user("csr1", "csr");
  CookieBrowser csr = sign_in("csr1");
  const auto masked = csr.get("/api/v1/customers?limit=10");
  ASSERT_EQ(masked.status, 200) << masked.body;
  const Json masked_items = masked.json()["items"];
  std::map<int64_t, Json> masked_by_id;
  for (const Json& item : masked_items) masked_by_id[item["id"].get<int64_t>()] = item;
  EXPECT_EQ(masked_by_id[a_]["phone"], "137****0001");
  EXPECT_EQ(masked_by_id[d_]["email"], "d***@example.com");
  // With a filter too.
  const auto filtered = csr.get("/api/v1/customers?lifecycle=new");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(filtered.json()["items"][0]["phone"], "137****0001");
}

TEST_F(CustomersExportApiTest, ExportStreamsCsvWithTotalAndAudit) {
  auto admin = s_.client();
  const auto r = admin.get("/api/v1/customers/export?format=csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.header("X-Total-Count"), "5");
  EXPECT_NE(r.header("Content-Disposition").find("customers.csv"), std::string::npos);
  ASSERT_TRUE(
      r.body.starts_with("\xEF\xBB\xBF"
                         "id,name,phone,email,"))
      << r.body;
  const auto rows = csv_rows(r.body);
  ASSERT_EQ(rows.size(), 5U) << r.body;
  EXPECT_TRUE(rows[0].starts_with(std::to_string(a_) + ",甲,13700000001,,,杭州,普通会员,1,100.00,"))
      << rows[0];
  const auto d_row = std::find_if(rows.begin(), rows.end(), [&](const std::string& row) {
    return row.starts_with(std::to_string(d_) + ",");
  });
  ASSERT_NE(d_row, rows.end());
  EXPECT_NE(d_row->find("dee@example.com"), std::string::npos) << *d_row;

  // Filtered, with Chinese headers.
  const auto tier = admin.get("/api/v1/customers/export?tier=高级会员&headers=zh");
  ASSERT_EQ(tier.status, 200) << tier.body;
  EXPECT_EQ(tier.header("X-Total-Count"), "2");
  EXPECT_TRUE(
      tier.body.starts_with("\xEF\xBB\xBF"
                            "ID,姓名,手机,邮箱"))
      << tier.body;
  const auto tier_rows = csv_rows(tier.body);
  ASSERT_EQ(tier_rows.size(), 2U) << tier.body;
  EXPECT_TRUE(tier_rows[0].starts_with(std::to_string(std::min(b_, e_)) + ","));
  const auto narrowed = admin.get("/api/v1/customers/export?lifecycle=active&q=戊");
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  EXPECT_EQ(narrowed.header("X-Total-Count"), "1");
  EXPECT_EQ(csv_rows(narrowed.body).size(), 1U);

  // Each export is in the audit log: the filters, the rows, personal data included.
  const auto audit = admin.get("/api/v1/audit?action=export");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Json events = audit.json()["items"];
  ASSERT_EQ(events.size(), 3U) << audit.body;
  const Json& newest = events[0];  // newest first
  EXPECT_EQ(newest["object_type"], "customers");
  EXPECT_EQ(newest["detail"]["rows"], 1);
  EXPECT_EQ(newest["detail"]["pii"], true);
  EXPECT_EQ(newest["detail"]["filters"], (Json{{"lifecycle", "active"}, {"q", "戊"}}));
  EXPECT_EQ(events[1]["detail"]["filters"], (Json{{"tier", "高级会员"}}));
  EXPECT_EQ(events[1]["detail"]["rows"], 2);
  EXPECT_EQ(events[2]["detail"]["rows"], 5);
}

TEST_F(CustomersExportApiTest, ExportNeedsThePermissionAndMasksWithoutPiiView) {
  EXPECT_EQ(s_.anonymous().get("/api/v1/customers/export").status, 401);
  add_user("csr_plain", "csr");
  CookieBrowser plain = sign_in("csr_plain");
  const auto denied = plain.get("/api/v1/customers/export");
  EXPECT_EQ(denied.status, 403) << denied.body;

  add_user("csr_export", "csr", {"customers.export"});
  CookieBrowser csr = sign_in("csr_export");
  const auto r = csr.get("/api/v1/customers/export");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("X-Total-Count"), "5");
  EXPECT_EQ(r.body.find("13700000001"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("dee@example.com"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(",137****0001,"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(",d***@example.com,"), std::string::npos) << r.body;

  const auto audit = s_.client().get("/api/v1/audit?action=export");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Json events = audit.json()["items"];
  ASSERT_EQ(events.size(), 1U) << audit.body;
  EXPECT_EQ(events[0]["detail"]["pii"], false);
  EXPECT_EQ(events[0]["detail"]["rows"], 5);
  EXPECT_NE(events[0]["actor"].get<std::string>().find("csr_export"), std::string::npos)
      << audit.body;
}

TEST_F(CustomersExportApiTest, The360ShowsTheModelsOfTheEngine) {
  auto c = s_.client();
  const int64_t shop = s_.shop().shop().id;
  for (const int64_t id : {a_, b_, c_, d_, e_}) {
    const auto r = c.get("/api/v1/customers/" + std::to_string(id));
    ASSERT_EQ(r.status, 200) << r.body;
    const Json intel = r.json()["intelligence"];
    const auto expected = s_.segments().customer_models(shop, id);
    ASSERT_TRUE(expected.ok() && expected->has_value());
    const auto& m = **expected;
    EXPECT_EQ(intel["as_of"], "2024-06-01");
    EXPECT_EQ(intel["lifecycle"], m.lifecycle);
    EXPECT_EQ(intel["gold"], m.gold);
    EXPECT_EQ(intel["drag"], m.drag);
    if (m.rfm_r == 0) {
      EXPECT_TRUE(intel["rfm"].is_null());
      EXPECT_TRUE(intel["abc"].is_null());
      continue;
    }
    EXPECT_EQ(intel["rfm"]["r"], m.rfm_r);
    EXPECT_EQ(intel["rfm"]["f"], m.rfm_f);
    EXPECT_EQ(intel["rfm"]["m"], m.rfm_m);
    EXPECT_EQ(intel["rfm"]["group"], m.rfm_group);
    EXPECT_EQ(intel["abc"], m.abc);
    // And the rules over the same models agree: the customer is in its own cell.
    const std::string rule = "rfm_r = " + std::to_string(m.rfm_r) +
                             " and rfm_f = " + std::to_string(m.rfm_f) +
                             " and rfm_m = " + std::to_string(m.rfm_m) + " and abc = \"" + m.abc +
                             "\" and lifecycle = \"" + m.lifecycle + "\"";
    const auto p = c.post("/api/v1/segments/preview", {{"rule", rule}, {"sample", 10}});
    ASSERT_EQ(p.status, 200) << p.body;
    const Json sample = p.json()["sample"];
    EXPECT_TRUE(std::any_of(sample.begin(), sample.end(), [&](const Json& x) {
      return x["id"] == id;
    })) << rule;
  }
  // By construction: a is new, c churned with one purchase, d a prospect.
  EXPECT_EQ(c.get("/api/v1/customers/" + std::to_string(a_)).json()["intelligence"]["lifecycle"],
            "new");
  EXPECT_EQ(c.get("/api/v1/customers/" + std::to_string(c_)).json()["intelligence"]["lifecycle"],
            "low_value_churned");
  EXPECT_EQ(c.get("/api/v1/customers/" + std::to_string(d_)).json()["intelligence"]["lifecycle"],
            "prospect");
  // b has the most revenue and purchases of the four buyers: class A, the top F and M
  // scores (1 + floor(5 * 3 / 4) = 4: three buyers below it).
  const Json b = c.get("/api/v1/customers/" + std::to_string(b_)).json()["intelligence"];
  EXPECT_EQ(b["abc"], "A");
  EXPECT_EQ(b["rfm"]["f"], 4);
  EXPECT_EQ(b["rfm"]["m"], 4);
}

}  // namespace
}  // namespace guanxi::api
