#include "store/sales_report_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

// "?, ?, ?" for n placeholders (the SQL varies only in their number).
std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

OpportunityFactsRow read_opportunity(const Query& q) {
  OpportunityFactsRow r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.pipeline_id = q.i64(2);
  r.stage_id = q.i64(3);
  r.owner_user_id = q.opt_i64(4);
  r.status = q.text(5);
  r.forecast_category = q.text(6);
  r.amount_minor = q.i64(7);
  r.currency = q.text(8);
  r.expected_close_date = q.opt_text(9);
  r.close_reason = q.text(10);
  r.closed_at = q.opt_i64(11);
  r.stage_entered_at = q.i64(12);
  r.created_at = q.i64(13);
  r.updated_at = q.i64(14);
  r.deleted_at = q.opt_i64(15);
  return r;
}

RollupRow read_rollup_row(const Query& r) {
  RollupRow row;
  row.key.metric = r.text(0);
  row.key.owner_user_id = r.i64(1);
  row.key.month = r.text(2);
  row.key.pipeline_id = r.i64(3);
  row.key.stage_id = r.i64(4);
  row.key.dim = r.i64(5);
  row.key.status = r.text(6);
  row.key.label = r.text(7);
  row.key.currency = r.text(8);
  row.value.n = r.i64(9);
  row.value.amount_minor = r.i64(10);
  row.value.total = r.i64(11);
  return row;
}

constexpr const char* kOpportunitySelect =
    "SELECT id, shop_id, pipeline_id, stage_id, owner_user_id, status, forecast_category, "
    "amount_minor, currency, expected_close_date, close_reason, closed_at, stage_entered_at, "
    "created_at, updated_at, deleted_at FROM opportunities ";

}  // namespace

// ---- rollups ---------------------------------------------------------------------------

Status add_to_rollup(Connection& db, int64_t shop, const RollupKey& k, const RollupValue& d) {
  Query q(db,
          "INSERT INTO sales_rollups (shop_id, metric, owner_user_id, month, pipeline_id, "
          "stage_id, dim, status, label, currency, n, amount_minor, total) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (shop_id, metric, owner_user_id, month, pipeline_id, stage_id, dim, "
          "status, label, currency) DO UPDATE SET n = sales_rollups.n + excluded.n, "
          "amount_minor = sales_rollups.amount_minor + excluded.amount_minor, "
          "total = sales_rollups.total + excluded.total");
  q.bind(shop, k.metric, k.owner_user_id, k.month, k.pipeline_id, k.stage_id, k.dim, k.status,
         k.label, k.currency, d.n, d.amount_minor, d.total);
  return q.run();
}

Result<std::vector<RollupRow>> read_rollups(Connection& db, int64_t shop, std::string_view metric,
                                            int64_t owner, std::string_view from_month,
                                            std::string_view to_month) {
  Query q(db,
          "SELECT metric, owner_user_id, month, pipeline_id, stage_id, dim, status, label, "
          "currency, n, amount_minor, total FROM sales_rollups "
          "WHERE shop_id = ? AND metric = ? AND owner_user_id = ? AND month >= ? AND month <= ? "
          "AND (n <> 0 OR amount_minor <> 0 OR total <> 0)");
  q.bind(shop, metric, owner, from_month, to_month);
  return collect<RollupRow>(q, read_rollup_row);
}

