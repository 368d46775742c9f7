#include "segment/sql/sql_compiler.hpp"

#include <algorithm>

#include "segment/sql/facts_sql.hpp"
#include "store/query.hpp"

namespace guanxi::segment::sql {

namespace {

using detail::Fragment;

Status rule_error(const Node& n, std::string message) {
  Location loc;
  loc.line = n.span.line;
  loc.column = n.span.column;
  return Status::invalid(std::move(message), loc);
}

std::string_view sql_operator(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "=";
}

// The identity types that make has(kind) true (names as stored in identities.type).
std::vector<std::string> identity_types(HasKind kind) {
  switch (kind) {
    case HasKind::kPhone:
      return {"phone"};
    case HasKind::kEmail:
      return {"email"};
    case HasKind::kWechat:
      return {"wechat_openid", "wechat_unionid"};
    case HasKind::kTaobao:
      return {"taobao_nick"};
    case HasKind::kJd:
      return {"jd_pin"};
    case HasKind::kShopify:
      return {"shopify_customer_id"};
    case HasKind::kExternal:
      return {"external_id"};
  }
  return {};
}

// A field's value for the customer row `c`: an expression that is NULL exactly
// when the value is missing (`nullable`), numeric or text.
struct Value {
  Fragment expr;
  bool nullable = false;
  bool text = false;
};

class Compiler {
 public:
  explicit Compiler(const SqlContext& ctx) : ctx_(ctx) {}

  // A boolean expression that is never NULL.
  Result<Fragment> predicate(const Node& n) {
    switch (n.kind) {
      case NodeKind::kAll:
        return Fragment{"TRUE", {}};
      case NodeKind::kAnd:
      case NodeKind::kOr:
        return junction(n);
      case NodeKind::kNot: {
        if (n.children.size() != 1) return rule_error(n, "'not' takes exactly one operand");
        GX_ASSIGN_OR_RETURN(Fragment inner, predicate(n.children[0]));
        Fragment f;
        f.add("NOT (").add(inner).add(")");
        return f;
      }
      case NodeKind::kCompare:
      case NodeKind::kIn:
        return comparison(n);
      case NodeKind::kTag: {
        Fragment f;
        f.add(
            "EXISTS (SELECT 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.customer_id = c.id AND t.shop_id = ");
        f.bind(ctx_.shop_id).add(" AND t.name = ").bind(n.text).add(")");
        return f;
      }
      case NodeKind::kHas: {
        Fragment f;
        f.add("EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.id AND i.shop_id = ");
        f.bind(ctx_.shop_id).add(" AND i.type IN (");
        const auto types = identity_types(n.has_kind);
        for (size_t i = 0; i < types.size(); ++i) {
          if (i > 0) f.add(", ");
          f.bind(types[i]);
        }
        f.add("))");
        return f;
      }
      case NodeKind::kBought:
        return bought(n);
      case NodeKind::kInSegment:
        return in_segment(n);
    }
    return rule_error(n, "unknown rule node");
  }

  detail::FactNeeds& needs() { return needs_; }
  bool join_agg() const { return join_agg_; }

 private:
  Result<Fragment> junction(const Node& n) {
    const bool is_and = n.kind == NodeKind::kAnd;
    // An empty conjunction holds for everyone, an empty disjunction for no one.
    if (n.children.empty()) return Fragment{is_and ? "TRUE" : "FALSE", {}};
    Fragment f;
    f.add("(");
    for (size_t i = 0; i < n.children.size(); ++i) {
      if (i > 0) f.add(is_and ? " AND " : " OR ");
      GX_ASSIGN_OR_RETURN(Fragment child, predicate(n.children[i]));
      f.add("(").add(child).add(")");
    }
    f.add(")");
    return f;
  }

  Status check_window(const Node& n, std::optional<int32_t> window, bool allowed) {
    if (!window) return Status::ok();
    if (!allowed) return rule_error(n, "this field takes no window");
    if (*window < 1) return rule_error(n, "a window must be at least 1 day");
    return Status::ok();
  }

