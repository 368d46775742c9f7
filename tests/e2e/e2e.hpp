// Shared setup of the end-to-end suites: a scratch directory per test, the
// paths of the binaries under test, and reading counts from a database file.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "process.hpp"
#include "store/database.hpp"
#include "store/query.hpp"

namespace guanxi::e2e {

inline const std::string kGuanxi = GUANXI_BINARY;
inline const std::string kGenTaobao = GEN_TAOBAO_BINARY;
inline const std::string kFakeProvider = FAKE_PROVIDER_BINARY;
inline const std::filesystem::path kFixtures =
    std::filesystem::path(GUANXI_SOURCE_DIR) / "tests/fixtures";

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        std::filesystem::temp_directory_path() / ("guanxi_e2e_" + std::to_string(::getpid()) + "_" +
                                                  info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  std::string db(const std::string& name = "guanxi.db") const { return (dir_ / name).string(); }

  // Runs `guanxi ARGS…`.
  CommandResult guanxi(std::vector<std::string> args) {
    args.insert(args.begin(), kGuanxi);
    return run(args, dir_);
  }

  // Runs `guanxi ARGS… --json` and parses stdout; fails the test on a non-zero exit.
  Json guanxi_json(std::vector<std::string> args) {
    args.push_back("--json");
    auto r = guanxi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }

  // SELECT COUNT(*) (or any single integer) from a database file.
  int64_t scalar(const std::string& db_path, const std::string& sql) {
    auto database = store::open_database(db_path).value();
    auto conn = database->connect(true).value();
    store::Query q(*conn, sql);
    return q.single_int64().value().value_or(-1);
  }

  // Starts `guanxi serve --db db_path` (plus `extra` flags) on a free loopback
  // port and returns the port (0 on failure, with the test failed).
  uint16_t start_server(std::unique_ptr<Child>& server, const std::string& db_path,
                        const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{kGuanxi,  "serve", "--db",   db_path,
                                  "--port", "0",     "--host", "127.0.0.1"};
    args.insert(args.end(), extra.begin(), extra.end());
    server = std::make_unique<Child>(args, dir_, "server" + std::to_string(starts_++));
    std::smatch m;
    const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    std::string out;
    wait_until(
        [&] {
          out = server->out();
          return std::regex_search(out, m, listening) || !server->running();
        },
        std::chrono::seconds(20));
    if (!std::regex_search(out, m, listening)) {
      ADD_FAILURE() << "server did not start: " << server->err();
      return 0;
    }
    return static_cast<uint16_t>(std::stoi(m[1].str()));
  }

  std::filesystem::path dir_;
  int starts_ = 0;
};

}  // namespace guanxi::e2e
