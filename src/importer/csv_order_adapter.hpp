// Orders from any CSV, read through a mapping (mapping.hpp). Without a
// mapping, the header must use our field names (default_mapping()).
//
// Each row gives an order's fields and at most one item (sku, product_name,
// category, quantity, unit_price). With group_rows_by_external_id, consecutive
// rows with the same external_id are one order: order fields come from its
// first row, items from every row (rows must be consecutive, see OrderGrouper).
//
// status: a file value is looked up in status_values, then taken as one of our
// names (created, paid, shipped, completed, cancelled, refunded,
// partially_refunded). Without a status column it is derived: paid when
// paid_amount > 0 or paid_at is set, else created; then refunded_amount turns
// a paid order into partially_refunded (< paid) or refunded (== paid).
#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "importer/adapter.hpp"
#include "importer/header.hpp"
#include "importer/mapping.hpp"
#include "importer/order_grouper.hpp"

namespace guanxi::importer {

class CsvOrderAdapter final : public OrderAdapter {
 public:
  // The mapping's time_zone and currency override the shop's.
  CsvOrderAdapter(std::optional<Mapping> mapping, const ShopZone& shop_zone,
                  std::string shop_currency);

  Status bind_header(const CsvRecord& header) override;
  void add_record(const CsvRecord& record, ParseBatch<ParsedOrder>& out) override;
  void finish(ParseBatch<ParsedOrder>& out) override;

 private:
  void read_order(RowReader& row, std::string_view external_id, ParsedOrder& parsed);
  bool add_item(RowReader& row, domain::OrderInput& order);
  std::optional<int64_t> money(RowReader& row, std::string_view field);

  std::optional<Mapping> given_;
  Mapping mapping_;
  ShopZone zone_;
  std::string default_currency_;
  Header header_;
  MappedColumns cols_;
  OrderGrouper grouper_;
  int exponent_ = 2;
};

}  // namespace guanxi::importer
