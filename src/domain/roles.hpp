// Roles and the permission matrix: which permission strings ("customers.read",
// "tickets.write", "pii.view") each role grants, and how far its record-level
// visibility reaches (own / team / all). The matrix is data: a default in code
// (default_role_matrix), overridden per shop by the shop setting 'roles'
// ({"csr": {"permissions": [...], "scope": "own"}, ...}), edited through
// set_role (audited as permission.change). The API caches it per shop.
//
// Permission strings are "<module>.<action>"; the action reads as view
// (read, view), create/edit (write, merge), delete, export, or manage. The
// role admin always grants everything ("*") and cannot be edited, so a shop
// cannot lock itself out.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/json.hpp"
#include "domain/context.hpp"

namespace guanxi::domain {

// admin, manager, marketer, sales, csr, analyst.
const std::vector<std::string>& known_roles();
bool is_known_role(std::string_view role);

// The permissions that no route declares but the application checks itself:
// pii.view, customers.export, users.manage, audit.read.
const std::vector<std::string>& extra_permissions();

struct RoleDefinition {
  std::string role;
  std::vector<std::string> permissions;  // sorted; "*" = every permission
  std::string scope = "own";             // own | team | all
  bool customized = false;               // overridden by the shop setting
};

class RoleMatrix {
 public:
  // Adds or replaces a role.
  void set(RoleDefinition def);
  const RoleDefinition* find(std::string_view role) const;
  // Whether `role` grants `permission` (unknown roles grant nothing).
  bool allows(std::string_view role, std::string_view permission) const;
  // In known_roles() order.
  std::vector<RoleDefinition> roles() const;

 private:
  struct Entry {
    RoleDefinition def;
    std::unordered_set<std::string> set;
    bool all = false;
  };
  std::unordered_map<std::string, Entry> roles_;
};

// The built-in matrix.
const RoleMatrix& default_role_matrix();

// The shop's matrix: the defaults with the shop setting 'roles' laid over them.
Result<RoleMatrix> load_role_matrix(store::Connection& db, ShopId shop);

// Checks a role's new definition: a known role other than admin, scope
// own|team|all, permissions "<module>.<action>" (lower case) each accepted by
// `is_permission` (the API passes the set its routes declare plus
// extra_permissions()). Errors name the field (role, permissions/2, scope).
Status validate_role(std::string_view role, const std::vector<std::string>& permissions,
                     std::string_view scope,
                     const std::unordered_set<std::string>& known_permissions);

// Stores the role's definition in the shop setting 'roles' and writes a
// permission.change audit row (before and after). Validate first.
Result<RoleDefinition> set_role(WriteContext& w, std::string_view role,
                                std::vector<std::string> permissions, std::string scope);

// {"role", "permissions", "scope", "customized"}.
Json role_to_json(const RoleDefinition& def);

}  // namespace guanxi::domain
