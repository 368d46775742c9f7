// Shopify's orders export (Orders > Export > CSV): one row per line item. The
// order-level columns are filled on an order's first row only; every row
// repeats Name (the order number, "#1001").
//
// Rows of one order must be consecutive, as Shopify writes them. A row whose
// Name belongs to an order finished earlier (within the last 4,096 orders) is
// rejected as "not consecutive" rather than silently replacing that order's
// items; sort such a file by Name first.
//
// Columns read (required: Name, Financial Status, Created at, Email):
//   Name -> external_id (platform "shopify");  Email -> identity email;
//   Phone, else Billing Phone -> identity phone;  Billing Name (else Shipping
//   Name) -> customer name;  Billing Province Name/Province, City (else the
//   Shipping ones) -> profile province/city;
//   Financial Status -> status: pending, authorized -> created; paid,
//     partially_paid -> paid; partially_refunded; refunded; voided, expired ->
//     cancelled; then Fulfillment Status "fulfilled" turns paid into shipped,
//     and a Cancelled at on an unpaid order makes it cancelled;
//   Created at / Paid at / Fulfilled at -> created_at / paid_at / shipped_at
//     ("2024-01-05 10:15:00 +0800"; without an offset, shop-local time);
//   Currency; Subtotal -> goods; Shipping -> shipping fee; Total -> paid amount
//     when paid (minus Outstanding Balance for partially_paid; Taxes are inside
//     Total and have no field of their own); Discount Amount / Discount Code;
//     Refunded Amount (a refunded order without one is refunded in full);
//   Shipping Name / Shipping Phone / Shipping address columns -> receiver_*;
//   Lineitem name / sku / quantity / price -> one item per row.
#pragma once

#include <string>
#include <string_view>

#include "core/time.hpp"
#include "importer/adapter.hpp"
#include "importer/header.hpp"
#include "importer/order_grouper.hpp"
#include "importer/row_reader.hpp"

namespace guanxi::importer {

// Our status for a Shopify financial status (lowercase, as exported).
Result<domain::OrderStatus> shopify_financial_status(std::string_view financial_status);

class ShopifyAdapter final : public OrderAdapter {
 public:
  // `default_currency` applies when the file has no Currency column.
  ShopifyAdapter(const ShopZone& zone, std::string default_currency)
      : zone_(zone), default_currency_(std::move(default_currency)) {}

  Status bind_header(const CsvRecord& header) override;
  void add_record(const CsvRecord& record, ParseBatch<ParsedOrder>& out) override;
  void finish(ParseBatch<ParsedOrder>& out) override;

 private:
  struct Columns {
    Column name, email, phone, billing_phone, financial, fulfillment, created_at, paid_at,
        fulfilled_at, cancelled_at, currency, subtotal, shipping, total, outstanding,
        discount_amount, discount_code, refunded, billing_name, billing_province, billing_city,
        shipping_name, shipping_phone, shipping_street, shipping_address1, shipping_address2,
        shipping_city, shipping_province, shipping_zip, shipping_country, item_name, item_sku,
        item_quantity, item_price;
  };

  // Reads the order-level fields of an order's first row.
  void read_order(RowReader& row, std::string_view name, ParsedOrder& parsed);
  // Adds the row's line item to `order`; false when it has an error.
  bool add_item(RowReader& row, domain::OrderInput& order);

  ShopZone zone_;
  std::string default_currency_;
  Header header_;
  Columns cols_;
  OrderGrouper grouper_;
  int exponent_ = 2;  // of the current order's currency
};

}  // namespace guanxi::importer
