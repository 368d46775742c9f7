// RowIssue: one problem found in one row of an import file, as it appears in
// the error report (line, column, severity, reason).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guanxi::importer {

enum class Severity {
  kError,    // the row was rejected: nothing of it was imported
  kWarning,  // the row was imported, but a value was ignored
};
inline std::string_view severity_name(Severity s) {
  return s == Severity::kError ? "error" : "warning";
}

struct RowIssue {
  int64_t line = 0;    // physical line where the row starts (1-based)
  std::string column;  // header name as in the file; empty for the whole row
  Severity severity = Severity::kError;
  std::string reason;

  bool operator==(const RowIssue&) const = default;
};

}  // namespace guanxi::importer
