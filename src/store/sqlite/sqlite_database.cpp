#include "store/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"
#include "store/migrations.hpp"

namespace guanxi::store {

namespace {

Status sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) return {ErrorCode::kConflict, msg};
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return {ErrorCode::kUnavailable, msg};
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return {ErrorCode::kCorruption, msg};
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN) {
    return {ErrorCode::kIoError, msg};
  }
  return {ErrorCode::kInternal, msg};
}

// gx_local_day(utc_ms, 'Asia/Shanghai'): the shop-local calendar day of an
// instant as days since 1970-01-01, NULL for NULL. PostgreSQL spells the same
// thing ((to_timestamp(ms / 1000.0) AT TIME ZONE zone)::date - DATE '1970-01-01').
const ShopZone* zone_named(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, ShopZone, std::less<>> zones;
  std::lock_guard lock(mu);
  auto it = zones.find(name);
  if (it == zones.end()) {
    auto loaded = ShopZone::load(name);
    if (!loaded.ok()) return nullptr;
    it = zones.emplace(std::string(name), std::move(*loaded)).first;
  }
  return &it->second;
}

void local_day_function(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const auto* text = sqlite3_value_text(argv[1]);
  const std::string_view name(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_value_bytes(argv[1])));
  const ShopZone* zone = zone_named(name);
  if (zone == nullptr) {
    sqlite3_result_error(ctx, "gx_local_day: unknown time zone", -1);
    return;
  }
  const Timestamp t{std::chrono::milliseconds(sqlite3_value_int64(argv[0]))};
  sqlite3_result_int64(ctx, zone->local_day(t).time_since_epoch().count());
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_int64(int index, int64_t value) override {
    dirty_ = true;
    sqlite3_bind_int64(stmt_, index, value);
  }
  void bind_text(int index, std::string_view value) override {
    // An empty view may have a null data pointer, which SQLite would bind as NULL.
    const char* data = value.data() != nullptr ? value.data() : "";
    dirty_ = true;
    sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void bind_null(int index) override {
    dirty_ = true;
    sqlite3_bind_null(stmt_, index);
  }
  void bind_blob(int index, std::string_view bytes) override {
    dirty_ = true;
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  Result<bool> step() override {
    dirty_ = true;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    return sqlite_error(db_, rc, "query failed");
  }
  bool column_is_null(int col) override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t column_int64(int col) override { return sqlite3_column_int64(stmt_, col); }
  std::string_view column_text(int col) override {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  std::string_view column_blob(int col) override {
    const auto* p = sqlite3_column_blob(stmt_, col);
    if (p == nullptr) return {};
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  int64_t changes() override { return changes_; }
  int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  // A statement nobody bound or stepped since the last reset is left alone
  // (Query resets both when it takes a cached statement and when it ends).
  void reset() override {
    if (!dirty_) return;
    dirty_ = false;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    changes_ = 0;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int64_t changes_ = 0;
  bool dirty_ = false;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cache_.clear();  // finalize statements before closing
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<Statement*> prepare(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      it->second->reset();
      return static_cast<Statement*>(it->second.get());
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "cannot prepare statement");
    auto owned = std::make_unique<SqliteStatement>(db_, stmt);
    Statement* raw = owned.get();
    cache_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  Result<std::unique_ptr<Statement>> prepare_uncached(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "cannot prepare statement");
    return std::unique_ptr<Statement>(std::make_unique<SqliteStatement>(db_, stmt));
  }

  Status execute(std::string_view sql) override {
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      Status s = sqlite_error(nullptr, rc, "statement failed");
      return {s.code(), "statement failed: " + msg};
    }
    return Status::ok();
  }

  Status begin_read() override { return execute("BEGIN DEFERRED"); }
  Status begin_write() override { return execute("BEGIN IMMEDIATE"); }
  Status commit() override { return execute("COMMIT"); }
  Status rollback() override { return execute("ROLLBACK"); }
  Status savepoint(std::string_view name) override {
    return execute("SAVEPOINT " + std::string(name));
  }
  Status release(std::string_view name) override { return execute("RELEASE " + std::string(name)); }
  Status rollback_to(std::string_view name) override {
    return execute("ROLLBACK TO " + std::string(name));
  }
  std::string_view dialect() const override { return "sqlite"; }

  sqlite3* handle() const { return db_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, Hash, std::equal_to<>> cache_;
};

Result<std::unique_ptr<SqliteConnection>> open_connection(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = sqlite_error(db, rc, "cannot open database '" + path + "'");
    sqlite3_close_v2(db);
    return s;
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_create_function_v2(db, "gx_local_day", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             local_day_function, nullptr, nullptr, nullptr);
  GX_RETURN_IF_ERROR(
      conn->execute("PRAGMA foreign_keys = ON;"
                    "PRAGMA synchronous = FULL;"
                    "PRAGMA temp_store = MEMORY;"
                    "PRAGMA cache_size = -262144;"
                    "PRAGMA mmap_size = 2147418112;"));
  if (!read_only) GX_RETURN_IF_ERROR(conn->execute("PRAGMA journal_mode = WAL;"));
  return conn;
}

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}

  Result<std::unique_ptr<Connection>> connect(bool read_only) override {
    GX_ASSIGN_OR_RETURN(auto conn, open_connection(path_, read_only));
    return std::unique_ptr<Connection>(std::move(conn));
  }

  Result<int> migrate() override {
    GX_ASSIGN_OR_RETURN(auto conn, open_connection(path_, false));
    return apply_migrations(*conn);
  }

  Status backup_to(const std::string& target) override {
    GX_ASSIGN_OR_RETURN(auto src, open_connection(path_, true));
    sqlite3* dst = nullptr;
    int rc =
        sqlite3_open_v2(target.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      Status s = sqlite_error(dst, rc, "cannot create backup file '" + target + "'");
      sqlite3_close_v2(dst);
      return s;
    }
    sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src->handle(), "main");
    if (backup == nullptr) {
      Status s = sqlite_error(dst, sqlite3_errcode(dst), "cannot start backup");
      sqlite3_close_v2(dst);
      return s;
    }
    // Copy in steps so concurrent writers are not blocked for the whole copy.
    do {
      rc = sqlite3_backup_step(backup, 4096);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    Status result = rc == SQLITE_DONE ? Status::ok() : sqlite_error(dst, rc, "backup failed");
    sqlite3_close_v2(dst);
    return result;
  }

  const std::string& location() const override { return path_; }

 private:
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
  // Memory statistics take a global mutex on every allocation; Guanxi never
  // reads them. Must precede SQLite's initialisation (later calls are no-ops).
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  auto db = std::make_unique<SqliteDatabase>(path);
  GX_RETURN_IF_ERROR(db->migrate().status());
  return std::unique_ptr<Database>(std::move(db));
}

Result<std::unique_ptr<Database>> open_database(const std::string& location) {
  std::string path = location;
  if (path.starts_with("sqlite:")) path = path.substr(7);
  if (path.starts_with("postgres://") || path.starts_with("postgresql://")) {
    return Status(ErrorCode::kInvalidArgument,
                  "the PostgreSQL backend is not available in this build");
  }
  return open_sqlite(path);
}

}  // namespace guanxi::store
