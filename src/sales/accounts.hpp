// Accounts (companies, with a parent account, custom attributes and an
// owner) and their contacts (a role in the decision, influence 1-5, attitude,
// reports_to) — the account's decision chain. A contact whose email or phone
// is an identity of a customer profile is linked to it (customer_id), so the
// 360 and the sales side see one person. Every read and write goes through the
// viewer's visibility (model.hpp): a record outside it is permission_denied.
// Changes: account_created/updated/deleted, contact_created/updated/deleted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sales/model.hpp"

namespace guanxi::sales {

// Members of a create or a patch: absent ones are unchanged (patch) or take
// their default (create). Nested optionals: an inner nullopt clears.
struct AccountFields {
  std::optional<std::string> name;  // required on create, 1..200 bytes
  std::optional<std::string> industry;
  std::optional<std::string> size;  // one of kCompanySizes or ""
  std::optional<std::string> region;
  std::optional<std::string> website;
  std::optional<std::string> phone;
  std::optional<std::optional<int64_t>> owner_user_id;  // default: the viewer
  std::optional<std::optional<int64_t>> parent_account_id;
  std::optional<std::string> attributes;  // JSON object text
  std::optional<std::string> external_id;
};

struct ContactFields {
  std::optional<std::optional<int64_t>> account_id;
  std::optional<std::optional<int64_t>> customer_id;  // default: found by email/phone
  std::optional<std::string> name;                    // required on create
  std::optional<std::string> title;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> decision_role;  // kDecisionRoles or ""
  std::optional<int64_t> influence;          // 0..5
  std::optional<std::string> attitude;       // kAttitudes or ""
  std::optional<std::optional<int64_t>> reports_to_contact_id;
  std::optional<std::optional<int64_t>> owner_user_id;
  std::optional<std::string> attributes;
  std::optional<std::string> external_id;
};

Result<Account> create_account(domain::WriteContext& ctx, const Viewer& viewer,
                               const AccountFields& in);
Result<Account> update_account(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                               const AccountFields& patch);
// Soft delete; conflict while live contacts or open opportunities hang on it.
Status delete_account(domain::WriteContext& ctx, const Viewer& viewer, int64_t id);
Result<Account> get_account(domain::ReadContext& ctx, const Viewer& viewer, int64_t id);
Result<std::vector<Account>> list_accounts(domain::ReadContext& ctx, const Viewer& viewer,
                                           store::AccountFilter filter);

// One contact in the reports_to tree.
struct ChainNode {
  int64_t contact_id = 0;
  std::vector<ChainNode> reports;
};
struct DecisionChain {
  // Roles in the order of kDecisionRoles, then "" (no role); each with its contacts' ids.
  std::vector<std::pair<std::string, std::vector<int64_t>>> by_role;
  // Contacts without a manager among the account's contacts, with who reports to them.
  std::vector<ChainNode> tree;
};
DecisionChain decision_chain(const std::vector<Contact>& contacts);

// The account page: the account, its parent and children, contacts with the
// decision chain, opportunities and the latest activities.
struct AccountDetail {
  Account account;
  std::optional<Account> parent;
  std::vector<Account> children;
  std::vector<Contact> contacts;
  DecisionChain chain;
  std::vector<Opportunity> opportunities;
  std::vector<Activity> recent_activities;  // newest first, at most 20
};
Result<AccountDetail> account_detail(domain::ReadContext& ctx, const Viewer& viewer, int64_t id);

Result<Contact> create_contact(domain::WriteContext& ctx, const Viewer& viewer,
                               const ContactFields& in);
Result<Contact> update_contact(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                               const ContactFields& patch);
Status delete_contact(domain::WriteContext& ctx, const Viewer& viewer, int64_t id);
Result<Contact> get_contact(domain::ReadContext& ctx, const Viewer& viewer, int64_t id);
Result<std::vector<Contact>> list_contacts(domain::ReadContext& ctx, const Viewer& viewer,
                                           store::ContactFilter filter);

// The customer profile owning the email or phone (email first), if any.
Result<std::optional<int64_t>> customer_for(domain::WriteContext& ctx, const std::string& email,
                                            const std::string& phone);

namespace internal {
// Validates and stores a new account / contact (no visibility check): the
// import and lead conversion use these too.
Result<Account> insert_account(domain::WriteContext& ctx, const Viewer& viewer,
                               const AccountFields& in);
Result<Account> apply_account(domain::WriteContext& ctx, Account current,
                              const AccountFields& patch);
Result<Contact> insert_contact(domain::WriteContext& ctx, const Viewer& viewer,
                               const ContactFields& in);
Result<Contact> apply_contact(domain::WriteContext& ctx, Contact current,
                              const ContactFields& patch);
}  // namespace internal

}  // namespace guanxi::sales
