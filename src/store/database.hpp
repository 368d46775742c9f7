// The storage interface. Everything above `store` talks to a database through
// Database / Connection / Statement, with portable parameterized SQL ("?"
// placeholders). SQLite (sqlite/) is the embedded default; a PostgreSQL
// implementation plugs in behind the same classes.
//
// Threading: a Connection is used by one thread at a time. Writes go through the
// single Writer (writer.hpp); readers open their own connections.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace guanxi::store {

// A prepared statement. Indexes of bind_* are 1-based, of column_* 0-based.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_int64(int index, int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  // Binary data (serialized bitmaps); `bytes` need not be valid text.
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  // Advances to the next row: true when a row is available, false when done.
  virtual Result<bool> step() = 0;
  virtual bool column_is_null(int col) = 0;
  virtual int64_t column_int64(int col) = 0;
  // Valid until the next step() or reset().
  virtual std::string_view column_text(int col) = 0;
  // Valid until the next step() or reset().
  virtual std::string_view column_blob(int col) = 0;
  // Rows changed by the last completed INSERT/UPDATE/DELETE.
  virtual int64_t changes() = 0;
  // The row id (INTEGER PRIMARY KEY) of the row the last step inserted.
  virtual int64_t last_insert_id() = 0;
  virtual void reset() = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // A prepared statement for `sql`, cached by this connection; returned reset
  // with bindings cleared. The pointer stays valid while the connection lives.
  virtual Result<Statement*> prepare(std::string_view sql) = 0;
  // A statement the caller owns and that is not cached: for SQL generated at
  // run time (segment rules), which would otherwise grow the cache forever.
  virtual Result<std::unique_ptr<Statement>> prepare_uncached(std::string_view sql) = 0;
  // Runs one or more statements without parameters (DDL, pragmas).
  virtual Status execute(std::string_view sql) = 0;
  // Transactions. begin_write() takes the write lock up front (SQLite: IMMEDIATE).
  virtual Status begin_read() = 0;
  virtual Status begin_write() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  // Nested scopes inside a transaction.
  virtual Status savepoint(std::string_view name) = 0;
  virtual Status release(std::string_view name) = 0;
  virtual Status rollback_to(std::string_view name) = 0;
  // Name of the SQL dialect: "sqlite" or "postgres".
  virtual std::string_view dialect() const = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  // Opens a new connection. Read-only connections cannot write.
  virtual Result<std::unique_ptr<Connection>> connect(bool read_only = false) = 0;
  // Applies pending migrations (idempotent); returns the schema version.
  virtual Result<int> migrate() = 0;
  // Writes a consistent copy of the live database to `path` (online).
  virtual Status backup_to(const std::string& path) = 0;
  virtual const std::string& location() const = 0;
};

// Opens a database: a file path (SQLite, created when missing). Migrations are
// applied on open.
Result<std::unique_ptr<Database>> open_database(const std::string& location);

}  // namespace guanxi::store
