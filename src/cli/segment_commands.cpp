// guanxi segment count|members|list|show|create|delete, guanxi rfm | abc |
// lifecycle, guanxi tiers recompute|show: thin shells over the SegmentEngine
// and the tier functions the HTTP API calls. Each command opens the database,
// starts a Writer and an engine without its background thread, answers, and
// stops them again.
#include <fmt/format.h>

#include <iostream>

#include "api/customer_summary.hpp"
#include "api/inputs.hpp"
#include "api/render_intelligence.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "core/money.hpp"
#include "domain/tiers.hpp"
#include "segment/engine.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "store/writer.hpp"

namespace guanxi::cli {

namespace {

// A session with the engine running over it. Members are destroyed in reverse
// order: the engine stops before the Writer it submits to.
struct EngineSession {
  std::unique_ptr<Session> session;
  std::unique_ptr<store::Writer> writer;
  std::unique_ptr<segment::SegmentEngine> engine;
  int64_t shop() const { return session->shop.id; }
};

Result<std::unique_ptr<EngineSession>> open_engine(const GlobalOptions& g) {
  auto e = std::make_unique<EngineSession>();
  GX_ASSIGN_OR_RETURN(e->session, open_session(g));
  GX_ASSIGN_OR_RETURN(e->writer, store::Writer::start(*e->session->db));
  GX_ASSIGN_OR_RETURN(e->engine, segment::SegmentEngine::start(
                                     *e->session->db, *e->writer, e->session->clock,
                                     segment::SegmentEngine::Options{.background = false}));
  return e;
}

// "--as-of YYYY-MM-DD" -> a day number; empty -> today.
Result<std::optional<int32_t>> as_of_day(const std::string& text) {
  if (text.empty()) return std::optional<int32_t>();
  auto day = api::parse_day_number(text);
  if (!day.ok()) return Status::invalid("--as-of: " + day.status().message());
  return std::optional<int32_t>(*day);
}

std::string segment_money(int64_t minor, const std::string& currency) {
  return format_major_units(minor, Currency::parse(currency).value_or(Currency()).exponent());
}

// Prints the error once; for a rule error also the rule's line with a caret
// under the column. Returns the exit code (2 for a malformed rule).
int exit_code(const Status& s, std::string_view rule = {}) {
  if (s.is_ok()) return 0;
  const Location& loc = s.location();
  if (rule.empty() || loc.line <= 0) return report_error(s);
  const int rc = report_error(Status(s.code(), s.message()));  // the message says where
  size_t begin = 0;
  for (int64_t line = 1; line < loc.line && begin != std::string_view::npos; ++line) {
    begin = rule.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos) return rc;
  const std::string_view text = rule.substr(begin, rule.find('\n', begin) - begin);
  std::cerr << "  " << text << "\n  ";
  // Columns count code points: skip UTF-8 continuation bytes.
  int64_t column = 1;
  for (size_t i = 0; i < text.size() && column < loc.column; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      std::cerr << (text[i] == '\t' ? '\t' : ' ');
      ++column;
    }
  }
  std::cerr << "^\n";
  return rc;
}

// Runs a command body returning Status and stores its exit code.
template <typename F>
void run(int& rc, F body, std::string_view rule = {}) {
  rc = exit_code(body(), rule);
}

struct RuleArgs {
  GlobalOptions g;
  std::string rule;
  std::string as_of;
  std::string format = "csv";
};

Status count(const RuleArgs& a) {
  GX_ASSIGN_OR_RETURN(const auto as_of, as_of_day(a.as_of));
  GX_ASSIGN_OR_RETURN(const segment::Rule rule, segment::parse_rule(a.rule));
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  const segment::EngineStats stats = e->engine->stats();
  GX_ASSIGN_OR_RETURN(auto answer, e->engine->answer(e->shop(), rule, as_of, 0));
  if (a.g.json) {
    print_json({{"count", answer.count},
                {"elapsed_ms", answer.elapsed_ms},
                {"as_of", api::format_day_number(answer.as_of_day)},
                {"rule", segment::print_rule(rule)},
                {"build_ms", stats.build_ms}});
  } else {
    std::cout << answer.count << " customers (" << fmt::format("{:.2f}", answer.elapsed_ms)
              << " ms, as of " << api::format_day_number(answer.as_of_day) << ")\n";
  }
  std::cerr << fmt::format("feature store: {} customers built in {:.0f} ms\n", stats.customers,
                           stats.build_ms);
  return Status::ok();
}

Status members(const RuleArgs& a) {
  GX_ASSIGN_OR_RETURN(const auto as_of, as_of_day(a.as_of));
  GX_ASSIGN_OR_RETURN(const segment::Rule rule, segment::parse_rule(a.rule));
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_ASSIGN_OR_RETURN(auto ids, e->engine->members(e->shop(), rule, as_of));
  if (a.format == "ids") {
    std::string out;
    for (const int64_t id : ids) out += std::to_string(id) + "\n";
    std::cout << out;
    return Status::ok();
  }
  auto read = e->session->read();
  GX_ASSIGN_OR_RETURN(auto summaries, api::read_customer_summaries(read, ids));
  std::string out = api::customer_csv_header();
  for (const auto& s : summaries) api::append_customer_csv_row(out, s, e->session->shop);
  std::cout << out;
  return Status::ok();
}

void print_segment_line(const segment::Segment& s) {
  std::cout << s.id << "\t" << segment::segment_kind_name(s.kind) << "\t" << s.member_count << "\t"
            << s.name << "\t" << (s.rule.empty() ? "-" : s.rule) << "\n";
}

Status list(const GlobalOptions& g) {
  GX_ASSIGN_OR_RETURN(auto e, open_engine(g));
  GX_ASSIGN_OR_RETURN(auto segments, e->engine->list_segments(e->shop()));
  if (g.json) {
    Json items = Json::array();
    for (const auto& s : segments) items.push_back(api::render_segment(s, e->session->zone));
    print_json(items);
    return Status::ok();
  }
  if (segments.empty()) std::cout << "No segments yet: `guanxi segment create NAME 'RULE'`\n";
  for (const auto& s : segments) print_segment_line(s);
  return Status::ok();
}

struct IdArgs {
  GlobalOptions g;
  int64_t id = 0;
};

Status show(const IdArgs& a) {
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_ASSIGN_OR_RETURN(auto s, e->engine->get_segment(e->shop(), a.id));
  if (a.g.json) {
    print_json(api::render_segment(s, e->session->zone));
    return Status::ok();
  }
  const ShopZone& zone = e->session->zone;
  std::cout << "Segment " << s.id << ": " << s.name << " (" << segment::segment_kind_name(s.kind)
            << ")\n  members  " << s.member_count << "\n  rule     "
            << (s.rule.empty() ? "-" : s.rule) << "\n  tag      " << (s.tag.empty() ? "-" : s.tag)
            << "\n  about    " << (s.description.empty() ? "-" : s.description) << "\n  created  "
            << zone.format_local(s.created_at) << " by " << s.created_by << "\n  updated  "
            << zone.format_local(s.updated_at) << "\n";
  return Status::ok();
}

struct SegmentCreateArgs {
  GlobalOptions g;
  std::string name;
  std::string rule;
  std::string tag;
  std::string description;
  bool is_static = false;
};

Status create(const SegmentCreateArgs& a) {
  segment::SegmentInput input;
  input.name = a.name;
  input.kind = a.is_static ? segment::SegmentKind::kStatic : segment::SegmentKind::kDynamic;
  GX_ASSIGN_OR_RETURN(input.rule, segment::parse_rule(a.rule));
  input.tag = a.tag;
  input.description = a.description;
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_ASSIGN_OR_RETURN(auto s, e->engine->create_segment(e->shop(), input, "cli"));
  if (a.g.json) {
    print_json(api::render_segment(s, e->session->zone));
  } else {
    std::cout << "Created " << segment::segment_kind_name(s.kind) << " segment " << s.id << " ("
              << s.name << ") with " << s.member_count << " members\n";
  }
  return Status::ok();
}

Status remove(const IdArgs& a) {
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_RETURN_IF_ERROR(e->engine->delete_segment(e->shop(), a.id, "cli"));
  if (a.g.json) {
    print_json({{"deleted", a.id}});
  } else {
    std::cout << "Deleted segment " << a.id << "\n";
  }
  return Status::ok();
}

struct SegmentReportArgs {
  GlobalOptions g;
  std::string as_of;
};

Status rfm(const SegmentReportArgs& a) {
  GX_ASSIGN_OR_RETURN(const auto as_of, as_of_day(a.as_of));
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_ASSIGN_OR_RETURN(auto r, e->engine->rfm(e->shop(), as_of));
  const domain::Shop& shop = e->session->shop;
  if (a.g.json) {
    print_json(api::render_rfm(r, shop));
    return Status::ok();
  }
  std::cout << "RFM as of " << api::format_day_number(r.as_of_day) << ": " << r.purchasers
            << " purchasers; mean recency "
            << fmt::format("{:.1f} days, {:.2f} orders, ", r.mean_recency_days, r.mean_orders)
            << segment_money(r.mean_revenue, shop.currency) << " " << shop.currency << "\n\n";
  std::cout << fmt::format("  {:<20} {:>10} {:>16}\n", "group", "customers",
                           "revenue (" + shop.currency + ")");
  for (const auto& g : r.groups) {
    std::cout << "  " << g.name << "  " << fmt::format("{:<18}", g.name_en)
              << fmt::format("{:>10} {:>16}\n", g.customers,
                             segment_money(g.revenue, shop.currency));
  }
  // The grid summed over M: rows R (5 = most recent), columns F.
  std::cout
      << "\n  customers by R (rows) x F (columns)\n        F1      F2      F3      F4      F5\n";
  for (int rs = 5; rs >= 1; --rs) {
    std::cout << "  R" << rs;
    for (int f = 1; f <= 5; ++f) {
      int64_t n = 0;
      for (int m = 1; m <= 5; ++m) {
        const size_t index = static_cast<size_t>((rs - 1) * 25 + (f - 1) * 5 + (m - 1));
        if (index < r.cells.size()) n += r.cells[index].customers;
      }
      std::cout << fmt::format("{:>8}", n);
    }
    std::cout << "\n";
  }
  return Status::ok();
}

Status abc(const SegmentReportArgs& a) {
  GX_ASSIGN_OR_RETURN(const auto as_of, as_of_day(a.as_of));
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_ASSIGN_OR_RETURN(auto r, e->engine->abc(e->shop(), as_of));
  const domain::Shop& shop = e->session->shop;
  if (a.g.json) {
    print_json(api::render_abc(r, shop));
    return Status::ok();
  }
  std::cout << "ABC as of " << api::format_day_number(r.as_of_day) << ": " << r.purchasers
            << " purchasers, revenue " << segment_money(r.total_revenue, shop.currency) << " "
            << shop.currency << "\n\n";
  const auto row = [&](std::string_view label, int64_t customers, int64_t revenue) {
    std::cout << fmt::format("  {:<8} {:>10} {:>16}\n", label, customers,
                             segment_money(revenue, shop.currency));
  };
  std::cout << fmt::format("  {:<8} {:>10} {:>16}\n", "class", "customers", "revenue");
  row("A", r.count[0], r.revenue[0]);
  row("B", r.count[1], r.revenue[1]);
  row("C", r.count[2], r.revenue[2]);
  row("gold", r.gold_customers, r.gold_revenue);
  row("top 20%", r.top20_customers, r.top20_revenue);
  row("drag", r.drag_customers, r.drag_revenue);
  return Status::ok();
}

Status lifecycle(const SegmentReportArgs& a) {
  GX_ASSIGN_OR_RETURN(const auto as_of, as_of_day(a.as_of));
  GX_ASSIGN_OR_RETURN(auto e, open_engine(a.g));
  GX_ASSIGN_OR_RETURN(auto r, e->engine->lifecycle(e->shop(), as_of));
  const domain::Shop& shop = e->session->shop;
  if (a.g.json) {
    print_json(api::render_lifecycle(r, shop));
    return Status::ok();
  }
  std::cout << "Lifecycle as of " << api::format_day_number(r.as_of_day) << "\n\n"
            << fmt::format("  {:<20} {:>10} {:>16}\n", "stage", "customers",
                           "revenue (" + shop.currency + ")");
  for (size_t i = 0; i < std::size(segment::kLifecycleStages); ++i) {
    std::cout << fmt::format("  {:<20} {:>10} {:>16}\n", segment::kLifecycleStages[i], r.counts[i],
                             segment_money(r.revenue[i], shop.currency));
  }
  return Status::ok();
}

Status tiers_recompute(const GlobalOptions& g) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(g));
  const LocalDays today = s->zone.local_day(s->clock.now());
  GX_RETURN_IF_ERROR(s->conn->begin_write());
  domain::WriteContext ctx{*s->conn, s->clock, s->shop, s->zone, "cli"};
  auto summary = domain::review_tiers(ctx, today, "recompute");
  if (!summary.ok()) {
    (void)s->conn->rollback();
    return summary.status();
  }
  GX_RETURN_IF_ERROR(s->conn->commit());
  if (g.json) {
    print_json(api::render_tier_review(*summary, today));
  } else {
    std::cout << "Tiers recomputed as of "
              << api::format_day_number(static_cast<int32_t>(today.time_since_epoch().count()))
              << ": " << summary->upgraded << " upgraded, " << summary->downgraded
              << " downgraded, " << summary->unchanged << " unchanged\n";
  }
  return Status::ok();
}

