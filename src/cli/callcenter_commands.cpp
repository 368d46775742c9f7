// guanxi queues list|create, guanxi agents list|create|update, guanxi ivr
// put|show|walk, guanxi cti send, guanxi calls, guanxi callstats and guanxi
// callsim: thin shells over the cti functions the HTTP API calls. Queue and
// agent changes made here reach a running server's call center when it
// restarts (change them through the API to reach it at once); CTI events
// always go to the running server (`cti send`, `callsim --url`).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "api/app_context.hpp"
#include "api/render_callcenter.hpp"
#include "api/server.hpp"
#include "api/testing/callsim.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cti/call_center.hpp"
#include "cti/call_log.hpp"
#include "domain/shops.hpp"
#include "store/writer.hpp"

namespace guanxi::cli {

namespace {

Result<Json> read_menu_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_json(text.str());
}

// "skill=level" -> {"skill": level}.
Result<Json> skills_arg(const std::vector<std::string>& items) {
  Json skills = Json::object();
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) return Status::invalid("--skill wants NAME=LEVEL, not " + item);
    try {
      skills[item.substr(0, eq)] = std::stoi(item.substr(eq + 1));
    } catch (const std::exception&) {
      return Status::invalid("--skill wants NAME=LEVEL, not " + item);
    }
  }
  return skills;
}

// "http://host:port" -> host, port.
Result<std::pair<std::string, uint16_t>> url_arg(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) return std::pair(rest, uint16_t{80});
  try {
    const int port = std::stoi(rest.substr(colon + 1));
    if (port < 1 || port > 65535) throw std::out_of_range("port");
    return std::pair(rest.substr(0, colon), static_cast<uint16_t>(port));
  } catch (const std::exception&) {
    return Status::invalid("--url must look like http://127.0.0.1:8080");
  }
}

// ---- queues -----------------------------------------------------------------------

struct QueueArgs {
  GlobalOptions g;
  std::string name;
  std::string skill;
  int64_t min_level = 1;
  int64_t priority = 0;
  int64_t overflow_to = 0;
  int64_t overflow_after = 0;
  int64_t callback_after = -1;
  int64_t service_level = 20;
};

Status queues_list(const QueueArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto queues, cti::list_queues(r));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& q : queues) items.push_back(api::render_queue(q));
    print_json(items);
    return Status::ok();
  }
  std::cout << fmt::format("{:>5}  {:<20} {:<16} {:>5} {:>8}  {}\n", "id", "name", "skill", "level",
                           "priority", "overflow");
  for (const auto& q : queues) {
    std::cout << fmt::format(
        "{:>5}  {:<20} {:<16} {:>5} {:>8}  {}\n", q.id, q.name, q.skill, q.min_level, q.priority,
        q.overflow_to ? fmt::format("-> {} after {} s", *q.overflow_to, q.overflow_after_s) : "-");
  }
  return Status::ok();
}

Status queues_create(const QueueArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  store::CallQueueRecord q;
  q.name = a.name;
  q.skill = a.skill;
  q.min_level = a.min_level;
  q.priority = a.priority;
  if (a.overflow_to > 0) q.overflow_to = a.overflow_to;
  q.overflow_after_s = a.overflow_after;
  if (a.callback_after >= 0) q.callback_offer_after_s = a.callback_after;
  q.service_level_s = a.service_level;
  GX_ASSIGN_OR_RETURN(auto made,
                      write(*s, [&q](domain::WriteContext& w) { return cti::create_queue(w, q); }));
  if (a.g.json) {
    print_json(api::render_queue(made));
  } else {
    std::cout << "Queue " << made.id << " created: " << made.name << " (skill " << made.skill
              << ")\n";
  }
  return Status::ok();
}

// ---- agents ------------------------------------------------------------------------

struct AgentArgs {
  GlobalOptions g;
  int64_t id = 0;
  std::string name;
  int64_t user = 0;
  std::vector<std::string> skills;
  std::optional<bool> blended;
  int64_t wrap_up = -1;
};

