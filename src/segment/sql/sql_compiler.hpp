// The SQL compiler of segment rules: a Rule becomes one parameterized SELECT
// over the relational tables (customers, orders, order_items, tags, identities,
// events) that returns the matching live customer ids. It is the independent
// second implementation of the rule semantics pinned in segment/rule/ast.hpp:
// the in-memory evaluator must return exactly the same members, which the
// differential test checks. The exact definitions are in README.md and
// facts_sql.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.hpp"
#include "segment/rule/ast.hpp"
#include "segment/rule/model_settings.hpp"
#include "store/database.hpp"

namespace guanxi::segment::sql {

// What an in_segment("name") refers to: a rule (dynamic segment) or a fixed
// member list (static list). When `rule` is set, `member_ids` is ignored.
struct SegmentRef {
  std::optional<Rule> rule;
  std::vector<int64_t> member_ids;
};

struct SqlContext {
  int64_t shop_id = 0;
  int32_t as_of_day = 0;               // shop-local day number D (days since 1970-01-01)
  std::string zone = "Asia/Shanghai";  // IANA name, for gx_local_day
  ModelSettings models;
  // Resolves in_segment names; may be empty, in_segment is then an error.
  std::function<Result<SegmentRef>(std::string_view name)> resolve_segment;
};

using SqlParam = std::variant<int64_t, std::string>;

struct CompiledSql {
  std::string sql;
  std::vector<SqlParam> params;  // for the "?" placeholders, in order
};

// A SELECT of the ids of the matching live customers (customers.shop_id =
// shop, merged_into IS NULL), ascending. Every literal and name of the rule is
// a bound parameter. Errors (invalid_argument): a literal of the wrong type
// for its field, an ordering operator on a text field, a bad window, an
// in_segment without a resolver or in a cycle; errors of the resolver pass
// through.
Result<CompiledSql> compile_rule(const Rule& rule, const SqlContext& ctx);

// Compiles and runs the rule on `db`: the member ids, ascending.
Result<std::vector<int64_t>> members_by_sql(store::Connection& db, const Rule& rule,
                                            const SqlContext& ctx);

// Runs a compiled statement whose first column is an integer (the ids).
Result<std::vector<int64_t>> run_id_query(store::Connection& db, const CompiledSql& query);

}  // namespace guanxi::segment::sql
