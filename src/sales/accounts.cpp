#include "sales/accounts.hpp"

#include <map>
#include <set>

#include "domain/customers.hpp"
#include "sales/normalize.hpp"
#include "sales/write_helpers.hpp"

namespace guanxi::sales {

namespace {

using internal::now_ms;
using internal::set;

Status check_text(std::string_view field, const std::string& value, size_t max) {
  if (value.size() > max)
    return Status::invalid_field(
        field, std::string(field) + " is longer than " + std::to_string(max) + " bytes");
  return Status::ok();
}

Status check_external(const std::optional<std::string>& ext) {
  if (ext && (ext->empty() || ext->size() > 200))
    return Status::invalid_field("external_id", "external_id must be 1-200 bytes");
  return Status::ok();
}

Status account_rules(domain::WriteContext& ctx, const Account& a) {
  if (a.name.empty() || a.name.size() > 200)
    return Status::invalid_field("name", "name is required (1-200 bytes)");
  GX_RETURN_IF_ERROR(check_text("industry", a.industry, 100));
  GX_RETURN_IF_ERROR(check_one_of("size", a.size, kCompanySizes));
  GX_RETURN_IF_ERROR(check_text("region", a.region, 100));
  GX_RETURN_IF_ERROR(check_text("website", a.website, 500));
  GX_RETURN_IF_ERROR(check_text("phone", a.phone, 50));
  GX_RETURN_IF_ERROR(check_attributes("attributes", a.attributes));
  GX_RETURN_IF_ERROR(check_external(a.external_id));
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, a.owner_user_id, "owner_user_id"));
  if (a.parent_account_id) {
    // The parent exists and is not the account itself or one of its descendants.
    int64_t at = *a.parent_account_id;
    for (int depth = 0; depth < 32; ++depth) {
      if (a.id != 0 && at == a.id)
        return Status::unprocessable_field("parent_account_id",
                                           "an account cannot be its own ancestor");
      GX_ASSIGN_OR_RETURN(auto p, store::find_account(ctx.db, ctx.shop.id, at));
      if (!p) {
        if (depth == 0)
          return Status::unprocessable_field("parent_account_id",
                                             "account " + std::to_string(at) + " does not exist");
        break;
      }
      if (!p->parent_account_id) break;
      at = *p->parent_account_id;
    }
  }
  return Status::ok();
}

Status contact_rules(domain::WriteContext& ctx, const Contact& c) {
  if (c.name.empty() || c.name.size() > 200)
    return Status::invalid_field("name", "name is required (1-200 bytes)");
  GX_RETURN_IF_ERROR(check_text("title", c.title, 200));
  GX_RETURN_IF_ERROR(check_text("email", c.email, 254));
  GX_RETURN_IF_ERROR(check_text("phone", c.phone, 50));
  if (!c.email.empty() && c.email_key.empty())
    return Status::invalid_field("email", "'" + c.email + "' is not an email address");
  if (!c.phone.empty() && c.phone_key.empty())
    return Status::invalid_field("phone", "'" + c.phone + "' is not a phone number");
  GX_RETURN_IF_ERROR(check_one_of("decision_role", c.decision_role, kDecisionRoles));
  GX_RETURN_IF_ERROR(check_one_of("attitude", c.attitude, kAttitudes));
  if (c.influence < 0 || c.influence > 5)
    return Status::invalid_field("influence", "influence is 0 (unknown) or 1 (low) .. 5 (high)");
  GX_RETURN_IF_ERROR(check_attributes("attributes", c.attributes));
  GX_RETURN_IF_ERROR(check_external(c.external_id));
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, c.owner_user_id, "owner_user_id"));
  if (c.account_id) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_account(ctx.db, ctx.shop.id, *c.account_id));
    if (!a)
      return Status::unprocessable_field(
          "account_id", "account " + std::to_string(*c.account_id) + " does not exist");
  }
  if (c.customer_id) {
    auto live = domain::resolve_customer_id(ctx.db, ctx.shop.id, *c.customer_id);
    if (!live.ok()) return Status::unprocessable_field("customer_id", live.status().message());
  }
  if (c.reports_to_contact_id) {
    int64_t at = *c.reports_to_contact_id;
    for (int depth = 0; depth < 32; ++depth) {
      if (c.id != 0 && at == c.id)
        return Status::unprocessable_field("reports_to_contact_id",
                                           "a contact cannot report to itself");
      GX_ASSIGN_OR_RETURN(auto m, store::find_contact(ctx.db, ctx.shop.id, at));
      if (!m) {
        if (depth == 0)
          return Status::unprocessable_field("reports_to_contact_id",
                                             "contact " + std::to_string(at) + " does not exist");
        break;
      }
      if (!m->reports_to_contact_id) break;
      at = *m->reports_to_contact_id;
    }
  }
  return Status::ok();
}

