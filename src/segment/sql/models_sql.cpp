#include "segment/sql/models_sql.hpp"

#include "segment/sql/facts_sql.hpp"
#include "store/query.hpp"

namespace guanxi::segment::sql {

namespace {

// Prepares `WITH <needs> <select>` with its parameters bound.
std::unique_ptr<store::Query> model_query(store::Connection& db, const SqlContext& ctx,
                                          const detail::FactNeeds& needs, std::string_view select) {
  detail::Fragment f = detail::with_clause(needs, ctx);
  f.add(select);
  auto q = std::make_unique<store::Query>(db, f.sql, store::Query::Uncached{});
  for (size_t i = 0; i < f.params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    std::visit([&](const auto& value) { q->bind_at(index, value); }, f.params[i]);
  }
  return q;
}

}  // namespace

Result<std::vector<SqlRfmRow>> rfm_by_sql(store::Connection& db, const SqlContext& ctx) {
  detail::FactNeeds needs;
  needs.rfm = true;
  auto q =
      model_query(db, ctx, needs,
                  "SELECT cid, recency, purchases, revenue, r, f, m, grp FROM rfm ORDER BY cid");
  std::vector<SqlRfmRow> rows;
  while (q->next()) {
    rows.push_back({q->i64(0), q->i64(1), q->i64(2), q->i64(3), static_cast<int>(q->i64(4)),
                    static_cast<int>(q->i64(5)), static_cast<int>(q->i64(6)), q->text(7)});
  }
  GX_RETURN_IF_ERROR(q->status());
  return rows;
}

Result<std::vector<SqlAbcRow>> abc_by_sql(store::Connection& db, const SqlContext& ctx) {
  detail::FactNeeds needs;
  needs.abc = true;
  auto q =
      model_query(db, ctx, needs, "SELECT cid, revenue, cls, gold, drag FROM abc ORDER BY cid");
  std::vector<SqlAbcRow> rows;
  while (q->next()) {
    const std::string cls = q->text(2);
    rows.push_back(
        {q->i64(0), q->i64(1), cls.empty() ? 'C' : cls[0], q->i64(3) != 0, q->i64(4) != 0});
  }
  GX_RETURN_IF_ERROR(q->status());
  return rows;
}

Result<std::vector<std::pair<int64_t, std::string>>> lifecycle_by_sql(store::Connection& db,
                                                                      const SqlContext& ctx) {
  detail::FactNeeds needs;
  needs.lifecycle = true;
  auto q = model_query(db, ctx, needs, "SELECT cid, stage FROM lc ORDER BY cid");
  std::vector<std::pair<int64_t, std::string>> rows;
  while (q->next()) rows.emplace_back(q->i64(0), q->text(1));
  GX_RETURN_IF_ERROR(q->status());
  return rows;
}

}  // namespace guanxi::segment::sql
