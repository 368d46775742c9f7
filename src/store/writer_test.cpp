#include "store/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

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

}  // namespace
}  // namespace guanxi::store
