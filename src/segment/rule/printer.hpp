// The canonical text of a rule: lower-case keywords, one space around
// operators, parentheses only where precedence (or > and > not) needs them,
// money in yuan with minimal decimals (9990 -> 99.9), strings in double quotes
// with \" and \\ escaped.
#pragma once

#include <string>

#include "segment/rule/ast.hpp"

namespace guanxi::segment {

// Contract: for every Rule that passes validate_rule (checker.hpp), which
// includes every rule parse_rule or rule_from_json returns,
// parse_rule(print_rule(rule)) == rule (spans aside).
std::string print_rule(const Rule& rule);

}  // namespace guanxi::segment
