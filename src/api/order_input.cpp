// Reader of order bodies (see inputs.hpp).
#include "api/input_fields.hpp"
#include "api/inputs.hpp"

namespace guanxi::api {

namespace {

using detail::id_member;
using detail::parsed_member;
using detail::time_member;
using Need = JsonFields::Need;

constexpr size_t kMaxItems = 1000;

Status read_items(const Json& array, const std::string& pointer,
                  std::vector<domain::OrderItemInput>& out) {
  if (array.size() > kMaxItems) {
    Location loc;
    loc.field = pointer;
    return Status::invalid("at most " + std::to_string(kMaxItems) + " items per order", loc);
  }
  out.reserve(array.size());
  for (size_t i = 0; i < array.size(); ++i) {
    JsonFields f(array[i], pointer + "/" + std::to_string(i));
    domain::OrderItemInput item;
    item.sku = f.string("sku").value_or("");
    item.product_name = f.string("product_name", Need::kRequired).value_or("");
    item.category = f.string("category").value_or("");
    item.quantity = f.int64("quantity").value_or(1);
    item.unit_price = f.int64("unit_price", Need::kRequired).value_or(0);
    GX_RETURN_IF_ERROR(f.finish());
    out.push_back(std::move(item));
  }
  return Status::ok();
}

}  // namespace

Result<domain::OrderInput> read_order_input(const Json& body, const std::string& pointer,
                                            std::string_view default_currency) {
  domain::OrderInput in;
  JsonFields f(body, pointer);
  in.platform = f.string("platform").value_or("api");
  in.external_id = f.string("external_id", Need::kRequired).value_or("");
  in.customer_id = id_member(f, "customer_id");
  if (auto status = parsed_member<domain::OrderStatus>(
          f, "status", [](std::string_view t) { return domain::parse_order_status(t); },
          Need::kRequired)) {
    in.status = *status;
  }
  in.created_at = time_member(f, "created_at");
  in.paid_at = time_member(f, "paid_at");
  in.shipped_at = time_member(f, "shipped_at");
  in.completed_at = time_member(f, "completed_at");
  in.currency = f.string("currency").value_or(std::string(default_currency));
  in.goods_amount = f.int64("goods_amount").value_or(0);
  in.discount_amount = f.int64("discount_amount").value_or(0);
  in.shipping_fee = f.int64("shipping_fee").value_or(0);
  in.paid_amount = f.int64("paid_amount").value_or(0);
  in.refunded_amount = f.int64("refunded_amount").value_or(0);
  in.coupon_code = f.string("coupon_code").value_or("");
  in.refund_reason = f.string("refund_reason").value_or("");
  in.receiver_name = f.string("receiver_name").value_or("");
  in.receiver_phone = f.string("receiver_phone").value_or("");
  in.receiver_address = f.string("receiver_address").value_or("");
  const Json* customer = f.object("customer");
  const Json* items = f.array("items");
  GX_RETURN_IF_ERROR(f.finish());
  if (customer != nullptr) {
    GX_ASSIGN_OR_RETURN(in.customer, read_customer_input(*customer, f.pointer_of("customer"),
                                                         CustomerBody::kBuyer));
  }
  if (items != nullptr) GX_RETURN_IF_ERROR(read_items(*items, f.pointer_of("items"), in.items));
  return in;
}

}  // namespace guanxi::api