Status tiers_show(const GlobalOptions& g) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(g));
  auto read = s->read();
  GX_ASSIGN_OR_RETURN(auto config, domain::load_tier_config(*s->conn, s->shop.id));
  GX_ASSIGN_OR_RETURN(auto counts, domain::tier_distribution(read));
  if (g.json) {
    Json items = Json::array();
    for (const auto& c : counts) items.push_back({{"tier", c.tier}, {"customers", c.customers}});
    print_json({{"config", domain::tier_config_to_json(config)}, {"distribution", items}});
    return Status::ok();
  }
  std::cout << "Tiers " << (config.enabled ? "enabled" : "disabled") << ", window "
            << (config.window_days ? std::to_string(*config.window_days) + " days" : "lifetime")
            << "\n\n";
  for (const auto& c : counts) {
    std::cout << fmt::format("  {:<16} {:>10}\n", c.tier.empty() ? "(not a member)" : c.tier,
                             c.customers);
  }
  return Status::ok();
}

}  // namespace

void add_segment_command(CLI::App& app, int& rc) {
  auto* seg = app.add_subcommand("segment", "Count, list and keep customer segments (rules)");
  seg->require_subcommand(1);

  auto count_args = std::make_shared<RuleArgs>();
  auto* count_cmd = seg->add_subcommand("count", "Count the customers matching RULE");
  add_global_options(*count_cmd, count_args->g);
  count_cmd->add_option("rule", count_args->rule, "Rule, e.g. 'orders >= 3 and city = \"杭州\"'")
      ->required();
  count_cmd->add_option("--as-of", count_args->as_of, "Shop-local day YYYY-MM-DD (default today)");
  count_cmd->callback([count_args, &rc] {
    run(
        rc, [&] { return count(*count_args); }, count_args->rule);
  });

  auto members_args = std::make_shared<RuleArgs>();
  auto* members_cmd = seg->add_subcommand("members", "Print the customers matching RULE");
  add_global_options(*members_cmd, members_args->g, false);
  members_cmd->add_option("rule", members_args->rule, "Rule")->required();
  members_cmd->add_option("--as-of", members_args->as_of, "Shop-local day YYYY-MM-DD");
  members_cmd
      ->add_option("--format", members_args->format,
                   "csv (id,name,city,tier,orders,revenue_yuan) or ids (one per line)")
      ->check(CLI::IsMember({"csv", "ids"}))
      ->default_val("csv");
  members_cmd->callback([members_args, &rc] {
    run(
        rc, [&] { return members(*members_args); }, members_args->rule);
  });

  auto list_args = std::make_shared<GlobalOptions>();
  auto* list_cmd = seg->add_subcommand("list", "List stored segments");
  add_global_options(*list_cmd, *list_args);
  list_cmd->callback([list_args, &rc] { run(rc, [&] { return list(*list_args); }); });

  auto show_args = std::make_shared<IdArgs>();
  auto* show_cmd = seg->add_subcommand("show", "Show a stored segment");
  add_global_options(*show_cmd, show_args->g);
  show_cmd->add_option("id", show_args->id, "Segment id")->required();
  show_cmd->callback([show_args, &rc] { run(rc, [&] { return show(*show_args); }); });

  auto create_args = std::make_shared<SegmentCreateArgs>();
  auto* create_cmd = seg->add_subcommand(
      "create", "Store a dynamic segment (kept up to date) or, with --static, a snapshot");
  add_global_options(*create_cmd, create_args->g);
  create_cmd->add_option("name", create_args->name, "Segment name")->required();
  create_cmd->add_option("rule", create_args->rule, "Rule")->required();
  create_cmd->add_option("--tag", create_args->tag, "Tag members get while they are in it");
  create_cmd->add_option("--description", create_args->description, "What it is for");
  create_cmd->add_flag("--static", create_args->is_static,
                       "Freeze today's members instead of following the rule");
  create_cmd->callback([create_args, &rc] {
    run(
        rc, [&] { return create(*create_args); }, create_args->rule);
  });

  auto delete_args = std::make_shared<IdArgs>();
  auto* delete_cmd = seg->add_subcommand("delete", "Delete a stored segment");
  add_global_options(*delete_cmd, delete_args->g);
  delete_cmd->add_option("id", delete_args->id, "Segment id")->required();
  delete_cmd->callback([delete_args, &rc] { run(rc, [&] { return remove(*delete_args); }); });
}

