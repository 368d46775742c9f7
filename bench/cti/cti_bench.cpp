// Screen-pop latency: a real server in process (HTTP on loopback, SQLite with
// the group-commit Writer, the CallCenter) with 1,000 agents in 50 queues;
// `--streams` agents log in with their event stream open; `--clients`
// threads act as the telephony system, each posting an "offered" CTI event,
// waiting for its screen_pop, then answering and ending the call. Latency is
// from just before the offered POST is sent to the moment the screen_pop
// event is read from the agent's stream (both stamped with one steady clock).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "api/app_context.hpp"
#include "api/server.hpp"
#include "api/testing/http_client.hpp"
#include "cti/call_center.hpp"
#include "cti/call_log.hpp"
#include "domain/shops.hpp"
#include "store/writer.hpp"

namespace {

using namespace guanxi;
using Clock = std::chrono::steady_clock;

struct Options {
  int agents = 1000;
  int queues = 50;
  int streams = 200;
  int clients = 4;
  int calls = 4000;
  double target_p99_ms = 200;
  bool strict = false;
};

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Pops seen on the agents' streams: call id -> when read.
struct Pops {
  std::mutex mu;
  std::condition_variable cv;
  std::map<int64_t, Clock::time_point> seen;

  void add(int64_t call) {
    {
      std::lock_guard lock(mu);
      seen[call] = Clock::now();
    }
    cv.notify_all();
  }
  std::optional<Clock::time_point> wait(int64_t call, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    if (!cv.wait_for(lock, timeout, [&] { return seen.count(call) != 0; })) return std::nullopt;
    return seen[call];
  }
};

int run(const Options& o) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("guanxi_cti_bench_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = store::open_database((dir / "bench.db").string()).value();
  auto conn = db->connect().value();
  SystemClock clock;
  const domain::Shop shop =
      domain::create_shop(*conn, clock, domain::Shop{0, "bench", "Asia/Shanghai", "CNY"}).value();
  const auto key = domain::create_api_key(*conn, clock, shop.id, "bench", "admin").value();
  auto writer = store::Writer::start(*db).value();

  // 50 queues, 1,000 agents: agent a has the skill of queue a % queues.
  std::vector<int64_t> queue_ids;
  std::vector<int64_t> agent_ids;
  Status setup = writer->run([&](store::Connection& c) -> Status {
    domain::WriteContext w{c, clock, shop, ShopZone::shanghai(), "bench"};
    for (int q = 0; q < o.queues; ++q) {
      store::CallQueueRecord rec;
      rec.name = fmt::format("queue-{}", q);
      rec.skill = fmt::format("skill-{}", q);
      GX_ASSIGN_OR_RETURN(auto made, cti::create_queue(w, rec));
      queue_ids.push_back(made.id);
    }
    for (int a = 0; a < o.agents; ++a) {
      cti::AgentInput in;
      in.name = fmt::format("agent-{}", a);
      in.skills = Json{{fmt::format("skill-{}", a % o.queues), 5}};
      GX_ASSIGN_OR_RETURN(auto made, cti::create_agent(w, in));
      agent_ids.push_back(made.agent.id);
    }
    return Status::ok();
  });
  if (!setup.is_ok()) {
    fmt::print(stderr, "setup failed: {}\n", setup.to_string());
    return 1;
  }
  auto center = cti::CallCenter::start(*db, *writer, clock, cti::CallCenter::Options{}).value();
  api::AppContext app(*db, *writer, clock);
  app.set_callcenter(center.get());
  api::ServerOptions options;
  options.port = 0;
  auto server = api::Server::start(options, app).value();
  const uint16_t port = server->port();

  // The streams, one reader thread each; their agents log in.
  Pops pops;
  std::atomic<bool> stop{false};
  std::atomic<int> ready{0};
  std::vector<std::thread> readers;
  const int streams = std::min(o.streams, o.agents);
  for (int i = 0; i < streams; ++i) {
    readers.emplace_back([&, agent = agent_ids[static_cast<size_t>(i)]] {
      api::testing::EventStreamClient stream(
          "127.0.0.1", port, fmt::format("/api/v1/agents/{}/events", agent), key.secret);
      if (stream.next_of("hello", std::chrono::seconds(10))) ++ready;
      while (!stop) {
        auto e = stream.next(std::chrono::milliseconds(100));
        if (e && e->type == "screen_pop") pops.add(e->data["call"]["id"].get<int64_t>());
        if (stream.ended()) break;
      }
    });
  }
  while (ready < streams) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  api::testing::HttpClient admin("127.0.0.1", port);
  admin.set_token(key.secret);
  for (int i = 0; i < streams; ++i) {
    admin.post(fmt::format("/api/v1/agents/{}/state", agent_ids[static_cast<size_t>(i)]),
               {{"state", "available"}});
  }

  // The telephony: each client thread offers, waits for the pop, answers, ends.
  std::mutex lat_mu;
  std::vector<double> latencies;
  std::atomic<int64_t> next_call{1};
  std::atomic<int> lost{0};
  const auto started = Clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < o.clients; ++t) {
    clients.emplace_back([&, t] {
      api::testing::HttpClient c("127.0.0.1", port);
      c.set_token(key.secret);
      for (;;) {
        const int64_t call = next_call++;
        if (call > o.calls) break;
        // Queues whose agents have streams: queue i % streams-covered queues.
        const int covered = std::min(o.queues, streams);
        const int64_t queue = queue_ids[static_cast<size_t>((call + t) % covered)];
        const auto sent = Clock::now();
        const auto r = c.post("/api/v1/cti/events", {{"type", "offered"},
                                                     {"call_id", call},
                                                     {"caller_number", "13800138000"},
                                                     {"queue_id", queue}});
        if (r.status != 200 || r.json()["decisions"].empty()) {
          ++lost;
          if (r.status == 200)
            c.post("/api/v1/cti/events", {{"type", "abandoned"}, {"call_id", call}});
          continue;
        }
        const auto seen = pops.wait(call, std::chrono::seconds(5));
        if (!seen) {
          ++lost;
        } else {
          std::lock_guard lock(lat_mu);
          latencies.push_back(ms(*seen - sent));
        }
        c.post("/api/v1/cti/events", {{"type", "answered"}, {"call_id", call}});
        c.post("/api/v1/cti/events", {{"type", "ended"}, {"call_id", call}});
      }
    });
  }
  for (auto& th : clients) th.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  stop = true;
  server->stop();
  for (auto& th : readers) th.join();
  server.reset();
  center.reset();
  writer.reset();
  conn.reset();
  db.reset();
  std::filesystem::remove_all(dir);

