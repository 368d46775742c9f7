// Customers: profiles, identity resolution and merge, the customer 360.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

// Normalizes an identity for storage and lookup: phones to E.164 (+86 when no
// country code is given; a masked or otherwise impossible number is
// invalid_argument), emails trimmed and lowercased (must contain one '@'),
// other types trimmed and non-empty.
Result<Identity> normalize_identity(const IdentityInput& input);

struct CustomerUpsert {
  CustomerId customer_id = 0;
  UpsertOutcome outcome = UpsertOutcome::kUnchanged;
  int customers_merged = 0;
};

// Finds the customer owning any of the input's identities, creating one when
// none does and merging when they belong to several profiles (the oldest
// survives). Missing identities are attached; given profile fields are applied.
// Identities that fail to normalize are an error naming the identity
// (field "identities/N"); use drop_invalid_identities() first to skip them.
Result<CustomerUpsert> upsert_customer(WriteContext& ctx, const CustomerInput& input);

// Removes identities that do not normalize and returns why each was removed,
// e.g. "phone '138****1234' is masked". For importers, which keep the row.
std::vector<std::string> drop_invalid_identities(CustomerInput& input);

// Creates a customer; identities already owned by another customer are a
// conflict naming that customer.
Result<CustomerId> create_customer(WriteContext& ctx, const CustomerInput& input);

// Applies the given fields to a customer. Identities in the patch are attached
// (merging if they belong to another profile).
Result<CustomerUpsert> patch_customer(WriteContext& ctx, CustomerId id, const CustomerInput& patch);

struct MergeOutcome {
  CustomerId survivor = 0;
  std::vector<CustomerId> merged;
  Json conflicts = Json::array();  // [{customer, field, kept, lost}]
};

// Folds `others` into `survivor`: orders, notes, tags, identities and events
// move; each profile field keeps the most recently updated non-empty value and
// the losing values are recorded in the merge log. Old ids keep resolving to
// the survivor. Logged with the actor and reason.
Result<MergeOutcome> merge_customers(WriteContext& ctx, CustomerId survivor,
                                     const std::vector<CustomerId>& others,
                                     std::string_view reason);

// Follows merges: the id of the live profile that `id` is or was merged into.
Result<CustomerId> resolve_customer_id(store::Connection& db, ShopId shop, CustomerId id);

Result<Customer> get_customer(ReadContext& ctx, CustomerId id);
Result<std::optional<CustomerId>> find_customer_by_identity(ReadContext& ctx,
                                                            const IdentityInput& identity);

}  // namespace guanxi::domain
