#include "channel/testing/fake_provider_server.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "channel/tc3_signer.hpp"
#include "channel/webhook_signature.hpp"

namespace guanxi::channel::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value of one query parameter (not percent-decoded), or "".
std::string query_param(std::string_view target, std::string_view name) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

// JSON text that never throws on invalid UTF-8 (echoed keys come from clients).
std::string text_of(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string error_json(std::string_view message) {
  return text_of(Json{{"error", message}});
}

void report_exit(const char* what, const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "guanxi-fake-provider: %s ended: %s\n", what, ex.what());
  }
}

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
  const std::string key = lowercase(name);
  for (const auto& [n, v] : headers) {
    if (lowercase(n) == key) return v;
  }
  return {};
}

Json RecordedRequest::json() const {
  Json j = Json::parse(body, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

struct FakeProviderServer::Impl {
  // What the server answers one request.
  struct Reply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0};
  };

  explicit Impl(FakeProviderOptions o)
      : options(std::move(o)), ioc(std::max(1, options.io_threads)), faults(options.faults) {}
  ~Impl() {
    stop();
    if (keys_fd >= 0) ::close(keys_fd);
  }

  Status start();
  void stop();
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket);
  Reply handle(const http::request<http::string_body>& req);
  Reply answer_normally(const RecordedRequest& r, const Json& body, bool& accept);

  FakeProviderOptions options;
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  uint16_t bound_port = 0;
  bool started = false;
  bool stopped = false;
  int keys_fd = -1;

  mutable std::mutex mu;  // guards everything below
  FaultPlan faults;
  std::deque<CannedResponse> canned;
  std::vector<RecordedRequest> recorded;
  std::vector<std::string> accepted_order;
  std::unordered_map<std::string, uint64_t> key_counts;
  FakeProviderStats counters;
  uint64_t counted = 0;  // requests counted for the FaultPlan
  std::string wechat_token;
  bool wechat_token_valid = false;
  uint64_t next_id = 1;
};

Status FakeProviderServer::Impl::start() {
  if (started) return Status::ok();
  if (!options.accepted_keys_file.empty()) {
    keys_fd =
        ::open(options.accepted_keys_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (keys_fd < 0) {
      return Status::io_error("cannot open " + options.accepted_keys_file + ": " +
                              std::strerror(errno));
    }
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) return Status::invalid("bad host " + options.host + ": " + ec.message());
  acceptor.emplace(ioc);
  const tcp::endpoint endpoint(address, options.port);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::io_error("cannot listen on " + options.host + ":" +
                            std::to_string(options.port) + ": " + ec.message());
  }
  bound_port = acceptor->local_endpoint().port();
  asio::co_spawn(ioc, accept_loop(),
                 [](const std::exception_ptr& e) { report_exit("accept loop", e); });
  const int n = std::max(1, options.io_threads);
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([this] { ioc.run(); });
  }
  started = true;
  return Status::ok();
}

void FakeProviderServer::Impl::stop() {
  if (!started || stopped) return;
  stopped = true;
  ioc.stop();
  for (auto& t : threads) t.join();
  threads.clear();
}

asio::awaitable<void> FakeProviderServer::Impl::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(ioc, session(std::move(socket)),
                   [](const std::exception_ptr& e) { report_exit("connection", e); });
  }
}

