// Helpers for the calendar tests: days written as "YYYY-MM-DD" so expectations
// read like the published tables and failures print dates.
#pragma once

#include <date/date.h>

#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/lunar.hpp"
#include "core/time.hpp"

namespace guanxi::calendar {

inline void PrintTo(const LunarDate& d, std::ostream* os) {
  *os << d.to_string();
}

namespace testing {

// "2025-01-29" → the day; a malformed literal throws, failing the test.
inline date::sys_days day(std::string_view iso) {
  const CivilDate c = parse_civil_date(iso).value();
  return date::sys_days{date::year{c.year} / date::month{c.month} / date::day{c.day}};
}

inline std::string iso(date::sys_days d) {
  return date::format("%F", d);
}

// "none" for nullopt.
inline std::string iso(const std::optional<date::sys_days>& d) {
  return d ? iso(*d) : "none";
}

// Space-separated; "" when empty.
inline std::string iso(const std::vector<date::sys_days>& days) {
  std::string out;
  for (const date::sys_days d : days) {
    if (!out.empty()) out += ' ';
    out += iso(d);
  }
  return out;
}

// The whitespace-separated words of src/calendar/testdata/<name>, one vector per
// line, without '#' comments (whole-line or trailing) and blank lines. Empty if the
// file cannot be read.
inline std::vector<std::vector<std::string>> read_testdata(const std::string& name) {
  std::ifstream in(std::string(GUANXI_SOURCE_DIR) + "/src/calendar/testdata/" + name);
  std::vector<std::vector<std::string>> lines;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string w; words >> w && w[0] != '#';) row.push_back(w);
    if (!row.empty()) lines.push_back(std::move(row));
  }
  return lines;
}

}  // namespace testing
}  // namespace guanxi::calendar
