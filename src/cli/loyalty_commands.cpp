// guanxi coupons create|issue|list|report, guanxi points show|adjust|expire|settings,
// guanxi referrals add|list|report: thin shells over the loyalty functions the
// HTTP API calls. Writes run in one transaction on the command's connection,
// attributed to "cli". Amounts on the command line are in major units (yuan).
#include <fmt/format.h>

#include <iostream>

#include "api/inputs.hpp"
#include "api/render_loyalty.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "core/money.hpp"
#include "domain/coupons.hpp"
#include "domain/points.hpp"
#include "domain/points_settings.hpp"
#include "domain/referrals.hpp"

namespace guanxi::cli {

namespace {

int exponent_of(const domain::Shop& shop) {
  return Currency::parse(shop.currency).value_or(Currency()).exponent();
}

std::string money(int64_t minor, const domain::Shop& shop) {
  return format_major_units(minor, exponent_of(shop)) + " " + shop.currency;
}

// "YYYY-MM-DD" (shop-local) or an ISO 8601 instant -> an instant; a bare
// date is the start of that shop-local day.
Result<Timestamp> instant_arg(const std::string& text, const ShopZone& zone,
                              std::string_view flag) {
  auto t = zone.parse_local(text);
  if (!t.ok()) return Status::invalid(std::string(flag) + ": " + t.status().message());
  return *t;
}

std::string local_or_dash(const std::optional<Timestamp>& t, const ShopZone& zone) {
  return t ? zone.format_local(*t) : "-";
}

// ---- coupons --------------------------------------------------------------------

struct CouponCreateArgs {
  GlobalOptions g;
  std::string name;
  std::string amount_off;
  int32_t percent_off = 0;
  std::string threshold = "0";
  std::string currency;
  std::string valid_from;
  std::string valid_until;
  int32_t valid_days = 0;
  int32_t per_customer = 1;
  int64_t total = 0;
  std::string prefix;
};

std::string describe_offer(const domain::CouponBatch& b, const domain::Shop& shop) {
  std::string offer = b.kind == domain::CouponKind::kPercentOff
                          ? fmt::format("{}% off", b.percent_off)
                          : money(b.amount_off, shop) + " off";
  if (b.threshold > 0) offer += " orders from " + money(b.threshold, shop);
  return offer;
}

void print_batch(const domain::CouponBatch& b, const Session& s) {
  std::cout << "Coupon batch " << b.id << ": " << b.name << " ("
            << domain::coupon_batch_status_name(b.status) << ")\n  offer    "
            << describe_offer(b, s.shop) << "\n  valid    ";
  if (b.valid_days) {
    std::cout << *b.valid_days << " days from issue";
  } else {
    std::cout << local_or_dash(b.valid_from, s.zone) << " .. "
              << local_or_dash(b.valid_until, s.zone);
  }
  std::cout << "\n  limits   " << b.per_customer_limit << " per customer, "
            << (b.total_limit ? std::to_string(*b.total_limit) : "no") << " in total\n  issued   "
            << b.issued << "\n  codes    " << (b.code_prefix.empty() ? "" : b.code_prefix + "-")
            << "XXXXXXXXXX\n";
}

Status coupons_create(const CouponCreateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  domain::CouponBatchInput in;
  in.name = a.name;
  if (a.percent_off > 0) {
    if (!a.amount_off.empty())
      return Status::invalid("give --amount-off or --percent-off, not both");
    in.kind = domain::CouponKind::kPercentOff;
    in.percent_off = a.percent_off;
  } else {
    if (a.amount_off.empty()) return Status::invalid("give --amount-off YUAN or --percent-off N");
    auto amount = parse_minor_units(a.amount_off, exponent_of(s->shop));
    if (!amount.ok()) return Status::invalid("--amount-off: " + amount.status().message());
    in.amount_off = *amount;
  }
  auto threshold = parse_minor_units(a.threshold, exponent_of(s->shop));
  if (!threshold.ok()) return Status::invalid("--threshold: " + threshold.status().message());
  in.threshold = *threshold;
  in.currency = a.currency;
  if (!a.valid_from.empty()) {
    GX_ASSIGN_OR_RETURN(in.valid_from, instant_arg(a.valid_from, s->zone, "--valid-from"));
  }
  if (!a.valid_until.empty()) {
    GX_ASSIGN_OR_RETURN(in.valid_until, instant_arg(a.valid_until, s->zone, "--valid-until"));
  }
  if (a.valid_days > 0) in.valid_days = a.valid_days;
  in.per_customer_limit = a.per_customer;
  if (a.total > 0) in.total_limit = a.total;
  in.code_prefix = a.prefix;
  GX_ASSIGN_OR_RETURN(
      auto batch, write(*s, [&](domain::WriteContext& w) { return create_coupon_batch(w, in); }));
  if (a.g.json) {
    print_json(api::render_coupon_batch(batch, s->zone));
  } else {
    std::cout << "Created ";
    print_batch(batch, *s);
  }
  return Status::ok();
}

struct IssueArgs {
  GlobalOptions g;
  int64_t batch = 0;
  int64_t customer = 0;
  std::string source = "cli";
};

Status coupons_issue(const IssueArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto coupon, write(*s, [&](domain::WriteContext& w) {
                        return domain::issue_coupon(w, a.batch, a.customer, a.source);
                      }));
  if (a.g.json) {
    print_json(api::render_coupon(coupon, s->zone));
  } else {
    std::cout << coupon.code << "\tcustomer " << coupon.customer_id << "\tvalid until "
              << s->zone.format_local(coupon.valid_until) << "\n";
  }
  return Status::ok();
}

struct CouponListArgs {
  GlobalOptions g;
  int64_t batch = 0;
  std::string status;
  int limit = 1000;
};

Status coupons_list(const CouponListArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto read = s->read();
  if (a.batch == 0) {
    GX_ASSIGN_OR_RETURN(auto batches, domain::list_coupon_batches(read));
    if (a.g.json) {
      Json items = Json::array();
      for (const auto& b : batches) items.push_back(api::render_coupon_batch(b, s->zone));
      print_json(items);
      return Status::ok();
    }
    if (batches.empty()) std::cout << "No coupon batches yet: `guanxi coupons create NAME ...`\n";
    for (const auto& b : batches) {
      std::cout << b.id << "\t" << domain::coupon_batch_status_name(b.status) << "\t" << b.issued
                << " issued\t" << b.name << "\t" << describe_offer(b, s->shop) << "\n";
    }
    return Status::ok();
  }
  std::optional<domain::CouponStatus> status;
  if (!a.status.empty()) {
    GX_ASSIGN_OR_RETURN(status, domain::parse_coupon_status(a.status));
  }
  GX_ASSIGN_OR_RETURN(auto page,
                      domain::list_batch_coupons(read, a.batch, a.limit, std::nullopt, status));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& c : page.coupons) items.push_back(api::render_coupon(c, s->zone));
    print_json(items);
    return Status::ok();
  }
  for (const auto& c : page.coupons) {
    std::cout << c.code << "\t" << c.customer_id << "\t" << domain::coupon_status_name(c.status)
              << "\t" << c.source << "\t" << s->zone.format_local(c.issued_at);
    if (c.order_id) std::cout << "\torder " << *c.order_id;
    std::cout << "\n";
  }
  if (page.next_after) std::cerr << "(first " << a.limit << " codes; --limit for more)\n";
  return Status::ok();
}

