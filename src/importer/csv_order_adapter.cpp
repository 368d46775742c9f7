#include "importer/csv_order_adapter.hpp"

#include "core/money.hpp"

namespace guanxi::importer {

namespace {

using domain::OrderStatus;

bool paid_like(OrderStatus s) {
  return s == OrderStatus::kPaid || s == OrderStatus::kShipped || s == OrderStatus::kCompleted ||
         s == OrderStatus::kPartiallyRefunded || s == OrderStatus::kRefunded;
}

}  // namespace

CsvOrderAdapter::CsvOrderAdapter(std::optional<Mapping> mapping, const ShopZone& shop_zone,
                                 std::string shop_currency)
    : given_(std::move(mapping)),
      zone_(mapping_zone(given_, shop_zone)),
      default_currency_(std::move(shop_currency)) {
  if (given_ && given_->currency) default_currency_ = *given_->currency;
}

Status CsvOrderAdapter::bind_header(const CsvRecord& header) {
  header_ = Header(header);
  GX_ASSIGN_OR_RETURN(mapping_, mapping_for_header(given_, header_, MappingKind::kOrders));
  GX_ASSIGN_OR_RETURN(cols_, bind_mapping(mapping_, header_));
  return Status::ok();
}

std::optional<int64_t> CsvOrderAdapter::money(RowReader& row, std::string_view field) {
  const Column& c = cols_[field];
  return mapping_.amounts_in_minor ? row.integer(c) : row.amount(c, exponent_);
}

void CsvOrderAdapter::add_record(const CsvRecord& record, ParseBatch<ParsedOrder>& out) {
  ++out.rows_read;
  RowReader row(record, header_.size(), out.issues);
  if (row.rejected()) {
    ++out.rows_rejected;
    return;
  }
  const Column& id_column = cols_["external_id"];
  const std::string_view external_id = row.text(id_column);
  if (external_id.empty()) {
    row.error(id_column, id_column.name + " is empty");
    ++out.rows_rejected;
    return;
  }
  if (!mapping_.group_rows_by_external_id) {
    ParsedOrder parsed;
    parsed.line = row.line();
    read_order(row, external_id, parsed);
    if (!add_item(row, parsed.input) || row.rejected()) {
      ++out.rows_rejected;
      return;
    }
    out.items.push_back(std::move(parsed));
    return;
  }
  switch (grouper_.place(external_id, row, id_column, out)) {
    case OrderGrouper::Role::kFirstRow: {
      ParsedOrder& parsed = grouper_.start(row.line());
      read_order(row, external_id, parsed);
      if (!add_item(row, parsed.input) || row.rejected()) grouper_.reject_current(out);
      break;
    }
    case OrderGrouper::Role::kNextRow:
      if (!add_item(row, grouper_.current().input)) grouper_.reject_current(out);
      break;
    case OrderGrouper::Role::kRejected:
      break;
  }
}

void CsvOrderAdapter::finish(ParseBatch<ParsedOrder>& out) {
  grouper_.finish(out);
}

void CsvOrderAdapter::read_order(RowReader& row, std::string_view external_id,
                                 ParsedOrder& parsed) {
  domain::OrderInput& o = parsed.input;
  const std::string_view platform = row.text(cols_["platform"]);
  o.platform = platform.empty() ? mapping_.platform : std::string(platform);
  o.external_id = std::string(external_id);

  const Column& currency_column = cols_["currency"];
  o.currency = row.blank(currency_column) ? default_currency_ : row.string(currency_column);
  if (Result<Currency> currency = Currency::parse(o.currency); currency.ok()) {
    o.currency = currency->code();
    exponent_ = currency->exponent();
  } else {
    row.error(currency_column, currency.status().message());
  }

  read_mapped_identities(row, cols_, MappingKind::kOrders, o.customer, parsed.identity_columns);
  if (o.customer.identities.empty()) {
    row.add("", Severity::kError,
            "no identity: every mapped identity column is empty, so the buyer is unknown");
  }
  for (const auto& [field, target] :
       {std::pair{"name", &o.customer.name}, std::pair{"province", &o.customer.province},
        std::pair{"city", &o.customer.city}}) {
    const std::string_view v = row.text(cols_[field]);
    if (!v.empty()) *target = std::string(v);
  }
  o.coupon_code = row.string(cols_["coupon_code"]);
  o.refund_reason = row.string(cols_["refund_reason"]);
  o.receiver_name = row.string(cols_["receiver_name"]);
  o.receiver_phone = row.string(cols_["receiver_phone"]);
  o.receiver_address = row.string(cols_["receiver_address"]);

  o.created_at = row.local_time(cols_["created_at"], zone_);
  o.paid_at = row.local_time(cols_["paid_at"], zone_);
  o.shipped_at = row.local_time(cols_["shipped_at"], zone_);
  o.completed_at = row.local_time(cols_["completed_at"], zone_);

  o.goods_amount = money(row, "goods_amount").value_or(0);
  o.discount_amount = money(row, "discount_amount").value_or(0);
  o.shipping_fee = money(row, "shipping_fee").value_or(0);
  o.paid_amount = money(row, "paid_amount").value_or(0);
  o.refunded_amount = money(row, "refunded_amount").value_or(0);

  const Column& status_column = cols_["status"];
  if (status_column.present()) {
    const std::string_view value = row.text(status_column);
    if (const auto it = mapping_.status_values.find(std::string(value));
        it != mapping_.status_values.end()) {
      o.status = it->second;
    } else if (Result<OrderStatus> ours = domain::parse_order_status(value); ours.ok()) {
      o.status = *ours;
    } else {
      row.error(status_column,
                "unknown status '" + std::string(value) + "' (map it in status_values)");
    }
  } else {
    o.status = o.paid_amount > 0 || o.paid_at ? OrderStatus::kPaid : OrderStatus::kCreated;
    if (paid_like(o.status) && o.refunded_amount > 0) {
      o.status = o.refunded_amount < o.paid_amount ? OrderStatus::kPartiallyRefunded
                                                   : OrderStatus::kRefunded;
    }
  }
}

bool CsvOrderAdapter::add_item(RowReader& row, domain::OrderInput& order) {
  domain::OrderItemInput item;
  item.sku = row.string(cols_["sku"]);
  item.product_name = row.string(cols_["product_name"]);
  item.category = row.string(cols_["category"]);
  if (item.sku.empty() && item.product_name.empty()) return true;
  const Column& quantity_column = cols_["quantity"];
  const auto quantity = row.integer(quantity_column);
  if (!quantity && !row.blank(quantity_column)) return false;
  item.quantity = quantity.value_or(1);
  if (item.quantity <= 0) {
    row.error(quantity_column, quantity_column.name + " must be positive");
    return false;
  }
  const Column& price_column = cols_["unit_price"];
  const auto price = money(row, "unit_price");
  if (!price && !row.blank(price_column)) return false;
  item.unit_price = price.value_or(0);
  order.items.push_back(std::move(item));
  return true;
}

}  // namespace guanxi::importer
