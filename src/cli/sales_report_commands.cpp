// guanxi sales-report funnel|velocity|stalled|forecast|competitors|
// leaderboard|lead-cohorts [--json] and sales-report rebuild: the sales
// analytics the HTTP API serves (same functions, same JSON with --json), as
// tables whose columns stay aligned with Chinese names (wide characters count
// two columns). The CLI acts for the shop's owner: it sees every owner.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <set>

#include "api/render_sales_reports.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/pct.hpp"
#include "sales/analytics.hpp"

namespace guanxi::cli {

namespace {

// ---- output ----------------------------------------------------------------------------

// Terminal columns of UTF-8 text: East Asian wide characters take two.
size_t display_width(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = 0x10000;
    } else if (c >= 0xE0) {
      len = 3;
      if (i + 2 < s.size()) {
        cp = (static_cast<uint32_t>(c & 0x0F) << 12) |
             (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
             (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 2]) & 0x3F));
      }
    } else if (c >= 0xC0) {
      len = 2;
      cp = 0x100;
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x10000;
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

// Prints rows under a header; columns in `right` are right-aligned (numbers).
void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, const std::set<size_t>& right) {
  std::vector<size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      const std::string pad(widths[i] - display_width(row[i]), ' ');
      if (i > 0) line += "  ";
      line += right.contains(i) ? pad + row[i] : (i + 1 == row.size() ? row[i] : row[i] + pad);
    }
    std::cout << line << "\n";
  };
  print(header);
  for (const auto& r : rows) print(r);
}

// 1234567 minor units -> "12,345.67".
std::string money(int64_t minor) {
  const bool negative = minor < 0;
  const uint64_t abs =
      negative ? static_cast<uint64_t>(-(minor + 1)) + 1 : static_cast<uint64_t>(minor);
  std::string whole = std::to_string(abs / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) {
    whole.insert(static_cast<size_t>(i), ",");
  }
  return (negative ? "-" : "") + whole + fmt::format(".{:02d}", abs % 100);
}

std::string days(const std::optional<double>& d) {
  return d ? fmt::format("{:.1f}", *d) : "-";
}

// ---- arguments ---------------------------------------------------------------------------

struct ReportArgs {
  GlobalOptions g;
  int64_t pipeline = 0;
  int64_t owner = 0;
  int64_t team = 0;
  std::string from, to, period, currency;
  int64_t stalled_days = 14;
  int64_t limit = 100;
  std::string quota_period;
  std::string sort = "won_amount";
};

void add_filter_options(CLI::App& cmd, ReportArgs& a) {
  add_global_options(cmd, a.g);
  cmd.add_option("--pipeline", a.pipeline, "Pipeline id (default: the default pipeline)");
  cmd.add_option("--owner", a.owner, "Only this owner's (user id) numbers");
  cmd.add_option("--team", a.team, "Only this team's numbers");
  cmd.add_option("--from", a.from, "First month YYYY-MM (or quarter YYYY-Qn, year YYYY)");
  cmd.add_option("--to", a.to, "Last month YYYY-MM (or quarter, year)");
  cmd.add_option("--period", a.period, "A month, quarter or year (instead of --from/--to)");
  cmd.add_option("--currency", a.currency, "Currency of the amounts (default: the shop's)");
}

Result<sales::ReportFilter> filter_of(domain::ReadContext& r, const ReportArgs& a) {
  sales::ReportFilter f;
  if (a.pipeline > 0) f.pipeline_id = a.pipeline;
  if (!a.period.empty()) {
    if (!a.from.empty() || !a.to.empty()) {
      return Status::invalid("--period: give either --period or --from/--to");
    }
    GX_ASSIGN_OR_RETURN(auto range, sales::parse_period(a.period, "--period"));
    f.from_month = range.first;
    f.to_month = range.second;
  }
  if (!a.from.empty()) {
    GX_ASSIGN_OR_RETURN(auto range, sales::parse_period(a.from, "--from"));
    f.from_month = range.first;
  }
  if (!a.to.empty()) {
    GX_ASSIGN_OR_RETURN(auto range, sales::parse_period(a.to, "--to"));
    f.to_month = range.second;
  }
  f.currency = a.currency;
  if (a.owner > 0 && a.team > 0) return Status::invalid("--team: give either --owner or --team");
  if (a.owner > 0) f.owners = std::vector<int64_t>{a.owner};
  if (a.team > 0) {
    GX_ASSIGN_OR_RETURN(auto members, sales::team_members(r, a.team));
    f.owners = std::move(members);
  }
  return f;
}

// ---- reports ------------------------------------------------------------------------------