Result<cti::AgentInput> agent_input(const AgentArgs& a) {
  cti::AgentInput in;
  if (!a.name.empty()) in.name = a.name;
  if (a.user > 0) in.user_id = std::optional<int64_t>(a.user);
  if (!a.skills.empty()) {
    GX_ASSIGN_OR_RETURN(Json skills, skills_arg(a.skills));
    in.skills = skills;
  }
  in.blended = a.blended;
  if (a.wrap_up >= 0) in.wrap_up_s = a.wrap_up;
  return in;
}

Status agents_list(const AgentArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto agents, cti::list_agents(r));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& v : agents) items.push_back(api::render_agent(v, s->zone));
    print_json(items);
    return Status::ok();
  }
  std::cout << fmt::format("{:>5}  {:<16} {:<10} {:<8} {}\n", "id", "name", "state", "blended",
                           "skills");
  for (const auto& v : agents) {
    std::cout << fmt::format("{:>5}  {:<16} {:<10} {:<8} {}\n", v.agent.id, v.agent.name,
                             v.agent.state, v.blended ? "yes" : "no", v.agent.skills);
  }
  return Status::ok();
}

Status agents_save(const AgentArgs& a, bool create) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto input, agent_input(a));
  const int64_t id = a.id;
  GX_ASSIGN_OR_RETURN(auto agent, write(*s, [&](domain::WriteContext& w) {
                        return create ? cti::create_agent(w, input)
                                      : cti::update_agent(w, id, input);
                      }));
  if (a.g.json) {
    print_json(api::render_agent(agent, s->zone));
  } else {
    std::cout << "Agent " << agent.agent.id << " " << (create ? "created" : "updated") << ": "
              << agent.agent.name << " " << agent.agent.skills << "\n";
  }
  return Status::ok();
}

// ---- IVR ---------------------------------------------------------------------------

struct IvrArgs {
  GlobalOptions g;
  std::string name;
  std::string file;
  std::string number;
  std::string digits;
};

Status ivr_put(const IvrArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(Json menu, read_menu_json(a.file));
  GX_ASSIGN_OR_RETURN(auto parsed, write(*s, [&](domain::WriteContext& w) {
                        return cti::put_ivr_menu(w, a.name, menu);
                      }));
  std::cout << "IVR menu '" << a.name << "' stored: " << parsed.nodes.size() << " nodes, start "
            << parsed.start << "\n";
  return Status::ok();
}

Status ivr_show(const IvrArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(Json menu, cti::get_ivr_menu(r, a.name));
  print_json(menu);
  return Status::ok();
}

Status ivr_walk(const IvrArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto outcome, cti::walk_ivr_menu(r, a.name, a.number, a.digits));
  print_json(api::render_ivr_outcome(outcome));
  return Status::ok();
}

// ---- CTI, calls, statistics ----------------------------------------------------------

struct RemoteArgs {
  std::string url = "http://127.0.0.1:8080";
  std::string key;
};

Result<api::testing::HttpClient> remote_client(const RemoteArgs& a) {
  GX_ASSIGN_OR_RETURN(auto where, url_arg(a.url));
  std::string key = a.key;
  if (key.empty()) {
    if (const char* env = std::getenv("GUANXI_API_KEY")) key = env;
  }
  if (key.empty()) return Status::invalid("--key (or GUANXI_API_KEY) is required with --url");
  api::testing::HttpClient client(where.first, where.second);
  client.set_token(key);
  return client;
}

struct CtiArgs {
  RemoteArgs remote;
  std::string event;
};

Status cti_send(const CtiArgs& a) {
  GX_ASSIGN_OR_RETURN(auto client, remote_client(a.remote));
  GX_ASSIGN_OR_RETURN(Json event, parse_json(a.event));
  const auto r = client.post("/api/v1/cti/events", event);
  if (r.status == 0) return Status::io_error(r.body);
  print_json(r.json());
  return r.status == 200 ? Status::ok() : Status(ErrorCode::kInvalidArgument, "event refused");
}

