#include "importer/shopify_adapter.hpp"

#include <array>
#include <utility>

#include "core/money.hpp"
#include "importer/missing_column.hpp"

namespace guanxi::importer {

namespace {

using domain::OrderStatus;

constexpr std::array<std::pair<std::string_view, OrderStatus>, 9> kFinancialStatuses{{
    {"pending", OrderStatus::kCreated},
    {"authorized", OrderStatus::kCreated},
    {"paid", OrderStatus::kPaid},
    {"partially_paid", OrderStatus::kPaid},
    {"partially_refunded", OrderStatus::kPartiallyRefunded},
    {"refunded", OrderStatus::kRefunded},
    {"voided", OrderStatus::kCancelled},
    {"expired", OrderStatus::kCancelled},
    {"unpaid", OrderStatus::kCreated},
}};

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

void append_part(std::string& out, std::string_view part) {
  if (part.empty()) return;
  if (!out.empty()) out += ", ";
  out += part;
}

}  // namespace

Result<OrderStatus> shopify_financial_status(std::string_view financial_status) {
  for (const auto& [name, status] : kFinancialStatuses) {
    if (equals_ignore_case(financial_status, name)) return status;
  }
  return Status::invalid("unknown financial status '" + std::string(financial_status) + "'");
}

Status ShopifyAdapter::bind_header(const CsvRecord& header) {
  header_ = Header(header);
  Columns& c = cols_;
  c.name = header_.find("Name");
  c.email = header_.find("Email");
  c.phone = header_.find("Phone");
  c.billing_phone = header_.find("Billing Phone");
  c.financial = header_.find("Financial Status");
  c.fulfillment = header_.find("Fulfillment Status");
  c.created_at = header_.find("Created at");
  c.paid_at = header_.find("Paid at");
  c.fulfilled_at = header_.find("Fulfilled at");
  c.cancelled_at = header_.find("Cancelled at");
  c.currency = header_.find("Currency");
  c.subtotal = header_.find("Subtotal");
  c.shipping = header_.find("Shipping");
  c.total = header_.find("Total");
  c.outstanding = header_.find("Outstanding Balance");
  c.discount_amount = header_.find("Discount Amount");
  c.discount_code = header_.find("Discount Code");
  c.refunded = header_.find("Refunded Amount");
  c.billing_name = header_.find("Billing Name");
  c.billing_province = header_.find({"Billing Province Name", "Billing Province"});
  c.billing_city = header_.find("Billing City");
  c.shipping_name = header_.find("Shipping Name");
  c.shipping_phone = header_.find("Shipping Phone");
  c.shipping_street = header_.find("Shipping Street");
  c.shipping_address1 = header_.find("Shipping Address1");
  c.shipping_address2 = header_.find("Shipping Address2");
  c.shipping_city = header_.find("Shipping City");
  c.shipping_province = header_.find({"Shipping Province Name", "Shipping Province"});
  c.shipping_zip = header_.find("Shipping Zip");
  c.shipping_country = header_.find("Shipping Country");
  c.item_name = header_.find("Lineitem name");
  c.item_sku = header_.find("Lineitem sku");
  c.item_quantity = header_.find("Lineitem quantity");
  c.item_price = header_.find("Lineitem price");
  for (const Column* required : {&c.name, &c.financial, &c.created_at, &c.email}) {
    if (!required->present()) return detail::missing_column(required->name);
  }
  return Status::ok();
}

void ShopifyAdapter::add_record(const CsvRecord& record, ParseBatch<ParsedOrder>& out) {
  ++out.rows_read;
  RowReader row(record, header_.size(), out.issues);
  if (row.rejected()) {
    ++out.rows_rejected;
    return;
  }
  const std::string_view name = row.text(cols_.name);
  if (name.empty()) {
    row.error(cols_.name, "Name is empty");
    ++out.rows_rejected;
    return;
  }
  switch (grouper_.place(name, row, cols_.name, out)) {
    case OrderGrouper::Role::kFirstRow: {
      ParsedOrder& parsed = grouper_.start(row.line());
      read_order(row, name, parsed);
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

void ShopifyAdapter::finish(ParseBatch<ParsedOrder>& out) {
  grouper_.finish(out);
}

void ShopifyAdapter::read_order(RowReader& row, std::string_view name, ParsedOrder& parsed) {
  const Columns& c = cols_;
  domain::OrderInput& o = parsed.input;
  o.platform = "shopify";
  o.external_id = std::string(name);

  o.currency =
      c.currency.present() && !row.blank(c.currency) ? row.string(c.currency) : default_currency_;
  Result<Currency> currency = Currency::parse(o.currency);
  if (currency.ok()) {
    o.currency = currency->code();
    exponent_ = currency->exponent();
  } else {
    row.error(c.currency, currency.status().message());
  }

  const std::string_view email = row.text(c.email);
  std::string_view phone = row.text(c.phone);
  const Column* phone_column = &c.phone;
  if (phone.empty()) {
    phone = row.text(c.billing_phone);
    phone_column = &c.billing_phone;
  }
  if (email.empty() && phone.empty())
    row.error(c.email, "Email and Phone are both empty: the buyer is unknown");
  if (!email.empty()) {
    o.customer.identities.push_back({domain::IdentityType::kEmail, std::string(email)});
    parsed.identity_columns.push_back(c.email.name);
  }
  if (!phone.empty()) {
    o.customer.identities.push_back({domain::IdentityType::kPhone, std::string(phone)});
    parsed.identity_columns.push_back(phone_column->name);
  }
  const std::string_view billing_name = row.text(c.billing_name);
  const std::string_view customer_name =
      billing_name.empty() ? row.text(c.shipping_name) : billing_name;
  if (!customer_name.empty()) o.customer.name = std::string(customer_name);
  const bool has_billing_region =
      !row.text(c.billing_province).empty() || !row.text(c.billing_city).empty();
  const std::string_view province =
      has_billing_region ? row.text(c.billing_province) : row.text(c.shipping_province);
  const std::string_view city =
      has_billing_region ? row.text(c.billing_city) : row.text(c.shipping_city);
  if (!province.empty()) o.customer.province = std::string(province);
  if (!city.empty()) o.customer.city = std::string(city);

  o.receiver_name = row.string(c.shipping_name);
  o.receiver_phone = row.string(c.shipping_phone);
  const std::string_view street = row.text(c.shipping_street);
  if (!street.empty()) {
    append_part(o.receiver_address, street);
  } else {
    append_part(o.receiver_address, row.text(c.shipping_address1));
    append_part(o.receiver_address, row.text(c.shipping_address2));
  }
  for (const Column* part :
       {&c.shipping_city, &c.shipping_province, &c.shipping_zip, &c.shipping_country}) {
    append_part(o.receiver_address, row.text(*part));
  }

  if (row.require(c.created_at)) o.created_at = row.local_time(c.created_at, zone_);
  o.paid_at = row.local_time(c.paid_at, zone_);
  o.shipped_at = row.local_time(c.fulfilled_at, zone_);
  const bool cancelled = !row.blank(c.cancelled_at);
  if (cancelled)
    (void)row.local_time(c.cancelled_at, zone_);  // validated; OrderInput has no field for it

  o.goods_amount = row.amount(c.subtotal, exponent_).value_or(0);
  o.shipping_fee = row.amount(c.shipping, exponent_).value_or(0);
  o.discount_amount = row.amount(c.discount_amount, exponent_).value_or(0);
  o.coupon_code = row.string(c.discount_code);
  o.refunded_amount = row.amount(c.refunded, exponent_).value_or(0);
  const int64_t total = row.amount(c.total, exponent_).value_or(0);
  const int64_t outstanding = row.amount(c.outstanding, exponent_).value_or(0);

  const std::string_view financial = row.text(c.financial);
  if (row.require(c.financial)) {
    Result<OrderStatus> status = shopify_financial_status(financial);
    if (status.ok()) {
      o.status = *status;
      const bool paid = o.status == OrderStatus::kPaid ||
                        o.status == OrderStatus::kPartiallyRefunded ||
                        o.status == OrderStatus::kRefunded;
      if (paid) {
        o.paid_amount =
            equals_ignore_case(financial, "partially_paid") ? total - outstanding : total;
      }
      if (o.status == OrderStatus::kPaid &&
          equals_ignore_case(row.text(c.fulfillment), "fulfilled")) {
        o.status = OrderStatus::kShipped;
      }
      if (o.status == OrderStatus::kCreated && cancelled) o.status = OrderStatus::kCancelled;
      if (o.status == OrderStatus::kRefunded && o.refunded_amount == 0)
        o.refunded_amount = o.paid_amount;
    } else {
      row.error(c.financial, status.status().message());
    }
  }
}

bool ShopifyAdapter::add_item(RowReader& row, domain::OrderInput& order) {
  const Columns& c = cols_;
  domain::OrderItemInput item;
  item.product_name = row.string(c.item_name);
  item.sku = row.string(c.item_sku);
  if (item.product_name.empty() && item.sku.empty()) return !row.rejected();
  bool ok = true;
  const auto quantity = row.integer(c.item_quantity);
  if (!quantity && !row.blank(c.item_quantity)) ok = false;
  item.quantity = quantity.value_or(1);
  if (item.quantity <= 0) {
    row.error(c.item_quantity, c.item_quantity.name + " must be positive");
    ok = false;
  }
  const auto price = row.amount(c.item_price, exponent_);
  if (!price && !row.blank(c.item_price)) ok = false;
  item.unit_price = price.value_or(0);
  if (ok) order.items.push_back(std::move(item));
  return ok;
}

}  // namespace guanxi::importer
