// The service desk through the real binary: a ticket opened, assigned,
// answered and resolved with `guanxi tickets`, an interaction with a follow-up
// task, the report; bad flags answered with errors naming the field.
#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

class ServiceCliTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    auto r =
        guanxi({"demo", "--db", db(), "--customers", "30", "--orders", "60", "--customers-only"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    customer_ =
        std::to_string(scalar(db(), "SELECT MIN(id) FROM customers WHERE merged_into IS NULL"));
  }
  std::string customer_;
};

TEST_F(ServiceCliTest, TicketLifecycleInteractionAndReport) {
  const Json agent = guanxi_json({"agents", "create", "小王", "--user", "7", "--skill",
                                  "complaint=5", "--db", db(), "--json"});
  const std::string agent_id = std::to_string(agent["id"].get<int64_t>());
  const Json ticket =
      guanxi_json({"tickets", "create", "--customer", customer_, "--subject", "质量问题", "--type",
                   "complaint", "--channel", "phone", "--db", db(), "--json"});
  ASSERT_EQ(ticket["status"], "new") << ticket.dump();
  const std::string id = std::to_string(ticket["id"].get<int64_t>());

  // Closing a new ticket breaks the shop's policy: an error naming the allowed moves.
  auto closed = guanxi({"tickets", "status", id, "closed", "--db", db()});
  EXPECT_NE(closed.exit_code, 0);
  EXPECT_NE(closed.err.find("allowed: assigned"), std::string::npos) << closed.err;

  EXPECT_EQ(
      guanxi_json({"tickets", "assign", id, "--agent", agent_id, "--db", db(), "--json"})["status"],
      "assigned");
  const Json resolved = guanxi_json({"tickets", "reply", id, "--body", "已为您换货", "--then",
                                     "resolved", "--db", db(), "--json"});
  EXPECT_EQ(resolved["status"], "resolved");
  EXPECT_EQ(resolved["agent_replies"], 1);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM csat_surveys WHERE ticket_id = " + id), 1);

  const Json memo =
      guanxi_json({"interactions", "log", customer_, "--summary", "回访满意", "--follow-up",
                   "2030-01-10T10:00:00+08:00", "--db", db(), "--json"});
  EXPECT_TRUE(memo["follow_up_task_id"].is_number()) << memo.dump();
  const Json tasks =
      guanxi_json({"tasks", "list", "--customer", customer_, "--db", db(), "--json"});
  ASSERT_EQ(tasks["items"].size(), 1U) << tasks.dump();
  EXPECT_EQ(tasks["items"][0]["due_at_local"], "2030-01-10 10:00:00");

  const Json report = guanxi_json({"tickets", "report", "--db", db(), "--json"});
  EXPECT_TRUE(report.contains("total")) << report.dump();
}

TEST_F(ServiceCliTest, BadFlagsAreErrorsNamingTheFieldAndWriteNothing) {
  auto type = guanxi({"tickets", "create", "--customer", customer_, "--subject", "x", "--type",
                      "refund", "--channel", "phone", "--db", db()});
  EXPECT_NE(type.exit_code, 0);
  EXPECT_NE(type.err.find("/type"), std::string::npos) << type.err;
  auto who = guanxi({"tickets", "create", "--customer", "999999", "--subject", "x", "--type",
                     "complaint", "--channel", "phone", "--db", db()});
  EXPECT_NE(who.exit_code, 0);
  EXPECT_NE(who.err.find("/customer_id"), std::string::npos) << who.err;
  auto priority = guanxi({"tickets", "create", "--customer", customer_, "--subject", "x", "--type",
                          "complaint", "--channel", "phone", "--priority", "super", "--db", db()});
  EXPECT_NE(priority.exit_code, 0);
  EXPECT_NE(priority.err.find("unknown priority 'super'"), std::string::npos) << priority.err;
  auto status = guanxi({"tickets", "status", "1", "flying", "--db", db()});
  EXPECT_NE(status.exit_code, 0);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM tickets"), 0);
}

}  // namespace
}  // namespace guanxi::e2e