struct CallsArgs {
  GlobalOptions g;
  std::string number;
  int64_t customer = 0;
  int64_t agent = 0;
  int64_t queue = 0;
  std::string from;
  std::string to;
  std::string interval = "15min";
  int limit = 50;
};

Result<std::optional<Timestamp>> optional_time_arg(const std::string& text, const ShopZone& zone,
                                                   std::string_view flag) {
  if (text.empty()) return std::optional<Timestamp>();
  auto t = zone.parse_local(text);
  if (!t.ok()) return Status::invalid(std::string(flag) + ": " + t.status().message());
  return std::optional<Timestamp>(*t);
}

Status calls_list(const CallsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  store::CallSearch search;
  if (!a.number.empty()) search.number = a.number;
  if (a.customer > 0) search.customer_id = a.customer;
  if (a.agent > 0) search.agent_id = a.agent;
  if (a.queue > 0) search.queue_id = a.queue;
  GX_ASSIGN_OR_RETURN(auto from, optional_time_arg(a.from, s->zone, "--from"));
  GX_ASSIGN_OR_RETURN(auto to, optional_time_arg(a.to, s->zone, "--to"));
  if (from) search.from = to_millis(*from);
  if (to) search.to = to_millis(*to);
  search.limit = a.limit;
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto calls, cti::search_calls(r, search));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& c : calls) items.push_back(api::render_call(c, s->zone));
    print_json(items);
    return Status::ok();
  }
  std::cout << fmt::format("{:>20}  {:<19} {:<8} {:<16} {:>5} {:>6} {:>9}  {}\n", "call", "offered",
                           "dir", "number", "queue", "agent", "customer", "outcome");
  for (const auto& c : calls) {
    std::cout << fmt::format("{:>20}  {:<19} {:<8} {:<16} {:>5} {:>6} {:>9}  {}\n", c.call_id,
                             s->zone.format_local(from_millis(c.offered_at)), c.direction, c.number,
                             c.queue_id, c.agent_id ? std::to_string(*c.agent_id) : "-",
                             c.customer_id ? std::to_string(*c.customer_id) : "-", c.outcome);
  }
  return Status::ok();
}

void print_metrics_row(const std::string& label, const Json& m) {
  std::cout << fmt::format("{:<22} {:>7} {:>8} {:>9} {:>7.1f}% {:>6.1f}% {:>7.1f} {:>7.1f}\n",
                           label, m["offered"].get<int64_t>(), m["answered"].get<int64_t>(),
                           m["abandoned"].get<int64_t>(), 100 * m["abandonment_rate"].get<double>(),
                           100 * m["service_level"].get<double>(), m["asa_s"].get<double>(),
                           m["aht_s"].get<double>());
}

void print_stats(const Json& stats, bool intervals, bool agents = true) {
  std::cout << fmt::format("{:<22} {:>7} {:>8} {:>9} {:>8} {:>7} {:>7} {:>7}\n", "", "offered",
                           "answered", "abandoned", "abandon", "SL20s", "ASA s", "AHT s");
  print_metrics_row("total", stats["total"]);
  for (const Json& q : stats["queues"]) {
    print_metrics_row("queue " + q["queue_id"].dump(), q);
  }
  for (const Json& a : agents ? stats["agents"] : Json::array()) {
    print_metrics_row("agent " + a["agent_id"].dump(), a);
    std::cout << fmt::format("{:<22} occupancy {:.1f}%\n", "",
                             100 * a["time"]["occupancy"].get<double>());
  }
  if (!intervals) return;
  for (const Json& i : stats["intervals"]) {
    print_metrics_row(i["start_local"].get<std::string>(), i);
  }
}

Status callstats(const CallsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto from, optional_time_arg(a.from, s->zone, "--from"));
  GX_ASSIGN_OR_RETURN(auto to, optional_time_arg(a.to, s->zone, "--to"));
  const Timestamp end = to.value_or(s->clock.now());
  const Timestamp start =
      from.value_or(s->zone.at_local(s->zone.local_day(end), std::chrono::minutes(0)));
  const std::chrono::minutes length(a.interval == "day" ? 1440 : a.interval == "hour" ? 60 : 15);
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto stats, cti::call_statistics(r, start, end, length));
  const Json body = api::render_call_stats(stats, s->zone);
  if (a.g.json) {
    print_json(body);
  } else {
    std::cout << "Calls " << s->zone.format_local(start) << " .. " << s->zone.format_local(end)
              << "\n";
    print_stats(body, true);
  }
  return Status::ok();
}

