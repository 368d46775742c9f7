// Format adapters: each turns the header and data records of one export format
// into domain inputs (OrderInput, CustomerInput) or row issues. Adapters are pure
// parsing — no I/O and no database — so they run on the import's parsing thread
// and are tested on fixtures alone.
//
// Protocol: bind_header() once, then add_record() for every data record in file
// order, then finish(). An adapter may hold back an item until it has seen all
// of its rows (Shopify line items); finish() flushes it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "domain/model.hpp"
#include "importer/csv_reader.hpp"
#include "importer/row_issue.hpp"

namespace guanxi::importer {

enum class ImportFormat { kTaobao, kShopify, kCsv };
Result<ImportFormat> parse_import_format(std::string_view name);  // "taobao", "shopify", "csv"
std::string_view import_format_name(ImportFormat format);

// An order parsed from one or more rows.
struct ParsedOrder {
  int64_t line = 0;  // first row of the order
  int64_t rows = 1;  // data rows it was built from
  domain::OrderInput input;
  // Column each of input.customer.identities came from (parallel vector), so
  // that an identity dropped later is reported against its column.
  std::vector<std::string> identity_columns;
};

struct ParsedCustomer {
  int64_t line = 0;
  domain::CustomerInput input;
  std::vector<std::string> identity_columns;  // parallel to input.identities
};

// What adapters produce for a run of records; the import runner drains it one
// batch at a time.
template <typename Item>
struct ParseBatch {
  std::vector<Item> items;
  std::vector<RowIssue> issues;
  int64_t rows_read = 0;      // data records seen (malformed ones included)
  int64_t rows_rejected = 0;  // data records that produced nothing

  void clear() {
    items.clear();
    issues.clear();
    rows_read = 0;
    rows_rejected = 0;
  }
};

template <typename Item>
class RecordAdapter {
 public:
  virtual ~RecordAdapter() = default;
  // Resolves columns. A missing required column is invalid_argument naming it
  // (Location::field); the import must then stop before writing anything.
  virtual Status bind_header(const CsvRecord& header) = 0;
  // Consumes one data record: appends finished items and issues to `out` and
  // counts the record in out.rows_read (and rows_rejected if it was rejected).
  virtual void add_record(const CsvRecord& record, ParseBatch<Item>& out) = 0;
  // End of input: flushes any item still held back.
  virtual void finish(ParseBatch<Item>& out) = 0;
};

using OrderAdapter = RecordAdapter<ParsedOrder>;
using CustomerAdapter = RecordAdapter<ParsedCustomer>;

// Remembers the keys (order numbers) of the last `capacity` finished groups, to
// detect an order whose rows are not consecutive in the file. Exports write an
// order's rows together; a key coming back after another order means a sorted
// or concatenated file, and merging it silently would replace the first rows'
// items. Bounded so that memory stays constant on any file.
class RecentKeys {
 public:
  explicit RecentKeys(size_t capacity = 4096) : capacity_(capacity) {}
  void add(std::string key, int64_t line);
  // The first line of the finished group with this key, or 0.
  int64_t find(const std::string& key) const;

 private:
  size_t capacity_;
  std::vector<std::string> ring_;
  size_t next_ = 0;
  std::unordered_map<std::string, int64_t> lines_;
};

}  // namespace guanxi::importer
