// guanxi serve: the HTTP API on one process, until SIGINT or SIGTERM.
#include <signal.h>

#include <algorithm>
#include <iostream>

#include "api/app_context.hpp"
#include "api/server.hpp"
#include "api/static_files.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cti/call_center.hpp"
#include "journey/engine.hpp"
#include "outbox/dispatcher.hpp"
#include "segment/engine.hpp"
#include "service/engine.hpp"
#include "store/writer.hpp"

#ifndef GUANXI_SOURCE_WEB_DIST
#define GUANXI_SOURCE_WEB_DIST ""
#endif

namespace guanxi::cli {

namespace {

struct ServeArgs {
  GlobalOptions g;
  api::ServerOptions server;
  int port = 8080;
  int send_threads = 8;
  bool no_dispatch = false;
  bool no_web = false;
};

void serve(const ServeArgs& args, int& rc) {
  // Block the stop signals in every thread; this one waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto db = store::open_database(database_path(args.g));
  if (!db.ok()) {
    rc = report_error(db.status());
    return;
  }
  auto writer = store::Writer::start(**db);
  if (!writer.ok()) {
    rc = report_error(writer.status());
    return;
  }
  SystemClock clock;
  auto segments = segment::SegmentEngine::start(**db, **writer, clock);
  if (!segments.ok()) {
    rc = report_error(segments.status());
    return;
  }
  const segment::EngineStats stats = (*segments)->stats();
  std::cout << "Segment engine ready: " << stats.customers << " customers in " << stats.shops
            << " shop(s), built in " << static_cast<int64_t>(stats.build_ms) << " ms" << std::endl;
  // The outbox dispatcher first, so that the journey engine can wake it.
  std::unique_ptr<outbox::Dispatcher> dispatcher;
  if (!args.no_dispatch) {
    outbox::Dispatcher::Options o;
    o.threads = std::max(1, args.send_threads);
    auto started = outbox::Dispatcher::start(**db, **writer, clock, o);
    if (!started.ok()) {
      rc = report_error(started.status());
      return;
    }
    dispatcher = std::move(*started);
  }
  auto journeys = journey::JourneyEngine::start(
      **db, **writer, clock, **segments, journey::JourneyEngine::Options{}, [d = dispatcher.get()] {
        if (d != nullptr) d->notify();
      });
  if (!journeys.ok()) {
    rc = report_error(journeys.status());
    return;
  }
  std::cout << "Care automation running"
            << (dispatcher ? "" : " (--no-dispatch: messages stay queued, nothing is sent)")
            << std::endl;
  api::AppContext app(**db, **writer, clock, segments->get());
  // The service desk: SLA warnings and breaches, task reminders.
  auto service_desk =
      service::ServiceEngine::start(**db, **writer, clock, service::ServiceEngine::Options{});
  if (!service_desk.ok()) {
    rc = report_error(service_desk.status());
    return;
  }
  app.set_service(service_desk->get());
  // The call center: routing, CTI events, timeouts, screen-pop streams.
  auto callcenter = cti::CallCenter::start(**db, **writer, clock, cti::CallCenter::Options{});
  if (!callcenter.ok()) {
    rc = report_error(callcenter.status());
    return;
  }
  app.set_callcenter(callcenter->get());
  api::ServerOptions options = args.server;
  if (args.port < 0 || args.port > 65535) {
    rc = report_error(Status::invalid("--port must be between 0 and 65535"));
    return;
  }
  options.port = static_cast<uint16_t>(args.port);
  if (args.no_web) {
    options.web_root.clear();
  } else if (options.web_root.empty()) {
    if (auto root = api::default_web_root(GUANXI_SOURCE_WEB_DIST))
      options.web_root = root->string();
  }
  auto server = api::Server::start(options, app);
  if (!server.ok()) {
    rc = report_error(server.status());
    return;
  }
  std::cout << "Guanxi listening on http://" << options.host << ":" << (*server)->port()
            << " (database " << database_path(args.g) << ")" << std::endl;
  if (!options.web_root.empty()) std::cout << "Web UI from " << options.web_root << std::endl;
  if (!options.trusted_proxies.empty()) {
    std::cout << "Client addresses from X-Forwarded-For when the request comes from:";
    for (const auto& p : options.trusted_proxies) std::cout << ' ' << p;
    std::cout << std::endl;
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::cout << "Stopping (signal " << sig << "): finishing requests in flight…" << std::endl;
  (*server)->stop();
  server->reset();
  callcenter->reset();    // waits for its last Writer jobs
  service_desk->reset();  // its thread submits Writer jobs too
  journeys->reset();      // before the segment engine it asks
  dispatcher.reset();
  segments->reset();  // stops the change-feed thread, which submits Writer jobs
  writer->reset();    // drains queued writes before closing
  std::cout << "Stopped." << std::endl;
}

}  // namespace

void add_serve_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API and the web UI");
  add_global_options(*cmd, args->g, false);
  cmd->add_option("--host", args->server.host, "Address to listen on")->default_val("127.0.0.1");
  cmd->add_option("--port", args->port, "Port (0 = any free port)")->default_val(8080);
  cmd->add_option("--threads", args->server.io_threads, "I/O threads")->default_val(2);
  cmd->add_option("--send-threads", args->send_threads, "Outbox sending threads")->default_val(8);
  cmd->add_flag("--no-dispatch", args->no_dispatch,
                "Decide and queue messages but send nothing (staging, dry runs)");
  cmd->add_option("--web-root", args->server.web_root,
                  "Directory of the built web UI (default: ./web/dist, else the source tree's "
                  "web/dist, when present)");
  cmd->add_flag("--no-web", args->no_web, "Serve the API only");
  cmd->add_flag("--behind-tls", args->server.behind_tls,
                "The server is reached over HTTPS (a TLS-terminating proxy): session cookies "
                "get Secure, responses Strict-Transport-Security");
  cmd->add_option("--trusted-proxy", args->server.trusted_proxies,
                  "A reverse proxy (address or CIDR range; repeatable) whose X-Forwarded-For is "
                  "believed: requests from it are attributed to the right-most address in the "
                  "header that is not a trusted proxy (sign-in rate limits, sessions, audit "
                  "log). Without it the header is ignored; --behind-tls does not imply it")
      ->take_all();
  cmd->callback([args, &rc] { serve(*args, rc); });
}

}  // namespace guanxi::cli
