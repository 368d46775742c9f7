#include "channel/http_transport.hpp"

#include <algorithm>
#include <cctype>

namespace guanxi::channel {

namespace {

constexpr size_t kMaxResponseBytes = size_t{1} << 20;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t n = size * count;
  if (out->size() + n > kMaxResponseBytes) return 0;  // aborts with CURLE_WRITE_ERROR
  out->append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<HttpResponse*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    out->headers.clear();  // a new response (e.g. after a 100 Continue)
    return n;
  }
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    out->headers.emplace_back(lowercase(trim(line.substr(0, colon))),
                              std::string(trim(line.substr(colon + 1))));
  }
  return n;
}

bool has_crlf(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

HttpOptions read_http_options(ConfigReader& config) {
  HttpOptions o;
  o.timeout = config.millis("timeout_ms", o.timeout, 1, 600'000);
  o.connect_timeout = config.millis("connect_timeout_ms", o.connect_timeout, 1, 600'000);
  if (auto p = config.url("proxy", {"http", "https", "socks5", "socks5h"})) o.proxy = *p;
  if (auto f = config.string("ca_file")) o.ca_file = *f;
  return o;
}

std::string HttpResponse::header(std::string_view name) const {
  const std::string key = lowercase(name);
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == key) return it->second;
  }
  return {};
}

HttpTransport::HttpTransport(HttpOptions options)
    : options_(std::move(options)), curl_(make_curl_easy()) {}

std::string HttpTransport::url_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

Result<HttpResponse> HttpTransport::post(const std::string& url, const HttpHeaders& headers,
                                         std::string_view body) {
  return perform(url, headers, &body);
}

Result<HttpResponse> HttpTransport::get(const std::string& url, const HttpHeaders& headers) {
  return perform(url, headers, nullptr);
}

Result<HttpResponse> HttpTransport::perform(const std::string& url, const HttpHeaders& headers,
                                            const std::string_view* body) {
  if (!curl_) return Status(ErrorCode::kUnavailable, "libcurl could not create a handle");
  CURL* h = curl_.get();
  CurlList list;
  for (const auto& [name, value] : headers) {
    if (has_crlf(name) || has_crlf(value)) {
      return Status::invalid("HTTP header " + name + " contains a line break");
    }
    std::string line = name;
    line.append(": ").append(value);
    if (!list.append(line)) {
      return Status(ErrorCode::kUnavailable, "out of memory building headers");
    }
  }
  // Without this libcurl sends "Expect: 100-continue" for bodies over 1 KiB and
  // waits a second for an interim answer many servers never send.
  list.append("Expect:");

  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_PROXY, options_.proxy.c_str());
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);
  if (body != nullptr) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }

  const CURLcode rc = curl_easy_perform(h);
  // The list and the error buffer die with this call; detach them from the handle.
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
  if (rc != CURLE_OK) {
    std::string why = error[0] != '\0' ? std::string(error) : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) why = "timed out: " + why;
    if (rc == CURLE_WRITE_ERROR) why = "response larger than 1 MiB";
    return Status(ErrorCode::kUnavailable, why);
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  response.status = static_cast<int>(code);
  return response;
}

}  // namespace guanxi::channel
