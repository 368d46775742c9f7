// Measures imports on a generated Taobao export:
//   importer_bench [FILE [ROWS]]            parsing only
//   importer_bench --import DB [FILE [ROWS]]  the whole import into a new SQLite DB
// writes FILE (default /tmp/guanxi_taobao_bench.csv, 1,000,000 rows) when it
// does not exist. Parsing times (1) the CSV reader alone, (2) reader + Taobao
// adapter (what the import's parsing thread does), (3) the same over GB18030.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "domain/shops.hpp"
#include "importer/csv_reader.hpp"
#include "importer/import_parser.hpp"
#include "importer/import_runner.hpp"
#include "importer/taobao_adapter.hpp"
#include "store/database.hpp"

namespace gx = guanxi::importer;

namespace {

void generate(const std::string& path, int64_t rows) {
  std::ofstream out(path, std::ios::binary);
  out << "\xEF\xBB\xBF订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,"
         "买家实际支付金额,订单状态,"
         "买家留言,收货人姓名,收货地址,运送方式,联系电话,联系手机,订单创建时间,订单付款时间,"
         "宝贝标题,宝贝种类,"
         "物流单号,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,退款金额,确认收货时间,发货时间,"
         "商家编码\r\n";
  const char* statuses[] = {"交易成功", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认",
                            "交易关闭", "等待买家付款"};
  const char* cities[] = {"浙江省 杭州市 西湖区 文三路 478 号", "北京 北京市 朝阳区 建国路 88 号",
                          "广东省 深圳市 南山区 科技园南区 8 栋",
                          "四川省 成都市 武侯区 天府大道北段 1700 号"};
  char buf[1024];
  for (int64_t i = 0; i < rows; ++i) {
    const int day = static_cast<int>(i % 28) + 1;
    const int64_t cents = 1000 + (i * 7919) % 50000;
    const int st = static_cast<int>(i % 5);
    const bool paid = st != 4 && !(st == 3 && i % 2 == 0);
    char paid_time[32];
    std::snprintf(paid_time, sizeof paid_time, "2024-01-%02d 10:16:02", day);
    std::snprintf(
        buf, sizeof buf,
        "=\"%019lld\",买家%lld,buyer%lld@example.com,%lld.%02lld,0.00,%lld.%02lld,%lld.%02lld,%s,"
        "\"%s\",收货人%lld,%s,快递,,1%010lld,2024-01-%02d 10:15:30,%s,"
        "\"纯棉T恤, 男款 白色 "
        "XL\",1,=\"SF%012lld\",顺丰速运,,%lld,=\"106712345\",关系小店,0.00,,,TS-%05lld\r\n",
        static_cast<long long>(1860000000000000000LL + i), static_cast<long long>(i % 700000),
        static_cast<long long>(i % 700000), static_cast<long long>(cents / 100),
        static_cast<long long>(cents % 100), static_cast<long long>(cents / 100),
        static_cast<long long>(cents % 100), static_cast<long long>(paid ? cents / 100 : 0),
        static_cast<long long>(paid ? cents % 100 : 0), statuses[st],
        i % 10 == 0 ? "请尽快发货，谢谢" : "", static_cast<long long>(i % 1000), cities[i % 4],
        static_cast<long long>(3800000000LL + i % 700000), day, paid ? paid_time : "",
        static_cast<long long>(i), static_cast<long long>(1 + i % 3),
        static_cast<long long>(i % 5000));
    out << buf;
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void report(const char* what, double secs, uint64_t bytes, int64_t rows) {
  std::printf("%-34s %7.3f s  %8.1f MB/s  %10.0f rows/s\n", what, secs,
              static_cast<double>(bytes) / 1e6 / secs, static_cast<double>(rows) / secs);
}

int bench_reader(const std::string& path) {
  auto file = gx::FileSource::open(path);
  if (!file.ok()) return 1;
  const auto start = std::chrono::steady_clock::now();
  gx::Utf8Sanitizer text(*file);
  gx::CsvReader reader(text);
  int64_t rows = 0;
  size_t fields = 0;
  for (;;) {
    auto step = reader.next();
    if (!step.ok() || *step == gx::CsvReader::Step::kEnd) break;
    fields += reader.record().size();
    ++rows;
  }
  report("csv reader (utf-8 checked)", seconds_since(start), file->size(), rows);
  return fields > 0 ? 0 : 1;
}

int bench_adapter(const std::string& path, gx::Encoding encoding, const char* label) {
  const auto start = std::chrono::steady_clock::now();
  auto parser = gx::ImportParser<gx::ParsedOrder>::open(
      path, encoding, std::make_unique<gx::TaobaoAdapter>(guanxi::ShopZone::shanghai()));
  if (!parser.ok()) {
    std::fprintf(stderr, "%s\n", parser.status().to_string().c_str());
    return 1;
  }
  gx::ParseBatch<gx::ParsedOrder> batch;
  int64_t rows = 0;
  int64_t orders = 0;
  for (;;) {
    batch.clear();
    auto more = (*parser)->next_batch(batch, 4096, 16384);
    if (!more.ok()) return 1;
    rows += batch.rows_read;
    orders += static_cast<int64_t>(batch.items.size());
    if (!*more) break;
  }
  report(label, seconds_since(start), (*parser)->bytes_total(), rows);
  return orders > 0 ? 0 : 1;
}

int bench_import(const std::string& db_path, const std::string& path) {
  std::filesystem::remove(db_path);
  std::filesystem::remove(db_path + "-wal");
  std::filesystem::remove(db_path + "-shm");
  auto db = guanxi::store::open_database(db_path);
  if (!db.ok()) return 1;
  guanxi::SystemClock clock;
  auto conn = (*db)->connect();
  if (!conn.ok()) return 1;
  auto shop = guanxi::domain::create_shop(**conn, clock,
                                          guanxi::domain::Shop{0, "bench", "Asia/Shanghai", "CNY"});
  if (!shop.ok()) return 1;
  conn->reset();
  gx::ImportOptions options;
  options.path = path;
  options.format = gx::ImportFormat::kTaobao;
  options.errors_path = db_path + ".errors.csv";
  if (const char* batch = std::getenv("GUANXI_BENCH_BATCH")) options.batch_size = std::stoul(batch);
  auto summary = gx::run_order_import(**db, *shop, options);
  if (!summary.ok()) {
    std::fprintf(stderr, "%s\n", summary.status().to_string().c_str());
    return 1;
  }
  std::printf("%s\n", summary->to_json().dump(2).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string import_db;
  int arg = 1;
  if (argc > 2 && std::string(argv[1]) == "--import") {
    import_db = argv[2];
    arg = 3;
  }
  const std::string path = argc > arg ? argv[arg] : "/tmp/guanxi_taobao_bench.csv";
  const int64_t rows = argc > arg + 1 ? std::stoll(argv[arg + 1]) : 1000000;
  if (!std::filesystem::exists(path)) {
    std::printf("generating %lld rows into %s\n", static_cast<long long>(rows), path.c_str());
    generate(path, rows);
  }
  const std::string gbk = path + ".gb18030";
  if (!std::filesystem::exists(gbk)) {
    const std::string cmd = "tail -c +4 '" + path + "' | iconv -f UTF-8 -t GB18030 > '" + gbk + "'";
    if (std::system(cmd.c_str()) != 0) return 1;
  }
  if (!import_db.empty()) return bench_import(import_db, path);
  std::printf("file: %s (%.1f MB)\n", path.c_str(),
              static_cast<double>(std::filesystem::file_size(path)) / 1e6);
  int rc = bench_reader(path);
  rc |= bench_adapter(path, gx::Encoding::kAuto, "reader + taobao adapter (utf-8)");
  rc |= bench_adapter(gbk, gx::Encoding::kAuto, "reader + taobao adapter (gb18030)");
  return rc;
}