  std::sort(latencies.begin(), latencies.end());
  const auto pct = [&](double p) {
    if (latencies.empty()) return 0.0;
    const size_t i = std::min(latencies.size() - 1,
                              static_cast<size_t>(p * static_cast<double>(latencies.size())));
    return latencies[i];
  };
  fmt::print(
      "Screen-pop latency: CTI offered POST sent -> screen_pop read on the agent's stream\n");
  fmt::print(
      "{} agents, {} queues, {} open streams, {} telephony clients, {} calls in {:.1f} s "
      "({:.0f} calls/s, 3 CTI events each)\n\n",
      o.agents, o.queues, streams, o.clients, latencies.size(), seconds,
      static_cast<double>(latencies.size()) / seconds);
  fmt::print("{:>10} {:>10} {:>10} {:>10} {:>10}   {}\n", "p50 ms", "p95 ms", "p99 ms", "max ms",
             "lost", "target p99 < 200 ms");
  const double p99 = pct(0.99);
  const bool met = !latencies.empty() && p99 < o.target_p99_ms && lost == 0;
  fmt::print("{:>10.2f} {:>10.2f} {:>10.2f} {:>10.2f} {:>10}   {}\n", pct(0.50), pct(0.95), p99,
             latencies.empty() ? 0.0 : latencies.back(), lost.load(), met ? "met" : "MISSED");
  return o.strict && !met ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app("Screen-pop latency from a CTI event to the agent's open event stream");
  app.add_option("--agents", o.agents, "Agents (default 1000)");
  app.add_option("--queues", o.queues, "Queues (default 50)");
  app.add_option("--streams", o.streams, "Agents logged in with an open stream (default 200)");
  app.add_option("--clients", o.clients, "Concurrent telephony clients (default 4)");
  app.add_option("--calls", o.calls, "Calls offered (default 4000)");
  app.add_flag("--strict", o.strict, "Exit 1 when p99 misses 200 ms or a pop is lost");
  CLI11_PARSE(app, argc, argv);
  return run(o);
}
