// The real `guanxi` command on the committed import fixtures: idempotent
// re-import, error reports with line numbers, GBK input, merges by shared
// phone, the 360 by identity, online backup, and clear errors for bad input.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

class CliTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    auto r = guanxi({"shop", "create", "--db", db(), "--name", "测试店"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string fixture(const std::string& name) {
    // Copy, so error reports land in the scratch directory, not in the source tree.
    const auto target = dir_ / name;
    std::filesystem::copy_file(kFixtures / "import" / name, target,
                               std::filesystem::copy_options::overwrite_existing);
    return target.string();
  }
  Json import(const std::string& file, const std::string& format = "taobao") {
    return guanxi_json({"import", "orders", file, "--format", format, "--db", db()});
  }
};

TEST_F(CliTest, ReimportingAFixtureChangesNothing) {
  const std::string file = fixture("taobao_orders.csv");
  const Json first = import(file);
  const int64_t created = first["orders"]["created"].get<int64_t>();
  ASSERT_GT(created, 0);
  const int64_t orders = scalar(db(), "SELECT COUNT(*) FROM orders");
  const int64_t customers = scalar(db(), "SELECT COUNT(*) FROM customers");
  const int64_t changes = scalar(db(), "SELECT COUNT(*) FROM changes");

  const Json second = import(file);
  EXPECT_EQ(second["orders"]["created"], 0);
  EXPECT_EQ(second["orders"]["updated"], 0);
  EXPECT_EQ(second["orders"]["unchanged"], created);
  EXPECT_EQ(second["customers"]["created"], 0);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM orders"), orders);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM customers"), customers);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM changes"), changes);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM import_runs WHERE finished_at IS NOT NULL"), 2);

  // A later export with new statuses updates those orders in place.
  const Json later = import(fixture("taobao_orders_reexport.csv"));
  EXPECT_GT(later["orders"]["updated"].get<int64_t>(), 0);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM orders"),
            orders + later["orders"]["created"].get<int64_t>());
}

TEST_F(CliTest, MalformedRowsGoToTheErrorReportWithLineNumbers) {
  const std::string file = fixture("taobao_malformed.csv");
  const Json summary = import(file);
  EXPECT_EQ(summary["rows_rejected"], 7);
  EXPECT_GT(summary["orders"]["created"].get<int64_t>(), 0);  // the good rows still land
  ASSERT_TRUE(summary["error_report"].is_string());
  const std::string report = read_file(summary["error_report"].get<std::string>());
  const std::string expected =
      read_file(kFixtures / "import" / "taobao_malformed.errors.expected.csv");
  EXPECT_EQ(report, expected);
  // Importing again rejects the same rows and writes nothing new.
  const Json again = import(file);
  EXPECT_EQ(again["rows_rejected"], 7);
  EXPECT_EQ(again["orders"]["created"], 0);
}

TEST_F(CliTest, GbkExportImportsLikeItsUtf8Twin) {
  const Json utf8 = import(fixture("taobao_orders.csv"));
  const std::string other = db("gbk.db");
  ASSERT_EQ(guanxi({"shop", "create", "--db", other, "--name", "gbk"}).exit_code, 0);
  const Json gbk = guanxi_json(
      {"import", "orders", fixture("taobao_orders_gbk.csv"), "--format", "taobao", "--db", other});
  EXPECT_EQ(gbk["encoding"], "gb18030");
  EXPECT_EQ(gbk["orders"], utf8["orders"]);
  EXPECT_EQ(scalar(other, "SELECT COUNT(*) FROM customers WHERE name = '王小明'"), 1);
}

TEST_F(CliTest, CustomerShowFindsByPhoneAndOldIds) {
  import(fixture("taobao_orders.csv"));
  const Json c = guanxi_json({"customer", "show", "--phone", "138 0013 8000", "--db", db()});
  ASSERT_TRUE(c.contains("profile")) << c.dump();
  const int64_t id = c["profile"]["id"].get<int64_t>();
  EXPECT_GE(c["stats"]["order_count"].get<int64_t>(), 1);
  EXPECT_EQ(guanxi_json({"customer", "show", std::to_string(id), "--db", db()})["profile"]["id"],
            id);

  // Merge another profile into it by hand; the old id then shows the survivor.
  const int64_t other = scalar(db(), "SELECT MAX(id) FROM customers WHERE merged_into IS NULL");
  ASSERT_NE(other, id);
  const Json merged =
      guanxi_json({"customer", "merge", std::to_string(id), std::to_string(other), "--db", db()});
  EXPECT_EQ(merged["merged"][0], other);
  EXPECT_EQ(guanxi_json({"customer", "show", std::to_string(other), "--db", db()})["profile"]["id"],
            id);
}

