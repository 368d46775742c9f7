#include "store/agents_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, shop_id, user_id, name, skills, state, state_since, ticket_capacity, active, "
    "created_at, updated_at FROM agents ";

AgentRecord read_agent(Query& q) {
  AgentRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.user_id = q.opt_i64(2);
  r.name = q.text(3);
  r.skills = q.text(4);
  r.state = q.text(5);
  r.state_since = q.i64(6);
  r.ticket_capacity = q.i64(7);
  r.active = q.i64(8) != 0;
  r.created_at = q.i64(9);
  r.updated_at = q.i64(10);
  return r;
}

Result<std::optional<AgentRecord>> one(Query& q) {
  if (q.next()) return std::optional<AgentRecord>(read_agent(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<AgentRecord>();
}

}  // namespace

Result<int64_t> insert_agent(Connection& db, const AgentRecord& r) {
  Query q(db,
          "INSERT INTO agents (shop_id, user_id, name, skills, state, state_since, "
          "ticket_capacity, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.user_id, r.name, r.skills, r.state, r.state_since, r.ticket_capacity,
         int64_t{r.active ? 1 : 0}, r.created_at, r.updated_at);
  return q.insert_row("agents");
}

Status update_agent(Connection& db, const AgentRecord& r) {
  Query q(db,
          "UPDATE agents SET user_id = ?, name = ?, skills = ?, ticket_capacity = ?, active = ?, "
          "updated_at = ? WHERE shop_id = ? AND id = ?");
  q.bind(r.user_id, r.name, r.skills, r.ticket_capacity, int64_t{r.active ? 1 : 0}, r.updated_at,
         r.shop_id, r.id);
  return q.run();
}

Status set_agent_state(Connection& db, int64_t shop, int64_t agent, std::string_view state,
                       int64_t since) {
  Query q(db, "UPDATE agents SET state = ?, state_since = ? WHERE shop_id = ? AND id = ?");
  q.bind(state, since, shop, agent);
  return q.run();
}

Result<std::optional<AgentRecord>> find_agent(Connection& db, int64_t shop, int64_t agent) {
  static const std::string sql = std::string(kSelect) + "WHERE shop_id = ? AND id = ?";
  Query q(db, sql);
  q.bind(shop, agent);
  return one(q);
}

Result<std::optional<AgentRecord>> find_agent_by_user(Connection& db, int64_t shop,
                                                      int64_t user_id) {
  static const std::string sql = std::string(kSelect) + "WHERE shop_id = ? AND user_id = ?";
  Query q(db, sql);
  q.bind(shop, user_id);
  return one(q);
}

Result<std::optional<AgentRecord>> find_agent_by_name(Connection& db, int64_t shop,
                                                      std::string_view name) {
  static const std::string sql = std::string(kSelect) + "WHERE shop_id = ? AND name = ?";
  Query q(db, sql);
  q.bind(shop, name);
  return one(q);
}

Result<std::vector<AgentRecord>> list_agents(Connection& db, int64_t shop) {
  static const std::string sql = std::string(kSelect) + "WHERE shop_id = ? ORDER BY id";
  Query q(db, sql);
  q.bind(shop);
  std::vector<AgentRecord> out;
  while (q.next()) out.push_back(read_agent(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
