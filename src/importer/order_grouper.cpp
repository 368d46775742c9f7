#include "importer/order_grouper.hpp"

namespace guanxi::importer {

OrderGrouper::Role OrderGrouper::place(std::string_view key, RowReader& row,
                                       const Column& key_column, ParseBatch<ParsedOrder>& out) {
  if (current_ && key == key_) {
    ++current_->rows;
    if (!rejected_) return Role::kNextRow;
    row.add("", Severity::kError,
            "row of order " + key_ + ", which was rejected (line " +
                std::to_string(current_->line) + ")");
    ++out.rows_rejected;
    return Role::kRejected;
  }
  finish(out);
  key_ = std::string(key);
  if (const int64_t first = finished_.find(key_); first > 0) {
    row.error(key_column, "rows of order " + key_ +
                              " are not consecutive (the order starts at line " +
                              std::to_string(first) + "); sort the file by " + key_column.name);
    ++out.rows_rejected;
    key_.clear();
    return Role::kRejected;
  }
  return Role::kFirstRow;
}

ParsedOrder& OrderGrouper::start(int64_t line) {
  current_.emplace();
  current_->line = line;
  rejected_ = false;
  return *current_;
}

void OrderGrouper::reject_current(ParseBatch<ParsedOrder>& out) {
  if (!current_ || rejected_) return;
  rejected_ = true;
  out.rows_rejected += current_->rows;
}

void OrderGrouper::finish(ParseBatch<ParsedOrder>& out) {
  if (!current_) return;
  finished_.add(key_, current_->line);
  if (!rejected_) out.items.push_back(std::move(*current_));
  current_.reset();
  key_.clear();
  rejected_ = false;
}

}  // namespace guanxi::importer