TEST_F(CliTest, BackupIsAUsableCopy) {
  import(fixture("taobao_orders.csv"));
  const std::string target = db("backup.db");
  auto r = guanxi({"backup", target, "--db", db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(target, "SELECT COUNT(*) FROM orders"),
            scalar(db(), "SELECT COUNT(*) FROM orders"));
  EXPECT_NE(guanxi({"backup", target, "--db", db()}).exit_code, 0);  // never overwrites
}

TEST_F(CliTest, BadInputGetsAClearErrorAndNoCrash) {
  auto missing_column = guanxi({"import", "orders", fixture("taobao_missing_column.csv"),
                                "--format", "taobao", "--db", db()});
  EXPECT_EQ(missing_column.exit_code, 2);
  EXPECT_NE(missing_column.err.find("订单"), std::string::npos) << missing_column.err;
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM orders"), 0);

  auto no_file = guanxi({"import", "orders", (dir_ / "nope.csv").string(), "--db", db()});
  EXPECT_NE(no_file.exit_code, 0);
  EXPECT_NE(no_file.err.find("nope.csv"), std::string::npos);

  auto bad_format =
      guanxi({"import", "orders", fixture("taobao_orders.csv"), "--format", "excel", "--db", db()});
  EXPECT_EQ(bad_format.exit_code, 2);

  auto unknown = guanxi({"customer", "show", "999999", "--db", db()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("999999"), std::string::npos);
}

TEST_F(CliTest, SegmentCountAnswersARuleAndPositionsItsErrors) {
  import(fixture("taobao_orders.csv"));
  const int64_t live = scalar(db(), "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL");
  const Json buyers = guanxi_json({"segment", "count", "orders >= 1", "--db", db()});
  const int64_t count = buyers["count"].get<int64_t>();
  EXPECT_GT(count, 0);
  EXPECT_EQ(buyers["rule"], "orders >= 1");
  const Json others = guanxi_json({"segment", "count", "orders = 0", "--db", db()});
  EXPECT_EQ(count + others["count"].get<int64_t>(), live);

  auto text = guanxi({"segment", "count", "orders >= 1", "--db", db()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind(std::to_string(count) + " customers (", 0), 0U) << text.out;
  EXPECT_NE(text.err.find("feature store"), std::string::npos) << text.err;

  auto bad = guanxi({"segment", "count", "orders >= 3 and revnue > 500", "--db", db()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("line 1, col 17"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("revenue"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("                ^"), std::string::npos) << bad.err;  // the caret line
  EXPECT_EQ(
      guanxi({"segment", "count", "orders > 1", "--as-of", "2024-02-30", "--db", db()}).exit_code,
      2);

  // A stored segment has the same members, listed as ids.
  const Json made =
      guanxi_json({"segment", "create", "买过", "orders >= 1", "--tag", "买家", "--db", db()});
  EXPECT_EQ(made["member_count"], count);
  const Json list = guanxi_json({"segment", "list", "--db", db()});
  ASSERT_EQ(list.size(), 1U);
  auto ids = guanxi({"segment", "members", "orders >= 1", "--format", "ids", "--db", db()});
  ASSERT_EQ(ids.exit_code, 0) << ids.err;
  EXPECT_EQ(std::count(ids.out.begin(), ids.out.end(), '\n'), count);
  auto csv = guanxi({"segment", "members", "orders >= 1", "--db", db()});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,name,city,tier,orders,revenue_yuan\r\n", 0), 0U) << csv.out;
  EXPECT_EQ(guanxi({"segment", "delete", made["id"].dump(), "--db", db()}).exit_code, 0);
}

TEST_F(CliTest, RfmJsonHasTheGridAndTheEightGroups) {
  import(fixture("taobao_orders.csv"));
  const Json rfm = guanxi_json({"rfm", "--db", db()});
  ASSERT_EQ(rfm["cells"].size(), 125U) << rfm.dump();
  ASSERT_EQ(rfm["groups"].size(), 8U);
  int64_t grouped = 0;
  for (const auto& g : rfm["groups"]) grouped += g["customers"].get<int64_t>();
  EXPECT_EQ(grouped, rfm["purchasers"].get<int64_t>());
  EXPECT_EQ(rfm["purchasers"],
            guanxi_json({"segment", "count", "orders >= 1", "--db", db()})["count"]);
  EXPECT_EQ(guanxi_json({"lifecycle", "--db", db()})["stages"].size(), 6U);
  EXPECT_EQ(guanxi_json({"abc", "--db", db()})["classes"].size(), 3U);
  auto table = guanxi({"rfm", "--db", db()});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("重要价值客户"), std::string::npos) << table.out;
}

class CareCliTest : public E2eTest {};

// The demo shop's care: the gallery shows the journeys the demo switched on,
// a simulation lists who would get what (nothing sent, nothing written), and
// a bad journey definition is refused with its JSON pointer.
TEST_F(CareCliTest, DemoCareJourneysSimulateWithoutSending) {
  const std::string path = db("care.db");
  auto demo = guanxi({"demo", "--db", path, "--customers", "2000", "--orders", "6000", "--seed",
                      "5", "--customers-only"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto gallery = guanxi({"journeys", "gallery", "--db", path});
  ASSERT_EQ(gallery.exit_code, 0) << gallery.err;
  EXPECT_NE(gallery.out.find("birthday"), std::string::npos);
  EXPECT_NE(gallery.out.find("active (journey"), std::string::npos);

  const Json sim = guanxi_json({"journeys", "simulate", "birthday", "--db", path, "--from",
                                "2027-03-01", "--to", "2027-03-31", "--limit", "5"});
  ASSERT_TRUE(sim.is_object());
  EXPECT_GT(sim["entered"].get<int64_t>(), 0) << sim.dump();
  EXPECT_EQ(sim["entered"], sim["messages"]);
  ASSERT_EQ(sim["sample"].size(), 5U);
  for (const auto& m : sim["sample"]) {
    const std::string due = m["due_at_local"];
    EXPECT_EQ(due.substr(0, 8), "2027-03-");
    EXPECT_EQ(due.substr(10), " 09:00:00");
  }
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM journey_runs"), 0);

  std::ofstream(dir_ / "bad.json") << R"({"trigger": {"type": "date", "date": "birthday"},
                                         "steps": [{"id": "s", "type": "send"}]})";
  auto bad = guanxi(
      {"journeys", "create", "--db", path, "--name", "坏", "--file", (dir_ / "bad.json").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("/steps/0/template"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace guanxi::e2e
