#include "store/customers_table.hpp"

#include <charconv>
#include <memory>
#include <variant>

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr std::string_view kCustomerColumns =
    "id, shop_id, name, gender, birthday, birthday_lunar, province, city, signup_at, "
    "source_channel, "
    "owner_user_id, csr_user_id, consent_sms, consent_email, consent_wechat, attributes, "
    "merged_into, "
    "created_at, updated_at, tier";

CustomerRecord read_customer(const Query& q) {
  CustomerRecord c;
  c.id = q.i64(0);
  c.shop_id = q.i64(1);
  c.name = q.text(2);
  c.gender = q.text(3);
  c.birthday = q.opt_text(4);
  c.birthday_lunar = q.i64(5) != 0;
  c.province = q.text(6);
  c.city = q.text(7);
  c.signup_at = q.opt_i64(8);
  c.source_channel = q.text(9);
  c.owner_user_id = q.opt_i64(10);
  c.csr_user_id = q.opt_i64(11);
  c.consent_sms = q.text(12);
  c.consent_email = q.text(13);
  c.consent_wechat = q.text(14);
  c.attributes = q.text(15);
  c.merged_into = q.opt_i64(16);
  c.created_at = q.i64(17);
  c.updated_at = q.i64(18);
  c.tier = q.text(19);
  return c;
}

}  // namespace

Result<int64_t> insert_customer(Connection& db, const CustomerRecord& c) {
  Query q(db,
          "INSERT INTO customers (shop_id, name, gender, birthday, birthday_lunar, province, city, "
          "signup_at, "
          "source_channel, owner_user_id, csr_user_id, consent_sms, consent_email, consent_wechat, "
          "attributes, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ");
  q.bind(c.shop_id, c.name, c.gender, c.birthday, c.birthday_lunar, c.province, c.city, c.signup_at,
         c.source_channel, c.owner_user_id, c.csr_user_id, c.consent_sms, c.consent_email,
         c.consent_wechat, c.attributes, c.created_at, c.updated_at);
  return q.insert_row("customers");
}

Status update_customer(Connection& db, const CustomerRecord& c) {
  Query q(db,
          "UPDATE customers SET name = ?, gender = ?, birthday = ?, birthday_lunar = ?, province = "
          "?, city = ?, "
          "signup_at = ?, source_channel = ?, owner_user_id = ?, csr_user_id = ?, consent_sms = ?, "
          "consent_email = ?, consent_wechat = ?, attributes = ?, updated_at = ? WHERE shop_id = ? "
          "AND id = ?");
  q.bind(c.name, c.gender, c.birthday, c.birthday_lunar, c.province, c.city, c.signup_at,
         c.source_channel, c.owner_user_id, c.csr_user_id, c.consent_sms, c.consent_email,
         c.consent_wechat, c.attributes, c.updated_at, c.shop_id, c.id);
  return q.run();
}