// ---- callsim -------------------------------------------------------------------------

struct CallsimArgs {
  GlobalOptions g;
  RemoteArgs remote;
  bool remote_given = false;
  int64_t calls = 2000;
  int agents = 40;
  int queues = 4;
  uint64_t seed = 1;
  std::string start;
};

// Runs the simulation against `client` and prints the comparison.
Status run_and_print(api::testing::HttpClient& client, callcenter::SimConfig config, bool json) {
  GX_ASSIGN_OR_RETURN(auto report, api::testing::run_callsim(client, config));
  if (json) {
    print_json(Json{{"api", report.api},
                    {"truth", report.truth},
                    {"differences", report.differences},
                    {"violations", report.violations},
                    {"events", report.events},
                    {"seconds", report.seconds}});
  } else {
    std::cout << "Simulated " << report.calls << " calls with " << config.agents << " agents (seed "
              << config.seed << "): " << report.events << " CTI events in "
              << fmt::format("{:.2f}", report.seconds) << " s\n\nStatistics API:\n";
    print_stats(report.api, false, false);
    std::cout << "\nSimulated truth (agents: --json):\n";
    print_stats(report.truth, false, false);
    std::cout << "\n";
    for (const auto& v : report.violations) std::cout << "violation: " << v << "\n";
    for (const auto& d : report.differences) std::cout << "differs: " << d << "\n";
    std::cout << (report.matches() ? "The statistics match the simulated truth.\n"
                                   : "The statistics DIFFER from the simulated truth.\n");
  }
  if (!report.matches()) return Status::internal("the statistics differ from the simulated truth");
  return Status::ok();
}

// Two days ago at 08:00 shop time: a simulated day ends before now, within
// the call center's bounds on event times.
std::string default_start(const ShopZone& zone, const Clock& clock) {
  const Timestamp t =
      zone.at_local(zone.local_day(clock.now()) - std::chrono::days(2), std::chrono::hours(8));
  return zone.format_local(t).substr(0, 16);
}

Status callsim(const CallsimArgs& a) {
  callcenter::SimConfig config;
  config.calls = a.calls;
  config.agents = a.agents;
  config.queues = a.queues;
  config.seed = a.seed;
  if (a.remote_given) {
    GX_ASSIGN_OR_RETURN(auto client, remote_client(a.remote));
    SystemClock clock;
    config.start = a.start.empty() ? default_start(ShopZone::shanghai(), clock) : a.start;
    return run_and_print(client, config, a.g.json);
  }
  // No server given: serve the --db database in process on a loopback port.
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto writer, store::Writer::start(*s->db));
  SystemClock clock;
  GX_ASSIGN_OR_RETURN(auto center,
                      cti::CallCenter::start(*s->db, *writer, clock, cti::CallCenter::Options{}));
  api::AppContext app(*s->db, *writer, clock);
  app.set_callcenter(center.get());
  api::ServerOptions options;
  options.port = 0;
  GX_ASSIGN_OR_RETURN(auto server, api::Server::start(options, app));
  GX_ASSIGN_OR_RETURN(auto key,
                      domain::create_api_key(*s->conn, clock, s->shop.id, "callsim", "admin"));
  api::testing::HttpClient client("127.0.0.1", server->port());
  client.set_token(key.secret);
  config.start = a.start.empty() ? default_start(s->zone, clock) : a.start;
  Status result = run_and_print(client, config, a.g.json);
  server->stop();
  server.reset();
  center.reset();
  writer.reset();
  return result;
}

}  // namespace