struct BatchArgs {
  GlobalOptions g;
  int64_t batch = 0;
};

Status coupons_report(const BatchArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto read = s->read();
  GX_ASSIGN_OR_RETURN(auto batch, domain::get_coupon_batch(read, a.batch));
  GX_ASSIGN_OR_RETURN(auto r, domain::coupon_batch_report(read, a.batch));
  if (a.g.json) {
    print_json(api::render_coupon_report(r));
    return Status::ok();
  }
  std::cout << "Coupon batch " << batch.id << ": " << batch.name << "\n  issued     " << r.issued
            << "\n  redeemed   " << r.redeemed << "\n  rate       "
            << (r.redemption_rate ? fmt::format("{:.1f}%", *r.redemption_rate * 100) : "-")
            << "\n  revenue    " << money(r.revenue, s->shop) << " (net of refunds; paid "
            << money(r.paid, s->shop) << ")\n";
  return Status::ok();
}

// ---- points ---------------------------------------------------------------------

struct PointsShowArgs {
  GlobalOptions g;
  int64_t customer = 0;
  int limit = 20;
};

Status points_show(const PointsShowArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto read = s->read();
  GX_ASSIGN_OR_RETURN(auto account, domain::points_account(read, a.customer, a.limit));
  if (a.g.json) {
    print_json(api::render_points_account(account, s->zone));
    return Status::ok();
  }
  std::cout << "Customer " << account.customer_id << ": " << account.balance << " points\n";
  for (const auto& e : account.entries) {
    std::cout << "  " << s->zone.format_local(e.at)
              << fmt::format("  {:<8}", domain::points_kind_name(e.kind))
              << fmt::format("{:>+8} = {:>8}", e.delta, e.balance_after) << "  " << e.reason;
    if (e.order_id) std::cout << " (order " << *e.order_id << ")";
    if (e.remaining > 0 && e.expires_at) {
      std::cout << "  [" << e.remaining << " left, expire " << s->zone.format_local(*e.expires_at)
                << "]";
    }
    std::cout << "\n";
  }
  return Status::ok();
}

