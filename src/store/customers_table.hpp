// SQL for customers, identities and the merge log. Every function runs on the
// caller's connection (inside its transaction, if any) and is scoped by shop.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace guanxi::store {

// Inserts a customer (id assigned) and returns the id.
Result<int64_t> insert_customer(Connection& db, const CustomerRecord& c);
// Rewrites every profile column of an existing customer.
Status update_customer(Connection& db, const CustomerRecord& c);
Result<std::optional<CustomerRecord>> find_customer(Connection& db, int64_t shop, int64_t id);
// Marks `id` as merged into `survivor` and re-points earlier merges into `id`.
Status mark_customer_merged(Connection& db, int64_t shop, int64_t id, int64_t survivor,
                            int64_t now);
// The merged_into of a customer (nullopt when live or unknown).
Result<std::optional<int64_t>> customer_merged_into(Connection& db, int64_t shop, int64_t id);

struct CustomerListFilter {
  int64_t shop_id = 0;
  std::optional<int64_t> tag_id;
  std::string name_prefix;    // matches customers whose name starts with it
  std::string identity_type;  // with identity_prefix: the identity type searched ("phone", "email")
  std::string identity_prefix;  // matches customers with an identity of that type starting with it
  std::string sort = "id";      // id | name | created_at | updated_at
  bool descending = false;
  std::optional<int64_t> after_id;       // cursor: last id of the previous page (sort=id)
  std::optional<std::string> after_key;  // cursor: last sort key of the previous page
  int limit = 50;
  // With restrict_ids: only customers among only_ids (a page of a segment
  // engine result, at most a few thousand ids).
  bool restrict_ids = false;
  std::span<const int64_t> only_ids;
};
// Live (unmerged) customers matching the filter, in sort order, at most limit.
Result<std::vector<CustomerRecord>> list_customers(Connection& db, const CustomerListFilter& f);
Result<int64_t> count_customers(Connection& db, int64_t shop);
// How many live customers match the filter (its cursor, sort and limit ignored).
Result<int64_t> count_matching_customers(Connection& db, const CustomerListFilter& f);
// The phone and e-mail identities of `customers`, each customer's oldest first.
Result<std::vector<IdentityRecord>> list_contact_identities(Connection& db,
                                                            std::span<const int64_t> customers);

Result<std::optional<int64_t>> find_identity_owner(Connection& db, int64_t shop,
                                                   std::string_view type, std::string_view value);
Status insert_identity(Connection& db, int64_t shop, const IdentityRecord& identity);
Result<std::vector<IdentityRecord>> list_identities(Connection& db, int64_t customer);
// Moves every identity of `from` to `to`.
Status move_identities(Connection& db, int64_t from, int64_t to);

Result<int64_t> insert_merge(Connection& db, const MergeRecord& m);
// Merges in which the customer was the survivor or the merged one, newest first.
Result<std::vector<MergeRecord>> list_merges(Connection& db, int64_t shop, int64_t customer);

}  // namespace guanxi::store
