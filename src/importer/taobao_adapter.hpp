// The Taobao / Tmall seller order report (订单报表): one row per order.
//
// Columns read (matched after trimming and full-width folding; unknown columns
// are ignored). Required: 订单编号, 订单状态, 买家实际支付金额, 订单创建时间, and
// 买家会员名 or 联系手机 (at least one).
//   订单编号            external_id; platform "taobao", or "tmall" when a
//                       店铺类型/订单来源 column says 天猫
//   买家会员名          identity taobao_nick
//   联系手机            identity phone (a masked 138****1234 stays as
//                       receiver_phone; the identity is dropped with a warning
//                       by the runner); also receiver_phone
//   联系电话            receiver_phone when 联系手机 is empty
//   收货人姓名          receiver_name, and the customer's name
//   收货地址            receiver_address; province and city on the profile
//   买家应付货款 / 买家应付邮费 / 买家实际支付金额 / 退款金额   goods, shipping,
//                       paid, refunded amounts (yuan -> fen)
//   总金额              discount = 总金额 - 买家实际支付金额 when paid and positive
//   订单创建时间 / 订单付款时间 / 发货时间 / 确认收货时间   created, paid,
//                       shipped, completed (shop-local wall times)
//   宝贝标题 / 商家编码 / 宝贝总数量   one item; unit price = goods amount /
//                       quantity, rounded down (exports give no per-item price)
//   优惠券 / 店铺优惠 / 店铺优惠信息   coupon_code;  退款原因  refund_reason
// 宝贝种类 (a count of distinct items), 订单备注 and 买家留言 have no field in
// OrderInput and are not imported.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "importer/adapter.hpp"
#include "importer/header.hpp"

namespace guanxi::importer {

// Maps a Taobao status text (full-width or ASCII comma, spaces ignored) and the
// order's money to our status:
//   等待买家付款 -> created; 买家已付款，等待卖家发货 / 等待卖家发货 -> paid;
//   卖家已发货，等待买家确认 / 卖家部分发货 -> shipped; 交易成功 -> completed;
//   交易关闭 -> cancelled when never paid, else refunded;
//   付款以后用户退款成功，交易自动关闭 -> refunded;
// then, for any status of a paid order: 0 < refunded < paid -> partially_refunded,
// refunded == paid > 0 -> refunded. An unknown text is invalid_argument.
Result<domain::OrderStatus> taobao_order_status(std::string_view status_text, bool paid,
                                                int64_t paid_amount, int64_t refunded_amount);

// A row of the status table: the status a text maps to; `closed` (交易关闭)
// depends on whether the order was paid.
struct TaobaoStatusRule {
  bool closed = false;
  domain::OrderStatus status = domain::OrderStatus::kCreated;
};

class TaobaoAdapter final : public OrderAdapter {
 public:
  explicit TaobaoAdapter(const ShopZone& zone) : zone_(zone) {}

  Status bind_header(const CsvRecord& header) override;
  void add_record(const CsvRecord& record, ParseBatch<ParsedOrder>& out) override;
  void finish(ParseBatch<ParsedOrder>& /*out*/) override {}

 private:
  struct Columns {
    Column external_id, nick, mobile, landline, status, goods, shipping, total, paid, refunded;
    Column created_at, paid_at, shipped_at, completed_at;
    Column receiver, address, title, sku, quantity, coupon, refund_reason, shop_type;
  };

  // The status table row for a raw 订单状态 text (nullopt: unknown), memoized.
  std::optional<TaobaoStatusRule> status_rule(std::string_view text);

  ShopZone zone_;
  Header header_;
  Columns cols_;
  std::vector<std::pair<std::string, std::optional<TaobaoStatusRule>>> status_cache_;
};

}  // namespace guanxi::importer
