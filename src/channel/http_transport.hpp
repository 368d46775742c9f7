// HttpTransport: blocking HTTP/1.1 requests over one libcurl easy handle,
// which keeps its connection alive between requests. Thread-compatible (one
// thread at a time), like the providers that own one. Internal to src/channel.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "channel/config_reader.hpp"
#include "channel/curl_easy.hpp"
#include "core/status.hpp"

namespace guanxi::channel {

struct HttpOptions {
  std::chrono::milliseconds timeout{10'000};         // whole request
  std::chrono::milliseconds connect_timeout{5'000};  // TCP + TLS handshake
  std::string proxy;    // "http://host:port"; empty = direct (proxy environment variables ignored)
  std::string ca_file;  // PEM bundle; empty = the system's
  std::string user_agent = "guanxi/0.1";
};

// Reads the shared HTTP keys of a provider configuration: timeout_ms
// (default 10000), connect_timeout_ms (default 5000), proxy, ca_file.
HttpOptions read_http_options(ConfigReader& config);

struct HttpResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, in order

  // The last value of a header (name in any case), or "".
  std::string header(std::string_view name) const;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpTransport {
 public:
  explicit HttpTransport(HttpOptions options);

  // Any HTTP answer (including 4xx/5xx) is a response. A failure to get one
  // (resolve, connect, TLS, timeout, reset, oversized answer) is unavailable
  // with libcurl's explanation. Header names and values must not contain CR/LF.
  Result<HttpResponse> post(const std::string& url, const HttpHeaders& headers,
                            std::string_view body);
  Result<HttpResponse> get(const std::string& url, const HttpHeaders& headers);

  // Percent-encodes a query-string value.
  static std::string url_encode(std::string_view value);

 private:
  Result<HttpResponse> perform(const std::string& url, const HttpHeaders& headers,
                               const std::string_view* body);

  HttpOptions options_;
  CurlEasy curl_;
};

}  // namespace guanxi::channel
