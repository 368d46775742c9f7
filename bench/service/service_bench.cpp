// service_bench: generates a shop with N tickets (default 1,000,000) over a
// year by prepared inserts, then times the ticket-list queries of an agent
// console (through service::list_tickets, as the API runs them) and the
// service report, and prints a Markdown table. See README.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <random>
#include <vector>

#include "domain/shops.hpp"
#include "service/engine.hpp"
#include "service/reports.hpp"
#include "service/tickets.hpp"
#include "store/query.hpp"

namespace guanxi::bench {
namespace {

constexpr std::string_view kSubjects[] = {"物流太慢",   "商品破损",       "退款进度", "发票抬头",
                                          "尺码不合适", "优惠券无法使用", "催发货",   "质量问题",
                                          "换货申请",   "会员积分"};
constexpr std::string_view kTypes[] = {"complaint", "inquiry", "after_sales", "suggestion"};
constexpr std::string_view kChannels[] = {"phone", "chat", "email", "wechat", "platform", "visit"};
constexpr std::string_view kPriorities[] = {"low", "normal", "normal", "normal", "high", "urgent"};

struct Spec {
  int64_t tickets = 1'000'000;
  int64_t customers = 200'000;
  int64_t agents = 60;
  int repeats = 30;
  std::string db;
};

Status generate(store::Connection& db, const Spec& spec, int64_t shop, Timestamp now) {
  std::mt19937_64 rng(42);
  const int64_t now_ms = to_millis(now);
  const int64_t year_ms = 365LL * 86'400'000;
  GX_RETURN_IF_ERROR(db.begin_write());
  for (int64_t id = 1; id <= spec.customers; ++id) {
    store::Query q(db,
                   "INSERT INTO customers (id, shop_id, name, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?)");
    q.bind(id, shop, fmt::format("客户{}", id), now_ms - year_ms, now_ms - year_ms);
    GX_RETURN_IF_ERROR(q.run());
  }
  for (int64_t id = 1; id <= spec.agents; ++id) {
    store::Query q(db,
                   "INSERT INTO agents (id, shop_id, name, skills, state, state_since, created_at, "
                   "updated_at) VALUES (?, ?, ?, '{\"general\": 1}', 'available', ?, ?, ?)");
    q.bind(id, shop, fmt::format("坐席{}", id), now_ms, now_ms, now_ms);
    GX_RETURN_IF_ERROR(q.run());
  }
  GX_RETURN_IF_ERROR(db.commit());
  GX_RETURN_IF_ERROR(db.begin_write());
  for (int64_t id = 1; id <= spec.tickets; ++id) {
    // Created in order over the last year; the last ~3% are still open.
    const int64_t created = now_ms - year_ms + (year_ms * id) / spec.tickets;
    const bool open = id > spec.tickets * 97 / 100 || rng() % 200 == 0;
    const int64_t hour = 3'600'000;
    std::string status = "closed";
    std::string sla = "met";
    std::optional<int64_t> resolved;
    std::optional<int64_t> next;
    if (open) {
      static constexpr std::string_view kOpen[] = {"new", "assigned", "in_progress",
                                                   "waiting_customer"};
      status = std::string(kOpen[rng() % 4]);
      static constexpr std::string_view kSla[] = {"running", "running",  "running",
                                                  "warning", "breached", "paused"};
      sla = std::string(kSla[rng() % 6]);
      next = now_ms + static_cast<int64_t>(rng() % 48) * hour;
    } else {
      resolved = created + static_cast<int64_t>(1 + rng() % 40) * hour;
      if (rng() % 10 == 0) sla = "breached";
      if (rng() % 5 == 0) status = "resolved";
    }
    std::optional<int64_t> agent;
    if (status != "new")
      agent = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(spec.agents));
    const int64_t customer =
        1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(spec.customers));
    const int64_t contacts = rng() % 4 == 0 ? 2 : 1;
    const int64_t replies = 1 + static_cast<int64_t>(rng() % 3);
    store::Query q(db,
                   "INSERT INTO tickets (id, shop_id, customer_id, subject, type, channel, "
                   "priority, status, assignee_agent_id, first_response_at, first_response_due, "
                   "resolution_due, resolved_at, first_resolved_at, closed_at, sla_state, "
                   "sla_next_at, customer_contacts, agent_replies, contacts_at_resolution, "
                   "replies_at_resolution, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?)");
    q.bind(id, shop, customer,
           fmt::format("{} #{}", kSubjects[static_cast<size_t>(rng() % std::size(kSubjects))], id),
           kTypes[static_cast<size_t>(rng() % std::size(kTypes))],
           kChannels[static_cast<size_t>(rng() % std::size(kChannels))],
           kPriorities[static_cast<size_t>(rng() % std::size(kPriorities))], status, agent,
           created + hour, created + 4 * hour, created + 16 * hour, resolved, resolved,
           status == "closed" ? resolved : std::nullopt, sla, next, contacts, replies,
           resolved ? std::optional<int64_t>(contacts) : std::nullopt,
           resolved ? std::optional<int64_t>(replies) : std::nullopt, created,
           resolved.value_or(created));
    GX_RETURN_IF_ERROR(q.run());
    if (id % 100'000 == 0) {
      GX_RETURN_IF_ERROR(db.commit());
      GX_RETURN_IF_ERROR(db.begin_write());
    }
  }
  GX_RETURN_IF_ERROR(db.commit());
  return db.execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
}

