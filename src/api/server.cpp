// The transport: sockets, HTTP/1.1 parsing and serialization (Beast), the
// io threads, timeouts, keep-alive and graceful stop. Everything that is not
// about bytes on a connection happens in the Dispatcher.
#include "api/server.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "api/auth.hpp"
#include "api/client_address.hpp"
#include "api/dispatcher.hpp"
#include "api/handlers/routes.hpp"
#include "api/login_limiter.hpp"
#include "api/metrics.hpp"
#include "api/request_context.hpp"
#include "api/static_files.hpp"
#include "api/write_await.hpp"

namespace guanxi::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr uint32_t kHeaderLimit = 16 * 1024;

void log_coroutine_exit(const char* what, const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::error("{} ended with an exception: {}", what, ex.what());
  }
}

}  // namespace

Status ServerOptions::validate() const {
  const auto bad = [](const char* key, const std::string& why) {
    Location loc;
    loc.field = key;
    return Status::invalid(std::string(key) + " " + why, loc);
  };
  if (host.empty()) return bad("host", "must not be empty");
  if (io_threads < 1 || io_threads > 64) return bad("io_threads", "must be between 1 and 64");
  if (max_body_bytes < 1024) return bad("max_body_bytes", "must be at least 1024");
  if (max_batch_body_bytes < max_body_bytes)
    return bad("max_batch_body_bytes", "must be at least max_body_bytes");
  if (read_timeout.count() <= 0) return bad("read_timeout", "must be positive");
  if (idle_timeout.count() <= 0) return bad("idle_timeout", "must be positive");
  if (write_timeout.count() <= 0) return bad("write_timeout", "must be positive");
  if (shutdown_grace.count() < 0) return bad("shutdown_grace", "must not be negative");
  if (auth_cache_ttl.count() < 0) return bad("auth_cache_ttl", "must not be negative");
  if (stream_keep_alive.count() <= 0) return bad("stream_keep_alive", "must be positive");
  if (session_lifetime.count() <= 0) return bad("session_lifetime", "must be positive");
  if (session_idle.count() <= 0) return bad("session_idle", "must be positive");
  if (lockout_failures < 1) return bad("lockout_failures", "must be at least 1");
  if (lockout_duration.count() < 0) return bad("lockout_duration", "must not be negative");
  if (login_attempts_per_username < 1 || login_attempts_per_ip < 1)
    return bad("login_attempts", "must be at least 1");
  if (login_window.count() <= 0) return bad("login_window", "must be positive");
  GX_RETURN_IF_ERROR(TrustedProxies::parse(trusted_proxies).status());
  if (!web_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(web_root, ec))
      return bad("web_root", "'" + web_root + "' is not a directory");
  }
  return Status::ok();
}

struct Server::Impl {
  // One connection's state as its worker sees it (for stop()).
  struct SessionState {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;  // a complete request is being handled or answered
    // While a streamed response is being sent: ends it (at stop()).
    std::function<void()> end_stream;
  };

  // One io thread: its io_context, its reader connection and its connections.
  // Only that thread touches `reader` and `sessions`.
  struct Worker {
    explicit Worker(store::Database& db) : reader(db) {}

    ReaderConnection reader;
    std::unordered_set<SessionState*> sessions;
    bool stopping = false;
    // Declared last: destroyed first, together with any suspended coroutine
    // frames, while the members above are still alive.
    asio::io_context ioc{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::thread thread;
  };

  // Removes a session from its worker's set when the session ends.
  class SessionRegistration {
   public:
    SessionRegistration(Worker& w, SessionState& s) : w_(w), s_(s) { w_.sessions.insert(&s_); }
    ~SessionRegistration() { w_.sessions.erase(&s_); }
    SessionRegistration(const SessionRegistration&) = delete;
    SessionRegistration& operator=(const SessionRegistration&) = delete;

   private:
    Worker& w_;
    SessionState& s_;
  };

