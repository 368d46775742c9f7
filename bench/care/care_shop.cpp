#include "care_shop.hpp"

#include <fmt/format.h>

#include <chrono>

#include "domain/shops.hpp"
#include "store/query.hpp"

namespace guanxi::bench {

namespace {

constexpr int64_t kRowsPerTransaction = 100'000;
constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈",
                                          "杨", "赵", "黄", "周", "吴"};
constexpr std::string_view kGivenNames[] = {"伟", "芳", "娜", "敏", "静",
                                            "丽", "强", "磊", "洋", "艳"};

Status insert_customers(store::Connection& db, const CareShopSpec& spec, const domain::Shop& shop,
                        CareShop& out) {
  const int64_t created = to_millis(spec.created_at);
  const int64_t denied_every = spec.denied_per_mille > 0 ? 1000 / spec.denied_per_mille : 0;
  std::string name;
  std::string birthday;
  std::string phone;
  GX_RETURN_IF_ERROR(db.begin_write());
  for (int64_t id = 1; id <= spec.customers; ++id) {
    name.clear();
    fmt::format_to(std::back_inserter(name), "{}{}{}",
                   kSurnames[static_cast<size_t>(id) % std::size(kSurnames)],
                   kGivenNames[static_cast<size_t>(id / 10) % std::size(kGivenNames)], id);
    birthday.clear();
    fmt::format_to(std::back_inserter(birthday), "{:04}-{:02}-{:02}", 1960 + id % 46, spec.month,
                   spec.day);
    const bool denied = denied_every > 0 && id % denied_every == 0;
    {
      store::Query q(db,
                     "INSERT INTO customers (id, shop_id, name, gender, birthday, consent_sms, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(id, shop.id, name, id % 2 == 0 ? "female" : "male", birthday,
             denied ? "denied" : "granted", created, created);
      GX_RETURN_IF_ERROR(q.run());
    }
    phone.clear();
    fmt::format_to(std::back_inserter(phone), "13{:09}", id);
    {
      store::Query q(db,
                     "INSERT INTO identities (shop_id, type, value, customer_id, created_at) "
                     "VALUES (?, 'phone', ?, ?, ?)");
      q.bind(shop.id, phone, id, created);
      GX_RETURN_IF_ERROR(q.run());
    }
    out.denied += denied ? 1 : 0;
    if (id % kRowsPerTransaction == 0) {
      GX_RETURN_IF_ERROR(db.commit());
      GX_RETURN_IF_ERROR(db.begin_write());
    }
  }
  out.customers = spec.customers;
  return db.commit();
}

}  // namespace

Result<CareShop> generate_care_shop(store::Database& db, const Clock& clock,
                                    const CareShopSpec& spec) {
  if (spec.customers < 1 || spec.customers > 999'999'999)
    return Status::invalid("customers: must be 1..999999999");
  if (spec.denied_per_mille < 0 || spec.denied_per_mille > 1000)
    return Status::invalid("denied_per_mille: must be 0..1000");
  const auto start = std::chrono::steady_clock::now();
  GX_ASSIGN_OR_RETURN(auto conn, db.connect());
  // Scratch until the program finishes: no fsync per transaction while generating.
  GX_RETURN_IF_ERROR(conn->execute("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"));
  CareShop out;
  GX_ASSIGN_OR_RETURN(
      out.shop,
      domain::create_shop(*conn, clock, domain::Shop{0, "关系美妆旗舰店", "Asia/Shanghai", "CNY"}));
  if (Status s = insert_customers(*conn, spec, out.shop, out); !s.is_ok()) {
    (void)conn->rollback();
    return s;
  }
  GX_RETURN_IF_ERROR(conn->execute("PRAGMA wal_checkpoint(TRUNCATE);"));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace guanxi::bench