  Result<Value> value_of(const Node& n) {
    const FieldRef& ref = n.field;
    const FieldInfo& info = field_info(ref.field);
    GX_RETURN_IF_ERROR(check_window(n, ref.window_days, info.windowed));
    Value v;
    auto agg = [&](const std::string& expr, bool nullable) {
      needs_.agg = true;
      join_agg_ = true;
      v.expr.add(nullable ? expr : "COALESCE(" + expr + ", 0)");
      v.nullable = nullable;
    };
    auto customer_text = [&](const char* column) {
      v.expr.add(std::string("c.") + column);
      v.text = true;
    };
    switch (ref.field) {
      case Field::kOrders:
      case Field::kRevenue: {
        std::string column = ref.field == Field::kOrders ? "orders" : "revenue";
        if (ref.window_days) column += "_w" + std::to_string(needs_.window_index(*ref.window_days));
        agg("a." + column, false);
        break;
      }
      case Field::kAov:
        agg("CASE WHEN a.orders > 0 THEN a.revenue / a.orders END", true);
        break;
      case Field::kRefunds:
        agg("a.refunds", false);
        break;
      case Field::kRefundAmount:
        agg("a.refund_amount", false);
        break;
      case Field::kFirstOrderDays:
        agg("a.first_order_days", true);
        break;
      case Field::kLastOrderDays:
        agg("a.last_order_days", true);
        break;
      case Field::kSignupDays: {
        Fragment day;
        day.add("gx_local_day(c.signup_at, ").bind(ctx_.zone).add(")");
        v.expr.add("CASE WHEN c.signup_at IS NOT NULL AND ")
            .add(day)
            .add(" <= ")
            .bind(ctx_.as_of_day);
        v.expr.add(" THEN ").bind(ctx_.as_of_day).add(" - ").add(day).add(" END");
        v.nullable = true;
        break;
      }
      // Interactions are notes of the customer dated on or before D (in the window).
      case Field::kLastContactDays: {
        Fragment newest;
        newest.bind(ctx_.as_of_day).add(" - MAX(").add(note_day_sql()).add(")");
        v.expr.add(notes_subquery(newest, std::nullopt));
        v.nullable = true;  // MAX of no notes is NULL
        break;
      }
      case Field::kContacts:
        v.expr.add(notes_subquery(Fragment{"COUNT(*)", {}}, ref.window_days));
        break;
      case Field::kDistinctProducts:
      case Field::kDistinctCategories:
        needs_.items = true;
        v.expr.add(ref.field == Field::kDistinctProducts ? "COALESCE(it.products, 0)"
                                                         : "COALESCE(it.categories, 0)");
        break;
      case Field::kTier:
        customer_text("tier");
        break;
      case Field::kPoints:
        v.expr.add("c.points_balance");
        break;
      case Field::kRfmR:
      case Field::kRfmF:
      case Field::kRfmM:
        needs_.rfm = true;
        v.expr.add(ref.field == Field::kRfmR   ? "rfm.r"
                   : ref.field == Field::kRfmF ? "rfm.f"
                                               : "rfm.m");
        v.nullable = true;
        break;
      case Field::kRfmGroup:
        needs_.rfm = true;
        v.expr.add("rfm.grp");
        v.nullable = true;
        v.text = true;
        break;
      case Field::kAbc:
        needs_.abc = true;
        v.expr.add("abc.cls");
        v.nullable = true;
        v.text = true;
        break;
      case Field::kLifecycle:
        needs_.lifecycle = true;
        v.expr.add("lc.stage");
        v.text = true;
        break;
      case Field::kGender:
        customer_text("gender");
        break;
      case Field::kProvince:
        customer_text("province");
        break;
      case Field::kCity:
        customer_text("city");
        break;
      case Field::kSourceChannel:
        customer_text("source_channel");
        break;
      case Field::kConsentSms:
        customer_text("consent_sms");
        break;
      case Field::kConsentEmail:
        customer_text("consent_email");
        break;
      case Field::kConsentWechat:
        customer_text("consent_wechat");
        break;
      // birthday is 'YYYY-MM-DD' or '--MM-DD': month and day are the last five characters.
      case Field::kBirthdayMonth:
        v.expr.add("CAST(substr(c.birthday, length(c.birthday) - 4, 2) AS INTEGER)");
        v.nullable = true;
        break;
      case Field::kBirthdayDay:
        v.expr.add("CAST(substr(c.birthday, length(c.birthday) - 1, 2) AS INTEGER)");
        v.nullable = true;
        break;
      case Field::kEventCount:
        v.expr.add("(SELECT COUNT(*) FROM events e WHERE e.customer_id = c.id AND e.shop_id = ");
        v.expr.bind(ctx_.shop_id).add(" AND e.kind = 'track' AND e.name = ").bind(ref.arg);
        v.expr.add(" AND gx_local_day(e.occurred_at, ").bind(ctx_.zone).add(")");
        add_day_range(v.expr, ref.window_days);
        v.expr.add(")");
        break;
      case Field::kAttr:
        return rule_error(n, "attr() has no single value");
    }
    return v;
  }