  Impl(const ServerOptions& opts, AppContext& app_ctx, Router r)
      : options(opts),
        app(app_ctx),
        router(std::move(r)),
        auth(app.writer(), app.clock(),
             Authenticator::Options{opts.auth_cache_ttl, std::chrono::seconds(60),
                                    domain::SessionPolicy{opts.session_lifetime, opts.session_idle},
                                    opts.behind_tls}),
        metrics(router),
        logins(LoginLimiter::Options{opts.login_attempts_per_username, opts.login_attempts_per_ip,
                                     opts.login_window}),
        services{app,     auth,
                 metrics, router,
                 writes,  &logins,
                 nullptr, domain::LockoutPolicy{opts.lockout_failures, opts.lockout_duration}},
        dispatcher(services, BodyLimits{opts.max_body_bytes, opts.max_batch_body_bytes}),
        proxies(TrustedProxies::parse(opts.trusted_proxies).value_or(TrustedProxies())) {
    if (!opts.web_root.empty()) {
      web.emplace(opts.web_root);
      services.web = &*web;
    }
  }

  Status listen();
  void run_threads();
  void stop();
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(Worker& w, tcp::socket socket);
  // Sends a refusal and closes the connection (see linger()).
  asio::awaitable<void> refuse(beast::tcp_stream& stream, Response& r, unsigned version);
  // Sends a response (its body is moved out); the outcome is left in `ec`.
  asio::awaitable<void> send(beast::tcp_stream& stream, Response& r, unsigned version,
                             bool keep_alive, beast::error_code& ec);
  // Sends a streamed response until its source ends, the peer goes or the server stops.
  asio::awaitable<void> send_stream(Worker& w, SessionState& state, beast::tcp_stream& stream,
                                    Response& r, unsigned version);

  ServerOptions options;
  AppContext& app;
  Router router;
  Authenticator auth;
  Metrics metrics;
  WriteTracker writes;
  LoginLimiter logins;
  std::optional<StaticFiles> web;
  Services services;
  Dispatcher dispatcher;
  TrustedProxies proxies;  // validated by ServerOptions::validate()

