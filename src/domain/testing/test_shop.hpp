// A throwaway shop in a temporary SQLite database, for tests of domain and of
// the modules above it. Header-only; link guanxi_domain.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "core/time.hpp"
#include "domain/context.hpp"
#include "domain/shops.hpp"
#include "store/database.hpp"
#include "store/query.hpp"
#include "store/writer.hpp"

namespace guanxi::domain::testing {

class TestShop {
 public:
  TestShop() : clock_(ShopZone::shanghai().parse_local("2024-06-01 10:00:00").value()) {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("guanxi_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = store::open_database(path()).value();
    conn_ = db_->connect().value();
    shop_ = create_shop(*conn_, clock_, Shop{0, "测试店铺", "Asia/Shanghai", "CNY"}).value();
  }
  ~TestShop() {
    conn_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  TestShop(const TestShop&) = delete;
  TestShop& operator=(const TestShop&) = delete;

  std::string path() const { return (dir_ / "guanxi.db").string(); }
  const std::filesystem::path& dir() const { return dir_; }
  store::Database& db() { return *db_; }
  store::Connection& conn() { return *conn_; }
  FakeClock& clock() { return clock_; }
  const Shop& shop() const { return shop_; }

  WriteContext write_context(std::string actor = "test") {
    return WriteContext{*conn_, clock_, shop_, ShopZone::shanghai(), std::move(actor)};
  }
  ReadContext read_context() { return ReadContext{*conn_, clock_, shop_, ShopZone::shanghai()}; }

  // Runs `f(WriteContext&)` in a committed write transaction; returns its result.
  template <typename F>
  auto write(F&& f) {
    (void)conn_->begin_write();
    WriteContext ctx = write_context();
    auto result = f(ctx);
    bool ok;
    if constexpr (std::is_same_v<decltype(result), Status>)
      ok = result.is_ok();
    else
      ok = result.ok();
    if (ok)
      (void)conn_->commit();
    else
      (void)conn_->rollback();
    return result;
  }

  // Runs `f(WriteContext&)` as one job of `writer` (the path the server takes, so
  // that change-feed subscribers see it); expects success and returns f's result.
  template <typename F>
  auto write_through(store::Writer& writer, F&& f) {
    using R = std::invoke_result_t<F&, WriteContext&>;
    std::optional<R> result;
    Status s = writer.run([&](store::Connection& db) -> Status {
      WriteContext ctx{db, clock_, shop_, ShopZone::shanghai(), "test"};
      result.emplace(f(ctx));
      if constexpr (std::is_same_v<R, Status>)
        return *result;
      else
        return result->status();
    });
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return std::move(*result);
  }

  int64_t count(const std::string& table) {
    store::Query q(*conn_, "SELECT COUNT(*) FROM " + table);
    return q.single_int64().value().value_or(-1);
  }

 private:
  FakeClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::Connection> conn_;
  Shop shop_;
};

}  // namespace guanxi::domain::testing
