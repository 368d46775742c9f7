// The JSON form of a rule, which the web UI edits and the API accepts:
//   {"op":"and","args":[{"op":">=","field":"orders","window_days":365,"value":3},
//                       {"op":"not","arg":{"op":"tag","name":"黑名单"}}]}
// Every shape is listed in README.md. Money values are yuan (500, 99.9), as in
// the text form.
#pragma once

#include "core/json.hpp"
#include "core/status.hpp"
#include "segment/rule/ast.hpp"

namespace guanxi::segment {

// Precondition: validate_rule(rule) is OK (true of every parsed rule).
Json rule_to_json(const Rule& rule);

// Reads and type-checks the JSON form with the same rules as parse_rule.
// rule_from_json(rule_to_json(r)) == r for every valid rule. An and/or with a
// single element in "args" stands for that element. Errors are invalid_argument
// with Location::field set to the JSON pointer of the problem ("/args/1/value");
// unknown keys are errors.
Result<Rule> rule_from_json(const Json& json);

}  // namespace guanxi::segment