struct AdjustArgs {
  GlobalOptions g;
  int64_t customer = 0;
  int64_t delta = 0;
  std::string reason;
  std::string source = "cli";
  bool redeem = false;
};

Status points_adjust(const AdjustArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(
      const int64_t balance, write(*s, [&](domain::WriteContext& w) {
        return a.redeem ? domain::redeem_points(w, a.customer, a.delta, a.reason, a.source)
                        : domain::add_points(w, a.customer, a.delta, a.reason, a.source);
      }));
  if (a.g.json) {
    print_json({{"customer_id", a.customer}, {"balance", balance}});
  } else {
    std::cout << "Customer " << a.customer << ": " << balance << " points\n";
  }
  return Status::ok();
}

struct ExpireArgs {
  GlobalOptions g;
  std::string as_of;
};

Status points_expire(const ExpireArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  Timestamp as_of = s->clock.now();
  if (!a.as_of.empty()) {
    GX_ASSIGN_OR_RETURN(as_of, instant_arg(a.as_of, s->zone, "--as-of"));
  }
  GX_ASSIGN_OR_RETURN(
      auto r, write(*s, [&](domain::WriteContext& w) { return domain::expire_points(w, as_of); }));
  if (a.g.json) {
    print_json(api::render_points_expiry(r));
  } else {
    std::cout << "Expired " << r.points << " points of " << r.customers << " customers (" << r.lots
              << " lots) as of " << s->zone.format_local(as_of) << "\n";
  }
  return Status::ok();
}

struct PointsSettingsArgs {
  GlobalOptions g;
  bool enable = false;
  bool disable = false;
  int64_t unit_amount = 0;
  int32_t per_unit = 0;
  int32_t expiry_months = 0;
  bool no_expiry = false;
};

