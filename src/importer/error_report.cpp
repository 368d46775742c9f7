#include "importer/error_report.hpp"

#include <cstdio>

namespace guanxi::importer {

namespace {

constexpr std::string_view kHeader = "line,column,severity,reason";

}  // namespace

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Status ErrorReport::add(std::span<const RowIssue> issues) {
  if (issues.empty()) return Status::ok();
  if (!out_.is_open()) {
    out_.open(path_, std::ios::binary | std::ios::trunc);
    if (!out_) return Status::io_error("cannot write the error report '" + path_ + "'");
    out_ << kHeader << '\n';
  }
  for (const RowIssue& issue : issues) {
    out_ << issue.line << ',' << csv_escape(issue.column) << ',' << severity_name(issue.severity)
         << ',' << csv_escape(issue.reason) << '\n';
    if (issue.severity == Severity::kError)
      ++errors_;
    else
      ++warnings_;
  }
  if (!out_) return Status::io_error("cannot write the error report '" + path_ + "'");
  return Status::ok();
}

Status ErrorReport::close() {
  if (!out_.is_open()) return Status::ok();
  out_.close();
  if (!out_) return Status::io_error("cannot write the error report '" + path_ + "'");
  return Status::ok();
}

void ErrorReport::remove_stale(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  std::string first;
  std::getline(in, first);
  in.close();
  if (first == kHeader) (void)std::remove(path.c_str());
}

}  // namespace guanxi::importer
