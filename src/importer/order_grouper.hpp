// OrderGrouper: assembles orders that span consecutive rows (Shopify line
// items, ERP exports with one row per item) and enforces that an order's rows
// are consecutive. Used by adapters:
//
//   switch (grouper.place(key, row, key_column, out)) {
//     case Role::kFirstRow: parse order fields into grouper.start(row.line()); ...
//     case Role::kNextRow:  add the row's item to grouper.current(); ...
//     case Role::kRejected: nothing (the issue is recorded)
//   }
//   grouper.reject_current(out) when any row of the order has an error;
//   grouper.finish(out) at the end of input.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "importer/adapter.hpp"
#include "importer/row_reader.hpp"

namespace guanxi::importer {

class OrderGrouper {
 public:
  enum class Role {
    kFirstRow,  // starts a new order (the previous one was emitted)
    kNextRow,   // another row of the current order
    kRejected,  // a row of a rejected order, or of an order finished earlier
  };

  // Places a row whose order key is `key`, emitting the previous order to
  // `out` when a new one starts. Counts rejected rows in out.rows_rejected.
  Role place(std::string_view key, RowReader& row, const Column& key_column,
             ParseBatch<ParsedOrder>& out);
  // After kFirstRow: the new order, with its line set.
  ParsedOrder& start(int64_t line);
  ParsedOrder& current() { return *current_; }
  // Drops the current order: all its rows so far, and those still to come, are rejected.
  void reject_current(ParseBatch<ParsedOrder>& out);
  // Emits the current order, if any.
  void finish(ParseBatch<ParsedOrder>& out);

 private:
  std::optional<ParsedOrder> current_;
  std::string key_;
  bool rejected_ = false;
  RecentKeys finished_;
};

}  // namespace guanxi::importer