Status funnel(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  GX_ASSIGN_OR_RETURN(auto rep, sales::funnel_report(r, f));
  if (a.g.json) {
    print_json(api::render_sales_funnel(rep));
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& st : rep.stages) {
    rows.push_back({st.name, st.kind, std::to_string(st.probability) + "%",
                    std::to_string(st.open_count), money(st.open_amount),
                    std::to_string(st.reached), detail::pct(st.conversion)});
  }
  print_table({"stage", "kind", "prob", "open", "open " + rep.currency, "reached", "→ next"}, rows,
              {2, 3, 4, 5, 6});
  std::cout << fmt::format(
      "\ncreated {} ({} {}), open {}, won {} ({}), lost {} ({}); win rate {}, overall {}\n",
      rep.created, money(rep.created_amount), rep.currency, rep.open, rep.won,
      money(rep.won_amount), rep.lost, money(rep.lost_amount), detail::pct(rep.win_rate),
      detail::pct(rep.overall_conversion));
  if (rep.other_currency_count > 0) {
    std::cout << rep.other_currency_count << " opportunities in other currencies are counted but "
              << "not in the amounts\n";
  }
  return Status::ok();
}

Status velocity(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  GX_ASSIGN_OR_RETURN(auto rep, sales::velocity_report(r, f));
  if (a.g.json) {
    print_json(api::render_sales_velocity(rep));
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& st : rep.stages) {
    rows.push_back({st.name, std::to_string(st.finished.count), days(st.finished.median_days),
                    days(st.finished.mean_days), std::to_string(st.current_count),
                    days(st.current_mean_days)});
  }
  print_table({"stage", "stays", "median d", "mean d", "open now", "open mean d"}, rows,
              {1, 2, 3, 4, 5});
  std::cout << fmt::format("\nsales cycle (created → won): {} won, median {} d, mean {} d\n",
                           rep.sales_cycle.count, days(rep.sales_cycle.median_days),
                           days(rep.sales_cycle.mean_days));
  return Status::ok();
}

Status stalled(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  if (a.stalled_days < 1) return Status::invalid("--days: must be at least 1");
  if (a.limit < 1) return Status::invalid("--limit: must be at least 1");
  GX_ASSIGN_OR_RETURN(auto rep, sales::stalled_report(r, f, a.stalled_days, a.limit));
  if (a.g.json) {
    print_json(api::render_sales_stalled(rep, s->zone));
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : rep.deals) {
    rows.push_back({std::to_string(d.opportunity_id), d.name,
                    d.owner_name.empty() ? "-" : d.owner_name, d.stage_name,
                    money(d.amount_minor) + " " + d.currency, std::to_string(d.days_idle),
                    s->zone.format_local(from_millis(d.idle_since))});
  }
  print_table({"id", "opportunity", "owner", "stage", "amount", "days idle", "idle since"}, rows,
              {0, 4, 5});
  std::cout << fmt::format("\n{} open opportunities without activity for {} days or more{}\n",
                           rep.total, rep.days,
                           rep.total > static_cast<int64_t>(rep.deals.size())
                               ? fmt::format(" ({} shown)", rep.deals.size())
                               : "");
  return Status::ok();
}

Status forecast(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  GX_ASSIGN_OR_RETURN(auto rep, sales::forecast_report(r, f, a.quota_period));
  if (a.g.json) {
    print_json(api::render_sales_forecast(rep));
    return Status::ok();
  }
  auto cat = [](const sales::ForecastMonth& m, const char* c) {
    auto it = m.by_category.find(c);
    return money(it == m.by_category.end() ? 0 : it->second);
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : rep.months) {
    rows.push_back({m.month, std::to_string(m.open_count), money(m.amount), money(m.weighted),
                    cat(m, "commit"), cat(m, "best_case"), cat(m, "pipeline"),
                    money(m.closed_won)});
  }
  const auto& t = rep.total;
  rows.push_back({"total", std::to_string(t.open_count), money(t.amount), money(t.weighted),
                  cat(t, "commit"), cat(t, "best_case"), cat(t, "pipeline"), money(t.closed_won)});
  std::cout << "Forecast (" << rep.currency << ")\n";
  print_table(
      {"month", "open", "amount", "weighted", "commit", "best case", "pipeline", "closed won"},
      rows, {1, 2, 3, 4, 5, 6, 7});
  std::cout << "\nQuota attainment " << rep.quota_period << "\n";
  std::vector<std::vector<std::string>> quotas;
  for (const auto& q : rep.quotas) {
    quotas.push_back({q.name.empty() ? std::to_string(q.user_id) : q.name,
                      q.quota ? money(*q.quota) : "-", money(q.won), detail::pct(q.attainment)});
  }
  quotas.push_back({"total", rep.quota_total.quota ? money(*rep.quota_total.quota) : "-",
                    money(rep.quota_total.won), detail::pct(rep.quota_total.attainment)});
  print_table({"owner", "quota", "won", "attainment"}, quotas, {1, 2, 3});
  return Status::ok();
}

