#include "domain/roles.hpp"

#include <algorithm>

#include "domain/audit.hpp"
#include "domain/internal.hpp"
#include "store/settings_table.hpp"

namespace guanxi::domain {

namespace {

using internal::at;

constexpr std::string_view kRolesSettingKey = "roles";

RoleDefinition def(std::string role, std::string scope, std::vector<std::string> permissions) {
  std::sort(permissions.begin(), permissions.end());
  permissions.erase(std::unique(permissions.begin(), permissions.end()), permissions.end());
  return RoleDefinition{std::move(role), std::move(permissions), std::move(scope), false};
}

RoleMatrix build_defaults() {
  RoleMatrix m;
  m.set(def("admin", "all", {"*"}));
  // Managers lead sales or service teams: everything of those modules, their
  // team's records, personal data unmasked, exports and the audit log.
  m.set(def("manager", "team",
            {"customers.read",   "customers.write", "customers.merge", "customers.export",
             "pii.view",         "notes.read",      "notes.write",     "tags.read",
             "tags.write",       "orders.read",     "segments.read",   "segments.export",
             "analytics.read",   "tiers.read",      "loyalty.read",    "journeys.read",
             "campaigns.read",   "templates.read",  "messages.read",   "tickets.read",
             "tickets.write",    "tasks.read",      "tasks.write",     "callcenter.read",
             "callcenter.write", "sales.read",      "sales.write",     "settings.read",
             "shop.read",        "audit.read"}));
  m.set(def(
      "marketer", "all",
      {"customers.read",  "customers.write", "notes.read",      "tags.read",      "tags.write",
       "orders.read",     "segments.read",   "segments.write",  "analytics.read", "tiers.read",
       "loyalty.read",    "loyalty.write",   "journeys.read",   "journeys.write", "campaigns.read",
       "campaigns.write", "templates.read",  "templates.write", "messages.read",  "messages.write",
       "settings.read",   "shop.read"}));
  m.set(def("sales", "own",
            {"sales.read", "sales.write", "analytics.read", "customers.read", "notes.read",
             "notes.write", "tags.read", "orders.read", "tasks.read", "tasks.write", "shop.read"}));
  m.set(
      def("csr", "own",
          {"customers.read", "notes.read", "notes.write", "tags.read", "tags.write", "orders.read",
           "loyalty.read", "messages.read", "templates.read", "tickets.read", "tickets.write",
           "tasks.read", "tasks.write", "callcenter.read", "callcenter.write", "shop.read"}));
  m.set(def(
      "analyst", "team",
      {"analytics.read", "segments.read", "customers.read", "orders.read", "tiers.read",
       "loyalty.read", "journeys.read", "campaigns.read", "sales.read", "tags.read", "shop.read"}));
  return m;
}

bool valid_permission_syntax(std::string_view p) {
  const size_t dot = p.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= p.size() || p.size() > 64)
    return false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (i == dot) continue;
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return p.find('.', dot + 1) == std::string_view::npos;
}

bool valid_scope(std::string_view s) {
  return s == "own" || s == "team" || s == "all";
}

}  // namespace

const std::vector<std::string>& known_roles() {
  static const std::vector<std::string> roles = {"admin", "manager", "marketer",
                                                 "sales", "csr",     "analyst"};
  return roles;
}

bool is_known_role(std::string_view role) {
  const auto& r = known_roles();
  return std::find(r.begin(), r.end(), role) != r.end();
}

const std::vector<std::string>& extra_permissions() {
  static const std::vector<std::string> extra = {"pii.view", "customers.export", "users.manage",
                                                 "audit.read"};
  return extra;
}

void RoleMatrix::set(RoleDefinition d) {
  Entry e;
  e.set.insert(d.permissions.begin(), d.permissions.end());
  e.all = e.set.contains("*");
  const std::string key = d.role;
  e.def = std::move(d);
  roles_[key] = std::move(e);
}

const RoleDefinition* RoleMatrix::find(std::string_view role) const {
  const auto it = roles_.find(std::string(role));
  return it == roles_.end() ? nullptr : &it->second.def;
}

