// Runs the specification in testdata/rules.txt. Format, one case per block:
//
//   # comment lines explain the cases
//   rule:  <rule text>             (several rule: lines join with a newline)
//   print: <its canonical text>    -- or --
//   error: <the whole error message, with its position>
//
// For a print case the test also checks that the canonical text parses to the
// same AST, prints to itself, and survives the JSON form.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "segment/rule/json_form.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/rule/test_printers.hpp"

namespace guanxi::segment {
namespace {

struct SpecCase {
  int line = 0;  // of the first rule: line in rules.txt
  std::string rule;
  std::string expect_print;
  std::string expect_error;
};

std::vector<SpecCase> load_spec(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<SpecCase> cases;
  SpecCase current;
  bool open = false;
  std::string line;
  int number = 0;
  const auto value_of = [](const std::string& l, size_t prefix) {
    size_t i = prefix;
    while (i < l.size() && l[i] == ' ') ++i;
    return l.substr(i);
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("rule:", 0) == 0) {
      if (!open) {
        current = SpecCase{number, value_of(line, 5), "", ""};
        open = true;
      } else {
        current.rule += "\n" + value_of(line, 5);
      }
    } else if (line.rfind("print:", 0) == 0 && open) {
      current.expect_print = value_of(line, 6);
      cases.push_back(current);
      open = false;
    } else if (line.rfind("error:", 0) == 0 && open) {
      current.expect_error = value_of(line, 6);
      cases.push_back(current);
      open = false;
    } else {
      ADD_FAILURE() << path << ":" << number << ": cannot read line: " << line;
    }
  }
  EXPECT_FALSE(open) << path << ": the last case has no print: or error: line";
  return cases;
}

TEST(RuleSpecTest, RulesTxt) {
  const std::string path = std::string(GUANXI_SOURCE_DIR) + "/src/segment/rule/testdata/rules.txt";
  const auto cases = load_spec(path);
  EXPECT_GE(cases.size(), 60u);
  for (const auto& c : cases) {
    SCOPED_TRACE("rules.txt:" + std::to_string(c.line) + ": " + c.rule);
    const auto parsed = parse_rule(c.rule);
    if (!c.expect_error.empty()) {
      ASSERT_FALSE(parsed.ok()) << "parsed as: " << print_rule(*parsed);
      EXPECT_EQ(parsed.status().message(), c.expect_error);
      continue;
    }
    ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
    const std::string printed = print_rule(*parsed);
    EXPECT_EQ(printed, c.expect_print);
    const auto reparsed = parse_rule(printed);
    ASSERT_TRUE(reparsed.ok()) << reparsed.status().to_string();
    EXPECT_EQ(*reparsed, *parsed);
    EXPECT_EQ(print_rule(*reparsed), printed);
    const auto from_json = rule_from_json(parse_json(rule_to_json(*parsed).dump()).value());
    ASSERT_TRUE(from_json.ok()) << from_json.status().to_string();
    EXPECT_EQ(*from_json, *parsed);
  }
}

}  // namespace
}  // namespace guanxi::segment
