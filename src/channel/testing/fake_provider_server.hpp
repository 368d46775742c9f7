// FakeProviderServer: an HTTP/1.1 server (Boost.Beast, keep-alive) that
// stands in for every HTTP provider in tests and benchmarks, on loopback.
//
// It answers the shapes the providers send:
//   GET  /cgi-bin/token?...                     WeChat access token
//   POST /cgi-bin/message/template/send?access_token=T   WeChat template message
//   POST <any path> with X-TC-Action: SendSms   Tencent Cloud SMS
//   POST <any other path>                        sms_http and webhook (any 2xx shape)
//   GET  /_stats                                 the counters below as JSON (not counted)
// and records each request (method, target, headers, body), extracts its
// idempotency key (Idempotency-Key header, else the JSON body's
// "idempotency_key", Tencent "SessionContext" or WeChat "client_msg_id"), and
// counts accepted requests per key: unique keys and duplicates. A request
// without a key is answered 400.
//
// Failures are injected by a FaultPlan (every Nth request answered 500/429
// with Retry-After, or delayed), or precisely by queued canned responses.
//
// Thread-safe: the accessors may be called from any thread while it serves.
//
//   testing::FakeProviderServer server;          // port 0: a free port
//   GX_ASSERT_OK(server.start());
//   std::string url = server.url("/sms");        // "http://127.0.0.1:PORT/sms"
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::channel::testing {

struct FaultPlan {
  uint64_t every_nth = 0;  // 0 = none; else the Nth, 2Nth, ... counted request is faulted
  int status = 500;        // the answer to a faulted request; 0 = answer normally (after delay)
  std::chrono::seconds retry_after{0};  // Retry-After on a faulted answer when > 0
  std::chrono::milliseconds delay{0};   // waited before answering a faulted request

  // Every Nth request answered `status`, with Retry-After when given.
  static FaultPlan fail_every(uint64_t n, int status,
                              std::chrono::seconds retry_after = std::chrono::seconds(0)) {
    FaultPlan p;
    p.every_nth = n;
    p.status = status;
    p.retry_after = retry_after;
    return p;
  }
  // Every Nth request answered normally after `delay`.
  static FaultPlan delay_every(uint64_t n, std::chrono::milliseconds delay) {
    FaultPlan p;
    p.every_nth = n;
    p.status = 0;
    p.delay = delay;
    return p;
  }
};

// An answer given once, to the next request whose path starts with `path`
// (every path when empty), instead of the normal one. The request is recorded
// and counted as a fault; its key counts as accepted only when `accept`.
struct CannedResponse {
  std::string path;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};
  bool accept = false;

  // CannedResponse::reply("/sms", 429).with_header("Retry-After", "3")
  static CannedResponse reply(std::string path, int status, std::string body = "") {
    CannedResponse r;
    r.path = std::move(path);
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  CannedResponse& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  CannedResponse& after(std::chrono::milliseconds d) {
    delay = d;
    return *this;
  }
};

struct FakeProviderOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 = a free port, see port()
  int io_threads = 1;
  // Requests kept for requests(); later ones are only counted.
  size_t max_recorded_requests = 100'000;
  // When set, each accepted key is appended as one line, written per request
  // (it survives the death of the process that sent it).
  std::string accepted_keys_file;
  // When set, requests to paths starting with /webhook must carry a valid
  // X-Guanxi-Signature (webhook_signature.hpp), else 401.
  std::string webhook_secret;
  // When set, Tencent requests must carry a valid TC3 signature for this
  // secret key, else an AuthFailure.SignatureFailure answer.
  std::string tencent_secret_key;
  // WeChat credentials the token endpoint accepts (empty = any).
  std::string wechat_app_id;
  std::string wechat_app_secret;
  std::chrono::seconds wechat_token_ttl{7200};
  FaultPlan faults;
};

struct RecordedRequest {
  std::string method;
  std::string target;  // path and query
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string idempotency_key;
  int status = 0;  // what the server answered

  // A header's value (name in any case), or "".
  std::string header(std::string_view name) const;
  // The body parsed as JSON (null when it is not JSON).
  Json json() const;
};

struct FakeProviderStats {
  uint64_t requests = 0;     // every request except /_stats
  uint64_t accepted = 0;     // answered 2xx with a key
  uint64_t unique_keys = 0;  // distinct keys among accepted
  uint64_t duplicates = 0;   // accepted - unique_keys
  uint64_t faults = 0;       // answered by the FaultPlan or a canned response
  uint64_t wechat_tokens_issued = 0;
};

class FakeProviderServer {
 public:
  explicit FakeProviderServer(FakeProviderOptions options = {});
  ~FakeProviderServer();  // stop()
  FakeProviderServer(const FakeProviderServer&) = delete;
  FakeProviderServer& operator=(const FakeProviderServer&) = delete;

  // Binds and starts the io threads. io_error when the address cannot be
  // bound or the keys file cannot be opened.
  Status start();
  // Closes the listener and every connection, joins the threads. Idempotent.
  void stop();

  uint16_t port() const;
  // "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path = "") const;

  void set_faults(const FaultPlan& plan);
  void push_response(CannedResponse response);
  // Makes the current WeChat token invalid: sends with it get errcode 40001
  // until a new token is fetched.
  void invalidate_wechat_token();
  std::string current_wechat_token() const;

  FakeProviderStats stats() const;
  std::vector<RecordedRequest> requests() const;
  // Accepted keys in order of acceptance (duplicates included).
  std::vector<std::string> accepted_keys() const;
  // Forgets recorded requests, keys and counters (not faults or canned responses).
  void reset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace guanxi::channel::testing
