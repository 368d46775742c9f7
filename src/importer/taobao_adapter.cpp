#include "importer/taobao_adapter.hpp"

#include <array>
#include <utility>

#include "core/money.hpp"
#include "importer/address.hpp"
#include "importer/missing_column.hpp"
#include "importer/row_reader.hpp"

namespace guanxi::importer {

namespace {

using domain::OrderStatus;

constexpr int kYuanExponent = 2;  // Taobao amounts are CNY with 2 decimals

struct StatusText {
  std::string_view text;  // spaces removed, ASCII comma
  TaobaoStatusRule rule;
};
constexpr std::array<StatusText, 8> kStatuses{{
    {"等待买家付款", {false, OrderStatus::kCreated}},
    {"买家已付款,等待卖家发货", {false, OrderStatus::kPaid}},
    {"等待卖家发货", {false, OrderStatus::kPaid}},
    {"卖家已发货,等待买家确认", {false, OrderStatus::kShipped}},
    {"卖家部分发货", {false, OrderStatus::kShipped}},
    {"交易成功", {false, OrderStatus::kCompleted}},
    {"交易关闭", {true, OrderStatus::kCancelled}},
    {"付款以后用户退款成功,交易自动关闭", {false, OrderStatus::kRefunded}},
}};

// Removes spaces and folds the full-width comma, so that "买家已付款，等待卖家发货"
// and "买家已付款, 等待卖家发货" compare equal.
std::string normalize_status(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t') continue;
    if (text.substr(i, 3) == "，") {
      out += ',';
      i += 2;
      continue;
    }
    if (text.substr(i, 3) == "\xE3\x80\x80") {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::optional<TaobaoStatusRule> find_status_rule(std::string_view status_text) {
  const std::string key = normalize_status(status_text);
  for (const StatusText& s : kStatuses) {
    if (s.text == key) return s.rule;
  }
  return std::nullopt;
}

OrderStatus resolve_status(const TaobaoStatusRule& rule, bool paid, int64_t paid_amount,
                           int64_t refunded_amount) {
  OrderStatus status = rule.status;
  if (rule.closed) status = paid ? OrderStatus::kRefunded : OrderStatus::kCancelled;
  if (paid && paid_amount > 0 && refunded_amount > 0) {
    status =
        refunded_amount < paid_amount ? OrderStatus::kPartiallyRefunded : OrderStatus::kRefunded;
  }
  return status;
}

}  // namespace

Result<OrderStatus> taobao_order_status(std::string_view status_text, bool paid,
                                        int64_t paid_amount, int64_t refunded_amount) {
  const std::optional<TaobaoStatusRule> rule = find_status_rule(status_text);
  if (!rule) return Status::invalid("unknown order status '" + std::string(status_text) + "'");
  return resolve_status(*rule, paid, paid_amount, refunded_amount);
}

std::optional<TaobaoStatusRule> TaobaoAdapter::status_rule(std::string_view text) {
  // A file holds a handful of distinct status texts: remember each one's rule.
  for (const auto& [seen, rule] : status_cache_) {
    if (seen == text) return rule;
  }
  std::optional<TaobaoStatusRule> rule = find_status_rule(text);
  if (status_cache_.size() < 64) status_cache_.emplace_back(std::string(text), rule);
  return rule;
}

Status TaobaoAdapter::bind_header(const CsvRecord& header) {
  header_ = Header(header);
  Columns& c = cols_;
  c.external_id = header_.find({"订单编号", "订单号"});
  c.nick = header_.find({"买家会员名", "买家昵称"});
  c.mobile = header_.find({"联系手机", "手机"});
  c.landline = header_.find({"联系电话"});
  c.status = header_.find({"订单状态"});
  c.goods = header_.find({"买家应付货款", "应付货款"});
  c.shipping = header_.find({"买家应付邮费", "应付邮费"});
  c.total = header_.find({"总金额"});
  c.paid = header_.find({"买家实际支付金额", "实际支付金额"});
  c.refunded = header_.find({"退款金额"});
  c.created_at = header_.find({"订单创建时间", "创建时间"});
  c.paid_at = header_.find({"订单付款时间", "付款时间"});
  c.shipped_at = header_.find({"发货时间"});
  c.completed_at = header_.find({"确认收货时间"});
  c.receiver = header_.find({"收货人姓名", "收货人"});
  c.address = header_.find({"收货地址"});
  c.title = header_.find({"宝贝标题", "商品标题"});
  c.sku = header_.find({"商家编码"});
  c.quantity = header_.find({"宝贝总数量", "宝贝数量"});
  c.coupon = header_.find({"优惠券", "店铺优惠", "店铺优惠信息", "优惠信息"});
  c.refund_reason = header_.find({"退款原因"});
  c.shop_type = header_.find({"店铺类型", "订单来源"});

  for (const Column* required : {&c.external_id, &c.status, &c.paid, &c.created_at}) {
    if (!required->present()) return detail::missing_column(required->name);
  }
  if (!c.nick.present() && !c.mobile.present())
    return detail::missing_column("买家会员名' or '联系手机");
  return Status::ok();
}

void TaobaoAdapter::add_record(const CsvRecord& record, ParseBatch<ParsedOrder>& out) {
  ++out.rows_read;
  const Columns& c = cols_;
  RowReader row(record, header_.size(), out.issues);
  if (row.rejected()) {  // wrong width: the values cannot be trusted
    ++out.rows_rejected;
    return;
  }
  ParsedOrder parsed;
  parsed.line = record.line();
  domain::OrderInput& o = parsed.input;

  o.platform = "taobao";
  const std::string_view shop_type = row.text(c.shop_type);
  if (shop_type.find("天猫") != std::string_view::npos ||
      shop_type.find("tmall") != std::string_view::npos ||
      shop_type.find("Tmall") != std::string_view::npos) {
    o.platform = "tmall";
  }
  if (row.require(c.external_id)) o.external_id = row.string(c.external_id);
  o.currency = "CNY";

  const std::string_view nick = row.text(c.nick);
  const std::string_view mobile = row.text(c.mobile);
  if (nick.empty() && mobile.empty()) {
    row.error(c.nick.present() ? c.nick : c.mobile,
              "买家会员名 and 联系手机 are both empty: the buyer is unknown");
  }
  if (!nick.empty()) {
    o.customer.identities.push_back({domain::IdentityType::kTaobaoNick, std::string(nick)});
    parsed.identity_columns.push_back(c.nick.name);
  }
  if (!mobile.empty()) {
    o.customer.identities.push_back({domain::IdentityType::kPhone, std::string(mobile)});
    parsed.identity_columns.push_back(c.mobile.name);
  }
  o.receiver_phone = std::string(mobile.empty() ? row.text(c.landline) : mobile);
  o.receiver_name = row.string(c.receiver);
  o.receiver_address = row.string(c.address);
  if (!o.receiver_name.empty()) o.customer.name = o.receiver_name;
  if (!o.receiver_address.empty()) {
    Region region = split_china_address(o.receiver_address);
    if (!region.province.empty()) o.customer.province = std::move(region.province);
    if (!region.city.empty()) o.customer.city = std::move(region.city);
  }

  const auto goods = row.amount(c.goods, kYuanExponent);
  const auto shipping = row.amount(c.shipping, kYuanExponent);
  const auto total = row.amount(c.total, kYuanExponent);
  const auto paid = row.require(c.paid) ? row.amount(c.paid, kYuanExponent) : std::nullopt;
  const auto refunded = row.amount(c.refunded, kYuanExponent);
  o.goods_amount = goods.value_or(0);
  o.shipping_fee = shipping.value_or(0);
  o.refunded_amount = refunded.value_or(0);

  if (row.require(c.created_at)) o.created_at = row.local_time(c.created_at, zone_);
  o.paid_at = row.local_time(c.paid_at, zone_);
  o.shipped_at = row.local_time(c.shipped_at, zone_);
  o.completed_at = row.local_time(c.completed_at, zone_);

  const int64_t paid_amount = paid.value_or(0);
  const bool was_paid = o.paid_at.has_value() && paid_amount > 0;
  o.paid_amount = was_paid ? paid_amount : 0;
  if (was_paid && total && *total > paid_amount) o.discount_amount = *total - paid_amount;
  if (was_paid && o.refunded_amount > paid_amount) {
    row.error(c.refunded, c.refunded.name + " " + format_major_units(o.refunded_amount) +
                              " exceeds " + c.paid.name + " " + format_major_units(paid_amount));
  }
  if (row.require(c.status)) {
    const std::optional<TaobaoStatusRule> rule = status_rule(row.text(c.status));
    if (rule) {
      o.status = resolve_status(*rule, was_paid, o.paid_amount, o.refunded_amount);
      // A paid order closed without a refund amount was refunded in full.
      if (o.status == OrderStatus::kRefunded && o.refunded_amount == 0)
        o.refunded_amount = o.paid_amount;
    } else {
      row.error(c.status, "unknown order status '" + std::string(row.text(c.status)) + "'");
    }
  }

  domain::OrderItemInput item;
  item.product_name = row.string(c.title);
  item.sku = row.string(c.sku);
  const auto quantity = row.integer(c.quantity);
  item.quantity = quantity.value_or(1);
  if (quantity && *quantity <= 0) row.error(c.quantity, c.quantity.name + " must be positive");
  if (item.quantity > 0) item.unit_price = o.goods_amount / item.quantity;
  if (!item.product_name.empty() || !item.sku.empty()) o.items.push_back(std::move(item));

  o.coupon_code = row.string(c.coupon);
  o.refund_reason = row.string(c.refund_reason);

  if (row.rejected()) {
    ++out.rows_rejected;
    return;
  }
  out.items.push_back(std::move(parsed));
}

}  // namespace guanxi::importer
