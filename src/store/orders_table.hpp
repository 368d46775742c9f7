// SQL for orders, their items and products.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace guanxi::store {

Result<std::optional<OrderKeyRecord>> find_order_key(Connection& db, int64_t shop,
                                                     std::string_view platform,
                                                     std::string_view external_id);
// Inserts the order and its items; returns the new id.
Result<int64_t> insert_order(Connection& db, const OrderRecord& o);
// Rewrites the order row (by o.id) and replaces its items.
Status update_order(Connection& db, const OrderRecord& o);
Result<std::optional<OrderRecord>> find_order(Connection& db, int64_t shop, int64_t id);
Result<std::optional<int64_t>> find_order_id(Connection& db, int64_t shop,
                                             std::string_view platform,
                                             std::string_view external_id);
// A customer's orders with items, newest first (by created_at, then id).
Result<std::vector<OrderRecord>> list_orders_of_customer(Connection& db, int64_t shop,
                                                         int64_t customer, int limit,
                                                         std::optional<int64_t> before_id);
// Customers with an order of this number on any platform.
Result<std::vector<int64_t>> find_customers_by_order_number(Connection& db, int64_t shop,
                                                            std::string_view external_id);
Status move_orders(Connection& db, int64_t from, int64_t to);
Result<OrderAggregates> order_aggregates(Connection& db, int64_t customer);
Result<int64_t> count_orders(Connection& db, int64_t shop);

// Records a product for a SKU the first time it is seen (name and category
// from the order line); an existing product is left as it is.
Status ensure_product(Connection& db, int64_t shop, std::string_view sku, std::string_view name,
                      std::string_view category, std::string_view currency, int64_t now);

struct ProductRecord {
  int64_t id = 0;
  std::string sku;
  std::string name;
  std::string category;
  std::optional<int64_t> list_price;
  std::string currency;
  std::optional<int64_t> cycle_days;
};
// Inserts or updates a product by SKU with every given column.
Result<int64_t> upsert_product(Connection& db, int64_t shop, const ProductRecord& p, int64_t now);
Result<std::vector<ProductRecord>> list_products(Connection& db, int64_t shop, int limit,
                                                 int64_t after_id);

}  // namespace guanxi::store