struct Timing {
  std::string name;
  double p50 = 0;
  double p99 = 0;
  size_t rows = 0;
};

Timing time_it(const std::string& name, int repeats, const std::function<size_t()>& run) {
  std::vector<double> ms;
  size_t rows = 0;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    rows = run();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
  };
  return {name, at(0.5), at(0.99), rows};
}

int run(const Spec& spec) {
  const std::string path =
      spec.db.empty()
          ? (std::filesystem::temp_directory_path() / "guanxi_service_bench.db").string()
          : spec.db;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  auto db = store::open_database(path);
  if (!db.ok()) {
    std::cerr << db.status().to_string() << "\n";
    return 1;
  }
  auto conn = (*db)->connect().value();
  (void)conn->execute("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;");
  const Timestamp now = ShopZone::shanghai().parse_local("2026-11-30 10:00").value();
  FakeClock clock(now);
  auto shop =
      domain::create_shop(*conn, clock, domain::Shop{0, "关系客服中心", "Asia/Shanghai", "CNY"});
  if (!shop.ok()) {
    std::cerr << shop.status().to_string() << "\n";
    return 1;
  }
  const auto g0 = std::chrono::steady_clock::now();
  if (Status s = generate(*conn, spec, shop->id, now); !s.is_ok()) {
    std::cerr << s.to_string() << "\n";
    return 1;
  }
  const double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
  // The raw inserts above bypass the service's write path: index the text and
  // fill in the stored speed as a database migrated to version 9 gets them
  // (the migration's INSERT, then the engine's backfill), and time both.
  const auto f0 = std::chrono::steady_clock::now();
  if (Status s = conn->execute("DELETE FROM ticket_search; INSERT INTO ticket_search (rowid, "
                               "subject, body) SELECT id, subject, description FROM tickets");
      !s.is_ok()) {
    std::cerr << s.to_string() << "\n";
    return 1;
  }
  const double fts_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - f0).count();
  const auto b0 = std::chrono::steady_clock::now();
  {
    service::ServiceRoundStats stats;
    for (int64_t from = 1; from <= spec.tickets; from += 10'000) {
      (void)conn->begin_write();
      domain::WriteContext w{*conn, clock, *shop, ShopZone::shanghai(), "bench"};
      for (int64_t id = from; id < std::min(spec.tickets + 1, from + 10'000); ++id) {
        if (Status s = service::backfill_ticket_speed(w, id, stats); !s.is_ok()) {
          std::cerr << s.to_string() << "\n";
          return 1;
        }
      }
      (void)conn->commit();
    }
  }
  const double backfill_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
  (void)conn->execute("ANALYZE");
  auto reader = (*db)->connect(true).value();
  domain::ReadContext r{*reader, clock, *shop, ShopZone::shanghai()};

  auto list = [&](service::TicketQuery q) {
    return [&r, q] {
      auto page = service::list_tickets(r, q);
      if (!page.ok()) {
        std::cerr << page.status().to_string() << "\n";
        std::exit(1);
      }
      return page->tickets.size();
    };
  };
  std::vector<Timing> rows;
  service::TicketQuery open;
  open.statuses = {"open"};
  rows.push_back(time_it("open queue, newest first (status=open)", spec.repeats, list(open)));
  service::TicketQuery mine = open;
  mine.assignee = 7;
  rows.push_back(
      time_it("an agent's open tickets (assignee=7&status=open)", spec.repeats, list(mine)));
  service::TicketQuery all_mine;
  all_mine.assignee = 7;
  rows.push_back(
      time_it("an agent's tickets, all statuses (assignee=7)", spec.repeats, list(all_mine)));
  service::TicketQuery customer;
  customer.customer = 4242;
  rows.push_back(time_it("a customer's tickets (customer=4242)", spec.repeats, list(customer)));
  service::TicketQuery risk = open;
  risk.sla_states = {"at_risk"};
  rows.push_back(time_it("SLA at risk (status=open&sla=at_risk)", spec.repeats, list(risk)));
  service::TicketQuery due = open;
  due.sort = "due";
  rows.push_back(time_it("open queue by resolution due (sort=due)", spec.repeats, list(due)));
  service::TicketQuery urgent = open;
  urgent.sort = "priority";
  rows.push_back(time_it("open queue by priority (sort=priority)", spec.repeats, list(urgent)));
  service::TicketQuery text;
  text.q = "发票抬头";
  rows.push_back(
      time_it("text search, common word (q=发票抬头, full text)", spec.repeats, list(text)));
  service::TicketQuery rare;
  rare.q = "#123457";
  rows.push_back(
      time_it("text search, one match (q=#123457, full text)", spec.repeats, list(rare)));
  service::TicketQuery two;
  two.q = "退款进度 #12345";
  rows.push_back(
      time_it("text search, two words (q=退款进度 #12345, full text)", spec.repeats, list(two)));
  service::TicketQuery short_word;
  short_word.q = "发票";
  rows.push_back(
      time_it("text search, 2 characters (q=发票, LIKE)", spec.repeats, list(short_word)));
  service::TicketQuery short_rare;
  short_rare.q = "#9";
  short_rare.statuses = {"new"};
  rows.push_back(time_it("text search, 2 characters, rare (q=#9&status=new, LIKE)",
                         std::max(3, spec.repeats / 10), list(short_rare)));
  {
    service::TicketQuery deep;
    std::string cursor;
    for (int i = 0; i < 49; ++i) {
      deep.cursor = cursor;
      cursor = service::list_tickets(r, deep)->next_cursor;
    }
    deep.cursor = cursor;
    rows.push_back(
        time_it("page 50 by keyset (all tickets, 50 per page)", spec.repeats, list(deep)));
  }
  auto report = [&](std::string group_by, int days, bool recompute = false) {
    return [&r, &now, group_by, days, recompute] {
      service::ReportQuery q;
      q.to = now;
      q.from = now - std::chrono::hours(24 * days);
      q.group_by = group_by;
      q.recompute = recompute;
      auto rep = service::service_report(r, q);
      if (!rep.ok()) {
        std::cerr << rep.status().to_string() << "\n";
        std::exit(1);
      }
      return static_cast<size_t>(rep->total.tickets);
    };
  };
  rows.push_back(time_it("report, last 7 days", std::max(3, spec.repeats / 5), report("", 7)));
  rows.push_back(time_it("report, last 30 days by agent", std::max(3, spec.repeats / 10),
                         report("agent", 30)));
  rows.push_back(
      time_it("report, last 30 days by day", std::max(3, spec.repeats / 10), report("day", 30)));
  rows.push_back(time_it("report, last 7 days, recomputed (reference)", 3, report("", 7, true)));
  rows.push_back(time_it("report, last 30 days by agent, recomputed (reference)", 3,
                         report("agent", 30, true)));

  std::cout << fmt::format(
      "\nService desk: {} tickets, {} customers, {} agents; generated in "
      "{:.1f} s ({}); full-text index built in {:.1f} s; stored speed backfilled in {:.1f} s "
      "({:.0f} tickets/s)\n\n",
      spec.tickets, spec.customers, spec.agents, gen_s, path, fts_s, backfill_s,
      static_cast<double>(spec.tickets) / std::max(backfill_s, 1e-9));
  std::cout << "| query | rows | p50 ms | p99 ms |\n|---|---:|---:|---:|\n";
  for (const auto& t : rows) {
    std::cout << fmt::format("| {} | {} | {:.2f} | {:.2f} |\n", t.name, t.rows, t.p50, t.p99);
  }
  reader.reset();
  conn.reset();
  db->reset();
  if (spec.db.empty()) {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  }
  return 0;
}

}  // namespace
}  // namespace guanxi::bench

int main(int argc, char** argv) {
  CLI::App app("Service desk benchmark: ticket-list queries and reports over a generated shop");
  guanxi::bench::Spec spec;
  app.add_option("--tickets", spec.tickets, "Tickets to generate")->default_val(1'000'000);
  app.add_option("--customers", spec.customers, "Customers")->default_val(200'000);
  app.add_option("--agents", spec.agents, "Agents")->default_val(60);
  app.add_option("--repeats", spec.repeats, "Runs per query")->default_val(30);
  app.add_option("--db", spec.db, "Keep the database at this path (default: a temporary file)");
  CLI11_PARSE(app, argc, argv);
  return guanxi::bench::run(spec);
}
