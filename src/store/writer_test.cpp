#include "store/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>

#include "store/admin_table.hpp"
#include "store/query.hpp"

namespace guanxi::store {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("gx_writer_" + std::to_string(::getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    db_ = open_database(path_).value();
    writer_ = Writer::start(*db_).value();
  }
  void TearDown() override {
    writer_.reset();
    db_.reset();
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  int64_t shop_count() {
    auto conn = db_->connect(true).value();
    Query q(*conn, "SELECT COUNT(*) FROM shops");
    return q.single_int64().value().value_or(-1);
  }
  std::string path_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Writer> writer_;
};

TEST_F(WriterTest, CommittedJobsAreVisibleToReaders) {
  ASSERT_TRUE(
      writer_->run([](Connection& c) {
               return insert_shop(c, {0, "a", "UTC", "CNY", 1}).status();
             })
          .is_ok());
  EXPECT_EQ(shop_count(), 1);
}

TEST_F(WriterTest, AFailingJobIsUndoneAloneInAGroupCommit) {
  std::atomic<int> done{0};
  std::vector<Status> results(3);
  for (int i = 0; i < 3; ++i) {
    writer_->submit(
        [i](Connection& c) -> Status {
          GX_RETURN_IF_ERROR(
              insert_shop(c, {0, "s" + std::to_string(i), "UTC", "CNY", 1}).status());
          if (i == 1) return Status::invalid("job 1 fails after writing");
          return Status::ok();
        },
        [&, i](const Status& s) {
          results[static_cast<size_t>(i)] = s;
          ++done;
        });
  }
  while (done.load() < 3) std::this_thread::yield();
  EXPECT_TRUE(results[0].is_ok());
  EXPECT_EQ(results[1].code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(results[2].is_ok());
  EXPECT_EQ(shop_count(), 2);
}

TEST_F(WriterTest, CommitListenersRunAfterCommit) {
  std::atomic<int64_t> seen{-1};
  writer_->add_commit_listener([&] { seen = shop_count(); });
  ASSERT_TRUE(
      writer_->run([](Connection& c) {
               return insert_shop(c, {0, "a", "UTC", "CNY", 1}).status();
             })
          .is_ok());
  EXPECT_EQ(seen.load(), 1);
}

// An unchecked job runs with SQLite's foreign-key checks off, alone in its
// transaction; the jobs after it are checked again.
TEST_F(WriterTest, UncheckedJobsSkipForeignKeysAndOnlyThem) {
  auto dangling = [](Connection& c) -> Status {
    Query q(c, "INSERT INTO customers (shop_id, created_at, updated_at) VALUES (999, 0, 0)");
    return q.run();
  };
  std::promise<Status> unchecked;
  writer_->submit_unchecked(dangling, [&](const Status& s) { unchecked.set_value(s); });
  const Status checked = writer_->run(dangling);
  EXPECT_TRUE(unchecked.get_future().get().is_ok());
  EXPECT_FALSE(checked.is_ok()) << "foreign keys are on again after the unchecked job";
  auto conn = db_->connect(true).value();
  Query q(*conn, "SELECT COUNT(*) FROM customers WHERE shop_id = 999");
  EXPECT_EQ(q.single_int64().value().value_or(-1), 1);
}

// Multi-row inserts: full statements of kRowsPerInsert and the rest; a row
// that fails fails the call.
TEST_F(WriterTest, InsertRowsWritesEveryRowInMultiRowStatements) {
  struct Row {
    int64_t id;
    std::string v;
  };
  std::vector<Row> rows;
  for (int64_t i = 1; i <= 2 * static_cast<int64_t>(kRowsPerInsert) + 6; ++i) {
    rows.push_back({i, "v" + std::to_string(i)});
  }
  auto bind = [](Query& q, int first, const Row& r) { q.bind_from(first, r.id, r.v); };
  ASSERT_TRUE(writer_
                  ->run([&](Connection& c) -> Status {
                    GX_RETURN_IF_ERROR(c.execute(
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)"));
                    return insert_rows(c, "INTO t (id, v)", 2, rows, bind);
                  })
                  .is_ok());
  auto conn = db_->connect(true).value();
  {
    Query all(*conn, "SELECT COUNT(*), SUM(id) FROM t");
    ASSERT_TRUE(all.next());
    EXPECT_EQ(all.i64(0), static_cast<int64_t>(rows.size()));
    EXPECT_EQ(all.i64(1), static_cast<int64_t>(rows.size() * (rows.size() + 1) / 2));
  }
  const std::vector<Row> clash = {{1000, "new"}, {1001, "v3"}};
  const Status failed =
      writer_->run([&](Connection& c) { return insert_rows(c, "INTO t (id, v)", 2, clash, bind); });
  EXPECT_FALSE(failed.is_ok());
  Query after(*conn, "SELECT COUNT(*) FROM t WHERE id = 1000");
  EXPECT_EQ(after.single_int64().value().value_or(-1), 0) << "the failed job is rolled back";
}

}  // namespace
}  // namespace guanxi::store
