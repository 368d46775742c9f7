#include "demo/users_demo.hpp"

#include <optional>

#include "domain/users.hpp"
#include "store/agents_table.hpp"

namespace guanxi::demo {

namespace {

struct Spec {
  const char* username;
  const char* display_name;
  const char* role;
  const char* team;  // "" = none
};

constexpr Spec kUsers[] = {
    {"admin", "系统管理员", "admin", ""},
    {"manager", "王经理", "manager", "华东销售"},
    {"sales1", "李明", "sales", "华东销售"},
    {"sales2", "张伟", "sales", "华东销售"},
    {"sales3", "陈静", "sales", "华南销售"},
    {"csr1", "刘芳", "csr", ""},
    {"csr2", "赵磊", "csr", ""},
    {"marketer", "孙丽", "marketer", ""},
    {"analyst", "周洋", "analyst", ""},
};

}  // namespace

Result<std::vector<DemoUser>> create_demo_users(domain::WriteContext& w) {
  GX_ASSIGN_OR_RETURN(domain::Team east, domain::create_team(w, "华东销售", std::nullopt));
  GX_ASSIGN_OR_RETURN(domain::Team south, domain::create_team(w, "华南销售", std::nullopt));
  GX_ASSIGN_OR_RETURN(std::string hash, domain::hash_password(kDemoPassword));
  GX_ASSIGN_OR_RETURN(auto agents, store::list_agents(w.db, w.shop.id));
  size_t next_agent = 0;
  std::vector<DemoUser> out;
  for (const Spec& s : kUsers) {
    domain::NewUser u;
    u.username = s.username;
    u.display_name = s.display_name;
    u.email = std::string(s.username) + "@demo.guanxi.local";
    u.role = s.role;
    u.password_hash = hash;
    const std::string team = s.team;
    if (team == east.name) u.team_id = east.id;
    if (team == south.name) u.team_id = south.id;
    GX_ASSIGN_OR_RETURN(domain::User user, domain::create_user(w, u));
    if (user.username == "manager") {
      GX_RETURN_IF_ERROR(domain::update_team(w, east.id, std::nullopt, user.id).status());
    }
    if (user.role == "csr") {
      while (next_agent < agents.size() && agents[next_agent].user_id) ++next_agent;
      if (next_agent < agents.size()) {
        store::AgentRecord a = agents[next_agent++];
        a.user_id = user.id;
        a.updated_at = to_millis(w.clock.now());
        GX_RETURN_IF_ERROR(store::update_agent(w.db, a));
      }
    }
    out.push_back(DemoUser{user.id, user.username, user.role, team});
  }
  return out;
}

}  // namespace guanxi::demo
