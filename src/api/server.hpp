// The HTTP server: Boost.Beast over Asio with C++20 coroutines.
//
// Threading: `io_threads` threads, each running its own io_context, so a
// connection and everything it touches (its reader connection, its session
// state) stay on one thread. The acceptor hands connections out round-robin.
// Reads run synchronously on the thread's reader connection; writes are
// Writer jobs whose commit the request coroutine awaits without blocking the
// thread, and a write is acknowledged only after its commit (durable).
//
//   api::AppContext app(*db, *writer, clock);
//   GX_ASSIGN_OR_RETURN(auto server, api::Server::start(options, app));
//   ... server->port() ...
//   server->stop();  // or let the destructor do it
//
// The AppContext (and the database, Writer and clock it refers to) must
// outlive the Server.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/app_context.hpp"
#include "api/router.hpp"
#include "core/status.hpp"

namespace guanxi::api {

struct ServerOptions {
  std::string host = "127.0.0.1";           // an address or a name; "0.0.0.0" for every interface
  uint16_t port = 8080;                     // 0 picks a free port (see Server::port())
  int io_threads = 2;                       // 1..64
  size_t max_body_bytes = size_t{1} << 20;  // request bodies (1 MiB)
  size_t max_batch_body_bytes = size_t{16} << 20;  // /orders/batch and /batch (16 MiB)
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};  // to receive a whole request
  std::chrono::milliseconds idle_timeout{
      std::chrono::seconds(60)};  // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};  // to send a response
  std::chrono::milliseconds shutdown_grace{
      std::chrono::seconds(10)};  // in-flight requests at stop()
  std::chrono::milliseconds auth_cache_ttl{
      std::chrono::seconds(30)};  // validated API keys kept in memory
  std::chrono::milliseconds stream_keep_alive{
      std::chrono::seconds(15)};  // SSE comment on an idle event stream

  // Users and sessions (see auth.hpp). behind_tls: the server is reached
  // through HTTPS (a TLS-terminating proxy): the session cookie gets Secure and
  // responses Strict-Transport-Security.
  bool behind_tls = false;
  std::chrono::milliseconds session_lifetime{std::chrono::hours(12)};  // absolute expiry
  std::chrono::milliseconds session_idle{std::chrono::hours(2)};       // idle expiry
  int lockout_failures = 5;  // failed sign-ins in a row that lock an account
  std::chrono::milliseconds lockout_duration{std::chrono::minutes(15)};
  int login_attempts_per_username = 10;  // sign-in attempts per window (in memory)
  int login_attempts_per_ip = 30;
  std::chrono::milliseconds login_window{std::chrono::minutes(5)};

  // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR
  // ranges; `guanxi serve --trusted-proxy`). Empty (the default): the TCP
  // peer's address is the client's, whatever the headers say. See
  // client_address.hpp: it decides the address the sign-in rate limits, the
  // sessions and the audit log see.
  std::vector<std::string> trusted_proxies;

  // The built web UI to serve for non-API GETs ("" = none); see static_files.hpp.
  std::string web_root;

  // invalid_argument naming the first option out of range.
  Status validate() const;
};

class Server {
 public:
  // Loads the shops, binds host:port and starts the io threads. io_error when
  // the address cannot be bound; invalid_argument for bad options.
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options, AppContext& app);
  ~Server();  // stop()

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the chosen one when started with port 0).
  uint16_t port() const;

  // Graceful stop: no new connections; idle connections are closed; requests
  // in flight finish and are answered (up to shutdown_grace, after which the
  // io threads are stopped); then waits until every Writer job the server
  // submitted has completed. Idempotent. Must not be called from an io thread.
  void stop();

  // The route table (for the OpenAPI coverage test and diagnostics).
  const Router& router() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace guanxi::api