Result<Account> load_account(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto a, store::find_account(db, shop, id));
  if (!a) return Status::not_found("account " + std::to_string(id) + " does not exist");
  return std::move(*a);
}

Result<Contact> load_contact(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto c, store::find_contact(db, shop, id));
  if (!c) return Status::not_found("contact " + std::to_string(id) + " does not exist");
  return std::move(*c);
}

void build_tree(ChainNode& node, const std::map<int64_t, std::vector<int64_t>>& reports,
                std::set<int64_t>& seen) {
  auto it = reports.find(node.contact_id);
  if (it == reports.end()) return;
  for (int64_t child : it->second) {
    if (!seen.insert(child).second) continue;
    ChainNode n{child, {}};
    build_tree(n, reports, seen);
    node.reports.push_back(std::move(n));
  }
}

}  // namespace

Result<std::optional<int64_t>> customer_for(domain::WriteContext& ctx, const std::string& email,
                                            const std::string& phone) {
  domain::ReadContext r{ctx.db, ctx.clock, ctx.shop, ctx.zone};
  if (!email.empty()) {
    auto found = domain::find_customer_by_identity(r, {domain::IdentityType::kEmail, email});
    if (found.ok() && *found) return *found;
  }
  if (!phone.empty()) {
    auto found = domain::find_customer_by_identity(r, {domain::IdentityType::kPhone, phone});
    if (found.ok() && *found) return *found;
  }
  return std::optional<int64_t>();
}

namespace internal {

Result<Account> apply_account(domain::WriteContext& ctx, Account a, const AccountFields& p) {
  set(a.name, p.name);
  set(a.industry, p.industry);
  set(a.size, p.size);
  set(a.region, p.region);
  set(a.website, p.website);
  set(a.phone, p.phone);
  set(a.owner_user_id, p.owner_user_id);
  set(a.parent_account_id, p.parent_account_id);
  set(a.attributes, p.attributes);
  if (p.external_id) a.external_id = *p.external_id;
  a.name_key = company_key(a.name);
  GX_RETURN_IF_ERROR(account_rules(ctx, a));
  a.updated_at = now_ms(ctx);
  return a;
}

Result<Account> insert_account(domain::WriteContext& ctx, const Viewer& viewer,
                               const AccountFields& in) {
  if (!in.name) return Status::invalid_field("name", "name is required");
  Account a;
  a.shop_id = ctx.shop.id;
  if (viewer.user_id != 0) a.owner_user_id = viewer.user_id;
  GX_ASSIGN_OR_RETURN(a, apply_account(ctx, a, in));
  a.created_at = a.updated_at;
  if (a.external_id) {
    GX_ASSIGN_OR_RETURN(auto taken,
                        store::find_account_by_external(ctx.db, ctx.shop.id, *a.external_id));
    if (taken)
      return Status(ErrorCode::kAlreadyExists,
                    "external_id '" + *a.external_id + "' is account " + std::to_string(taken->id));
  }
  GX_ASSIGN_OR_RETURN(a.id, store::insert_account(ctx.db, a));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "account_created", a.id, Json{{"name", a.name}}));
  return a;
}

Result<Contact> apply_contact(domain::WriteContext& ctx, Contact c, const ContactFields& p) {
  set(c.account_id, p.account_id);
  set(c.name, p.name);
  set(c.title, p.title);
  set(c.email, p.email);
  set(c.phone, p.phone);
  set(c.decision_role, p.decision_role);
  set(c.influence, p.influence);
  set(c.attitude, p.attitude);
  set(c.reports_to_contact_id, p.reports_to_contact_id);
  set(c.owner_user_id, p.owner_user_id);
  set(c.attributes, p.attributes);
  if (p.external_id) c.external_id = *p.external_id;
  c.email_key = email_key(c.email);
  c.phone_key = phone_key(c.phone);
  if (p.customer_id) {
    c.customer_id = *p.customer_id;
  } else if (!c.customer_id && (p.email || p.phone)) {
    GX_ASSIGN_OR_RETURN(c.customer_id, customer_for(ctx, c.email_key, c.phone));
  }
  GX_RETURN_IF_ERROR(contact_rules(ctx, c));
  c.updated_at = now_ms(ctx);
  return c;
}