void add_callcenter_commands(CLI::App& app, int& rc) {
  auto* queues = app.add_subcommand("queues", "Call queues: skills, priorities, overflow");
  queues->require_subcommand(1);
  auto ql = std::make_shared<QueueArgs>();
  auto* ql_cmd = queues->add_subcommand("list", "List the queues");
  add_global_options(*ql_cmd, ql->g);
  ql_cmd->callback([ql, &rc] { run_command(rc, [&] { return queues_list(*ql); }); });
  auto qc = std::make_shared<QueueArgs>();
  auto* qc_cmd = queues->add_subcommand("create", "Create a queue");
  add_global_options(*qc_cmd, qc->g);
  qc_cmd->add_option("name", qc->name, "Queue name, unique in the shop")->required();
  qc_cmd->add_option("--skill", qc->skill, "The skill an agent needs")->required();
  qc_cmd->add_option("--min-level", qc->min_level, "Minimum skill level 1-9 (default 1)");
  qc_cmd->add_option("--priority", qc->priority, "0-999, higher first (default 0)");
  qc_cmd->add_option("--overflow-to", qc->overflow_to, "Queue that also serves waiting calls");
  qc_cmd->add_option("--overflow-after", qc->overflow_after, "Seconds before overflowing");
  qc_cmd->add_option("--callback-after", qc->callback_after, "Seconds before a callback offer");
  qc_cmd->add_option("--service-level", qc->service_level, "Answered-within seconds (20)");
  qc_cmd->callback([qc, &rc] { run_command(rc, [&] { return queues_create(*qc); }); });

  auto* agents = app.add_subcommand("agents", "Agents: skills, blended mode, wrap-up");
  agents->require_subcommand(1);
  auto al = std::make_shared<AgentArgs>();
  auto* al_cmd = agents->add_subcommand("list", "List the agents and their state");
  add_global_options(*al_cmd, al->g);
  al_cmd->callback([al, &rc] { run_command(rc, [&] { return agents_list(*al); }); });
  for (const bool create : {true, false}) {
    auto args = std::make_shared<AgentArgs>();
    auto* cmd = agents->add_subcommand(create ? "create" : "update",
                                       create ? "Create an agent" : "Change agent ID");
    add_global_options(*cmd, args->g);
    if (create) {
      cmd->add_option("name", args->name, "Agent name, unique in the shop")->required();
    } else {
      cmd->add_option("id", args->id, "Agent id")->required();
      cmd->add_option("--name", args->name, "New name");
    }
    cmd->add_option("--user", args->user, "The person's user id (customers' dedicated CSR)");
    cmd->add_option("--skill", args->skills, "NAME=LEVEL (1-9), repeatable");
    cmd->add_option("--blended", args->blended, "true: also dials outbound lists");
    cmd->add_option("--wrap-up", args->wrap_up, "Seconds of after-call work");
    cmd->callback(
        [args, create, &rc] { run_command(rc, [&] { return agents_save(*args, create); }); });
  }

  auto* ivr = app.add_subcommand("ivr", "IVR menus: store, show, walk");
  ivr->require_subcommand(1);
  auto ip = std::make_shared<IvrArgs>();
  auto* ip_cmd = ivr->add_subcommand("put", "Validate and store menu NAME from FILE (JSON)");
  add_global_options(*ip_cmd, ip->g);
  ip_cmd->add_option("name", ip->name, "Menu name")->required();
  ip_cmd->add_option("file", ip->file, "JSON file")->required();
  ip_cmd->callback([ip, &rc] { run_command(rc, [&] { return ivr_put(*ip); }); });
  auto is = std::make_shared<IvrArgs>();
  auto* is_cmd = ivr->add_subcommand("show", "Print menu NAME");
  add_global_options(*is_cmd, is->g);
  is_cmd->add_option("name", is->name, "Menu name")->required();
  is_cmd->callback([is, &rc] { run_command(rc, [&] { return ivr_show(*is); }); });
  auto iw = std::make_shared<IvrArgs>();
  auto* iw_cmd = ivr->add_subcommand("walk", "Where a caller pressing DIGITS ends up");
  add_global_options(*iw_cmd, iw->g);
  iw_cmd->add_option("name", iw->name, "Menu name")->required();
  iw_cmd->add_option("--number", iw->number, "Caller number")->required();
  iw_cmd->add_option("--digits", iw->digits, "Digits pressed, e.g. 12");
  iw_cmd->callback([iw, &rc] { run_command(rc, [&] { return ivr_walk(*iw); }); });

  auto* cti_cmd = app.add_subcommand("cti", "Send CTI events to a running server");
  cti_cmd->require_subcommand(1);
  auto cs = std::make_shared<CtiArgs>();
  auto* cs_cmd = cti_cmd->add_subcommand("send", "POST one event (JSON) to /api/v1/cti/events");
  cs_cmd->add_option("event", cs->event, R"J(e.g. '{"type":"offered","call_id":7,...}')J")
      ->required();
  cs_cmd->add_option("--url", cs->remote.url, "Server (default http://127.0.0.1:8080)");
  cs_cmd->add_option("--key", cs->remote.key, "API key (or GUANXI_API_KEY)");
  cs_cmd->callback([cs, &rc] { run_command(rc, [&] { return cti_send(*cs); }); });

  auto cl = std::make_shared<CallsArgs>();
  auto* cl_cmd = app.add_subcommand("calls", "Search the call log, newest first");
  add_global_options(*cl_cmd, cl->g);
  cl_cmd->add_option("--number", cl->number, "Caller or dialed number");
  cl_cmd->add_option("--customer", cl->customer, "Customer id");
  cl_cmd->add_option("--agent", cl->agent, "Agent id");
  cl_cmd->add_option("--queue", cl->queue, "Queue id");
  cl_cmd->add_option("--from", cl->from, "Shop-local 'YYYY-MM-DD[ HH:MM]'");
  cl_cmd->add_option("--to", cl->to, "Shop-local 'YYYY-MM-DD[ HH:MM]', exclusive");
  cl_cmd->add_option("--limit", cl->limit, "1-1000 (default 50)")->check(CLI::Range(1, 1000));
  cl_cmd->callback([cl, &rc] { run_command(rc, [&] { return calls_list(*cl); }); });

  auto st = std::make_shared<CallsArgs>();
  auto* st_cmd = app.add_subcommand("callstats", "Call statistics per queue, agent and interval");
  add_global_options(*st_cmd, st->g);
  st_cmd->add_option("--from", st->from, "Shop-local start (default: today 00:00)");
  st_cmd->add_option("--to", st->to, "Shop-local end (default: now)");
  st_cmd->add_option("--interval", st->interval, "15min, hour or day")
      ->check(CLI::IsMember({"15min", "hour", "day"}));
  st_cmd->callback([st, &rc] { run_command(rc, [&] { return callstats(*st); }); });

  auto sim = std::make_shared<CallsimArgs>();
  auto* sim_cmd = app.add_subcommand(
      "callsim",
      "Simulate a seeded call-center day through the CTI HTTP API and check the statistics");
  add_global_options(*sim_cmd, sim->g);
  sim_cmd->add_option("--calls", sim->calls, "Inbound calls (default 2000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  sim_cmd->add_option("--agents", sim->agents, "Agents (default 40)")->check(CLI::Range(1, 5000));
  sim_cmd->add_option("--queues", sim->queues, "Queues (default 4)")->check(CLI::Range(1, 100));
  sim_cmd->add_option("--seed", sim->seed, "Random seed (default 1)");
  sim_cmd->add_option("--start", sim->start,
                      "Shop-local 'YYYY-MM-DD HH:MM' (default: two days ago 08:00)");
  auto* url = sim_cmd->add_option("--url", sim->remote.url,
                                  "A running server (default: serve --db in process)");
  sim_cmd->add_option("--key", sim->remote.key, "API key for --url (or GUANXI_API_KEY)");
  sim_cmd->callback([sim, url, &rc] {
    sim->remote_given = url->count() > 0;
    run_command(rc, [&] { return callsim(*sim); });
  });
}

}  // namespace guanxi::cli