Status points_settings(const PointsSettingsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto settings, domain::load_points_settings(*s->conn, s->shop.id));
  const bool change = a.enable || a.disable || a.unit_amount > 0 || a.per_unit > 0 ||
                      a.expiry_months > 0 || a.no_expiry;
  if (change) {
    if (a.enable && a.disable) return Status::invalid("--enable and --disable contradict");
    if (a.enable) settings.enabled = true;
    if (a.disable) settings.enabled = false;
    if (a.unit_amount > 0) settings.unit_amount = a.unit_amount;
    if (a.per_unit > 0) settings.points_per_unit = a.per_unit;
    if (a.expiry_months > 0) settings.expiry_months = a.expiry_months;
    if (a.no_expiry) settings.expiry_months = std::nullopt;
    GX_RETURN_IF_ERROR(write(
        *s, [&](domain::WriteContext& w) { return domain::save_points_settings(w, settings); }));
  }
  if (a.g.json) {
    print_json(domain::points_settings_to_json(settings));
  } else {
    std::cout << "Points " << (settings.enabled ? "enabled" : "disabled") << ": "
              << settings.points_per_unit << " per " << money(settings.unit_amount, s->shop)
              << " paid (x tier multiplier), "
              << (settings.expiry_months
                      ? fmt::format("expire after {} months", *settings.expiry_months)
                      : std::string("never expire"))
              << "\n";
  }
  return Status::ok();
}

// ---- referrals ------------------------------------------------------------------

struct ReferArgs {
  GlobalOptions g;
  int64_t referrer = 0;
  int64_t referred = 0;
  std::string source = "cli";
};

Status referrals_add(const ReferArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto added, write(*s, [&](domain::WriteContext& w) {
                        return domain::add_referral(w, a.referrer, a.referred, a.source);
                      }));
  if (a.g.json) {
    Json j = api::render_referral(added.referral, s->zone);
    j["created"] = added.created;
    print_json(j);
  } else {
    std::cout << (added.created ? "Recorded: customer " : "Already recorded: customer ")
              << added.referral.referrer_id << " referred customer " << added.referral.referred_id
              << "\n";
  }
  return Status::ok();
}

struct CustomerArgs {
  GlobalOptions g;
  int64_t customer = 0;
};

Status referrals_list(const CustomerArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto read = s->read();
  GX_ASSIGN_OR_RETURN(auto r, domain::customer_referrals(read, a.customer, 1000));
  if (a.g.json) {
    print_json(api::render_customer_referrals(r, s->zone));
    return Status::ok();
  }
  std::cout << "Customer " << r.customer_id << "\n  referred by  "
            << (r.referred_by ? std::to_string(r.referred_by->referrer_id) : "-")
            << "\n  referred     " << r.referral_count << " customers\n";
  for (const auto& x : r.referred) {
    std::cout << "    " << x.referred_id << "\t" << s->zone.format_local(x.at) << "\t" << x.source
              << "\n";
  }
  return Status::ok();
}

struct ReferralReportArgs {
  GlobalOptions g;
  int top = 10;
};

std::string percent(const std::optional<double>& rate) {
  return rate ? fmt::format("{:.1f}%", *rate * 100) : "-";
}

Status referrals_report(const ReferralReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto read = s->read();
  GX_ASSIGN_OR_RETURN(auto r, domain::loyalty_report(read, a.top));
  if (a.g.json) {
    print_json(api::render_loyalty_report(r));
    return Status::ok();
  }
  std::cout << "Referrals: " << r.referrals << " by " << r.customers_with_referrals
            << " customers\n\n"
            << fmt::format("  {:<14} {:>10} {:>11} {:>8} {:>12}\n", "", "customers", "purchasers",
                           "repeat", "repeat rate");
  const auto row = [](std::string_view label, const domain::LoyaltyGroup& g) {
    std::cout << fmt::format("  {:<14} {:>10} {:>11} {:>8} {:>12}\n", label, g.customers,
                             g.purchasers, g.repeat_purchasers, percent(g.repeat_rate));
  };
  row("referred", r.referred);
  row("not referred", r.not_referred);
  std::cout << "\nPoints: " << r.points_outstanding << " outstanding with "
            << r.customers_with_points << " customers\n";
  if (!r.top_referrers.empty()) {
    std::cout << "\nTop referrers (referrals, referred buyers, referred repeat buyers, own "
                 "purchases):\n";
  }
  for (const auto& t : r.top_referrers) {
    std::cout << fmt::format("  {:>8}  {:>4} {:>4} {:>4} {:>4}  {}\n", t.customer_id, t.referrals,
                             t.referred_purchasers, t.referred_repeat_purchasers, t.purchases,
                             t.name);
  }
  return Status::ok();
}

}  // namespace