asio::awaitable<void> FakeProviderServer::Impl::session(tcp::socket socket) {
  beast::flat_buffer buffer;
  for (;;) {
    boost::system::error_code ec;
    http::request_parser<http::string_body> parser;
    parser.body_limit(8 * 1024 * 1024);
    co_await http::async_read(socket, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const auto& req = parser.get();
    Reply reply = handle(req);
    if (reply.delay.count() > 0) {
      asio::steady_timer timer(socket.get_executor(), reply.delay);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    http::response<http::string_body> res{static_cast<http::status>(reply.status), req.version()};
    res.set(http::field::server, "guanxi-fake-provider");
    res.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : reply.headers) res.set(name, value);
    res.body() = std::move(reply.body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

FakeProviderServer::Impl::Reply FakeProviderServer::Impl::handle(
    const http::request<http::string_body>& req) {
  RecordedRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.path = r.target.substr(0, r.target.find('?'));
  r.idempotency_key = std::string(req["Idempotency-Key"]);
  const bool tencent = req["X-TC-Action"] == "SendSms";
  if (options.max_recorded_requests > 0 || tencent || !options.webhook_secret.empty()) {
    for (const auto& field : req) {
      r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
  }
  r.body = req.body();
  // Parsed only when an answer depends on it (the hot sms_http/webhook path skips it).
  Json body;
  if (r.idempotency_key.empty() || tencent || r.path.starts_with("/cgi-bin/")) {
    body = Json::parse(r.body, nullptr, false);
  }
  if (r.idempotency_key.empty() && body.is_object()) {
    for (const char* field : {"idempotency_key", "SessionContext", "client_msg_id"}) {
      const auto it = body.find(field);
      if (it != body.end() && it->is_string()) {
        r.idempotency_key = it->get<std::string>();
        break;
      }
    }
  }

  const std::lock_guard lock(mu);
  if (r.method == "GET" && r.path == "/_stats") {
    Reply stats;
    stats.body = text_of(Json{{"requests", counters.requests},
                              {"accepted", counters.accepted},
                              {"unique_keys", counters.unique_keys},
                              {"duplicates", counters.duplicates},
                              {"faults", counters.faults},
                              {"wechat_tokens_issued", counters.wechat_tokens_issued}});
    return stats;
  }
  ++counters.requests;
  ++counted;

  Reply reply;
  bool accept = false;
  bool faulted = false;
  const auto canned_it = std::find_if(canned.begin(), canned.end(), [&](const CannedResponse& c) {
    return r.path.starts_with(c.path);
  });
  if (canned_it != canned.end()) {
    reply.status = canned_it->status;
    reply.headers = canned_it->headers;
    reply.body = canned_it->body;
    reply.delay = canned_it->delay;
    accept = canned_it->accept && !r.idempotency_key.empty();
    canned.erase(canned_it);
    faulted = true;
  } else if (faults.every_nth > 0 && counted % faults.every_nth == 0) {
    faulted = true;
    reply.delay = faults.delay;
    if (faults.status != 0) {
      reply.status = faults.status;
      reply.body = error_json("injected fault");
      if (faults.retry_after.count() > 0) {
        reply.headers.emplace_back("Retry-After", std::to_string(faults.retry_after.count()));
      }
    } else {
      Reply normal = answer_normally(r, body, accept);
      normal.delay = faults.delay;
      reply = std::move(normal);
    }
  } else {
    reply = answer_normally(r, body, accept);
  }
  if (faulted) ++counters.faults;

  if (accept) {
    ++counters.accepted;
    uint64_t& seen = key_counts[r.idempotency_key];
    if (seen++ == 0) {
      ++counters.unique_keys;
    } else {
      ++counters.duplicates;
    }
    accepted_order.push_back(r.idempotency_key);
    if (keys_fd >= 0) {
      const std::string line = r.idempotency_key + "\n";
      [[maybe_unused]] const ssize_t w = ::write(keys_fd, line.data(), line.size());
    }
  }
  r.status = reply.status;
  if (recorded.size() < options.max_recorded_requests) recorded.push_back(std::move(r));
  return reply;
}

// Called with mu held.
FakeProviderServer::Impl::Reply FakeProviderServer::Impl::answer_normally(const RecordedRequest& r,
                                                                          const Json& body,
                                                                          bool& accept) {
  Reply reply;
  const uint64_t id = next_id++;
  if (r.path == "/cgi-bin/token") {
    const std::string appid = query_param(r.target, "appid");
    const std::string secret = query_param(r.target, "secret");
    if (query_param(r.target, "grant_type") != "client_credential" || appid.empty()) {
      reply.body = text_of(Json{{"errcode", 40002}, {"errmsg", "invalid grant_type"}});
    } else if (!options.wechat_app_id.empty() && appid != options.wechat_app_id) {
      reply.body = text_of(Json{{"errcode", 40013}, {"errmsg", "invalid appid"}});
    } else if (!options.wechat_app_secret.empty() && secret != options.wechat_app_secret) {
      reply.body = text_of(Json{{"errcode", 40125}, {"errmsg", "invalid appsecret"}});
    } else {
      wechat_token = "fake-token-" + std::to_string(id);
      wechat_token_valid = true;
      ++counters.wechat_tokens_issued;
      reply.body = text_of(
          Json{{"access_token", wechat_token}, {"expires_in", options.wechat_token_ttl.count()}});
    }
    return reply;
  }
  if (r.method != "POST") {
    reply.status = 405;
    reply.body = error_json("POST expected");
    return reply;
  }
  if (r.path == "/cgi-bin/message/template/send") {
    const std::string token = query_param(r.target, "access_token");
    if (!wechat_token_valid || token != wechat_token) {
      reply.body =
          text_of(Json{{"errcode", 40001},
                       {"errmsg", "invalid credential, access_token is invalid or not latest"}});
    } else if (!body.is_object() || !body.contains("touser") || !body.contains("template_id")) {
      reply.body = text_of(Json{{"errcode", 47001}, {"errmsg", "data format error"}});
    } else if (r.idempotency_key.empty()) {
      reply.status = 400;
      reply.body = error_json("missing client_msg_id");
    } else {
      accept = true;
      reply.body = text_of(Json{{"errcode", 0}, {"errmsg", "ok"}, {"msgid", id}});
    }
    return reply;
  }
  if (r.header("X-TC-Action") == "SendSms") {
    const std::string request_id = "fake-request-" + std::to_string(id);
    if (!options.tencent_secret_key.empty()) {
      const std::string auth = r.header("Authorization");
      const size_t cred = auth.find("Credential=");
      const size_t slash = auth.find('/', cred);
      Tc3Request check;
      check.secret_id = cred == std::string::npos || slash == std::string::npos
                            ? ""
                            : auth.substr(cred + 11, slash - cred - 11);
      check.secret_key = options.tencent_secret_key;
      check.service = "sms";
      check.host = r.header("Host");
      check.action = r.header("X-TC-Action");
      check.content_type = r.header("Content-Type");
      check.payload = r.body;
      check.timestamp = std::atoll(r.header("X-TC-Timestamp").c_str());
      if (tc3_sign(check).authorization != auth) {
        reply.body =
            text_of(Json{{"Response",
                          {{"Error",
                            {{"Code", "AuthFailure.SignatureFailure"},
                             {"Message", "The provided credentials could not be validated."}}},
                           {"RequestId", request_id}}}});
        return reply;
      }
    }
    if (!body.is_object() || !body.contains("PhoneNumberSet") || r.idempotency_key.empty()) {
      reply.body = text_of(Json{{"Response",
                                 {{"Error",
                                   {{"Code", "InvalidParameter"},
                                    {"Message", "PhoneNumberSet and SessionContext are required"}}},
                                  {"RequestId", request_id}}}});
      return reply;
    }
    accept = true;
    const Json phones = body["PhoneNumberSet"];
    const std::string phone = phones.is_array() && !phones.empty() && phones[0].is_string()
                                  ? phones[0].get<std::string>()
                                  : "";
    reply.body =
        text_of(Json{{"Response",
                      {{"SendStatusSet", Json::array({{{"SerialNo", "fake:" + std::to_string(id)},
                                                       {"PhoneNumber", phone},
                                                       {"Fee", 1},
                                                       {"SessionContext", r.idempotency_key},
                                                       {"Code", "Ok"},
                                                       {"Message", "send success"},
                                                       {"IsoCode", "CN"}}})},
                       {"RequestId", request_id}}}});
    return reply;
  }
  if (!options.webhook_secret.empty() && r.path.starts_with("/webhook")) {
    const Status verified = verify_webhook_signature(
        options.webhook_secret, r.header("X-Guanxi-Timestamp"), r.body,
        r.header("X-Guanxi-Signature"),
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    if (!verified.is_ok()) {
      reply.status = 401;
      reply.body = error_json(verified.message());
      return reply;
    }
  }
  if (r.idempotency_key.empty()) {
    reply.status = 400;
    reply.body = error_json("missing idempotency key");
    return reply;
  }
  accept = true;
  reply.body = text_of(Json{{"id", "fake-" + std::to_string(id)}});
  return reply;
}

FakeProviderServer::FakeProviderServer(FakeProviderOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeProviderServer::~FakeProviderServer() = default;

Status FakeProviderServer::start() {
  return impl_->start();
}

void FakeProviderServer::stop() {
  impl_->stop();
}

uint16_t FakeProviderServer::port() const {
  return impl_->bound_port;
}

std::string FakeProviderServer::url(std::string_view path) const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->bound_port) +
         std::string(path);
}

void FakeProviderServer::set_faults(const FaultPlan& plan) {
  const std::lock_guard lock(impl_->mu);
  impl_->faults = plan;
  impl_->counted = 0;
}

void FakeProviderServer::push_response(CannedResponse response) {
  const std::lock_guard lock(impl_->mu);
  impl_->canned.push_back(std::move(response));
}

void FakeProviderServer::invalidate_wechat_token() {
  const std::lock_guard lock(impl_->mu);
  impl_->wechat_token_valid = false;
}

std::string FakeProviderServer::current_wechat_token() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->wechat_token_valid ? impl_->wechat_token : std::string();
}

FakeProviderStats FakeProviderServer::stats() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->counters;
}

std::vector<RecordedRequest> FakeProviderServer::requests() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->recorded;
}

std::vector<std::string> FakeProviderServer::accepted_keys() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->accepted_order;
}

void FakeProviderServer::reset() {
  const std::lock_guard lock(impl_->mu);
  impl_->recorded.clear();
  impl_->accepted_order.clear();
  impl_->key_counts.clear();
  impl_->counters = {};
  impl_->counted = 0;
}

}  // namespace guanxi::channel::testing
