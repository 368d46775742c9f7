// What every domain operation needs besides its arguments: the connection it
// runs on (inside the caller's transaction), the clock, the shop, and who acts.
#pragma once

#include <string>
#include <unordered_set>

#include "core/time.hpp"
#include "domain/model.hpp"
#include "store/database.hpp"

namespace guanxi::domain {

struct Shop {
  ShopId id = 0;
  std::string name;
  std::string time_zone = "Asia/Shanghai";
  std::string currency = "CNY";
};

// Facts a long run of writes (an import) may remember between transactions
// because they never become false once committed: products are never deleted.
// A transaction that rolls back may have added facts it did not commit, so the
// owner must clear the cache after any rolled-back job.
struct WriteCache {
  std::unordered_set<std::string> known_skus;
};

// Write operations run inside a transaction the caller owns (normally a Writer
// job); they never commit themselves.
struct WriteContext {
  store::Connection& db;
  const Clock& clock;
  const Shop& shop;
  const ShopZone& zone;
  std::string actor;            // "import:orders.csv", "api:key 3", "cli", "demo"
  WriteCache* cache = nullptr;  // optional, for bulk writers
};

// Read operations run on a reader connection.
struct ReadContext {
  store::Connection& db;
  const Clock& clock;
  const Shop& shop;
  const ShopZone& zone;
};

enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };
std::string_view upsert_outcome_name(UpsertOutcome o);  // "created", "updated", "unchanged"

}  // namespace guanxi::domain
