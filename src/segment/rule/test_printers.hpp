// GoogleTest printers for rules: failures show the rule's text, not its bytes.
// Test-only; include after the AST headers in *_test.cpp files.
#pragma once

#include <ostream>

#include "segment/rule/ast.hpp"
#include "segment/rule/printer.hpp"

namespace guanxi::segment {

inline void PrintTo(const Rule& rule, std::ostream* os) {
  *os << print_rule(rule);
}
inline void PrintTo(const Node& node, std::ostream* os) {
  *os << print_rule(Rule{node});
}

}  // namespace guanxi::segment