  // Completes the day expression just written to `out` into "day <= D", or
  // with a window "day BETWEEN <its first day> AND D".
  void add_day_range(Fragment& out, std::optional<int32_t> window) const {
    if (window) {
      out.add(" BETWEEN ").bind(detail::window_first_day(ctx_.as_of_day, *window));
      out.add(" AND ").bind(ctx_.as_of_day);
    } else {
      out.add(" <= ").bind(ctx_.as_of_day);
    }
  }

  // The shop-local day of a note `n`.
  Fragment note_day_sql() const {
    Fragment f;
    f.add("gx_local_day(n.occurred_at, ").bind(ctx_.zone).add(")");
    return f;
  }

  // "(SELECT <what> FROM notes n ...)" over the interactions of the customer `c`
  // dated on or before D (and in the window).
  Fragment notes_subquery(const Fragment& what, std::optional<int32_t> window) const {
    Fragment f;
    f.add("(SELECT ").add(what).add(" FROM notes n WHERE n.customer_id = c.id AND n.shop_id = ");
    f.bind(ctx_.shop_id).add(" AND ").add(note_day_sql());
    add_day_range(f, window);
    f.add(")");
    return f;
  }

  // The text literals of a comparison; "churned" stands for both churned stages.
  std::vector<std::string> text_values(const Node& n, const std::vector<Literal>& literals) {
    std::vector<std::string> out;
    for (const auto& lit : literals) {
      if (n.field.field == Field::kLifecycle && lit.text() == "churned") {
        out.emplace_back(kLifecycleStages[4]);
        out.emplace_back(kLifecycleStages[5]);
      } else {
        out.push_back(lit.text());
      }
    }
    return out;
  }

  Result<Fragment> comparison(const Node& n) {
    if (n.kind == NodeKind::kCompare && n.values.size() != 1) {
      return rule_error(n, "a comparison takes exactly one value");
    }
    if (n.kind == NodeKind::kIn && n.values.empty())
      return rule_error(n, "'in' needs at least one value");
    if (n.field.field == Field::kAttr) return attr_comparison(n);
    GX_ASSIGN_OR_RETURN(Value v, value_of(n));
    const FieldInfo& info = field_info(n.field.field);
    for (const auto& lit : n.values) {
      if (v.text != !lit.is_number()) {
        return rule_error(
            n, std::string(info.name) + (v.text ? " takes a text value" : " takes a number"));
      }
      if (lit.decimal && info.type != ValueType::kMoney) {
        return rule_error(n, std::string(info.name) + " takes a whole number");
      }
    }
    Fragment f;
    f.add("(").add(v.expr).add(")");
    if (v.text) {
      // Text fields: =, != and in, as set membership ("churned" expanded).
      const bool negate = n.kind == NodeKind::kCompare && n.op == CompareOp::kNe;
      if (n.kind == NodeKind::kCompare && n.op != CompareOp::kEq && !negate) {
        return rule_error(n, std::string(info.name) + " only compares with =, != and in");
      }
      f.add(negate ? " NOT IN (" : " IN (");
      const auto texts = text_values(n, n.values);
      for (size_t i = 0; i < texts.size(); ++i) {
        if (i > 0) f.add(", ");
        f.bind(texts[i]);
      }
      f.add(")");
    } else if (n.kind == NodeKind::kIn) {
      f.add(" IN (");
      for (size_t i = 0; i < n.values.size(); ++i) {
        if (i > 0) f.add(", ");
        f.bind(n.values[i].number());
      }
      f.add(")");
    } else {
      f.add(" ").add(sql_operator(n.op)).add(" ").bind(n.values[0].number());
    }
    if (!v.nullable) return f;
    // A comparison on a missing value is false (and stays false under IN / NOT IN).
    Fragment wrapped;
    wrapped.add("COALESCE(").add(f).add(", FALSE)");
    return wrapped;
  }

  // attr("key") op literal: the attribute must be a JSON number for a number
  // literal (compared as value * 100 when the literal has decimals) and a JSON
  // string for a text literal. The key is matched through json_each, so any
  // key text works and none is spliced into a JSON path.
  Result<Fragment> attr_comparison(const Node& n) {
    if (n.field.window_days) return rule_error(n, "attr() takes no window");
    Fragment f;
    f.add("EXISTS (SELECT 1 FROM json_each(c.attributes) j WHERE j.key = ")
        .bind(n.field.arg)
        .add(" AND (");
    const CompareOp op = n.kind == NodeKind::kIn ? CompareOp::kEq : n.op;
    for (size_t i = 0; i < n.values.size(); ++i) {
      const Literal& lit = n.values[i];
      if (i > 0) f.add(" OR ");
      if (lit.is_number()) {
        f.add("(j.type IN ('integer', 'real') AND ");
        f.add(lit.decimal ? "j.value * 100 " : "j.value ")
            .add(sql_operator(op))
            .add(" ")
            .bind(lit.number());
        f.add(")");
      } else {
        f.add("(j.type = 'text' AND j.value ")
            .add(sql_operator(op))
            .add(" ")
            .bind(lit.text())
            .add(")");
      }
    }
    f.add("))");
    return f;
  }

