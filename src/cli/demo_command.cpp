// guanxi demo: a realistic, deterministic demo shop.
#include <iostream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "demo/demo_shop.hpp"
#include "domain/shops.hpp"

namespace guanxi::cli {

namespace {

struct DemoArgs {
  GlobalOptions g;
  int64_t customers = 5000;
  int64_t orders = 20000;
  uint64_t seed = 42;
  std::string name = "关系示例店 Guanxi Demo";
  bool if_empty = false;
};

void run_demo(const DemoArgs& args, int& rc) {
  auto db = store::open_database(database_path(args.g));
  if (!db.ok()) {
    rc = report_error(db.status());
    return;
  }
  if (args.if_empty) {
    auto conn = (*db)->connect(true);
    if (!conn.ok()) {
      rc = report_error(conn.status());
      return;
    }
    auto shops = domain::list_shops(**conn);
    if (!shops.ok()) {
      rc = report_error(shops.status());
      return;
    }
    if (!shops->empty()) {
      std::cout << "Database " << database_path(args.g) << " already has " << shops->size()
                << " shop(s); no demo data added.\n";
      return;
    }
  }
  demo::DemoOptions options;
  options.customers = args.customers;
  options.orders = args.orders;
  options.seed = args.seed;
  options.shop_name = args.name;
  auto summary = demo::generate_demo_shop(**db, options);
  if (!summary.ok()) {
    rc = report_error(summary.status());
    return;
  }
  if (args.g.json) {
    print_json(summary->to_json());
  } else {
    std::cout << "Demo shop " << summary->shop_id << " created: " << summary->customers << " customers, "
              << summary->orders << " orders, " << summary->merges << " merges, " << summary->notes << " notes ("
              << summary->seconds << " s)\n";
  }
}

}  // namespace

void add_demo_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand("demo", "Create a demo shop with three years of realistic history");
  add_global_options(*cmd, args->g);
  cmd->add_option("--customers", args->customers, "Customers")->default_val(5000)->check(CLI::Range(1, 5000000));
  cmd->add_option("--orders", args->orders, "Orders")->default_val(20000)->check(CLI::Range(0, 50000000));
  cmd->add_option("--seed", args->seed, "Random seed (same seed, same shop)")->default_val(42);
  cmd->add_option("--name", args->name, "Shop name");
  cmd->add_flag("--if-empty", args->if_empty, "Do nothing when the database already has a shop");
  cmd->callback([args, &rc] { run_demo(*args, rc); });
}

}  // namespace guanxi::cli
