#include "store/query.hpp"

namespace guanxi::store {

Query::Query(Connection& conn, std::string_view sql) {
  auto prepared = conn.prepare(sql);
  if (prepared.ok()) {
    stmt_ = *prepared;
  } else {
    status_ = prepared.status();
  }
}

Query::Query(Connection& conn, std::string_view sql, Uncached) {
  auto prepared = conn.prepare_uncached(sql);
  if (prepared.ok()) {
    owned_ = std::move(*prepared);
    stmt_ = owned_.get();
  } else {
    status_ = prepared.status();
  }
}

Query::~Query() {
  if (stmt_ != nullptr) stmt_->reset();
}

bool Query::next() {
  if (stmt_ == nullptr || done_ || !status_.is_ok()) return false;
  auto r = stmt_->step();
  if (!r.ok()) {
    status_ = r.status();
    done_ = true;
    return false;
  }
  if (!*r) done_ = true;
  return *r;
}

Status Query::run() {
  while (next()) {
  }
  return status_;
}

Result<std::optional<int64_t>> Query::insert() {
  GX_RETURN_IF_ERROR(run());
  if (changes() != 1) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt_->last_insert_id());
}

Result<int64_t> Query::insert_row(std::string_view table) {
  GX_ASSIGN_OR_RETURN(auto id, insert());
  if (!id) return Status::internal("insert into " + std::string(table) + " added no row");
  return *id;
}

std::string multi_row_insert_sql(std::string_view dialect, std::string_view head, int columns,
                                 size_t rows) {
  std::string one = "(";
  for (int c = 0; c < columns; ++c) one += c == 0 ? "?" : ", ?";
  one += ")";
  std::string sql = dialect == "sqlite" ? "INSERT OR FAIL " : "INSERT ";
  sql += head;
  sql += " VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += one;
  }
  return sql;
}

Result<std::optional<int64_t>> Query::single_int64() {
  if (!next()) {
    if (!status_.is_ok()) return status_;
    return std::optional<int64_t>();
  }
  return opt_i64(0);
}

std::optional<int64_t> Query::opt_i64(int col) const {
  if (stmt_->column_is_null(col)) return std::nullopt;
  return stmt_->column_int64(col);
}

std::optional<std::string> Query::opt_text(int col) const {
  if (stmt_->column_is_null(col)) return std::nullopt;
  return std::string(stmt_->column_text(col));
}

}  // namespace guanxi::store