Result<std::map<int64_t, OwnerSums>> owner_sums(
    Connection& db, int64_t shop, const std::vector<int64_t>& owners, std::string_view from_month,
    std::string_view to_month, std::optional<int64_t> pipeline, std::string_view currency) {
  std::map<int64_t, OwnerSums> out;
  if (owners.empty()) return out;
  // owner IN (...) walks the primary key owner by owner, so GROUP BY owner
  // needs no sort.
  const std::string where = "WHERE shop_id = ? AND metric = ? AND owner_user_id IN (" +
                            placeholders(owners.size()) + ") AND month >= ? AND month <= ? ";
  const std::string of_pipeline = pipeline ? "AND pipeline_id = ? " : "";
  // The currency (when the select list has it), then the WHERE clause.
  auto bind = [&](Query& q, bool with_currency, std::string_view metric, bool with_pipeline) {
    int i = 1;
    if (with_currency) q.bind_at(i++, currency);
    q.bind_at(i++, shop);
    q.bind_at(i++, metric);
    for (int64_t o : owners) q.bind_at(i++, o);
    q.bind_at(i++, from_month);
    q.bind_at(i++, to_month);
    if (with_pipeline) q.bind_at(i++, *pipeline);
  };
  {
    Query q(db,
            "SELECT owner_user_id, "
            "SUM(CASE WHEN status = 'won' AND currency = ? THEN amount_minor ELSE 0 END), "
            "SUM(CASE WHEN status = 'won' THEN n ELSE 0 END), "
            "SUM(CASE WHEN status = 'lost' THEN n ELSE 0 END) FROM sales_rollups " +
                where + of_pipeline + "GROUP BY owner_user_id",
            Query::Uncached{});
    bind(q, true, "close", pipeline.has_value());
    while (q.next()) {
      auto& o = out[q.i64(0)];
      o.won_amount = q.i64(1);
      o.won_count = q.i64(2);
      o.lost_count = q.i64(3);
    }
    GX_RETURN_IF_ERROR(q.status());
  }
  {
    Query q(db,
            "SELECT owner_user_id, "
            "SUM(CASE WHEN currency = ? THEN amount_minor ELSE 0 END), SUM(n) "
            "FROM sales_rollups " +
                where + of_pipeline + "GROUP BY owner_user_id",
            Query::Uncached{});
    bind(q, true, "stage", pipeline.has_value());
    while (q.next()) {
      auto& o = out[q.i64(0)];
      o.created_amount = q.i64(1);
      o.created_count = q.i64(2);
    }
    GX_RETURN_IF_ERROR(q.status());
  }
  Query q(db,
          "SELECT owner_user_id, status, SUM(n) FROM sales_rollups " + where +
              "GROUP BY owner_user_id, status HAVING SUM(n) <> 0",
          Query::Uncached{});
  bind(q, false, "activity", false);
  while (q.next()) out[q.i64(0)].activities[q.text(1)] = q.i64(2);
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status clear_sales_rollups(Connection& db, int64_t shop) {
  for (const char* sql : {"DELETE FROM sales_rollups WHERE shop_id = ?",
                          "DELETE FROM sales_opportunity_facts WHERE shop_id = ?",
                          "DELETE FROM sales_lead_facts WHERE shop_id = ?",
                          "DELETE FROM sales_lead_cohorts_ready WHERE shop_id = ?"}) {
    Query q(db, sql);
    q.bind(shop);
    GX_RETURN_IF_ERROR(q.run());
  }
  return Status::ok();
}

// ---- facts -------------------------------------------------------------------------------

Result<std::optional<std::string>> opportunity_facts(Connection& db, int64_t opportunity) {
  Query q(db, "SELECT contributions FROM sales_opportunity_facts WHERE opportunity_id = ?");
  q.bind(opportunity);
  return first<std::string>(q, [](const Query& r) { return r.text(0); });
}

Status put_opportunity_facts(Connection& db, int64_t shop, int64_t opportunity, int64_t updated_at,
                             std::string_view snapshot) {
  Query q(db,
          "INSERT INTO sales_opportunity_facts (opportunity_id, shop_id, updated_at, "
          "contributions) VALUES (?, ?, ?, ?) ON CONFLICT (opportunity_id) DO UPDATE SET "
          "updated_at = excluded.updated_at, contributions = excluded.contributions");
  q.bind(opportunity, shop, updated_at, snapshot);
  return q.run();
}

Status delete_opportunity_facts(Connection& db, int64_t opportunity) {
  Query q(db, "DELETE FROM sales_opportunity_facts WHERE opportunity_id = ?");
  q.bind(opportunity);
  return q.run();
}

Result<std::optional<NewestOpportunity>> newest_opportunity(Connection& db, int64_t shop) {
  Query q(db,
          "SELECT o.id, f.opportunity_id FROM opportunities o LEFT JOIN sales_opportunity_facts f "
          "ON f.opportunity_id = o.id WHERE +o.shop_id = ? ORDER BY o.id DESC LIMIT 1");
  q.bind(shop);
  return first<NewestOpportunity>(q, [](const Query& r) {
    return NewestOpportunity{r.i64(0), !r.is_null(1)};
  });
}

// ---- what a refresh reads ------------------------------------------------------------------

Result<std::optional<OpportunityFactsRow>> opportunity_facts_row(Connection& db, int64_t shop,
                                                                 int64_t opportunity) {
  Query q(db, std::string(kOpportunitySelect) + "WHERE id = ? AND shop_id = ?");
  q.bind(opportunity, shop);
  return first<OpportunityFactsRow>(q, read_opportunity);
}

Result<std::vector<StageMoveRow>> stage_moves_of(Connection& db, int64_t opportunity) {
  Query q(db,
          "SELECT opportunity_id, to_stage_id, moved_at FROM opportunity_stage_history "
          "WHERE opportunity_id = ? ORDER BY moved_at, id");
  q.bind(opportunity);
  return collect<StageMoveRow>(q, [](const Query& r) {
    return StageMoveRow{r.i64(0), r.i64(1), r.i64(2)};
  });
}

Result<std::vector<int64_t>> competitors_of(Connection& db, int64_t opportunity) {
  Query q(db,
          "SELECT competitor_id FROM opportunity_competitors WHERE opportunity_id = ? "
          "ORDER BY competitor_id");
  q.bind(opportunity);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

Result<std::vector<StageRow>> shop_stages(Connection& db, int64_t shop) {
  Query q(db,
          "SELECT id, pipeline_id, name, position, probability, kind, active FROM pipeline_stages "
          "WHERE shop_id = ? ORDER BY pipeline_id, position, id");
  q.bind(shop);
  return collect<StageRow>(q, [](const Query& r) {
    return StageRow{r.i64(0), r.i64(1), r.text(2), r.i64(3), r.i64(4), r.text(5), r.i64(6) != 0};
  });
}

Result<std::optional<int64_t>> default_pipeline(Connection& db, int64_t shop) {
  Query q(db, "SELECT id FROM pipelines WHERE shop_id = ? ORDER BY is_default DESC, id LIMIT 1");
  q.bind(shop);
  return q.single_int64();
}

Status each_opportunity(Connection& db, int64_t shop,
                        const std::function<Status(const OpportunityFactsRow&)>& fn) {
  // +shop_id: a scan in id order, not the shop index and a sort.
  Query q(db, std::string(kOpportunitySelect) + "WHERE +shop_id = ? ORDER BY id");
  q.bind(shop);
  while (q.next()) GX_RETURN_IF_ERROR(fn(read_opportunity(q)));
  return q.status();
}

// ---- activities ------------------------------------------------------------------------------

Result<std::optional<ActivityFactsRow>> activity_facts_row(Connection& db, int64_t shop,
                                                           int64_t activity) {
  Query q(db,
          "SELECT id, kind, user_id, occurred_at FROM sales_activities WHERE id = ? AND "
          "shop_id = ?");
  q.bind(activity, shop);
  return first<ActivityFactsRow>(q, [](const Query& r) {
    return ActivityFactsRow{r.i64(0), r.text(1), r.opt_i64(2), r.i64(3)};
  });
}

Status each_activity(Connection& db, int64_t shop,
                     const std::function<Status(const ActivityFactsRow&)>& fn) {
  Query q(db, "SELECT id, kind, user_id, occurred_at FROM sales_activities WHERE +shop_id = ?");
  q.bind(shop);
  while (q.next()) {
    GX_RETURN_IF_ERROR(fn(ActivityFactsRow{q.i64(0), q.text(1), q.opt_i64(2), q.i64(3)}));
  }
  return q.status();
}

// ---- names, teams, quotas -------------------------------------------------------------------

Result<std::vector<std::pair<int64_t, std::string>>> user_names(Connection& db, int64_t shop) {
  Query q(db,
          "SELECT id, CASE WHEN display_name <> '' THEN display_name ELSE username END FROM users "
          "WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  return collect<std::pair<int64_t, std::string>>(
      q, [](const Query& r) { return std::make_pair(r.i64(0), r.text(1)); });
}

Result<std::vector<std::pair<int64_t, std::string>>> competitor_names(Connection& db,
                                                                      int64_t shop) {
  Query q(db, "SELECT id, name FROM competitors WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  return collect<std::pair<int64_t, std::string>>(
      q, [](const Query& r) { return std::make_pair(r.i64(0), r.text(1)); });
}

Result<bool> team_exists(Connection& db, int64_t shop, int64_t team) {
  Query q(db, "SELECT 1 FROM teams WHERE shop_id = ? AND id = ?");
  q.bind(shop, team);
  GX_ASSIGN_OR_RETURN(auto v, q.single_int64());
  return v.has_value();
}

Result<std::vector<int64_t>> team_user_ids(Connection& db, int64_t shop, int64_t team) {
  Query q(db, "SELECT id FROM users WHERE shop_id = ? AND team_id = ? ORDER BY id");
  q.bind(shop, team);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

Result<std::vector<QuotaRow>> quotas_for_period(Connection& db, int64_t shop,
                                                std::string_view period) {
  Query q(db,
          "SELECT user_id, amount_minor, currency FROM sales_quotas WHERE shop_id = ? AND "
          "period = ? ORDER BY user_id");
  q.bind(shop, period);
  return collect<QuotaRow>(q, [](const Query& r) {
    return QuotaRow{r.i64(0), r.i64(1), r.text(2)};
  });
}

// ---- leads -----------------------------------------------------------------------------------

namespace {

constexpr const char* kLeadFactsSelect =
    "SELECT l.id, l.created_at, l.owner_user_id, l.status, o.status FROM leads l "
    "LEFT JOIN opportunities o ON o.id = l.converted_opportunity_id ";

LeadFactsRow read_lead_facts_row(const Query& r) {
  return LeadFactsRow{r.i64(0), r.i64(1), r.opt_i64(2), r.text(3), r.opt_text(4)};
}

}  // namespace

Result<std::optional<LeadFactsRow>> lead_facts_row(Connection& db, int64_t shop, int64_t lead) {
  Query q(db, std::string(kLeadFactsSelect) + "WHERE l.id = ? AND l.shop_id = ?");
  q.bind(lead, shop);
  return first<LeadFactsRow>(q, read_lead_facts_row);
}

Status each_lead(Connection& db, int64_t shop,
                 const std::function<Status(const LeadFactsRow&)>& fn) {
  Query q(db, std::string(kLeadFactsSelect) + "WHERE +l.shop_id = ? ORDER BY l.id");
  q.bind(shop);
  while (q.next()) GX_RETURN_IF_ERROR(fn(read_lead_facts_row(q)));
  return q.status();
}

Result<std::vector<int64_t>> leads_converted_into(Connection& db, int64_t opportunity) {
  Query q(db, "SELECT id FROM leads WHERE converted_opportunity_id = ? ORDER BY id");
  q.bind(opportunity);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

Result<std::optional<LeadFacts>> lead_facts(Connection& db, int64_t lead) {
  Query q(db, "SELECT month, owner_user_id, status, won FROM sales_lead_facts WHERE lead_id = ?");
  q.bind(lead);
  return first<LeadFacts>(q, [](const Query& r) {
    return LeadFacts{r.text(0), r.i64(1), r.text(2), r.i64(3)};
  });
}

Status put_lead_facts(Connection& db, int64_t shop, int64_t lead, const LeadFacts& f) {
  Query q(db,
          "INSERT INTO sales_lead_facts (lead_id, shop_id, month, owner_user_id, status, won) "
          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lead_id) DO UPDATE SET month = excluded.month, "
          "owner_user_id = excluded.owner_user_id, status = excluded.status, won = excluded.won");
  q.bind(lead, shop, f.month, f.owner_user_id, f.status, f.won);
  return q.run();
}

Status delete_lead_facts(Connection& db, int64_t lead) {
  Query q(db, "DELETE FROM sales_lead_facts WHERE lead_id = ?");
  q.bind(lead);
  return q.run();
}

Result<bool> lead_cohorts_ready(Connection& db, int64_t shop) {
  Query q(db, "SELECT 1 FROM sales_lead_cohorts_ready WHERE shop_id = ?");
  q.bind(shop);
  GX_ASSIGN_OR_RETURN(auto v, q.single_int64());
  return v.has_value();
}

Status mark_lead_cohorts_ready(Connection& db, int64_t shop, int64_t at) {
  Query q(db,
          "INSERT INTO sales_lead_cohorts_ready (shop_id, ready_at) VALUES (?, ?) "
          "ON CONFLICT (shop_id) DO NOTHING");
  q.bind(shop, at);
  return q.run();
}

Result<bool> shop_has_other_lead(Connection& db, int64_t shop, int64_t lead) {
  Query q(db, "SELECT 1 FROM leads WHERE shop_id = ? AND id <> ? LIMIT 1");
  q.bind(shop, lead);
  GX_ASSIGN_OR_RETURN(auto v, q.single_int64());
  return v.has_value();
}

// ---- reports over records ------------------------------------------------------------------

namespace {

// The WHERE clause of the stalled queries; the indexes opportunities_idle and
// opportunities_idle_owner (0010) serve it, covering (their expression must be
// written exactly as in the indexes).
std::string stalled_where(const StalledFilter& f) {
  std::string sql =
      "WHERE o.shop_id = ? AND o.status = 'open' AND o.deleted_at IS NULL AND "
      "COALESCE(o.last_activity_at, o.created_at) <= ?";
  if (f.pipeline_id) sql += " AND o.pipeline_id = ?";
  if (f.owners) sql += " AND o.owner_user_id IN (" + placeholders(f.owners->size()) + ")";
  return sql;
}

void bind_stalled(Query& q, int64_t shop, const StalledFilter& f) {
  int i = 1;
  q.bind_at(i++, shop);
  q.bind_at(i++, f.idle_before);
  if (f.pipeline_id) q.bind_at(i++, *f.pipeline_id);
  if (f.owners) {
    for (int64_t o : *f.owners) q.bind_at(i++, o);
  }
}

}  // namespace

Result<std::vector<StalledRow>> stalled_opportunities(Connection& db, int64_t shop,
                                                      const StalledFilter& f) {
  if (f.owners && f.owners->empty()) return std::vector<StalledRow>();
  // The oldest ids first, from the index alone (opportunities_idle or
  // opportunities_idle_owner); then only those rows.
  const std::string sql =
      "SELECT o.id, o.name, o.owner_user_id, COALESCE(CASE WHEN u.display_name <> '' THEN "
      "u.display_name ELSE u.username END, ''), o.stage_id, COALESCE(s.name, ''), "
      "o.amount_minor, o.currency, t.idle "
      "FROM (SELECT o.id AS id, COALESCE(o.last_activity_at, o.created_at) AS idle "
      "FROM opportunities o " +
      stalled_where(f) +
      " ORDER BY 2, 1 LIMIT ?) AS t JOIN opportunities o ON o.id = t.id "
      "LEFT JOIN pipeline_stages s ON s.id = o.stage_id "
      "LEFT JOIN users u ON u.id = o.owner_user_id ORDER BY t.idle, t.id";
  Query q(db, sql, Query::Uncached{});
  bind_stalled(q, shop, f);
  q.bind_at(3 + (f.pipeline_id ? 1 : 0) + static_cast<int>(f.owners ? f.owners->size() : 0),
            f.limit);
  return collect<StalledRow>(q, [](const Query& r) {
    StalledRow row;
    row.id = r.i64(0);
    row.name = r.text(1);
    row.owner_user_id = r.opt_i64(2);
    row.owner_name = r.text(3);
    row.stage_id = r.i64(4);
    row.stage_name = r.text(5);
    row.amount_minor = r.i64(6);
    row.currency = r.text(7);
    row.idle_since = r.i64(8);
    return row;
  });
}

Result<int64_t> count_stalled_opportunities(Connection& db, int64_t shop, const StalledFilter& f) {
  if (f.owners && f.owners->empty()) return int64_t{0};
  Query q(db, "SELECT COUNT(*) FROM opportunities o " + stalled_where(f), Query::Uncached{});
  bind_stalled(q, shop, f);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Status each_lead_in_cohort(Connection& db, int64_t shop, int64_t from, int64_t to,
                           const std::optional<std::vector<int64_t>>& owners,
                           const std::function<Status(const LeadCohortRow&)>& fn) {
  if (owners && owners->empty()) return Status::ok();
  std::string sql =
      "SELECT l.created_at, l.status, o.status FROM leads l LEFT JOIN opportunities o ON o.id = "
      "l.converted_opportunity_id WHERE l.shop_id = ? AND l.created_at >= ? AND l.created_at < ?";
  if (owners) sql += " AND l.owner_user_id IN (" + placeholders(owners->size()) + ")";
  Query q(db, sql, Query::Uncached{});
  q.bind(shop, from, to);
  if (owners) {
    int i = 4;
    for (int64_t o : *owners) q.bind_at(i++, o);
  }
  while (q.next()) GX_RETURN_IF_ERROR(fn(LeadCohortRow{q.i64(0), q.text(1), q.opt_text(2)}));
  return q.status();
}

}  // namespace guanxi::store
