// The call center through the real binary: `guanxi callsim` on a database
// (served in process) and against a running `guanxi serve` over its CTI
// HTTP API, each checking the statistics API against the simulated truth;
// then `guanxi calls` and `guanxi callstats` read the call log it left.
#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

class CallCenterCliTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    auto r = guanxi({"shop", "create", "--db", db(), "--name", "呼叫中心"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(CallCenterCliTest, CallsimInProcessMatchesTheTruthAndLeavesACallLog) {
  auto r = guanxi({"callsim", "--calls", "300", "--agents", "12", "--queues", "3", "--seed", "5",
                   "--db", db()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("The statistics match the simulated truth."), std::string::npos) << r.out;
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM calls WHERE direction = 'inbound'"), 300);
  EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM call_queues"), 3);
  const Json calls = guanxi_json({"calls", "--db", db(), "--limit", "5"});
  ASSERT_TRUE(calls.is_array());
  EXPECT_EQ(calls.size(), 5U);
  const Json queues = guanxi_json({"queues", "list", "--db", db()});
  EXPECT_EQ(queues.size(), 3U);
}

TEST_F(CallCenterCliTest, CallsimDrivesARunningServerOverHttp) {
  const std::string token =
      guanxi_json({"apikey", "create", "--db", db(), "--name", "pbx"})["token"].get<std::string>();
  std::unique_ptr<Child> server;
  const uint16_t port = start_server(server, db());
  ASSERT_NE(port, 0);
  auto r = guanxi({"callsim", "--calls", "200", "--agents", "10", "--seed", "9", "--url",
                   "http://127.0.0.1:" + std::to_string(port), "--key", token, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const Json report = Json::parse(r.out, nullptr, false);
  EXPECT_TRUE(report["differences"].empty());
  EXPECT_EQ(report["api"]["total"]["offered"], report["truth"]["total"]["offered"]);
  EXPECT_GT(report["api"]["total"]["answered"].get<int64_t>(), 100);
  // A CTI event the server refuses is an error naming the field.
  auto bad = guanxi({"cti", "send", R"J({"type":"offered","call_id":1})J", "--url",
                     "http://127.0.0.1:" + std::to_string(port), "--key", token});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.out.find("/caller_number"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace guanxi::e2e
