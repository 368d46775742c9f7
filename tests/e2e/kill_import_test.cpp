// Acceptance: kill -9 of an import of a large export, then running it again,
// ends with exactly the counts of a clean import — nothing lost, nothing doubled.
#include <cstdlib>

#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

class KillImportTest : public E2eTest {};

struct Counts {
  int64_t orders, items, customers, live_customers, identities, changes, paid;
  bool operator==(const Counts&) const = default;
};

void PrintTo(const Counts& c, std::ostream* os) {
  *os << "orders=" << c.orders << " items=" << c.items << " customers=" << c.customers
      << " live=" << c.live_customers << " identities=" << c.identities << " changes=" << c.changes
      << " paid=" << c.paid;
}

TEST_F(KillImportTest, KilledImportRunAgainEqualsACleanImport) {
  const char* env = std::getenv("GUANXI_KILL_TEST_ORDERS");
  const std::string orders = env != nullptr ? env : "1000000";
  const std::string csv = (dir_ / "orders.csv").string();
  ASSERT_EQ(run({kGenTaobao, "--orders", orders, "--seed", "11", "--out", csv}, dir_).exit_code, 0);

  auto counts = [&](const std::string& path) {
    return Counts{scalar(path, "SELECT COUNT(*) FROM orders"),
                  scalar(path, "SELECT COUNT(*) FROM order_items"),
                  scalar(path, "SELECT COUNT(*) FROM customers"),
                  scalar(path, "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL"),
                  scalar(path, "SELECT COUNT(*) FROM identities"),
                  scalar(path, "SELECT COUNT(*) FROM changes"),
                  scalar(path, "SELECT COALESCE(SUM(paid_amount), 0) FROM orders")};
  };

  // A clean import, timed, to know when to pull the plug on the second one.
  const std::string clean = db("clean.db");
  ASSERT_EQ(guanxi({"shop", "create", "--db", clean, "--name", "clean"}).exit_code, 0);
  const auto t0 = std::chrono::steady_clock::now();
  auto first =
      guanxi({"import", "orders", csv, "--format", "taobao", "--db", clean, "--no-progress"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto clean_time = std::chrono::steady_clock::now() - t0;
  const Counts expected = counts(clean);
  ASSERT_EQ(expected.orders, std::stoll(orders));

  const std::string killed = db("killed.db");
  ASSERT_EQ(guanxi({"shop", "create", "--db", killed, "--name", "clean"}).exit_code, 0);
  {
    Child import(
        {kGuanxi, "import", "orders", csv, "--format", "taobao", "--db", killed, "--no-progress"},
        dir_, "killed");
    std::this_thread::sleep_for(
        std::chrono::duration_cast<std::chrono::milliseconds>(clean_time * 0.5));
    ASSERT_TRUE(import.running()) << "the import finished before it could be killed";
    import.kill9();
    EXPECT_EQ(import.wait(), 128 + SIGKILL);
  }
  const Counts partial = counts(killed);
  EXPECT_GT(partial.orders, 0);
  EXPECT_LT(partial.orders, expected.orders);

  auto rerun = guanxi(
      {"import", "orders", csv, "--format", "taobao", "--db", killed, "--no-progress", "--json"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  const Json summary = Json::parse(rerun.out);
  EXPECT_EQ(summary["orders"]["unchanged"].get<int64_t>(), partial.orders);
  EXPECT_EQ(counts(killed), expected);
}

}  // namespace
}  // namespace guanxi::e2e
