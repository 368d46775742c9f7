#include "importer/row_reader.hpp"

#include <charconv>

#include "core/money.hpp"

namespace guanxi::importer {

namespace {

// Length of the white space character starting at s[i], 0 if none.
size_t space_len(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (c == 0xC2 && s.substr(i, 2) == "\xC2\xA0") return 2;
  if (c == 0xE3 && s.substr(i, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

// Length of the white space character ending just before s[end], 0 if none.
size_t space_len_before(std::string_view s, size_t end) {
  const auto c = static_cast<unsigned char>(s[end - 1]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (end >= 2 && s.substr(end - 2, 2) == "\xC2\xA0") return 2;
  if (end >= 3 && s.substr(end - 3, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

}  // namespace

std::string_view trim_value(std::string_view v) {
  size_t n = 0;
  while (!v.empty() && (n = space_len(v, 0)) > 0) v.remove_prefix(n);
  while (!v.empty() && (n = space_len_before(v, v.size())) > 0) v.remove_suffix(n);
  return v;
}

bool is_blank_value(std::string_view v) {
  return v.empty() || v == "null" || v == "NULL" || v == "Null" || v == "None";
}

RowReader::RowReader(const CsvRecord& record, size_t header_width, std::vector<RowIssue>& issues)
    : record_(record), issues_(issues) {
  if (record.size() < header_width) {
    add("", Severity::kError,
        "row has " + std::to_string(record.size()) + " fields but the header has " +
            std::to_string(header_width) + " (is a quote unbalanced?)");
    return;
  }
  for (size_t i = header_width; i < record.size(); ++i) {
    if (!trim_value(record[i]).empty()) {
      add("", Severity::kError,
          "row has " + std::to_string(record.size()) + " fields but the header has " +
              std::to_string(header_width));
      return;
    }
  }
}

std::string_view RowReader::text(const Column& c) const {
  if (c.index < 0 || static_cast<size_t>(c.index) >= record_.size()) return {};
  return trim_value(record_[static_cast<size_t>(c.index)]);
}

void RowReader::add(std::string column, Severity severity, std::string reason) {
  if (severity == Severity::kError) ++errors_;
  issues_.push_back(RowIssue{record_.line(), std::move(column), severity, std::move(reason)});
}

bool RowReader::require(const Column& c) {
  if (!blank(c)) return true;
  error(c, c.name + " is empty");
  return false;
}

std::optional<int64_t> RowReader::amount(const Column& c, int exponent) {
  const std::string_view v = text(c);
  if (is_blank_value(v)) return std::nullopt;
  Result<int64_t> r = parse_minor_units(v, exponent);
  if (!r.ok()) {
    error(c, r.status().message());
    return std::nullopt;
  }
  return *r;
}

std::optional<int64_t> RowReader::integer(const Column& c) {
  const std::string_view v = text(c);
  if (is_blank_value(v)) return std::nullopt;
  int64_t out = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size()) {
    error(c, "'" + std::string(v) + "' is not a whole number");
    return std::nullopt;
  }
  return out;
}

std::optional<Timestamp> RowReader::local_time(const Column& c, const ShopZone& zone) {
  const std::string_view v = text(c);
  if (is_blank_value(v)) return std::nullopt;
  Result<Timestamp> r = zone.parse_local(v);
  if (!r.ok()) {
    error(c, r.status().message());
    return std::nullopt;
  }
  return *r;
}

}  // namespace guanxi::importer
