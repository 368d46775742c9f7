// CsvReader: a streaming RFC 4180 reader for import files.
//
// - Quoted fields may hold delimiters, doubled quotes ("") and line breaks (LF
//   or CRLF; a CRLF inside a quoted field is delivered as LF).
// - Records end with LF or CRLF. Blank lines are skipped. A UTF-8 BOM at the
//   start of input is dropped.
// - Excel's protected values ="12345" (and the quoted form "=""12345""") are
//   unwrapped to 12345.
// - A quote inside an unquoted field is taken literally (ab"c), as Excel does.
// - Every record knows the physical line it starts on (1-based).
// - Malformed input — text after a closing quote, a quoted field still open
//   at the end of input, a record longer than max_record_bytes (an unbalanced
//   quote swallowing the file) — yields a kMalformed step with the line and
//   reason, and reading resumes at the line after the record's first line.
//
// Memory is constant: the input is read a buffer at a time and fields are
// views into that buffer (unescaping is done in place), so no field allocates.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "importer/byte_source.hpp"

namespace guanxi::importer {

struct CsvOptions {
  char delimiter = ',';
  // Initial buffer; it grows only for a record that does not fit.
  size_t buffer_bytes = 1 << 20;
  // A longer record is reported malformed (almost always an unbalanced quote).
  size_t max_record_bytes = 16 << 20;
};

// One record. Views are valid until the next call to CsvReader::next().
class CsvRecord {
 public:
  int64_t line() const { return line_; }
  size_t size() const { return fields_.size(); }
  std::string_view operator[](size_t i) const { return fields_[i]; }
  std::span<const std::string_view> fields() const { return fields_; }

 private:
  friend class CsvReader;
  int64_t line_ = 0;
  std::vector<std::string_view> fields_;
};

struct CsvError {
  int64_t line = 0;  // where the malformed record starts
  std::string reason;
};

class CsvReader {
 public:
  enum class Step { kRecord, kMalformed, kEnd };

  // Reads from `source`, which must outlive the reader.
  explicit CsvReader(ByteSource& source, CsvOptions options = {});

  // Advances to the next record. kRecord: record() holds it. kMalformed:
  // error() says where and why, and the next call resumes at the following
  // line. kEnd: no more input. A failing source is returned as its Status.
  Result<Step> next();

  const CsvRecord& record() const { return record_; }
  const CsvError& error() const { return error_; }

 private:
  enum class Scan { kComplete, kNeedMore, kMalformed };
  struct FieldSpan {
    size_t begin;  // offsets into buf_
    size_t end;
    bool quoted;
    bool rewrite;  // holds "" or CRLF to fold
  };

  // Scans one record starting at begin_. On kComplete sets scan_end_ and
  // scan_newlines_; on kMalformed sets error_.reason.
  Scan scan_record();
  void build_record();
  // Reads more input behind the unconsumed bytes, growing the buffer when it
  // is full. Returns false when the record cannot grow any more.
  Result<bool> refill();
  // Drops input up to and including the next line break (malformed recovery).
  Status skip_line();

  ByteSource& source_;
  CsvOptions options_;
  std::array<bool, 256> ends_unquoted_{};  // delimiter, LF, CR
  std::vector<char> buf_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // end of valid data
  bool eof_ = false;
  bool bom_checked_ = false;
  bool skip_pending_ = false;
  int64_t line_ = 1;  // physical line of buf_[begin_]

  std::vector<FieldSpan> spans_;
  size_t scan_end_ = 0;
  int64_t scan_newlines_ = 0;
  CsvRecord record_;
  CsvError error_;
};

}  // namespace guanxi::importer
