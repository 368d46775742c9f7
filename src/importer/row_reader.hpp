// RowReader: typed access to the values of one data row, recording a RowIssue
// for every value that does not parse. Adapters read all the fields they need,
// then check rejected(): a row with any error is rejected as a whole, with
// every problem reported (not just the first).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "importer/csv_reader.hpp"
#include "importer/header.hpp"
#include "importer/row_issue.hpp"

namespace guanxi::importer {

// Trims ASCII white space, U+00A0 and U+3000 from both ends.
std::string_view trim_value(std::string_view v);

// Empty, or a placeholder exports write for "no value" ("null", "NULL", "None").
// Only typed values (amounts, numbers, times) treat these as blank; text keeps them.
bool is_blank_value(std::string_view trimmed);

class RowReader {
 public:
  // A row with fewer fields than the header, or with non-empty fields past the
  // header, is an error (an unbalanced quote usually shows up this way).
  RowReader(const CsvRecord& record, size_t header_width, std::vector<RowIssue>& issues);

  int64_t line() const { return record_.line(); }

  // The trimmed value; empty when the column is absent.
  std::string_view text(const Column& c) const;
  std::string string(const Column& c) const { return std::string(text(c)); }
  // No value: absent, empty or a placeholder (is_blank_value).
  bool blank(const Column& c) const { return is_blank_value(text(c)); }

  // Typed values: nullopt when blank (no issue) or invalid (an error naming the column).
  // A decimal in major units -> minor units of a currency with `exponent` decimals.
  std::optional<int64_t> amount(const Column& c, int exponent);
  // A whole number (quantities, amounts already in minor units).
  std::optional<int64_t> integer(const Column& c);
  // A shop-local wall time ("2024-03-01 12:00:00"), or an instant with an offset.
  std::optional<Timestamp> local_time(const Column& c, const ShopZone& zone);

  // Records "<column> is empty" when the column has no value; returns whether it has one.
  bool require(const Column& c);

  void error(const Column& c, std::string reason) {
    add(c.name, Severity::kError, std::move(reason));
  }
  void warning(const Column& c, std::string reason) {
    add(c.name, Severity::kWarning, std::move(reason));
  }
  void add(std::string column, Severity severity, std::string reason);

  bool rejected() const { return errors_ > 0; }

 private:
  const CsvRecord& record_;
  std::vector<RowIssue>& issues_;
  int errors_ = 0;
};

}  // namespace guanxi::importer
