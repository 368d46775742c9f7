// The text form of segment rules: `orders >= 3 and not tag("黑名单")` -> Rule.
// The grammar is in README.md; the type rules are in checker.hpp.
#pragma once

#include <string_view>

#include "core/status.hpp"
#include "segment/rule/ast.hpp"

namespace guanxi::segment {

// Parses and type-checks a rule. Every node gets the Span of its text. and/or
// chains become one n-ary node (parentheses start a new node), `a not in (...)`
// becomes Not(In), `==` and `<>` mean = and !=.
//
// Errors are invalid_argument with Location{line, column} (1-based, columns in
// code points) and a message "line L, col C: <what was expected and found>",
// e.g. "line 1, col 1: unknown field 'revnue' — did you mean 'revenue'?".
Result<Rule> parse_rule(std::string_view text);

}  // namespace guanxi::segment