Result<Contact> insert_contact(domain::WriteContext& ctx, const Viewer& viewer,
                               const ContactFields& in) {
  if (!in.name) return Status::invalid_field("name", "name is required");
  Contact c;
  c.shop_id = ctx.shop.id;
  if (viewer.user_id != 0) c.owner_user_id = viewer.user_id;
  GX_ASSIGN_OR_RETURN(c, apply_contact(ctx, c, in));
  c.created_at = c.updated_at;
  if (c.external_id) {
    GX_ASSIGN_OR_RETURN(auto taken,
                        store::find_contact_by_external(ctx.db, ctx.shop.id, *c.external_id));
    if (taken)
      return Status(ErrorCode::kAlreadyExists,
                    "external_id '" + *c.external_id + "' is contact " + std::to_string(taken->id));
  }
  GX_ASSIGN_OR_RETURN(c.id, store::insert_contact(ctx.db, c));
  GX_RETURN_IF_ERROR(record_sales_change(
      ctx, "contact_created", c.id,
      Json{{"account_id", c.account_id ? Json(*c.account_id) : Json(nullptr)}}, c.customer_id));
  return c;
}

}  // namespace internal

Result<Account> create_account(domain::WriteContext& ctx, const Viewer& viewer,
                               const AccountFields& in) {
  return internal::insert_account(ctx, viewer, in);
}

Result<Account> update_account(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                               const AccountFields& patch) {
  GX_ASSIGN_OR_RETURN(Account a, load_account(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kAccount, id, a.owner_user_id));
  if (patch.external_id && patch.external_id != a.external_id) {
    GX_ASSIGN_OR_RETURN(auto taken,
                        store::find_account_by_external(ctx.db, ctx.shop.id, *patch.external_id));
    if (taken && taken->id != id)
      return Status(ErrorCode::kAlreadyExists, "external_id '" + *patch.external_id +
                                                   "' is account " + std::to_string(taken->id));
  }
  GX_ASSIGN_OR_RETURN(a, internal::apply_account(ctx, a, patch));
  GX_RETURN_IF_ERROR(store::update_account(ctx.db, a));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "account_updated", a.id, Json::object()));
  return a;
}

Status delete_account(domain::WriteContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Account a, load_account(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kAccount, id, a.owner_user_id));
  store::OpportunityFilter of;
  of.account = id;
  of.status = "open";
  of.limit = 1;
  GX_ASSIGN_OR_RETURN(auto open, store::list_opportunities(ctx.db, ctx.shop.id, of, {}));
  if (!open.empty())
    return Status::conflict("account " + std::to_string(id) + " has open opportunities (e.g. " +
                            std::to_string(open[0].id) + "): close or move them first");
  a.deleted_at = now_ms(ctx);
  a.updated_at = *a.deleted_at;
  GX_RETURN_IF_ERROR(store::update_account(ctx.db, a));
  return record_sales_change(ctx, "account_deleted", id, Json::object());
}

Result<Account> get_account(domain::ReadContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Account a, load_account(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kAccount, id, a.owner_user_id));
  return a;
}

