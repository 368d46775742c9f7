#include "api/testing/http_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

namespace guanxi::api::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return {};
}

Json HttpResponse::json() const {
  return Json::parse(body, nullptr, false);
}

struct HttpClient::Impl {
  std::string host;
  uint16_t port = 0;
  std::chrono::milliseconds timeout;
  std::string token;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous operation to completion (bounded by the stream's
  // expiry) and returns its error.
  template <typename Start>
  beast::error_code run(Start&& start) {
    beast::error_code result;
    stream->expires_after(timeout);
    start([&result](beast::error_code ec, std::size_t) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  beast::error_code connect() {
    stream.reset();
    buffer.clear();
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    stream.emplace(ioc);
    beast::error_code result;
    stream->expires_after(timeout);
    stream->async_connect(endpoints,
                          [&result](beast::error_code e, const tcp::endpoint&) { result = e; });
    ioc.restart();
    ioc.run();
    if (result) stream.reset();
    return result;
  }

  HttpResponse read_response() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::uint64_t{256} << 20);
    const beast::error_code ec =
        run([&](auto handler) { http::async_read(*stream, buffer, parser, std::move(handler)); });
    HttpResponse out;
    if (ec) {
      out.body = "no response: " + ec.message();
      stream.reset();
      return out;
    }
    const auto& msg = parser.get();
    out.status = static_cast<int>(msg.result_int());
    out.body = msg.body();
    for (const auto& field : msg)
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    if (!msg.keep_alive()) stream.reset();
    return out;
  }
};

HttpClient::HttpClient(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

void HttpClient::set_token(std::string token) {
  impl_->token = std::move(token);
}

HttpResponse HttpClient::get(std::string_view target) {
  return request("GET", target, {}, {});
}
HttpResponse HttpClient::del(std::string_view target) {
  return request("DELETE", target, {}, {});
}
HttpResponse HttpClient::post(std::string_view target, const Json& body) {
  return request("POST", target, body.dump());
}
HttpResponse HttpClient::patch(std::string_view target, const Json& body) {
  return request("PATCH", target, body.dump());
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target,
                                 std::string_view body, std::string_view content_type,
                                 const Headers& extra) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, impl_->host);
  if (!impl_->token.empty()) req.set(http::field::authorization, "Bearer " + impl_->token);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [name, value] : extra) req.set(name, value);
  req.body() = std::string(body);
  req.prepare_payload();

  // A kept-alive connection may have been closed by the server meanwhile:
  // one retry on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl_->stream.has_value();
    if (!reused) {
      if (const auto ec = impl_->connect())
        return HttpResponse{0, "connect failed: " + ec.message(), {}};
    }
    const beast::error_code wrote = impl_->run(
        [&](auto handler) { http::async_write(*impl_->stream, req, std::move(handler)); });
    // Even after a failed write the server may have answered (413 before the
    // whole body was sent), so read.
    (void)wrote;
    HttpResponse r = impl_->read_response();
    if (r.status != 0 || !reused) return r;
  }
  return HttpResponse{0, "no response after reconnecting", {}};
}

HttpResponse HttpClient::raw(std::string_view bytes) {
  if (const auto ec = impl_->connect())
    return HttpResponse{0, "connect failed: " + ec.message(), {}};
  const beast::error_code wrote = impl_->run([&](auto handler) {
    asio::async_write(*impl_->stream, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  (void)wrote;  // the server may reject before reading everything; its answer is what matters
  HttpResponse r = impl_->read_response();
  impl_->stream.reset();
  return r;
}

// ---- EventStreamClient ---------------------------------------------------------

struct EventStreamClient::Impl {
  asio::io_context ioc;
  std::optional<tcp::socket> socket;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string buffer;
  bool ended = false;

  // Reads more bytes into `buffer` for up to `timeout`; false on timeout or end.
  bool read_more(std::chrono::milliseconds timeout) {
    if (ended || !socket) return false;
    std::array<char, 8192> chunk;
    beast::error_code result = asio::error::would_block;
    std::size_t got = 0;
    socket->async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
      result = ec;
      got = n;
    });
    ioc.restart();
    ioc.run_for(timeout);
    if (result == asio::error::would_block) {
      socket->cancel();
      ioc.restart();
      ioc.run();
      if (got == 0) return false;
      result = {};
    }
    buffer.append(chunk.data(), got);
    if (result) ended = true;
    return got > 0;
  }
};

EventStreamClient::EventStreamClient(const std::string& host, uint16_t port,
                                     const std::string& target, const std::string& token)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return;
  impl_->socket.emplace(impl_->ioc);
  asio::connect(*impl_->socket, endpoints, ec);
  if (ec) {
    impl_->socket.reset();
    return;
  }
  std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "\r\n";
  asio::write(*impl_->socket, asio::buffer(request), ec);
  if (ec) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  size_t end = std::string::npos;
  while ((end = impl_->buffer.find("\r\n\r\n")) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !impl_->read_more(left)) {
      if (impl_->buffer.find("\r\n\r\n") == std::string::npos) return;
    }
  }
  const std::string head = impl_->buffer.substr(0, end);
  impl_->buffer.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  if (status_line.size() >= 12) impl_->status = std::atoi(status_line.substr(9, 3).c_str());
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
        head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    impl_->headers.emplace_back(line.substr(0, colon), value);
  }
}

EventStreamClient::~EventStreamClient() = default;

int EventStreamClient::status() const {
  return impl_->status;
}

std::string EventStreamClient::header(std::string_view name) const {
  for (const auto& [key, value] : impl_->headers) {
    if (beast::iequals(key, name)) return value;
  }
  return {};
}

bool EventStreamClient::ended() const {
  return impl_->ended;
}

std::optional<SseEvent> EventStreamClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    size_t end;
    while ((end = impl_->buffer.find("\n\n")) != std::string::npos) {
      const std::string frame = impl_->buffer.substr(0, end);
      impl_->buffer.erase(0, end + 2);
      SseEvent event{"message", Json()};
      bool any = false;
      size_t pos = 0;
      while (pos <= frame.size()) {
        size_t nl = frame.find('\n', pos);
        if (nl == std::string::npos) nl = frame.size();
        const std::string line = frame.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.rfind("event: ", 0) == 0) {
          event.type = line.substr(7);
          any = true;
        } else if (line.rfind("data: ", 0) == 0) {
          event.data = Json::parse(line.substr(6), nullptr, false);
          any = true;
        }
      }
      if (any) return event;  // else a comment (keep-alive)
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !impl_->read_more(left)) {
      if (impl_->buffer.find("\n\n") == std::string::npos) return std::nullopt;
    }
  }
}

std::optional<SseEvent> EventStreamClient::next_of(std::string_view type,
                                                   std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto event = next(left);
    if (!event) return std::nullopt;
    if (event->type == type) return event;
  }
}

}  // namespace guanxi::api::testing
