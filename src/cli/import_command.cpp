// guanxi import orders|customers FILE --format …
#include <cstdio>
#include <iostream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "importer/import_runner.hpp"

namespace guanxi::cli {

namespace {

struct ImportArgs {
  GlobalOptions g;
  std::string file;
  std::string format = "csv";
  std::string mapping;
  std::string errors;
  std::string encoding = "auto";
  size_t batch_size = 2000;
  bool no_progress = false;
};

// Draws a one-line progress bar on stderr (only when it is a terminal).
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() {
    if (drawn_) std::fputs("\n", stderr);
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(const importer::ImportProgress& p) {
    if (!enabled_ || p.bytes_total == 0) return;
    const double frac = static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total);
    constexpr int kWidth = 40;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r[%s] %3d%%  %lld rows", bar.c_str(), static_cast<int>(frac * 100),
                 static_cast<long long>(p.rows_read));
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

void print_summary(const importer::ImportSummary& s) {
  std::cout << "Imported " << s.file << " (" << s.format << ", " << s.encoding << ") in "
            << s.seconds << " s\n"
            << "  rows read        " << s.rows_read << "\n";
  if (s.kind == importer::ImportKind::kOrders) {
    std::cout << "  orders           " << s.orders_created << " new, " << s.orders_updated
              << " updated, " << s.orders_unchanged << " unchanged ("
              << static_cast<int64_t>(s.per_second()) << "/s)\n";
  } else {
    std::cout << "  customers        " << s.customers_updated << " updated, "
              << s.customers_unchanged << " unchanged\n";
  }
  std::cout << "  customers        " << s.customers_created << " new, " << s.customers_merged
            << " merged\n"
            << "  rows rejected    " << s.rows_rejected << "\n"
            << "  warnings         " << s.warnings << "\n";
  if (s.error_report) std::cout << "  error report     " << *s.error_report << "\n";
}

void run_import(const ImportArgs& args, importer::ImportKind kind, int& rc) {
  auto format = importer::parse_import_format(args.format);
  if (!format.ok()) {
    rc = report_error(format.status());
    return;
  }
  auto encoding = importer::parse_encoding(args.encoding);
  if (!encoding.ok()) {
    rc = report_error(encoding.status());
    return;
  }
  auto session = open_session(args.g);
  if (!session.ok()) {
    rc = report_error(session.status());
    return;
  }
  importer::ImportOptions options;
  options.path = args.file;
  options.format = *format;
  if (!args.mapping.empty()) options.mapping_path = args.mapping;
  if (!args.errors.empty()) options.errors_path = args.errors;
  options.encoding = *encoding;
  options.batch_size = args.batch_size;
  ProgressBar bar(!args.no_progress && stderr_is_tty());
  auto progress = [&bar](const importer::ImportProgress& p) { bar.update(p); };
  auto& s = **session;
  auto summary = kind == importer::ImportKind::kOrders
                     ? importer::run_order_import(*s.db, s.shop, options, progress)
                     : importer::run_customer_import(*s.db, s.shop, options, progress);
  if (!summary.ok()) {
    rc = report_error(summary.status());
    return;
  }
  if (args.g.json)
    print_json(summary->to_json());
  else
    print_summary(*summary);
}

void add_import_subcommand(CLI::App& parent, const std::string& name, const std::string& help,
                           importer::ImportKind kind, int& rc) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = parent.add_subcommand(name, help);
  add_global_options(*cmd, args->g);
  cmd->add_option("file", args->file, "The export file (CSV, UTF-8 or GBK/GB18030)")->required();
  cmd->add_option(
         "--format", args->format,
         kind == importer::ImportKind::kOrders ? "taobao | shopify | csv (with --mapping)" : "csv")
      ->default_val(kind == importer::ImportKind::kOrders ? "taobao" : "csv");
  cmd->add_option("--mapping", args->mapping,
                  "JSON mapping of the file's columns to Guanxi fields (csv format)");
  cmd->add_option("--errors", args->errors,
                  "Where to write rejected rows (default FILE.errors.csv)");
  cmd->add_option("--encoding", args->encoding, "auto | utf-8 | gb18030")->default_val("auto");
  cmd->add_option("--batch-size", args->batch_size, "Rows per transaction")
      ->default_val(2000)
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--no-progress", args->no_progress, "Do not draw a progress bar");
  cmd->callback([args, kind, &rc] { run_import(*args, kind, rc); });
}

}  // namespace

void add_import_command(CLI::App& app, int& rc) {
  auto* import = app.add_subcommand("import", "Import order or customer exports (idempotent)");
  import->require_subcommand(1);
  add_import_subcommand(*import, "orders",
                        "Import orders: Taobao/Tmall, Shopify or mapped CSV exports",
                        importer::ImportKind::kOrders, rc);
  add_import_subcommand(*import, "customers",
                        "Import customers from a CSV (with an optional mapping)",
                        importer::ImportKind::kCustomers, rc);
}

}  // namespace guanxi::cli
