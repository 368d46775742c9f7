// What a handler works with: the request, its path parameters and parsed
// body, who is calling and for which shop, and the two ways to reach the
// database — read() on this io thread's reader connection, and write() as
// one Writer job whose commit is awaited without blocking the thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "api/app_context.hpp"
#include "api/auth.hpp"
#include "api/http.hpp"
#include "api/router.hpp"
#include "api/write_await.hpp"
#include "core/json.hpp"
#include "domain/context.hpp"
#include "domain/users.hpp"

namespace guanxi::api {

class Metrics;

// The reader connection of one io thread, opened on first use (a failed open
// is retried by the next request) and used by that thread only.
class ReaderConnection {
 public:
  explicit ReaderConnection(store::Database& db) : db_(db) {}
  Result<store::Connection*> get();

 private:
  store::Database& db_;
  std::unique_ptr<store::Connection> conn_;
};

// A read transaction, so that every query of one request sees one snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(store::Connection& db) : db_(db), status_(db.begin_read()) {}
  ~ReadTransaction() {
    if (status_.is_ok()) (void)db_.commit();
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  const Status& status() const { return status_; }

 private:
  store::Connection& db_;
  Status status_;
};

class LoginLimiter;
class StaticFiles;

// The server-wide parts a handler may need besides the AppContext.
struct Services {
  AppContext& app;
  Authenticator& auth;
  Metrics& metrics;
  const Router& router;
  WriteTracker& writes;
  LoginLimiter* logins = nullptr;    // sign-in rate limits (null: none)
  const StaticFiles* web = nullptr;  // the web UI (null: not served)
  domain::LockoutPolicy lockout;     // failed sign-ins before an account locks
};

namespace detail {
inline Status status_of(const Status& s) {
  return s;
}
template <typename T>
Status status_of(const Result<T>& r) {
  return r.status();
}
}  // namespace detail

class RequestContext {
 public:
  // `principal` and `shop` are null on public routes. Everything is borrowed
  // for the duration of the request.
  RequestContext(const Request& request, const PathParams& params, const Json& body,
                 const Principal* principal, const LoadedShop* shop, Services& services,
                 ReaderConnection& reader)
      : request_(request),
        params_(params),
        body_(body),
        principal_(principal),
        shop_(shop),
        services_(services),
        reader_(reader) {}

  const Request& request() const { return request_; }
  // The parsed JSON body on routes that read one (null otherwise).
  const Json& body() const { return body_; }
  // Preconditions: an authenticated route.
  const Principal& principal() const { return *principal_; }
  const LoadedShop& shop() const { return *shop_; }
  Services& services() const { return services_; }
  AppContext& app() const { return services_.app; }

  // A path parameter that must be a positive integer id; invalid_argument
  // naming the parameter otherwise ("/customers/abc").
  Result<int64_t> id_param(std::string_view name) const;
  // A path parameter percent-decoded (valid UTF-8, no control characters).
  Result<std::string> text_param(std::string_view name) const;

  // The reader connection of this io thread (no shop needed: /healthz).
  Result<store::Connection*> reader() { return reader_.get(); }

  // Runs fn(domain::ReadContext&) -> Status or Result<T> on this thread's
  // reader connection inside one read transaction. Synchronous: reads are
  // short, and a coroutine never holds the connection across a suspension.
  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F&, domain::ReadContext&> {
    auto conn = reader_.get();
    if (!conn.ok()) return conn.status();
    ReadTransaction tx(**conn);
    if (!tx.status().is_ok()) return tx.status();
    domain::ReadContext ctx{**conn, services_.app.clock(), shop_->shop, shop_->zone};
    return fn(ctx);
  }

  // Runs fn(domain::WriteContext&) -> Status or Result<T> as one Writer job
  // (one transaction, shared with concurrent jobs by group commit) and
  // resumes once it is durable. The result is fn's, or the commit's error.
  // fn runs on the Writer thread: it must capture its inputs by value. An
  // exception escaping fn is caught there and becomes internal.
  //
  // fn is taken by lvalue reference and moved from, so that a lambda cannot
  // be written inline: GCC 12 miscompiles a capturing lambda temporary inside
  // a co_await expression (its captures are destroyed twice). Write
  //   auto job = [input = std::move(input)](domain::WriteContext& w) { ... };
  //   auto result = co_await ctx.write(job);
  template <typename F>
  boost::asio::awaitable<std::invoke_result_t<F&, domain::WriteContext&>> write(F& fn) {
    return write_for(*shop_, principal_->actor, fn);
  }

  // write() for public routes, which learn their shop from the request itself
  // (an unsubscribe token): on behalf of `shop`, recorded as `actor`.
  //
  // The handlers pass lambdas of their file's anonymous namespace. GCC 12 then
  // flags the coroutine frame of this specialization (-Wsubobject-linkage),
  // whenever the handler file is not the main file of its translation unit
  // (a unity build); the specialization has internal linkage like the lambda,
  // so the warning is spurious.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsubobject-linkage"
#endif
  template <typename F>
  boost::asio::awaitable<std::invoke_result_t<F&, domain::WriteContext&>> write_for(
      const LoadedShop& for_shop, std::string actor, F& fn) {
    using R = std::invoke_result_t<F&, domain::WriteContext&>;
    auto slot = std::make_shared<std::optional<R>>();
    const LoadedShop* shop = &for_shop;
    const Clock* clock = &services_.app.clock();
    store::Writer::Job job = [slot, fn = std::move(fn), shop, clock,
                              actor = std::move(actor)](store::Connection& db) mutable -> Status {
      domain::WriteContext ctx{db, *clock, shop->shop, shop->zone, actor};
      try {
        slot->emplace(fn(ctx));
      } catch (const std::exception& e) {
        slot->emplace(Status::internal(std::string("exception in write: ") + e.what()));
      }
      return detail::status_of(**slot);
    };
    Status committed = co_await await_write(services_.app.writer(), job, services_.writes);
    if (!committed.is_ok() || !slot->has_value()) {
      co_return R(committed.is_ok() ? Status::internal("write produced no result") : committed);
    }
    co_return std::move(**slot);
  }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

 private:
  const Request& request_;
  const PathParams& params_;
  const Json& body_;
  const Principal* principal_;
  const LoadedShop* shop_;
  Services& services_;
  ReaderConnection& reader_;
};

}  // namespace guanxi::api
