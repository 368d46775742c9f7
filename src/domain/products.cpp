#include "domain/products.hpp"

#include "domain/internal.hpp"
#include "store/orders_table.hpp"

namespace guanxi::domain {

Result<Product> upsert_product(WriteContext& ctx, const Product& p) {
  if (p.sku.empty() || p.sku.size() > 128)
    return Status::invalid_field("sku", "sku must be 1-128 bytes");
  if (p.name.empty()) return Status::invalid_field("name", "name is required");
  if (p.list_price && *p.list_price < 0)
    return Status::invalid_field("list_price", "list_price must not be negative");
  if (p.cycle_days && (*p.cycle_days < 1 || *p.cycle_days > 3650)) {
    return Status::invalid_field("cycle_days", "cycle_days must be between 1 and 3650");
  }
  auto currency = Currency::parse(p.currency);
  if (!currency.ok()) return Status::invalid_field("currency", currency.status().message());
  store::ProductRecord r;
  r.sku = p.sku;
  r.name = p.name;
  r.category = p.category;
  r.list_price = p.list_price;
  r.currency = currency->code();
  if (p.cycle_days) r.cycle_days = *p.cycle_days;
  GX_ASSIGN_OR_RETURN(int64_t id,
                      store::upsert_product(ctx.db, ctx.shop.id, r, internal::now_ms(ctx)));
  GX_RETURN_IF_ERROR(internal::record_change(ctx, "product_upserted", std::nullopt, id,
                                             Json{{"sku", p.sku}}.dump()));
  Product out = p;
  out.id = id;
  out.currency = r.currency;
  return out;
}

Result<std::vector<Product>> list_products(ReadContext& ctx, int limit, int64_t after_id) {
  if (limit < 1 || limit > 1000) return Status::invalid("limit must be between 1 and 1000");
  GX_ASSIGN_OR_RETURN(auto recs, store::list_products(ctx.db, ctx.shop.id, limit, after_id));
  std::vector<Product> out;
  for (const auto& r : recs) {
    Product p;
    p.id = r.id;
    p.sku = r.sku;
    p.name = r.name;
    p.category = r.category;
    p.list_price = r.list_price;
    p.currency = r.currency;
    if (r.cycle_days) p.cycle_days = static_cast<int>(*r.cycle_days);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace guanxi::domain