void add_coupons_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("coupons", "Coupon batches, issuing codes and redemption reports");
  cmd->require_subcommand(1);

  auto create = std::make_shared<CouponCreateArgs>();
  auto* create_cmd = cmd->add_subcommand("create", "Create a coupon batch");
  add_global_options(*create_cmd, create->g);
  create_cmd->add_option("name", create->name, "Batch name, unique in the shop")->required();
  create_cmd->add_option("--amount-off", create->amount_off, "Amount off in yuan, e.g. 20");
  create_cmd->add_option("--percent-off", create->percent_off, "Percent off, 1-100");
  create_cmd->add_option("--threshold", create->threshold, "Minimum order amount in yuan");
  create_cmd->add_option("--currency", create->currency, "Currency (default: the shop's)");
  create_cmd->add_option("--valid-from", create->valid_from, "Shop-local 'YYYY-MM-DD[ HH:MM]'");
  create_cmd->add_option("--valid-until", create->valid_until,
                         "Shop-local 'YYYY-MM-DD[ HH:MM]', exclusive");
  create_cmd->add_option("--valid-days", create->valid_days,
                         "Or: valid N shop-local days from issue");
  create_cmd->add_option("--per-customer", create->per_customer,
                         "Coupons per customer (default 1)");
  create_cmd->add_option("--total", create->total, "Total coupons (default unlimited)");
  create_cmd->add_option("--prefix", create->prefix, "Code prefix, A-Z 0-9, up to 12");
  create_cmd->callback([create, &rc] { run_command(rc, [&] { return coupons_create(*create); }); });

  auto issue = std::make_shared<IssueArgs>();
  auto* issue_cmd = cmd->add_subcommand("issue", "Issue one new code of BATCH to CUSTOMER");
  add_global_options(*issue_cmd, issue->g);
  issue_cmd->add_option("batch", issue->batch, "Batch id")->required();
  issue_cmd->add_option("customer", issue->customer, "Customer id")->required();
  issue_cmd->add_option("--source", issue->source, "cli (default), journey:ID or campaign:ID");
  issue_cmd->callback([issue, &rc] { run_command(rc, [&] { return coupons_issue(*issue); }); });

  auto list = std::make_shared<CouponListArgs>();
  auto* list_cmd = cmd->add_subcommand("list", "List batches, or the codes of BATCH");
  add_global_options(*list_cmd, list->g);
  list_cmd->add_option("batch", list->batch, "Batch id: list its codes");
  list_cmd->add_option("--status", list->status, "issued or redeemed")
      ->check(CLI::IsMember({"issued", "redeemed"}));
  list_cmd->add_option("--limit", list->limit, "At most this many codes (1-1000)")
      ->check(CLI::Range(1, 1000));
  list_cmd->callback([list, &rc] { run_command(rc, [&] { return coupons_list(*list); }); });

  auto report = std::make_shared<BatchArgs>();
  auto* report_cmd = cmd->add_subcommand("report", "Issued, redeemed, rate and revenue of BATCH");
  add_global_options(*report_cmd, report->g);
  report_cmd->add_option("batch", report->batch, "Batch id")->required();
  report_cmd->callback([report, &rc] { run_command(rc, [&] { return coupons_report(*report); }); });
}

