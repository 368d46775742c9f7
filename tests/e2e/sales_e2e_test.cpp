// The sales records through the real binary: accounts and contacts imported
// from a CSV with Chinese headers (idempotent, FILE.errors.csv naming the line
// and column), a lead converted onto them without duplicates, stage moves
// refused without the required fields and the history, all with `guanxi`.
#include <fstream>

#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

class SalesCliTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    auto r =
        guanxi({"demo", "--db", db(), "--customers", "20", "--orders", "30", "--customers-only"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string write_file(const std::string& name, const std::string& text) {
    const std::string path = db(name);
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(SalesCliTest, ImportConvertAndMoveThroughTheCli) {
  const std::string accounts = write_file("accounts.csv",
                                          "外部编号,公司名称,行业,规模,地区\nA1,\"ACME Co., "
                                          "Ltd.\",制造,501-2000,华东\nA2,,零售,1-20,华南\n");
  Json imported = guanxi_json({"sales", "import", "--type", "accounts", accounts, "--db", db()});
  EXPECT_EQ(imported["created"], 1) << imported.dump();
  EXPECT_EQ(imported["rejected"], 1);
  std::ifstream report(accounts + ".errors.csv");
  std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("3,公司名称,error"), std::string::npos) << text;
  imported = guanxi_json({"sales", "import", "--type", "accounts", accounts, "--db", db()});
  EXPECT_EQ(imported["unchanged"], 1);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM accounts"), 1);

  const std::string contacts =
      write_file("contacts.csv",
                 "姓名,手机,职位,决策角色,公司名称\n王经理,13800138000,采购经理,采购负责人,acme\n");
  EXPECT_EQ(
      guanxi_json({"sales", "import", "--type", "contacts", contacts, "--db", db()})["created"], 1);

  // A lead spelling phone and company differently: rejected as a duplicate, then converted onto
  // them.
  auto dup = guanxi({"leads", "create", "--name", "王强", "--company", "ACME Inc", "--phone",
                     "+86 138-0013-8000", "--source", "event", "--db", db()});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_NE(dup.err.find("contact"), std::string::npos) << dup.err;
  const Json lead = guanxi_json({"leads", "create", "--name", "王强", "--company", "ACME Inc",
                                 "--phone", "+86 138-0013-8000", "--source", "event",
                                 "--on-duplicate", "allow", "--db", db()});
  const std::string lead_id = std::to_string(lead["id"].get<int64_t>());
  const Json conv = guanxi_json({"leads", "convert", lead_id, "--amount", "880000", "--db", db()});
  EXPECT_EQ(conv["account_created"], false) << conv.dump();
  EXPECT_EQ(conv["contact_created"], false);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM accounts"), 1);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM contacts"), 1);
  EXPECT_NE(guanxi({"leads", "convert", lead_id, "--db", db()}).exit_code, 0);

  const std::string opp = std::to_string(conv["opportunity"]["id"].get<int64_t>());
  auto refused = guanxi({"opportunities", "move", opp, "--stage", "方案报价", "--db", db()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("/expected_close_date"), std::string::npos) << refused.err;
  auto lost = guanxi({"opportunities", "move", opp, "--stage", "输单", "--db", db()});
  EXPECT_NE(lost.err.find("/reason"), std::string::npos) << lost.err;
  const Json moved = guanxi_json({"opportunities", "move", opp, "--stage", "方案报价",
                                  "--close-date", "2030-03-31", "--db", db()});
  EXPECT_EQ(moved["stage_name"], "方案报价");
  const Json won = guanxi_json(
      {"opportunities", "move", opp, "--stage", "赢单", "--reason", "价格合适", "--db", db()});
  EXPECT_EQ(won["status"], "won");
  const Json shown = guanxi_json({"opportunities", "show", opp, "--db", db()});
  ASSERT_EQ(shown["history"].size(), 3u) << shown.dump();
  EXPECT_EQ(shown["history"][2]["to_stage"], "赢单");
}

}  // namespace
}  // namespace guanxi::e2e