Result<std::optional<CustomerRecord>> find_customer(Connection& db, int64_t shop, int64_t id) {
  static const std::string sql =
      "SELECT " + std::string(kCustomerColumns) + " FROM customers WHERE shop_id = ? AND id = ?";
  Query q(db, sql);
  q.bind(shop, id);
  if (q.next()) return std::optional<CustomerRecord>(read_customer(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CustomerRecord>();
}

Status mark_customer_merged(Connection& db, int64_t shop, int64_t id, int64_t survivor,
                            int64_t now) {
  {
    Query q(db,
            "UPDATE customers SET merged_into = ?, updated_at = ? WHERE shop_id = ? AND id = ?");
    q.bind(survivor, now, shop, id);
    GX_RETURN_IF_ERROR(q.run());
  }
  Query q(db, "UPDATE customers SET merged_into = ? WHERE shop_id = ? AND merged_into = ?");
  q.bind(survivor, shop, id);
  return q.run();
}

Result<std::optional<int64_t>> customer_merged_into(Connection& db, int64_t shop, int64_t id) {
  Query q(db, "SELECT merged_into FROM customers WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  if (q.next()) return q.opt_i64(0);
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<int64_t>();
}

namespace {

using Param = std::variant<int64_t, std::string>;

// The WHERE clause of a customer list (without cursor, order or limit). The
// SQL is assembled only from fixed fragments chosen by the filter's shape;
// every value is a bound parameter.
std::string list_conditions(const CustomerListFilter& f, std::vector<Param>& params) {
  std::string sql = " WHERE c.shop_id = ? AND c.merged_into IS NULL";
  params.emplace_back(f.shop_id);
  // Upper bound of a prefix range: the prefix followed by the largest code point.
  auto upper = [](const std::string& prefix) { return prefix + "\xF4\x8F\xBF\xBF"; };
  if (f.restrict_ids) {
    sql += " AND c.id IN (";
    for (size_t i = 0; i < f.only_ids.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.emplace_back(f.only_ids[i]);
    }
    sql += f.only_ids.empty() ? "NULL)" : ")";
  }
  if (f.tag_id) {
    sql +=
        " AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag_id = ?)";
    params.emplace_back(*f.tag_id);
  }
  if (!f.name_prefix.empty()) {
    sql += " AND c.name >= ? AND c.name < ?";
    params.emplace_back(f.name_prefix);
    params.emplace_back(upper(f.name_prefix));
  }
  if (!f.identity_prefix.empty()) {
    sql +=
        " AND c.id IN (SELECT i.customer_id FROM identities i WHERE i.shop_id = ? AND i.type = ? "
        "AND i.value >= ? AND i.value < ?)";
    params.emplace_back(f.shop_id);
    params.emplace_back(f.identity_type);
    params.emplace_back(f.identity_prefix);
    params.emplace_back(upper(f.identity_prefix));
  }
  return sql;
}

void bind_all(Query& q, const std::vector<Param>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    std::visit([&](const auto& v) { q.bind_at(static_cast<int>(i) + 1, v); }, params[i]);
  }
}

}  // namespace

Result<std::vector<CustomerRecord>> list_customers(Connection& db, const CustomerListFilter& f) {
  std::vector<Param> params;
  std::string sql =
      "SELECT c.id, c.shop_id, c.name, c.gender, c.birthday, c.birthday_lunar, c.province, c.city, "
      "c.signup_at, c.source_channel, c.owner_user_id, c.csr_user_id, c.consent_sms, "
      "c.consent_email, "
      "c.consent_wechat, c.attributes, c.merged_into, c.created_at, c.updated_at, c.tier "
      "FROM customers c";
  sql += list_conditions(f, params);
  std::string sort_col = "c.id";
  if (f.sort == "name")
    sort_col = "c.name";
  else if (f.sort == "created_at")
    sort_col = "c.created_at";
  else if (f.sort == "updated_at")
    sort_col = "c.updated_at";
  else if (f.sort != "id")
    return Status::invalid("unknown sort '" + f.sort + "'");
  const std::string cmp = f.descending ? " < " : " > ";
  const bool keyed = sort_col != "c.id";
  if (f.after_id) {
    if (keyed) {
      if (!f.after_key) return Status::invalid("cursor is missing its sort key");
      sql += " AND (" + sort_col + cmp + "? OR (" + sort_col + " = ? AND c.id" + cmp + "?))";
      Param key = *f.after_key;
      if (sort_col != "c.name") {
        int64_t k = 0;
        const auto& text = *f.after_key;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
        if (ec != std::errc() || ptr != text.data() + text.size())
          return Status::invalid("malformed cursor");
        key = k;
      }
      params.push_back(key);
      params.push_back(key);
    } else {
      sql += " AND c.id" + cmp + "?";
    }
    params.emplace_back(*f.after_id);
  }
  const std::string dir = f.descending ? " DESC" : " ASC";
  sql += " ORDER BY " + sort_col + dir;
  if (keyed) sql += ", c.id" + dir;
  sql += " LIMIT ?";
  params.emplace_back(static_cast<int64_t>(f.limit));

  // A list of ids makes the text vary with its length: not worth caching.
  std::unique_ptr<Query> owned = f.restrict_ids
                                     ? std::make_unique<Query>(db, sql, Query::Uncached{})
                                     : std::make_unique<Query>(db, sql);
  Query& q = *owned;
  bind_all(q, params);
  std::vector<CustomerRecord> out;
  while (q.next()) out.push_back(read_customer(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> count_matching_customers(Connection& db, const CustomerListFilter& f) {
  std::vector<Param> params;
  const std::string sql = "SELECT COUNT(*) FROM customers c" + list_conditions(f, params);
  std::unique_ptr<Query> owned = f.restrict_ids
                                     ? std::make_unique<Query>(db, sql, Query::Uncached{})
                                     : std::make_unique<Query>(db, sql);
  bind_all(*owned, params);
  GX_ASSIGN_OR_RETURN(auto n, owned->single_int64());
  return n.value_or(0);
}

Result<std::vector<IdentityRecord>> list_contact_identities(Connection& db,
                                                            std::span<const int64_t> customers) {
  std::vector<IdentityRecord> out;
  for (const int64_t id : customers) {
    Query q(db,
            "SELECT type, value, customer_id, created_at FROM identities WHERE customer_id = ? "
            "AND type IN ('phone', 'email') ORDER BY created_at, type, value");
    q.bind(id);
    while (q.next()) out.push_back({q.text(0), q.text(1), q.i64(2), q.i64(3)});
    GX_RETURN_IF_ERROR(q.status());
  }
  return out;
}

Result<int64_t> count_customers(Connection& db, int64_t shop) {
  Query q(db, "SELECT COUNT(*) FROM customers WHERE shop_id = ? AND merged_into IS NULL");
  q.bind(shop);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Result<std::optional<int64_t>> find_identity_owner(Connection& db, int64_t shop,
                                                   std::string_view type, std::string_view value) {
  Query q(db, "SELECT customer_id FROM identities WHERE shop_id = ? AND type = ? AND value = ?");
  q.bind(shop, type, value);
  return q.single_int64();
}

Status insert_identity(Connection& db, int64_t shop, const IdentityRecord& identity) {
  Query q(db,
          "INSERT INTO identities (shop_id, type, value, customer_id, created_at) VALUES (?, ?, ?, "
          "?, ?)");
  q.bind(shop, identity.type, identity.value, identity.customer_id, identity.created_at);
  return q.run();
}

Result<std::vector<IdentityRecord>> list_identities(Connection& db, int64_t customer) {
  Query q(db,
          "SELECT type, value, customer_id, created_at FROM identities WHERE customer_id = ? "
          "ORDER BY created_at, type, value");
  q.bind(customer);
  std::vector<IdentityRecord> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.i64(2), q.i64(3)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status move_identities(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE identities SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

Result<int64_t> insert_merge(Connection& db, const MergeRecord& m) {
  Query q(
      db,
      "INSERT INTO merges (shop_id, survivor_id, merged_id, actor, reason, details, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(m.shop_id, m.survivor_id, m.merged_id, m.actor, m.reason, m.details, m.created_at);
  return q.insert_row("merges");
}

Result<std::vector<MergeRecord>> list_merges(Connection& db, int64_t shop, int64_t customer) {
  Query q(
      db,
      "SELECT id, shop_id, survivor_id, merged_id, actor, reason, details, created_at FROM merges "
      "WHERE shop_id = ? AND (survivor_id = ? OR merged_id = ?) ORDER BY id DESC");
  q.bind(shop, customer, customer);
  std::vector<MergeRecord> out;
  while (q.next()) {
    out.push_back(
        {q.i64(0), q.i64(1), q.i64(2), q.i64(3), q.text(4), q.text(5), q.text(6), q.i64(7)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
