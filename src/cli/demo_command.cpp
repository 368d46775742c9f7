// guanxi demo: a realistic, deterministic demo shop.
#include <iostream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "core/time.hpp"
#include "demo/demo_shop.hpp"
#include "demo/sales_demo.hpp"
#include "demo/service_demo.hpp"
#include "demo/users_demo.hpp"
#include "domain/shops.hpp"
#include "journey/journeys.hpp"
#include "segment/engine.hpp"
#include "segment/rule/parser.hpp"
#include "store/writer.hpp"

namespace guanxi::cli {

namespace {

struct DemoArgs {
  GlobalOptions g;
  int64_t customers = 5000;
  int64_t orders = 20000;
  uint64_t seed = 42;
  std::string name = "关系示例店 Guanxi Demo";
  bool if_empty = false;
  bool customers_only = false;
};

// Segments a new user finds ready in the demo shop: one per model and one auto-tag rule.
Status create_demo_segments(store::Database& db, int64_t shop) {
  struct Demo {
    const char* name;
    const char* rule;
    const char* tag;
    const char* description;
  };
  static constexpr Demo kSegments[] = {
      {"高价值客户", "revenue >= 2000 and orders >= 3", "", "复购且消费满 ¥2000"},
      {"沉睡客户", "orders >= 1 and last_order_days > 180", "沉睡", "半年未购：唤醒关怀"},
      {"面膜回购提醒",
       "bought(category = \"面膜\", within = 45d) and not bought(category = \"面膜\", within = "
       "25d)",
       "", "面膜消耗周期将到"},
      {"VIP会员", "tier in (\"VIP会员\", \"至尊VIP会员\")", "", ""},
      {"重要挽留客户", "rfm_group = \"重要挽留客户\"", "", "RFM: 消费高、近期未购、频次低"},
      {"新客", "lifecycle = \"new\"", "", "30 天内首购"},
      // The segments the built-in win-back journeys start from.
      {"高价值流失客户", "lifecycle = \"high_value_churned\"", "", "高价值客户流失：专人挽回"},
      {"低价值流失客户", "lifecycle = \"low_value_churned\"", "", "低价值客户流失：唤醒"},
      {"流失预警客户", "lifecycle = \"at_risk\"", "", "购买间隔已超过常态：预警关怀"},
  };
  GX_ASSIGN_OR_RETURN(auto writer, store::Writer::start(db));
  SystemClock clock;
  GX_ASSIGN_OR_RETURN(
      auto engine, segment::SegmentEngine::start(
                       db, *writer, clock, segment::SegmentEngine::Options{.background = false}));
  for (const auto& d : kSegments) {
    segment::SegmentInput in;
    in.name = d.name;
    GX_ASSIGN_OR_RETURN(in.rule, segment::parse_rule(d.rule));
    in.tag = d.tag;
    in.description = d.description;
    GX_RETURN_IF_ERROR(engine->create_segment(shop, in, "demo").status());
  }
  return Status::ok();
}

// A few built-in care journeys switched on, so that the demo shows care at
// work (messages go to the log provider until real providers are set).
Status enable_demo_care(store::Database& db, int64_t shop_id) {
  static constexpr const char* kKeys[] = {"birthday", "new_customer", "post_return"};
  GX_ASSIGN_OR_RETURN(auto conn, db.connect());
  GX_ASSIGN_OR_RETURN(auto shop, domain::find_shop(*conn, shop_id));
  if (!shop) return Status::not_found("demo shop missing");
  GX_ASSIGN_OR_RETURN(auto zone, ShopZone::load(shop->time_zone));
  SystemClock clock;
  GX_RETURN_IF_ERROR(conn->begin_write());
  domain::WriteContext w{*conn, clock, *shop, zone, "demo"};
  for (const char* key : kKeys) {
    if (auto j = journey::enable_care_template(w, key); !j.ok()) {
      (void)conn->rollback();
      return j.status();
    }
  }
  return conn->commit();
}

// The people of the demo shop and their desks: the service desk and call
// center first (it creates the agents), then the users (csr1/csr2 are linked to
// agents), then the B2B sales records owned by the sales users.
struct DemoPeople {
  demo::ServiceDemoSummary service;
  std::vector<demo::DemoUser> users;
  demo::SalesDemoSummary sales;
};

Result<DemoPeople> add_demo_people(store::Database& db, int64_t shop_id, uint64_t seed) {
  DemoPeople out;
  SystemClock clock;
  demo::ServiceDemoOptions service;
  service.shop_id = shop_id;
  service.seed = seed;
  GX_ASSIGN_OR_RETURN(out.service, demo::generate_service_demo(db, service, clock));
  GX_ASSIGN_OR_RETURN(auto conn, db.connect());
  GX_ASSIGN_OR_RETURN(auto shop, domain::find_shop(*conn, shop_id));
  if (!shop) return Status::not_found("demo shop missing");
  GX_ASSIGN_OR_RETURN(auto zone, ShopZone::load(shop->time_zone));
  GX_RETURN_IF_ERROR(conn->begin_write());
  domain::WriteContext w{*conn, clock, *shop, zone, "demo"};
  auto users = demo::create_demo_users(w);
  if (!users.ok()) {
    (void)conn->rollback();
    return users.status();
  }
  out.users = std::move(*users);
  demo::SalesDemoOptions sales;
  sales.seed = seed;
  auto sold = demo::build_sales_demo(w, sales);
  if (!sold.ok()) {
    (void)conn->rollback();
    return sold.status();
  }
  out.sales = *sold;
  GX_RETURN_IF_ERROR(conn->commit());
  return out;
}

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
  if (Status s = create_demo_segments(**db, summary->shop_id); !s.is_ok()) {
    rc = report_error(s);
    return;
  }
  if (Status s = enable_demo_care(**db, summary->shop_id); !s.is_ok()) {
    rc = report_error(s);
    return;
  }
  DemoPeople none;
  auto people = args.customers_only ? Result<DemoPeople>(std::move(none))
                                    : add_demo_people(**db, summary->shop_id, args.seed);
  if (!people.ok()) {
    rc = report_error(people.status());
    return;
  }
  if (args.g.json) {
    Json out = summary->to_json();
    if (args.customers_only) {
      print_json(out);
      return;
    }
    out["service"] = people->service.to_json();
    Json users = Json::array();
    for (const auto& u : people->users) {
      users.push_back({{"username", u.username}, {"role", u.role}, {"team", u.team}});
    }
    out["users"] = users;
    out["users_password"] = demo::kDemoPassword;
    out["sales"] = {{"accounts", people->sales.accounts},
                    {"contacts", people->sales.contacts},
                    {"leads", people->sales.leads},
                    {"opportunities", people->sales.opportunities},
                    {"activities", people->sales.activities}};
    print_json(out);
  } else {
    std::cout << "Demo shop " << summary->shop_id << " created: " << summary->customers
              << " customers, " << summary->orders << " orders, " << summary->merges << " merges, "
              << summary->notes << " notes (" << summary->seconds << " s)\n";
    if (args.customers_only) return;
    std::cout << "Service desk: " << people->service.agents << " agents, "
              << people->service.tickets << " tickets, " << people->service.calls << " calls\n"
              << "Sales: " << people->sales.accounts << " accounts, " << people->sales.contacts
              << " contacts, " << people->sales.leads << " leads, " << people->sales.opportunities
              << " opportunities\n"
              << "Demo users (password " << demo::kDemoPassword << "):";
    for (const auto& u : people->users) std::cout << ' ' << u.username << " (" << u.role << ')';
    std::cout << '\n';
  }
}

}  // namespace

void add_demo_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd =
      app.add_subcommand("demo", "Create a demo shop with three years of realistic history");
  add_global_options(*cmd, args->g);
  cmd->add_option("--customers", args->customers, "Customers")
      ->default_val(5000)
      ->check(CLI::Range(1, 5000000));
  cmd->add_option("--orders", args->orders, "Orders")
      ->default_val(20000)
      ->check(CLI::Range(0, 50000000));
  cmd->add_option("--seed", args->seed, "Random seed (same seed, same shop)")->default_val(42);
  cmd->add_option("--name", args->name, "Shop name");
  cmd->add_flag("--if-empty", args->if_empty, "Do nothing when the database already has a shop");
  cmd->add_flag("--customers-only", args->customers_only,
                "Only customers, orders, segments and care journeys: no users, service desk, call "
                "log or sales records");
  cmd->callback([args, &rc] { run_demo(*args, rc); });
}

}  // namespace guanxi::cli