  Result<Fragment> bought(const Node& n) {
    GX_RETURN_IF_ERROR(check_window(n, n.window_days, true));
    needs_.od = true;
    const char* column = n.bought_by == BoughtBy::kCategory ? "category"
                         : n.bought_by == BoughtBy::kSku    ? "sku"
                                                            : "product_name";
    Fragment f;
    f.add(
        "EXISTS (SELECT 1 FROM od JOIN order_items bi ON bi.order_id = od.oid "
        "WHERE od.cid = c.id AND od.purchase = 1 AND bi.");
    f.add(column).add(" = ").bind(n.text);
    if (n.window_days) {
      f.add(" AND od.day >= ").bind(detail::window_first_day(ctx_.as_of_day, *n.window_days));
    }
    f.add(")");
    return f;
  }

  Result<Fragment> in_segment(const Node& n) {
    if (!ctx_.resolve_segment)
      return rule_error(n, "in_segment(\"" + n.text + "\"): segments are not available here");
    if (std::find(stack_.begin(), stack_.end(), n.text) != stack_.end()) {
      return rule_error(n, "in_segment(\"" + n.text + "\") refers to itself through a cycle");
    }
    GX_ASSIGN_OR_RETURN(SegmentRef ref, ctx_.resolve_segment(n.text));
    Fragment f;
    if (ref.rule) {
      stack_.push_back(n.text);
      auto inner = predicate(ref.rule->root);
      stack_.pop_back();
      if (!inner.ok()) return inner.status();
      f.add("(").add(*inner).add(")");
      return f;
    }
    std::string ids = "[";
    for (size_t i = 0; i < ref.member_ids.size(); ++i) {
      if (i > 0) ids += ',';
      ids += std::to_string(ref.member_ids[i]);
    }
    ids += ']';
    f.add("c.id IN (SELECT value FROM json_each(").bind(std::move(ids)).add("))");
    return f;
  }

  const SqlContext& ctx_;
  detail::FactNeeds needs_;
  bool join_agg_ = false;
  std::vector<std::string> stack_;  // names of the segments being expanded
};

}  // namespace

Result<CompiledSql> compile_rule(const Rule& rule, const SqlContext& ctx) {
  Compiler compiler(ctx);
  GX_ASSIGN_OR_RETURN(Fragment where, compiler.predicate(rule.root));
  const detail::FactNeeds& needs = compiler.needs();
  Fragment q = detail::with_clause(needs, ctx);
  q.add("SELECT c.id FROM customers c");
  if (compiler.join_agg()) q.add(" LEFT JOIN agg a ON a.cid = c.id");
  if (needs.items) q.add(" LEFT JOIN items it ON it.cid = c.id");
  if (needs.rfm) q.add(" LEFT JOIN rfm ON rfm.cid = c.id");
  if (needs.abc) q.add(" LEFT JOIN abc ON abc.cid = c.id");
  if (needs.lifecycle) q.add(" LEFT JOIN lc ON lc.cid = c.id");
  q.add(" WHERE c.shop_id = ").bind(ctx.shop_id).add(" AND c.merged_into IS NULL AND (").add(where);
  q.add(") ORDER BY c.id");
  return CompiledSql{std::move(q.sql), std::move(q.params)};
}

Result<std::vector<int64_t>> run_id_query(store::Connection& db, const CompiledSql& query) {
  store::Query q(db, query.sql, store::Query::Uncached{});
  for (size_t i = 0; i < query.params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    std::visit([&](const auto& value) { q.bind_at(index, value); }, query.params[i]);
  }
  std::vector<int64_t> ids;
  while (q.next()) ids.push_back(q.i64(0));
  GX_RETURN_IF_ERROR(q.status());
  return ids;
}

Result<std::vector<int64_t>> members_by_sql(store::Connection& db, const Rule& rule,
                                            const SqlContext& ctx) {
  GX_ASSIGN_OR_RETURN(CompiledSql compiled, compile_rule(rule, ctx));
  return run_id_query(db, compiled);
}

}  // namespace guanxi::segment::sql
