#include "api/testing/http_client.hpp"

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

}  // namespace guanxi::api::testing