Result<std::vector<Account>> list_accounts(domain::ReadContext& ctx, const Viewer& viewer,
                                           store::AccountFilter filter) {
  if (filter.limit < 1 || filter.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  if (!filter.name_prefix.empty()) filter.name_prefix = company_key(filter.name_prefix);
  return store::list_accounts(ctx.db, ctx.shop.id, filter, viewer.visibility());
}

DecisionChain decision_chain(const std::vector<Contact>& contacts) {
  DecisionChain chain;
  std::vector<std::string> roles(std::begin(kDecisionRoles), std::end(kDecisionRoles));
  roles.push_back("");
  for (const auto& role : roles) {
    std::vector<int64_t> ids;
    for (const auto& c : contacts) {
      if (c.decision_role == role) ids.push_back(c.id);
    }
    if (!ids.empty()) chain.by_role.emplace_back(role, std::move(ids));
  }
  std::set<int64_t> present;
  for (const auto& c : contacts) present.insert(c.id);
  std::map<int64_t, std::vector<int64_t>> reports;
  std::vector<int64_t> roots;
  for (const auto& c : contacts) {
    if (c.reports_to_contact_id && present.count(*c.reports_to_contact_id) &&
        *c.reports_to_contact_id != c.id) {
      reports[*c.reports_to_contact_id].push_back(c.id);
    } else {
      roots.push_back(c.id);
    }
  }
  std::set<int64_t> seen(roots.begin(), roots.end());
  for (int64_t r : roots) {
    ChainNode n{r, {}};
    build_tree(n, reports, seen);
    chain.tree.push_back(std::move(n));
  }
  return chain;
}

Result<AccountDetail> account_detail(domain::ReadContext& ctx, const Viewer& viewer, int64_t id) {
  AccountDetail d;
  GX_ASSIGN_OR_RETURN(d.account, get_account(ctx, viewer, id));
  if (d.account.parent_account_id) {
    GX_ASSIGN_OR_RETURN(d.parent,
                        store::find_account(ctx.db, ctx.shop.id, *d.account.parent_account_id));
  }
  store::AccountFilter af;
  af.parent = id;
  af.limit = 200;
  GX_ASSIGN_OR_RETURN(d.children, store::list_accounts(ctx.db, ctx.shop.id, af, {}));
  // The account's page shows its whole decision chain to whoever may see the account.
  store::ContactFilter cf;
  cf.account = id;
  cf.limit = 500;
  GX_ASSIGN_OR_RETURN(d.contacts, store::list_contacts(ctx.db, ctx.shop.id, cf, {}));
  std::reverse(d.contacts.begin(), d.contacts.end());
  d.chain = decision_chain(d.contacts);
  store::OpportunityFilter of;
  of.account = id;
  of.limit = 200;
  GX_ASSIGN_OR_RETURN(d.opportunities,
                      store::list_opportunities(ctx.db, ctx.shop.id, of, viewer.visibility()));
  store::SalesActivityFilter sf;
  sf.account = id;
  sf.limit = 20;
  GX_ASSIGN_OR_RETURN(d.recent_activities, store::list_sales_activities(ctx.db, ctx.shop.id, sf));
  return d;
}

Result<Contact> create_contact(domain::WriteContext& ctx, const Viewer& viewer,
                               const ContactFields& in) {
  if (in.account_id && *in.account_id) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_account(ctx.db, ctx.shop.id, **in.account_id));
    if (a)
      GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kAccount, a->id, a->owner_user_id));
  }
  return internal::insert_contact(ctx, viewer, in);
}

Result<Contact> update_contact(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                               const ContactFields& patch) {
  GX_ASSIGN_OR_RETURN(Contact c, load_contact(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kContact, id, c.owner_user_id));
  if (patch.external_id && patch.external_id != c.external_id) {
    GX_ASSIGN_OR_RETURN(auto taken,
                        store::find_contact_by_external(ctx.db, ctx.shop.id, *patch.external_id));
    if (taken && taken->id != id)
      return Status(ErrorCode::kAlreadyExists, "external_id '" + *patch.external_id +
                                                   "' is contact " + std::to_string(taken->id));
  }
  GX_ASSIGN_OR_RETURN(c, internal::apply_contact(ctx, c, patch));
  GX_RETURN_IF_ERROR(store::update_contact(ctx.db, c));
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "contact_updated", c.id, Json::object(), c.customer_id));
  return c;
}

Status delete_contact(domain::WriteContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Contact c, load_contact(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kContact, id, c.owner_user_id));
  c.deleted_at = now_ms(ctx);
  c.updated_at = *c.deleted_at;
  GX_RETURN_IF_ERROR(store::update_contact(ctx.db, c));
  return record_sales_change(ctx, "contact_deleted", id, Json::object(), c.customer_id);
}

Result<Contact> get_contact(domain::ReadContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Contact c, load_contact(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kContact, id, c.owner_user_id));
  return c;
}

Result<std::vector<Contact>> list_contacts(domain::ReadContext& ctx, const Viewer& viewer,
                                           store::ContactFilter filter) {
  if (filter.limit < 1 || filter.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  return store::list_contacts(ctx.db, ctx.shop.id, filter, viewer.visibility());
}

}  // namespace guanxi::sales
