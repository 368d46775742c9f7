#include "importer/csv_reader.hpp"

#include <algorithm>
#include <cstring>

namespace guanxi::importer {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Unwraps Excel's ="..." protection from an already unquoted value.
std::string_view unwrap_excel(std::string_view v) {
  if (v.size() >= 3 && v[0] == '=' && v[1] == '"' && v.back() == '"')
    return v.substr(2, v.size() - 3);
  return v;
}

}  // namespace

CsvReader::CsvReader(ByteSource& source, CsvOptions options) : source_(source), options_(options) {
  options_.buffer_bytes = std::max<size_t>(options_.buffer_bytes, 64);
  options_.max_record_bytes = std::max(options_.max_record_bytes, options_.buffer_bytes);
  buf_.resize(options_.buffer_bytes);
  ends_unquoted_[static_cast<unsigned char>(options_.delimiter)] = true;
  ends_unquoted_['\n'] = true;
  ends_unquoted_['\r'] = true;
}

Result<bool> CsvReader::refill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() >= options_.max_record_bytes) return false;
    buf_.resize(std::min(buf_.size() * 2, options_.max_record_bytes));
  }
  GX_ASSIGN_OR_RETURN(size_t got, source_.read(std::span(buf_).subspan(end_)));
  if (got == 0) eof_ = true;
  end_ += got;
  return true;
}

CsvReader::Scan CsvReader::scan_record() {
  spans_.clear();
  const char* const base = buf_.data();
  const char* const e = base + end_;
  const char* p = base + begin_;
  const char delim = options_.delimiter;
  int64_t newlines = 0;
  auto offset = [base](const char* q) { return static_cast<size_t>(q - base); };
  auto complete = [&](const char* after) {
    scan_end_ = offset(after);
    scan_newlines_ = newlines;
    return Scan::kComplete;
  };

  for (;;) {  // one field per iteration
    if (p == e) {
      if (!eof_) return Scan::kNeedMore;
      spans_.push_back({offset(p), offset(p), false, false});  // empty last field
      return complete(p);
    }
    bool quoted = *p == '"';
    if (*p == '=') {
      if (p + 1 == e && !eof_) return Scan::kNeedMore;
      if (p + 1 < e && p[1] == '"') {  // Excel ="..." : the quoted part is the value
        quoted = true;
        ++p;
      }
    }
    if (quoted) {
      const char* const start = ++p;
      bool rewrite = false;
      const char* close = nullptr;
      while (close == nullptr) {
        const auto* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(e - p)));
        if (q == nullptr) {
          if (!eof_) return Scan::kNeedMore;
          error_.reason = "quoted field is not closed before the end of the file";
          return Scan::kMalformed;
        }
        for (const char* c = p; c < q; ++c) {
          if (*c == '\n')
            ++newlines;
          else if (*c == '\r')
            rewrite = true;
        }
        if (q + 1 == e && !eof_) return Scan::kNeedMore;  // is it "" or the close?
        if (q + 1 < e && q[1] == '"') {
          rewrite = true;
          p = q + 2;
          continue;
        }
        close = q;
      }
      spans_.push_back({offset(start), offset(close), true, rewrite});
      p = close + 1;
      if (p == e) {
        if (!eof_) return Scan::kNeedMore;
        return complete(p);
      }
      if (*p == delim) {
        ++p;
        continue;
      }
      if (*p == '\n') {
        ++newlines;
        return complete(p + 1);
      }
      if (*p == '\r') {
        if (p + 1 == e) {
          if (!eof_) return Scan::kNeedMore;
          return complete(p + 1);
        }
        if (p[1] == '\n') {
          ++newlines;
          return complete(p + 2);
        }
      }
      error_.reason =
          "unexpected text after a closing quote (a quote inside a quoted field must be doubled)";
      return Scan::kMalformed;
    }

    const char* const start = p;
    for (;;) {
      while (p < e && !ends_unquoted_[static_cast<unsigned char>(*p)]) ++p;
      if (p == e) {
        if (!eof_) return Scan::kNeedMore;
        spans_.push_back({offset(start), offset(p), false, false});
        return complete(p);
      }
      if (*p != '\r') break;
      if (p + 1 == e) {
        if (!eof_) return Scan::kNeedMore;
        spans_.push_back({offset(start), offset(p), false, false});
        return complete(p + 1);
      }
      if (p[1] == '\n') break;
      ++p;  // a lone CR is data
    }
    spans_.push_back({offset(start), offset(p), false, false});
    if (*p == delim) {
      ++p;
      continue;
    }
    ++newlines;
    return complete(p + (*p == '\r' ? 2 : 1));
  }
}

void CsvReader::build_record() {
  record_.line_ = line_;
  record_.fields_.clear();
  char* const base = buf_.data();
  for (const FieldSpan& f : spans_) {
    size_t len = f.end - f.begin;
    if (f.rewrite) {
      // Fold "" to " and CRLF to LF in place; the result is never longer.
      char* w = base + f.begin;
      for (const char* r = base + f.begin; r < base + f.end; ++r) {
        if (*r == '"') {
          ++r;  // the scan guarantees the pair
        } else if (*r == '\r' && r + 1 < base + f.end && r[1] == '\n') {
          continue;
        }
        *w++ = *r;
      }
      len = static_cast<size_t>(w - (base + f.begin));
    }
    std::string_view v(base + f.begin, len);
    if (f.quoted && !v.empty() && v[0] == '=') v = unwrap_excel(v);
    record_.fields_.push_back(v);
  }
}

Status CsvReader::skip_line() {
  for (;;) {
    const char* const p = buf_.data() + begin_;
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', end_ - begin_));
    if (nl != nullptr) {
      begin_ += static_cast<size_t>(nl - p) + 1;
      ++line_;
      skip_pending_ = false;
      return Status::ok();
    }
    begin_ = end_;
    if (eof_) {
      skip_pending_ = false;
      return Status::ok();
    }
    GX_ASSIGN_OR_RETURN(bool grew, refill());
    (void)grew;  // the buffer is empty here, so it always has room
  }
}

Result<CsvReader::Step> CsvReader::next() {
  if (skip_pending_) GX_RETURN_IF_ERROR(skip_line());
  if (!bom_checked_) {
    while (end_ - begin_ < kBom.size() && !eof_) GX_RETURN_IF_ERROR(refill().status());
    if (std::string_view(buf_.data() + begin_, end_ - begin_).starts_with(kBom))
      begin_ += kBom.size();
    bom_checked_ = true;
  }
  for (;;) {
    if (begin_ == end_) {
      if (eof_) return Step::kEnd;
      GX_RETURN_IF_ERROR(refill().status());
      continue;
    }
    const Scan scan = scan_record();
    if (scan == Scan::kNeedMore) {
      GX_ASSIGN_OR_RETURN(bool grew, refill());
      if (grew) continue;
      error_.reason = "record is longer than " + std::to_string(options_.max_record_bytes) +
                      " bytes (is a quote unbalanced?)";
    }
    if (scan != Scan::kComplete) {
      error_.line = line_;
      skip_pending_ = true;  // resume at the next line
      return Step::kMalformed;
    }
    const bool blank = spans_.size() == 1 && !spans_[0].quoted && spans_[0].begin == spans_[0].end;
    build_record();
    begin_ = scan_end_;
    line_ += scan_newlines_;
    if (blank) continue;
    return Step::kRecord;
  }
}

}  // namespace guanxi::importer