  uint16_t port = 0;
  size_t next_worker = 0;
  std::mutex stop_mu;
  std::condition_variable threads_done_cv;
  size_t threads_done = 0;
  bool stopped = false;
  // Declared last: destroyed first (see Worker).
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<tcp::acceptor> acceptor;  // lives on workers[0]
};

Status Server::Impl::listen() {
  for (int i = 0; i < options.io_threads; ++i)
    workers.push_back(std::make_unique<Worker>(app.database()));
  beast::error_code ec;
  tcp::resolver resolver(workers[0]->ioc);
  const auto endpoints =
      resolver.resolve(options.host, std::to_string(options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return Status::io_error("cannot resolve host '" + options.host + "': " + ec.message());
  }
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor.emplace(workers[0]->ioc);
  const auto fail = [&](const char* step) {
    return Status::io_error(std::string("cannot ") + step + " " + options.host + ":" +
                            std::to_string(options.port) + ": " + ec.message());
  };
  acceptor->open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for");
  acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("configure");
  acceptor->bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  port = acceptor->local_endpoint(ec).port();
  return Status::ok();
}

void Server::Impl::run_threads() {
  asio::co_spawn(workers[0]->ioc, accept_loop(),
                 [](std::exception_ptr e) { log_coroutine_exit("acceptor", e); });
  for (auto& w : workers) {
    w->work.emplace(w->ioc.get_executor());
    w->thread = std::thread([this, worker = w.get()] {
      worker->ioc.run();
      std::lock_guard lock(stop_mu);
      ++threads_done;
      threads_done_cv.notify_all();
    });
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    Worker& w = *workers[next_worker];
    next_worker = (next_worker + 1) % workers.size();
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(w.ioc, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) {
      // Out of descriptors and the like: back off instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(workers[0]->ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(w.ioc, session(w, std::move(socket)),
                   [](std::exception_ptr e) { log_coroutine_exit("HTTP session", e); });
  }
}

asio::awaitable<void> Server::Impl::send(beast::tcp_stream& stream, Response& r, unsigned version,
                                         bool keep_alive, beast::error_code& ec) {
  http::response<http::string_body> out{static_cast<http::status>(r.status), version};
  if (!r.content_type.empty()) out.set(http::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers) out.set(name, value);
  out.body() = std::move(r.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  stream.expires_after(options.write_timeout);
  co_await http::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> Server::Impl::send_stream(Worker& w, SessionState& state,
                                                beast::tcp_stream& stream, Response& r,
                                                unsigned version) {
  beast::error_code ec;
  http::response<http::empty_body> head{static_cast<http::status>(r.status), version};
  head.set(http::field::content_type, r.content_type);
  head.set(http::field::cache_control, "no-cache");
  for (const auto& [name, value] : r.headers) head.set(name, value);
  head.keep_alive(false);
  http::response_serializer<http::empty_body> serializer{head};
  stream.expires_after(options.write_timeout);
  co_await http::async_write_header(stream, serializer,
                                    asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  const std::shared_ptr<ResponseStream> source = r.stream;
  // The source's wake-ups cancel this timer's wait, on this thread.
  auto signal = std::make_shared<asio::steady_timer>(w.ioc);
  const auto executor = w.ioc.get_executor();
  std::weak_ptr<asio::steady_timer> weak = signal;
  source->set_waker([executor, weak] {
    asio::post(executor, [weak] {
      if (auto t = weak.lock()) t->cancel();
    });
  });
  bool ended = false;
  state.end_stream = [&ended, signal, &stream] {
    ended = true;
    signal->cancel();
    stream.cancel();
  };
  std::string out;
  while (!ended && !w.stopping) {
    out.clear();
    const bool more = source->next(out);
    if (out.empty() && more) {
      signal->expires_after(options.stream_keep_alive);
      co_await signal->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (ec || ended || w.stopping) continue;  // woken: ask the source again
      out = ": keep-alive\n\n";
    }
    if (!out.empty()) {
      stream.expires_after(options.write_timeout);
      co_await asio::async_write(stream, asio::buffer(out),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    if (!more) break;
  }
  state.end_stream = nullptr;
  source->set_waker(nullptr);
}

namespace {

constexpr auto kLingerTime = std::chrono::seconds(2);

// Closes a connection whose request was not read to the end: stop sending,
// then read and discard what the client is still sending for a moment, so
// that closing does not reset the connection and destroy the response before
// the client has read it.
asio::awaitable<void> linger(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  stream.expires_after(kLingerTime);
  std::array<char, 4096> sink;
  while (!ec) {
    co_await stream.async_read_some(asio::buffer(sink),
                                    asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace

asio::awaitable<void> Server::Impl::refuse(beast::tcp_stream& stream, Response& r,
                                           unsigned version) {
  beast::error_code ec;
  co_await send(stream, r, version, false, ec);
  if (!ec) co_await linger(stream);
}

asio::awaitable<void> Server::Impl::session(Worker& w, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  SessionState state{&stream, false, nullptr};
  SessionRegistration registration(w, state);
  beast::flat_buffer buffer;
  beast::error_code ec;
  bool first = true;

  while (!w.stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    // The largest limit of any route while the header is read (Beast checks
    // Content-Length against it then); the route's own limit is applied below.
    parser.body_limit(options.max_batch_body_bytes);
    stream.expires_after(first ? options.read_timeout : options.idle_timeout);
    first = false;
    co_await http::async_read_header(stream, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      // A peer that closed or went quiet gets no answer; malformed HTTP does.
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || !parser.got_some()) {
        break;
      }
      const Status why = ec == http::error::header_limit
                             ? Status(ErrorCode::kPayloadTooLarge, "request header exceeds 16 KiB")
                             : Status::invalid("malformed HTTP request: " + ec.message());
      Response refusal = dispatcher.reject(Method::kOther, "", why);
      co_await refuse(stream, refusal, 11);
      co_return;
    }

    auto& header = parser.get();
    const Method method = parse_method(header.method_string());
    const std::string_view target = header.target();
    const size_t limit = dispatcher.body_limit(method, target);
    if (const auto length = parser.content_length(); length && *length > limit) {
      // The body is not read, so the connection cannot be reused.
      const Status why(ErrorCode::kPayloadTooLarge,
                       "request body exceeds " + std::to_string(limit) + " bytes");
      Response refusal = dispatcher.reject(method, target, why);
      co_await refuse(stream, refusal, header.version());
      co_return;
    }
    parser.body_limit(limit);
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      http::response<http::empty_body> go_on{http::status::continue_, header.version()};
      co_await http::async_write(stream, go_on, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    stream.expires_after(options.read_timeout);
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == http::error::body_limit) {
        const Status why(ErrorCode::kPayloadTooLarge,
                         "request body exceeds " + std::to_string(limit) + " bytes");
        Response refusal = dispatcher.reject(method, target, why);
        co_await refuse(stream, refusal, header.version());
        co_return;
      }
      if (ec != beast::error::timeout && ec != asio::error::operation_aborted &&
          ec != http::error::end_of_stream && ec != asio::error::eof) {
        const Status why = Status::invalid("malformed HTTP request: " + ec.message());
        Response refusal = dispatcher.reject(method, target, why);
        co_await refuse(stream, refusal, header.version());
        co_return;
      }
      break;
    }

    state.busy = true;
    stream.expires_never();
    const auto& message = parser.get();
    Request request;
    request.method = method;
    request.target = message.target();
    request.content_type = message[http::field::content_type];
    request.authorization = message[http::field::authorization];
    request.cookie = message[http::field::cookie];
    request.csrf_token = message["X-CSRF-Token"];
    request.user_agent = message[http::field::user_agent];
    request.accept_encoding = message[http::field::accept_encoding];
    if (const auto peer = stream.socket().remote_endpoint(ec); !ec) {
      request.remote_ip = peer.address().to_string();
      if (!proxies.empty()) {
        std::string forwarded;  // every X-Forwarded-For field, in order
        const auto range = message.equal_range("X-Forwarded-For");
        for (auto it = range.first; it != range.second; ++it) {
          if (!forwarded.empty()) forwarded += ',';
          forwarded += it->value();
        }
        request.remote_ip = client_address(request.remote_ip, forwarded, proxies);
      }
    }
    ec = {};
    request.body = message.body();
    Response response = co_await dispatcher.dispatch(request, w.reader);
    if (response.stream) {
      co_await send_stream(w, state, stream, response, message.version());
      break;
    }
    const bool keep_alive = message.keep_alive() && !response.close && !w.stopping;
    co_await send(stream, response, message.version(), keep_alive, ec);
    state.busy = false;
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

void Server::Impl::stop() {
  {
    std::lock_guard lock(stop_mu);
    if (stopped) return;
    stopped = true;
  }
  asio::post(workers[0]->ioc, [this] {
    beast::error_code ec;
    acceptor->close(ec);
  });
  for (auto& w : workers) {
    asio::post(w->ioc, [worker = w.get()] {
      worker->stopping = true;
      for (SessionState* s : worker->sessions) {
        if (!s->busy) s->stream->cancel();   // an idle or half-read connection ends now
        if (s->end_stream) s->end_stream();  // an event stream ends now
      }
      worker->work.reset();
    });
  }
  {
    std::unique_lock lock(stop_mu);
    const bool drained = threads_done_cv.wait_for(
        lock, options.shutdown_grace, [this] { return threads_done == workers.size(); });
    if (!drained)
      spdlog::warn("requests still in flight after the shutdown grace period; stopping anyway");
  }
  for (auto& w : workers) w->ioc.stop();
  for (auto& w : workers) {
    if (w->thread.joinable()) w->thread.join();
  }
  // The Writer may still hold completions of jobs whose requests were cut
  // off; they must be handed back before the io_contexts are destroyed.
  writes.wait_idle();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  stop();
}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, AppContext& app) {
  GX_RETURN_IF_ERROR(options.validate());
  if (sodium_init() < 0) return Status::internal("libsodium failed to initialise");
  GX_RETURN_IF_ERROR(app.load_shops());
  GX_ASSIGN_OR_RETURN(Router router, build_router());
  auto impl = std::make_unique<Impl>(options, app, std::move(router));
  GX_RETURN_IF_ERROR(impl->listen());
  impl->run_threads();
  spdlog::info("HTTP API listening on {}:{} with {} io threads", options.host, impl->port,
               options.io_threads);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const {
  return impl_->port;
}

void Server::stop() {
  impl_->stop();
}

const Router& Server::router() const {
  return impl_->router;
}

}  // namespace guanxi::api
