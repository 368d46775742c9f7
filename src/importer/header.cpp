#include "importer/header.hpp"

#include "importer/row_reader.hpp"

namespace guanxi::importer {

std::string normalize_header_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  const auto* s = reinterpret_cast<const unsigned char*>(name.data());
  const size_t n = name.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      ++i;
    } else if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {  // U+00A0
      i += 2;
    } else if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x80) {  // U+3000
      i += 3;
    } else if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBB && s[i + 2] == 0xBF) {  // U+FEFF
      i += 3;
    } else if (c == 0xEF && i + 2 < n && (s[i + 1] == 0xBC || s[i + 1] == 0xBD)) {
      // U+FF01..U+FF5E are ASCII 0x21..0x7E shifted by 0xFEE0.
      const unsigned cp = 0xF000u | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        unsigned ascii = cp - 0xFEE0u;
        if (ascii >= 'A' && ascii <= 'Z') ascii = ascii - 'A' + 'a';
        out += static_cast<char>(ascii);
      } else {
        out.append(name.substr(i, 3));
      }
      i += 3;
    } else {
      out += static_cast<char>(c);
      ++i;
    }
  }
  return out;
}

Header::Header(const CsvRecord& record) {
  names_.reserve(record.size());
  normalized_.reserve(record.size());
  for (std::string_view field : record.fields()) {
    names_.emplace_back(trim_value(field));
    normalized_.push_back(normalize_header_name(field));
  }
}

Column Header::find(std::initializer_list<std::string_view> candidates) const {
  for (std::string_view candidate : candidates) {
    const std::string wanted = normalize_header_name(candidate);
    for (size_t i = 0; i < normalized_.size(); ++i) {
      if (normalized_[i] == wanted) return Column{static_cast<int>(i), names_[i]};
    }
  }
  return Column{-1, candidates.size() > 0 ? std::string(*candidates.begin()) : std::string()};
}

}  // namespace guanxi::importer