Status competitors(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  GX_ASSIGN_OR_RETURN(auto rep, sales::competitor_report(r, f));
  if (a.g.json) {
    print_json(api::render_sales_competitors(rep));
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : rep.competitors) {
    std::string reasons;
    for (const auto& x : c.lost_reasons) {
      if (!reasons.empty()) reasons += ", ";
      reasons += (x.reason.empty() ? "(none)" : x.reason) + " ×" + std::to_string(x.count);
    }
    rows.push_back({c.name, std::to_string(c.met), std::to_string(c.open), std::to_string(c.won),
                    std::to_string(c.lost), detail::pct(c.win_rate), money(c.lost_amount),
                    reasons});
  }
  print_table({"competitor", "met", "open", "won", "lost", "win rate", "lost " + rep.currency,
               "lost reasons"},
              rows, {1, 2, 3, 4, 5, 6});
  return Status::ok();
}

Status leaderboard(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  GX_ASSIGN_OR_RETURN(auto rep, sales::leaderboard_report(r, f, a.sort));
  if (a.g.json) {
    print_json(api::render_sales_leaderboard(rep));
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows;
  int rank = 0;
  for (const auto& l : rep.reps) {
    std::string acts;
    for (const auto& [k, n] : l.activities) {
      if (!acts.empty()) acts += " ";
      acts += k + " " + std::to_string(n);
    }
    rows.push_back({std::to_string(++rank), l.name.empty() ? "(no owner)" : l.name,
                    money(l.won_amount), std::to_string(l.won_count), detail::pct(l.win_rate),
                    money(l.pipeline_created), std::to_string(l.activities_total), acts});
  }
  print_table({"#", "rep", "won " + rep.currency, "won", "win rate", "pipeline created",
               "activities", "by kind"},
              rows, {0, 2, 3, 4, 5, 6});
  return Status::ok();
}

Status lead_cohorts(const ReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto f, filter_of(r, a));
  GX_ASSIGN_OR_RETURN(auto rep, sales::lead_cohort_report(r, f));
  if (a.g.json) {
    print_json(api::render_sales_lead_cohorts(rep));
    return Status::ok();
  }
  std::vector<std::vector<std::string>> rows;
  auto row = [](const sales::LeadCohort& c) {
    auto share = [&](int64_t n) {
      return std::to_string(n) +
             (c.leads > 0
                  ? " (" + detail::pct(static_cast<double>(n) / static_cast<double>(c.leads)) + ")"
                  : "");
    };
    return std::vector<std::string>{c.month,
                                    std::to_string(c.leads),
                                    share(c.reached_working),
                                    share(c.reached_qualified),
                                    share(c.converted),
                                    share(c.won)};
  };
  for (const auto& c : rep.cohorts) rows.push_back(row(c));
  rows.push_back(row(rep.total));
  print_table({"created", "leads", "worked", "qualified", "converted", "won"}, rows,
              {1, 2, 3, 4, 5});
  return Status::ok();
}

Status rebuild(const GlobalOptions& g) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(g));
  GX_ASSIGN_OR_RETURN(int64_t n, write(*s, [](domain::WriteContext& w) {
                        return sales::rebuild_sales_analytics(w);
                      }));
  std::cout << "Sales analytics rebuilt from " << n << " opportunities\n";
  return Status::ok();
}

}  // namespace

void add_sales_report_commands(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("sales-report", "Sales funnel, velocity, forecast and more");
  cmd->require_subcommand(1);
  struct Spec {
    const char* name;
    const char* help;
    Status (*run)(const ReportArgs&);
  };
  const Spec specs[] = {
      {"funnel", "Open deals per stage, stage-to-stage conversion, win rate", funnel},
      {"velocity", "Days in each stage and the sales cycle", velocity},
      {"stalled", "Open deals without activity for N days", stalled},
      {"forecast", "Weighted pipeline by close month, categories, quota attainment", forecast},
      {"competitors", "Deals met, win rate and lost reasons per competitor", competitors},
      {"leaderboard", "Won amount, win rate, pipeline and activities per rep", leaderboard},
      {"lead-cohorts", "Leads created per month and how far they got", lead_cohorts},
  };
  for (const Spec& spec : specs) {
    auto args = std::make_shared<ReportArgs>();
    auto* sub = cmd->add_subcommand(spec.name, spec.help);
    add_filter_options(*sub, *args);
    const std::string name = spec.name;
    if (name == "stalled") {
      sub->add_option("--days", args->stalled_days, "Days without activity (default 14)");
      sub->add_option("--limit", args->limit, "Deals listed (default 100)");
    }
    if (name == "forecast") {
      sub->add_option("--quota-period", args->quota_period,
                      "Quota period YYYY-Qn or YYYY-MM (default: this quarter)");
    }
    if (name == "leaderboard") {
      sub->add_option("--sort", args->sort, "Sort key")
          ->check(CLI::IsMember(
              {"won_amount", "won_count", "win_rate", "pipeline_created", "activities"}));
    }
    auto run = spec.run;
    sub->callback([args, run, &rc] { run_command(rc, [&] { return run(*args); }); });
  }
  auto g = std::make_shared<GlobalOptions>();
  auto* rb = cmd->add_subcommand("rebuild", "Recompute the sales analytics from the records");
  add_global_options(*rb, *g, false);
  rb->callback([g, &rc] { run_command(rc, [&] { return rebuild(*g); }); });
}

}  // namespace guanxi::cli