void add_points_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("points", "Customers' points: ledger, adjustments, expiry, rules");
  cmd->require_subcommand(1);

  auto show = std::make_shared<PointsShowArgs>();
  auto* show_cmd = cmd->add_subcommand("show", "A customer's balance and latest ledger rows");
  add_global_options(*show_cmd, show->g);
  show_cmd->add_option("customer", show->customer, "Customer id")->required();
  show_cmd->add_option("--limit", show->limit, "Ledger rows (1-1000, default 20)")
      ->check(CLI::Range(1, 1000));
  show_cmd->callback([show, &rc] { run_command(rc, [&] { return points_show(*show); }); });

  auto adjust = std::make_shared<AdjustArgs>();
  auto* adjust_cmd = cmd->add_subcommand(
      "adjust", "Add (or with a negative DELTA take) points; --redeem spends DELTA points");
  add_global_options(*adjust_cmd, adjust->g);
  adjust_cmd->add_option("customer", adjust->customer, "Customer id")->required();
  adjust_cmd->add_option("delta", adjust->delta, "Points, e.g. 100 or -20")->required();
  adjust_cmd->add_option("--reason", adjust->reason, "Why (shown in the ledger)")->required();
  adjust_cmd->add_option("--source", adjust->source, "cli (default), journey:ID or campaign:ID");
  adjust_cmd->add_flag("--redeem", adjust->redeem, "A redemption of DELTA (> 0) points");
  adjust_cmd->callback([adjust, &rc] { run_command(rc, [&] { return points_adjust(*adjust); }); });

  auto expire = std::make_shared<ExpireArgs>();
  auto* expire_cmd = cmd->add_subcommand("expire", "Expire points whose time has come");
  add_global_options(*expire_cmd, expire->g);
  expire_cmd->add_option("--as-of", expire->as_of,
                         "Shop-local 'YYYY-MM-DD[ HH:MM]' (default now; a date means its start)");
  expire_cmd->callback([expire, &rc] { run_command(rc, [&] { return points_expire(*expire); }); });

  auto settings = std::make_shared<PointsSettingsArgs>();
  auto* settings_cmd =
      cmd->add_subcommand("settings", "Show the points rules, or change them with the options");
  add_global_options(*settings_cmd, settings->g);
  settings_cmd->add_flag("--enable", settings->enable, "Earn points on paid orders");
  settings_cmd->add_flag("--disable", settings->disable, "Stop earning");
  settings_cmd->add_option("--unit-amount", settings->unit_amount,
                           "Minor units per earning unit (100 = 1 yuan)");
  settings_cmd->add_option("--per-unit", settings->per_unit, "Points per unit paid (1-100)");
  settings_cmd->add_option("--expiry-months", settings->expiry_months,
                           "Points expire this many months after earning");
  settings_cmd->add_flag("--no-expiry", settings->no_expiry, "Points never expire");
  settings_cmd->callback(
      [settings, &rc] { run_command(rc, [&] { return points_settings(*settings); }); });
}

void add_referrals_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("referrals", "Who referred whom, and the loyalty report");
  cmd->require_subcommand(1);

  auto add = std::make_shared<ReferArgs>();
  auto* add_cmd = cmd->add_subcommand("add", "Record that REFERRER referred REFERRED");
  add_global_options(*add_cmd, add->g);
  add_cmd->add_option("referrer", add->referrer, "Customer id of the referrer")->required();
  add_cmd->add_option("referred", add->referred, "Customer id of the referred")->required();
  add_cmd->add_option("--source", add->source, "cli (default), journey:ID or campaign:ID");
  add_cmd->callback([add, &rc] { run_command(rc, [&] { return referrals_add(*add); }); });

  auto list = std::make_shared<CustomerArgs>();
  auto* list_cmd = cmd->add_subcommand("list", "Who referred CUSTOMER and whom they referred");
  add_global_options(*list_cmd, list->g);
  list_cmd->add_option("customer", list->customer, "Customer id")->required();
  list_cmd->callback([list, &rc] { run_command(rc, [&] { return referrals_list(*list); }); });

  auto report = std::make_shared<ReferralReportArgs>();
  auto* report_cmd = cmd->add_subcommand(
      "report", "Loyalty by referrals and repeat purchases, with the top referrers");
  add_global_options(*report_cmd, report->g);
  report_cmd->add_option("--top", report->top, "Top referrers to list (0-100, default 10)")
      ->check(CLI::Range(0, 100));
  report_cmd->callback(
      [report, &rc] { run_command(rc, [&] { return referrals_report(*report); }); });
}

}  // namespace guanxi::cli
