// ErrorReport: the CSV an import writes next to its input to say which rows it
// rejected or imported with a value ignored:
//
//   line,column,severity,reason
//   3,买家实际支付金额,error,amount '12.3.4' is not a decimal number
//   10,联系手机,warning,phone '158****0000' is masked
//
// The file is created at the first issue only, so a clean import leaves none.
#pragma once

#include <cstdint>
#include <fstream>
#include <span>
#include <string>

#include "core/status.hpp"
#include "importer/row_issue.hpp"

namespace guanxi::importer {

class ErrorReport {
 public:
  explicit ErrorReport(std::string path) : path_(std::move(path)) {}

  // Appends issues (in the order given). io_error when the file cannot be written.
  Status add(std::span<const RowIssue> issues);
  // Flushes and closes the file.
  Status close();

  const std::string& path() const { return path_; }
  bool written() const { return errors_ + warnings_ > 0; }
  int64_t errors() const { return errors_; }
  int64_t warnings() const { return warnings_; }

  // Removes a report left at `path` by an earlier run — only when it is one
  // of ours (starts with our header line), never any other file.
  static void remove_stale(const std::string& path);

 private:
  std::string path_;
  std::ofstream out_;
  int64_t errors_ = 0;
  int64_t warnings_ = 0;
};

// Quotes a CSV field when it holds a comma, quote or line break.
std::string csv_escape(std::string_view field);

}  // namespace guanxi::importer
