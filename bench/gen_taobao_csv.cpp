// gen_taobao_csv: writes a realistic Taobao/Tmall seller order report
// (订单报表) for import benchmarks and manual testing.
//
//   gen_taobao_csv --orders 1000000 --seed 42 --out bench/out/taobao_1m.csv
//
// The orders are the demo shop's purchase history (src/demo): the same people,
// repeat purchasing, refunds and statuses, all sold on Taobao. So repeat buyers
// share 买家会员名 and 联系手机 across rows, amounts add up (总金额 = 货款 + 邮费,
// 实际支付 = 总金额 - 优惠), and the file is identical for a seed.
//
// Format: UTF-8 with a BOM, CRLF line ends, one row per order, Chinese headers:
//   订单编号,买家会员名,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,
//   收货人姓名,收货地址,联系手机,订单创建时间,订单付款时间,宝贝标题,宝贝种类,
//   宝贝总数量,商家编码,退款金额
// Amounts in yuan with two decimals ("128.00"); times shop-local
// ("2024-05-01 10:00:00", Asia/Shanghai); 订单编号 written ="…" as Taobao does to
// keep spreadsheets from mangling it; a share of 联系手机 masked (138****5678) as
// recent exports do; multi-item orders list their titles in 宝贝标题 joined by
// "，" and leave 商家编码 empty; titles with commas or quotes are quoted.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "core/money.hpp"
#include "core/time.hpp"
#include "demo/catalog.hpp"
#include "demo/people.hpp"
#include "demo/purchases.hpp"
#include "demo/random.hpp"

namespace {

using guanxi::ShopZone;
using guanxi::Timestamp;
using guanxi::demo::Channel;
using guanxi::demo::PlannedOrder;
using guanxi::demo::Population;
using guanxi::domain::OrderStatus;

constexpr std::string_view kHeader =
    "订单编号,买家会员名,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,收货人姓名,"
    "收货地址,"
    "联系手机,订单创建时间,订单付款时间,宝贝标题,宝贝种类,宝贝总数量,商家编码,退款金额";

struct Args {
  int64_t orders = 1'000'000;
  int64_t customers = 0;  // default: orders / 5
  uint64_t seed = 42;
  std::string out;
  std::string as_of = "2024-06-01 10:00:00";
  int masked_per_mille = 50;
};

// Appends a CSV field, quoted when it holds a comma, quote or line break.
void append_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_yuan(std::string& out, int64_t fen) {
  out += guanxi::format_major_units(fen, 2);
}

// How the report words a status; a partial refund keeps the shipping state.
std::string_view status_text(const PlannedOrder& o) {
  switch (o.status) {
    case OrderStatus::kCreated:
      return "等待买家付款";
    case OrderStatus::kPaid:
      return "买家已付款，等待卖家发货";
    case OrderStatus::kShipped:
      return "卖家已发货，等待买家确认";
    case OrderStatus::kCompleted:
      return "交易成功";
    case OrderStatus::kCancelled:
    case OrderStatus::kRefunded:
      return "交易关闭";
    case OrderStatus::kPartiallyRefunded:
      if (o.completed_at) return "交易成功";
      if (o.shipped_at) return "卖家已发货，等待买家确认";
      return "买家已付款，等待卖家发货";
  }
  return "交易成功";
}

std::string masked(const std::string& phone) {
  if (phone.size() != 11) return phone;
  return phone.substr(0, 3) + "****" + phone.substr(7);
}

// Shop-local "YYYY-MM-DD HH:MM:SS" for ascending timestamps, without a time
// zone lookup per call: the current local day's bounds are cached, and a day
// that is not 24 hours long (a DST change) is left to the zone.
class LocalTimeFormatter {
 public:
  explicit LocalTimeFormatter(const ShopZone& zone) : zone_(zone) {}

  void append(std::string& out, Timestamp t) {
    if (t < day_start_ || t >= day_end_) load_day(t);
    if (!regular_day_) {
      out += zone_.format_local(t);
      return;
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(t - day_start_).count();
    fmt::format_to(std::back_inserter(out), "{} {:02}:{:02}:{:02}", date_, seconds / 3600,
                   seconds / 60 % 60, seconds % 60);
  }

 private:
  void load_day(Timestamp t) {
    const guanxi::LocalDays day = zone_.local_day(t);
    day_start_ = zone_.at_local(day, std::chrono::minutes(0));
    day_end_ = zone_.at_local(day + std::chrono::days(1), std::chrono::minutes(0));
    regular_day_ = day_end_ - day_start_ == std::chrono::hours(24);
    date_ = zone_.local_date(t).to_string();
  }

  const ShopZone& zone_;
  Timestamp day_start_{};
  Timestamp day_end_{};
  bool regular_day_ = false;
  std::string date_;
};

class ReportWriter {
 public:
  ReportWriter(const Population& people, const guanxi::demo::PurchasePlan& plan,
               const guanxi::demo::HistoryWindow& window, int masked_per_mille)
      : people_(people),
        plan_(plan),
        window_(window),
        masked_per_mille_(masked_per_mille),
        created_(window.zone()),
        paid_(window.zone()) {}