bool RoleMatrix::allows(std::string_view role, std::string_view permission) const {
  const auto it = roles_.find(std::string(role));
  if (it == roles_.end()) return false;
  return it->second.all || it->second.set.contains(std::string(permission));
}

std::vector<RoleDefinition> RoleMatrix::roles() const {
  std::vector<RoleDefinition> out;
  for (const auto& r : known_roles()) {
    if (const RoleDefinition* d = find(r)) out.push_back(*d);
  }
  return out;
}

const RoleMatrix& default_role_matrix() {
  static const RoleMatrix m = build_defaults();
  return m;
}

Result<RoleMatrix> load_role_matrix(store::Connection& db, ShopId shop) {
  RoleMatrix m = default_role_matrix();
  GX_ASSIGN_OR_RETURN(auto rec, store::find_shop_setting(db, shop, kRolesSettingKey));
  if (!rec) return m;
  const Json doc = Json::parse(rec->value, nullptr, false);
  if (!doc.is_object())
    return Status(ErrorCode::kCorruption, "shop setting 'roles' is not an object");
  for (const auto& [role, value] : doc.items()) {
    if (role == "admin" || !is_known_role(role) || !value.is_object()) continue;
    std::vector<std::string> perms;
    if (value.contains("permissions") && value["permissions"].is_array()) {
      for (const auto& p : value["permissions"]) {
        if (p.is_string()) perms.push_back(p.get<std::string>());
      }
    }
    std::string scope = value.value("scope", std::string("own"));
    if (!valid_scope(scope)) scope = "own";
    RoleDefinition d = def(role, scope, std::move(perms));
    d.customized = true;
    m.set(std::move(d));
  }
  return m;
}

Status validate_role(std::string_view role, const std::vector<std::string>& permissions,
                     std::string_view scope,
                     const std::unordered_set<std::string>& known_permissions) {
  if (!is_known_role(role)) {
    return Status(ErrorCode::kNotFound,
                  "unknown role '" + std::string(role) +
                      "' (expected manager, marketer, sales, csr or analyst)");
  }
  if (role == "admin") {
    return Status(ErrorCode::kUnprocessable, "the admin role always grants every permission",
                  at("role"));
  }
  for (size_t i = 0; i < permissions.size(); ++i) {
    const std::string& p = permissions[i];
    if (!valid_permission_syntax(p) || !known_permissions.contains(p)) {
      return Status::invalid("unknown permission '" + p + "'",
                             at("permissions/" + std::to_string(i)));
    }
  }
  if (!valid_scope(scope)) return Status::invalid("scope must be own, team or all", at("scope"));
  return Status::ok();
}

Result<RoleDefinition> set_role(WriteContext& w, std::string_view role,
                                std::vector<std::string> permissions, std::string scope) {
  GX_ASSIGN_OR_RETURN(RoleMatrix before, load_role_matrix(w.db, w.shop.id));
  GX_ASSIGN_OR_RETURN(auto rec, store::find_shop_setting(w.db, w.shop.id, kRolesSettingKey));
  Json doc = rec ? Json::parse(rec->value, nullptr, false) : Json::object();
  if (!doc.is_object()) doc = Json::object();
  RoleDefinition d = def(std::string(role), std::move(scope), std::move(permissions));
  d.customized = true;
  doc[d.role] = Json{{"permissions", d.permissions}, {"scope", d.scope}};
  GX_RETURN_IF_ERROR(store::put_shop_setting(w.db, w.shop.id, kRolesSettingKey, doc.dump(),
                                             to_millis(w.clock.now())));
  AuditEntry audit;
  audit.action = "permission.change";
  audit.object_type = "role";
  audit.object_id = d.role;
  if (const RoleDefinition* old = before.find(role)) audit.detail["before"] = role_to_json(*old);
  audit.detail["after"] = role_to_json(d);
  GX_RETURN_IF_ERROR(record_audit(w, audit));
  return d;
}

Json role_to_json(const RoleDefinition& d) {
  return Json{{"role", d.role},
              {"permissions", d.permissions},
              {"scope", d.scope},
              {"customized", d.customized}};
}

}  // namespace guanxi::domain
