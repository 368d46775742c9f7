// The demo shop's people: a deterministic team structure to sign in with and
// see each role's view of the demo data. Call after the shop (and, if wanted,
// its agents) exist; running it twice is an already_exists error.
#pragma once

#include <string>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::demo {

// The one password of every demo user (the caller prints it).
inline constexpr const char* kDemoPassword = "Guanxi-demo-2026";

struct DemoUser {
  int64_t id = 0;
  std::string username;
  std::string role;
  std::string team;  // "" = none
};

// Creates teams 华东销售 (managed by `manager`) and 华南销售, and the users
// admin, manager, sales1, sales2 (华东销售), sales3 (华南销售), csr1, csr2,
// marketer and analyst, all with kDemoPassword. csr1 and csr2 are linked to
// the shop's first two agents without a user (agents.user_id), if any.
// Runs inside the caller's write transaction. Hashing nine passwords at the
// default cost takes about a second.
Result<std::vector<DemoUser>> create_demo_users(domain::WriteContext& w);

}  // namespace guanxi::demo
