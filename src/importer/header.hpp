// Header: the column names of an import file, matched leniently. Real exports
// carry stray spaces, full-width forms (（元）, Ｅｍａｉｌ) and odd casing, so names
// are compared after normalize_header_name().
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "importer/csv_reader.hpp"

namespace guanxi::importer {

// Removes all white space (ASCII, U+00A0, U+3000, U+FEFF), folds full-width
// ASCII forms (U+FF01..U+FF5E) to ASCII and lowercases ASCII letters:
// " 买家会员名 " -> "买家会员名", "Lineitem Quantity" -> "lineitemquantity",
// "退款金额（元）" -> "退款金额(元)".
std::string normalize_header_name(std::string_view name);

// A resolved column: its position in each record, or absent.
struct Column {
  int index = -1;    // -1 when the file has no such column
  std::string name;  // as written in the file; the expected name when absent

  bool present() const { return index >= 0; }
};

class Header {
 public:
  Header() = default;
  // Takes a copy of the names of a header record.
  explicit Header(const CsvRecord& record);

  size_t size() const { return names_.size(); }
  const std::string& name(size_t i) const { return names_[i]; }

  // The first of `candidates` present in the header (first occurrence when a
  // name repeats), or an absent Column named after candidates[0].
  Column find(std::initializer_list<std::string_view> candidates) const;
  Column find(std::string_view name) const { return find({name}); }

 private:
  std::vector<std::string> names_;  // trimmed, as in the file
  std::vector<std::string> normalized_;
};

}  // namespace guanxi::importer
