// Query: a thin, typed convenience over a cached Statement.
//
//   Query q(conn, "SELECT id, name FROM customers WHERE shop_id = ? AND id = ?");
//   q.bind(shop_id, id);
//   while (q.next()) { int64_t id = q.i64(0); std::string name = q.text(0); }
//   GX_RETURN_IF_ERROR(q.status());
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// Binary data to bind (a serialized bitmap), as opposed to text.
struct Blob {
  std::string_view bytes;
};

class Query {
 public:
  // Statements are cached per connection by SQL text: two Query objects with the
  // same SQL must not be alive at once on one connection.
  Query(Connection& conn, std::string_view sql);
  // For SQL generated at run time: prepared for this Query only, not cached.
  struct Uncached {};
  Query(Connection& conn, std::string_view sql, Uncached);
  // Resets the statement, so an unfinished read does not keep a snapshot open.
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Binds the arguments to placeholders 1..n. Supports integers, bool, strings,
  // std::nullopt and std::optional of those.
  template <typename... Args>
  Query& bind(const Args&... args) {
    int index = 1;
    (bind_one(index++, args), ...);
    return *this;
  }

  // Binds the arguments to placeholders first..first+n-1 (a row of a multi-row INSERT).
  template <typename... Args>
  Query& bind_from(int first, const Args&... args) {
    int index = first;
    (bind_one(index++, args), ...);
    return *this;
  }

  // Binds one argument at a 1-based index (for statements built from optional fragments).
  template <typename T>
  Query& bind_at(int index, const T& value) {
    bind_one(index, value);
    return *this;
  }

  // Steps to the next row; false at the end or on error (see status()).
  bool next();
  // Runs the statement to completion (INSERT/UPDATE/DELETE) and returns the status.
  Status run();
  // Runs an INSERT (without RETURNING) and returns the id of the row it
  // inserted; nullopt when it inserted none (ON CONFLICT DO NOTHING). Cheaper
  // than RETURNING id, which makes SQLite buffer the returned rows.
  Result<std::optional<int64_t>> insert();
  // As insert(), for an INSERT that always inserts: no row is an internal error naming `table`.
  Result<int64_t> insert_row(std::string_view table);
  // Steps once and returns the first column of the first row as int64, if any.
  Result<std::optional<int64_t>> single_int64();

  int64_t i64(int col) const { return stmt_->column_int64(col); }
  std::optional<int64_t> opt_i64(int col) const;
  std::string text(int col) const { return std::string(stmt_->column_text(col)); }
  std::string_view view(int col) const { return stmt_->column_text(col); }
  std::string_view blob(int col) const { return stmt_->column_blob(col); }
  std::optional<std::string> opt_text(int col) const;
  bool is_null(int col) const { return stmt_->column_is_null(col); }
  int64_t changes() const { return stmt_->changes(); }

  const Status& status() const { return status_; }
  bool ok() const { return status_.is_ok(); }

 private:
  void bind_one(int i, std::nullopt_t) {
    if (stmt_) stmt_->bind_null(i);
  }
  void bind_one(int i, bool v) {
    if (stmt_) stmt_->bind_int64(i, v ? 1 : 0);
  }
  void bind_one(int i, std::string_view v) {
    if (stmt_) stmt_->bind_text(i, v);
  }
  void bind_one(int i, const std::string& v) {
    if (stmt_) stmt_->bind_text(i, v);
  }
  void bind_one(int i, const char* v) {
    if (stmt_) stmt_->bind_text(i, v);
  }
  void bind_one(int i, const Blob& v) {
    if (stmt_) stmt_->bind_blob(i, v.bytes);
  }
  template <typename T>
  requires std::is_integral_v<T>
  void bind_one(int i, T v) {
    if (stmt_) stmt_->bind_int64(i, static_cast<int64_t>(v));
  }
  template <typename T>
  void bind_one(int i, const std::optional<T>& v) {
    if (v)
      bind_one(i, *v);
    else
      bind_one(i, std::nullopt);
  }

  Statement* stmt_ = nullptr;
  std::unique_ptr<Statement> owned_;
  Status status_;
  bool done_ = false;
};

// Inserts `rows` with multi-row statements: `head` is "INTO t (c1, ..., cn)",
// `bind(q, first, row)` binds one row's `columns` values from placeholder `first` on.
// Up to kRowsPerInsert rows per statement (one VDBE run and one B-tree seek per
// index page instead of per row); OR FAIL, so a statement keeps no statement
// journal (SQLite): a failure leaves the rows before it in place and the
// caller's transaction must be rolled back.
inline constexpr size_t kRowsPerInsert = 32;
std::string multi_row_insert_sql(std::string_view dialect, std::string_view head, int columns,
                                 size_t rows);
template <typename Row, typename Bind>
Status insert_rows(Connection& conn, std::string_view head, int columns,
                   const std::vector<Row>& rows, Bind bind) {
  // The full statement's text is built once; the shorter last one, if any, once more.
  const std::string full = rows.size() >= kRowsPerInsert
                               ? multi_row_insert_sql(conn.dialect(), head, columns, kRowsPerInsert)
                               : std::string();
  for (size_t at = 0; at < rows.size();) {
    const size_t n = std::min(kRowsPerInsert, rows.size() - at);
    Query q(conn,
            n == kRowsPerInsert ? full : multi_row_insert_sql(conn.dialect(), head, columns, n));
    for (size_t i = 0; i < n; ++i) bind(q, static_cast<int>(i) * columns + 1, rows[at + i]);
    GX_RETURN_IF_ERROR(q.run());
    if (q.changes() != static_cast<int64_t>(n)) {
      return Status::internal(std::string(head) + ": " + std::to_string(q.changes()) + " of " +
                              std::to_string(n) + " rows inserted");
    }
    at += n;
  }
  return Status::ok();
}

// Every row of `q` read by `read(q)`, or the statement's error.
template <typename Row, typename Read>
Result<std::vector<Row>> collect(Query& q, Read read) {
  std::vector<Row> out;
  while (q.next()) out.push_back(read(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

// The first row of `q` read by `read(q)` (nullopt when none), or the error.
template <typename Row, typename Read>
Result<std::optional<Row>> first(Query& q, Read read) {
  if (q.next()) return std::optional<Row>(read(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<Row>();
}

// Runs `body` inside a savepoint: released when it returns OK, rolled back to
// (undoing its writes) when it returns an error, which is passed through.
template <typename F>
Status with_savepoint(Connection& conn, std::string_view name, F&& body) {
  GX_RETURN_IF_ERROR(conn.savepoint(name));
  Status s = body();
  if (!s.is_ok()) {
    (void)conn.rollback_to(name);
    (void)conn.release(name);
    return s;
  }
  return conn.release(name);
}

}  // namespace guanxi::store
