// The joints between loyalty and the rest of the domain: the customer's
// loyalty at a glance (loyalty.hpp), the hooks upsert_order and merges call
// and the checks the loyalty files share (loyalty_internal.hpp).
#include "domain/loyalty.hpp"

#include "domain/customers.hpp"
#include "domain/loyalty_internal.hpp"
#include "store/loyalty_table.hpp"

namespace guanxi::domain {

Result<CustomerLoyalty> customer_loyalty(ReadContext& ctx, CustomerId customer) {
  GX_ASSIGN_OR_RETURN(const CustomerId live,
                      internal::live_customer(ctx.db, ctx.shop.id, customer, ""));
  GX_ASSIGN_OR_RETURN(auto rec, store::find_customer_loyalty(ctx.db, ctx.shop.id, live,
                                                             to_millis(ctx.clock.now())));
  if (!rec) return Status::not_found("customer " + std::to_string(customer) + " does not exist");
  return CustomerLoyalty{rec->points, rec->usable_coupons};
}

}  // namespace guanxi::domain

namespace guanxi::domain::internal {

Status loyalty_after_order(WriteContext& ctx, CustomerId buyer, const store::OrderRecord& order) {
  GX_RETURN_IF_ERROR(redeem_coupon_for_order(ctx, buyer, order));
  return points_for_order(ctx, buyer, order);
}

Status move_loyalty(WriteContext& ctx, CustomerId survivor, CustomerId merged) {
  GX_RETURN_IF_ERROR(move_coupons(ctx, survivor, merged));
  GX_RETURN_IF_ERROR(move_points(ctx, survivor, merged));
  return move_referrals(ctx, survivor, merged);
}

Status check_loyalty_source(std::string_view source) {
  Location loc;
  loc.field = "/source";
  if (source == "api" || source == "cli") return Status::ok();
  for (const std::string_view kind : {"journey:", "campaign:"}) {
    if (!source.starts_with(kind)) continue;
    const std::string_view id = source.substr(kind.size());
    bool printable = !id.empty() && id.size() <= 64;
    for (const char c : id) {
      const auto byte = static_cast<unsigned char>(c);
      printable = printable && byte > 0x20 && byte != 0x7f;
    }
    if (printable) return Status::ok();
  }
  return Status::invalid(
      "source must be \"api\", \"cli\", \"journey:ID\" or \"campaign:ID\", not '" +
          std::string(source) + "'",
      loc);
}

Result<CustomerId> live_customer(store::Connection& db, ShopId shop, CustomerId id,
                                 std::string_view field) {
  auto live = resolve_customer_id(db, shop, id);
  if (!live.ok() && live.status().code() == ErrorCode::kNotFound && !field.empty()) {
    Location loc;
    loc.field = "/" + std::string(field);
    return Status(ErrorCode::kNotFound, "customer " + std::to_string(id) + " does not exist", loc);
  }
  return live;
}

}  // namespace guanxi::domain::internal
