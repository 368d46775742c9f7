// A small synchronous HTTP/1.1 client for tests: the API unit tests talk to an
// in-process Server with it, and the end-to-end suites to the real binary.
// Keeps one keep-alive connection and reconnects when the server closed it.
// Never throws: transport failures come back as status 0 with the reason in
// the body. Not thread-safe; use one client per thread.
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

namespace guanxi::api::testing {

struct HttpResponse {
  int status = 0;  // 0: no response (the body says why)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  // A header's value (name case-insensitive), "" when absent.
  std::string header(std::string_view name) const;
  // The body parsed as JSON; a discarded value when it is not JSON.
  Json json() const;
};

class HttpClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  HttpClient(std::string host, uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends "Authorization: Bearer <token>" with every request ("" for none).
  void set_token(std::string token);

  HttpResponse get(std::string_view target);
  HttpResponse del(std::string_view target);
  HttpResponse post(std::string_view target, const Json& body);
  HttpResponse patch(std::string_view target, const Json& body);

  // Any request; `body` is sent as is, with `content_type` when not empty.
  HttpResponse request(std::string_view method, std::string_view target, std::string_view body = {},
                       std::string_view content_type = "application/json",
                       const Headers& extra = {});

  // Writes `bytes` verbatim on a fresh connection and reads one response (for
  // malformed requests). The connection is closed afterwards.
  HttpResponse raw(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One server-sent event.
struct SseEvent {
  std::string type;  // the "event:" line ("message" when absent)
  Json data;         // the "data:" line parsed (discarded when not JSON)
};

// A GET that stays open reading server-sent events (text/event-stream), on
// its own connection. Never throws; status() is 0 when the request failed.
class EventStreamClient {
 public:
  EventStreamClient(const std::string& host, uint16_t port, const std::string& target,
                    const std::string& token);
  ~EventStreamClient();
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;

  int status() const;
  std::string header(std::string_view name) const;
  // The next event (comments skipped), waiting up to `timeout`; nullopt on
  // timeout or once the server closed the stream (then ended() is true).
  std::optional<SseEvent> next(std::chrono::milliseconds timeout);
  // The next event of `type`, skipping others.
  std::optional<SseEvent> next_of(std::string_view type, std::chrono::milliseconds timeout);
  bool ended() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace guanxi::api::testing