void add_model_commands(CLI::App& app, int& rc) {
  const auto add = [&](const char* name, const char* about,
                       Status (*report)(const SegmentReportArgs&)) {
    auto args = std::make_shared<SegmentReportArgs>();
    auto* cmd = app.add_subcommand(name, about);
    add_global_options(*cmd, args->g);
    cmd->add_option("--as-of", args->as_of, "Shop-local day YYYY-MM-DD (default today)");
    cmd->callback([args, report, &rc] { run(rc, [&] { return report(*args); }); });
  };
  add("rfm", "RFM: the 8 customer groups and the R x F grid", rfm);
  add("abc", "ABC/Pareto classes of purchasers by revenue", abc);
  add("lifecycle", "Customers per lifecycle stage", lifecycle);
}

void add_tiers_command(CLI::App& app, int& rc) {
  auto* tiers = app.add_subcommand("tiers", "Membership tiers (会员等级)");
  tiers->require_subcommand(1);

  auto recompute_args = std::make_shared<GlobalOptions>();
  auto* recompute = tiers->add_subcommand(
      "recompute", "Re-qualify every customer as of today, up or down (reason 'recompute')");
  add_global_options(*recompute, *recompute_args);
  recompute->callback(
      [recompute_args, &rc] { run(rc, [&] { return tiers_recompute(*recompute_args); }); });

  auto show_args = std::make_shared<GlobalOptions>();
  auto* show_cmd = tiers->add_subcommand("show", "Customers per tier");
  add_global_options(*show_cmd, *show_args);
  show_cmd->callback([show_args, &rc] { run(rc, [&] { return tiers_show(*show_args); }); });
}

}  // namespace guanxi::cli
