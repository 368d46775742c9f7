// Products: the catalogue orders refer to by SKU, with the consumption cycle
// that replenishment care uses. Import creates a product the first time a SKU
// is seen; explicit writes set every field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

struct Product {
  int64_t id = 0;
  std::string sku;
  std::string name;
  std::string category;
  std::optional<int64_t> list_price;  // minor units of `currency`
  std::string currency = "CNY";
  std::optional<int> cycle_days;  // how long one unit lasts (面膜 30, 纸尿裤 20); none for durables
};

// Creates or replaces the product with this SKU. SKU 1-128 bytes, name required,
// list price non-negative, cycle 1-3650 days.
Result<Product> upsert_product(WriteContext& ctx, const Product& product);
// Products ordered by id, after `after_id`, at most `limit` (1..1000).
Result<std::vector<Product>> list_products(ReadContext& ctx, int limit, int64_t after_id = 0);

}  // namespace guanxi::domain