  void append_row(const PlannedOrder& planned, std::string& out) {
    PlannedOrder o = planned;
    o.platform = Channel::kTaobao;  // everything was sold in the Taobao store
    const auto& p = people_[o.person];
    const auto& products = guanxi::demo::demo_products();

    out += "=\"";
    out += guanxi::demo::external_order_id(plan_, o, window_);
    out += "\",";
    append_field(out, people_.taobao_nick(p));
    out += ',';
    append_yuan(out, o.goods_amount);
    out += ',';
    append_yuan(out, o.shipping_fee);
    out += ',';
    append_yuan(out, o.goods_amount + o.shipping_fee);
    out += ',';
    append_yuan(out, o.paid_amount);
    out += ',';
    out += status_text(o);
    out += ',';
    append_field(out, o.relative_receives ? people_.relative_name(p) : p.name);
    out += ',';
    append_field(out, people_.address(p));
    out += ',';
    const std::string phone = o.household_phone_of
                                  ? people_.mobile_number(people_[*o.household_phone_of])
                                  : people_.mobile_number(p);
    // Masking is decided per order number, so a buyer's phone is masked in some rows only.
    out +=
        guanxi::demo::mix64(o.number ^ plan_.salt) % 1000 < static_cast<uint64_t>(masked_per_mille_)
            ? masked(phone)
            : phone;
    out += ',';
    created_.append(out, o.created_at);
    out += ',';
    if (o.paid_at) paid_.append(out, *o.paid_at);
    out += ',';
    std::string title;
    int64_t quantity = 0;
    for (const auto& it : o.lines()) {
      if (!title.empty()) title += "，";
      title += products[it.product].name;
      quantity += it.quantity;
    }
    append_field(out, title);
    out += ',';
    out += std::to_string(o.item_count);
    out += ',';
    out += std::to_string(quantity);
    out += ',';
    if (o.item_count == 1) append_field(out, products[o.items[0].product].sku);
    out += ',';
    append_yuan(out, o.refunded_amount);
    out += "\r\n";
  }

 private:
  const Population& people_;
  const guanxi::demo::PurchasePlan& plan_;
  const guanxi::demo::HistoryWindow& window_;
  int masked_per_mille_;
  LocalTimeFormatter created_;  // two, as payment times trail creation times
  LocalTimeFormatter paid_;
};

int run(const Args& args) {
  const auto started = std::chrono::steady_clock::now();
  const ShopZone& zone = ShopZone::shanghai();
  auto end = zone.parse_local(args.as_of);
  if (!end.ok()) {
    std::fprintf(stderr, "gen_taobao_csv: --as-of: %s\n", end.status().to_string().c_str());
    return 2;
  }
  const int64_t customers =
      args.customers > 0 ? args.customers : std::max<int64_t>(1, args.orders / 5);
  const guanxi::demo::HistoryWindow window(zone, *end, 1'096);
  const Population people = Population::draw(args.seed, customers, window);
  const auto plan = guanxi::demo::plan_purchases(people, args.orders, args.seed, window);
  const auto planned = std::chrono::steady_clock::now();

  std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
  if (!file) {
    std::fprintf(stderr, "gen_taobao_csv: cannot open %s for writing\n", args.out.c_str());
    return 1;
  }
  ReportWriter writer(people, plan, window, args.masked_per_mille);
  std::string buffer = "\xEF\xBB\xBF";  // BOM, as Taobao's UTF-8 exports have
  buffer += kHeader;
  buffer += "\r\n";
  uint64_t bytes = 0;
  for (const PlannedOrder& o : plan.orders) {
    writer.append_row(o, buffer);
    if (buffer.size() >= (1u << 20)) {
      file.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      bytes += buffer.size();
      buffer.clear();
    }
  }
  file.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  bytes += buffer.size();
  file.close();
  if (!file) {
    std::fprintf(stderr, "gen_taobao_csv: write to %s failed\n", args.out.c_str());
    return 1;
  }
  const auto finished = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(finished - started).count();
  std::fprintf(stderr,
               "gen_taobao_csv: %zu orders of %lld buyers -> %s (%.1f MB) in %.2f s (plan %.2f s, "
               "%.0f orders/s)\n",
               plan.orders.size(), static_cast<long long>(customers), args.out.c_str(),
               static_cast<double>(bytes) / 1e6, seconds,
               std::chrono::duration<double>(planned - started).count(),
               static_cast<double>(plan.orders.size()) / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a realistic Taobao/Tmall order report (订单报表) CSV"};
  Args args;
  app.add_option("--orders", args.orders, "Orders (rows)")
      ->default_val(1'000'000)
      ->check(CLI::Range(0, 50'000'000));
  app.add_option("--customers", args.customers, "Buyers (default: orders / 5)")
      ->check(CLI::Range(0, 5'000'000));
  app.add_option("--seed", args.seed, "Random seed (same seed, same file)")->default_val(42);
  app.add_option("--out", args.out, "Output file")->required();
  app.add_option("--as-of", args.as_of, "End of the history, shop-local time")
      ->default_val("2024-06-01 10:00:00");
  app.add_option("--masked-per-mille", args.masked_per_mille,
                 "Rows with a masked 联系手机, per mille")
      ->default_val(50)
      ->check(CLI::Range(0, 1000));
  CLI11_PARSE(app, argc, argv);
  return run(args);
}
