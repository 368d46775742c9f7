// http_load: an open-loop HTTP load generator for Guanxi's API.
//
//   http_load --url 'http://127.0.0.1:8080/api/v1/customers/{id}' --key gx_...
//             --rate 2000 --seconds 20 --connections 32 --ids 1-10000
//
// Open loop: request i is due at start + i / rate whatever happened before,
// and its latency is measured from that due time, not from when a connection
// became free. A server that stalls therefore shows the stall in the latency
// of every request that queued behind it (no "coordinated omission", the flaw
// of closed-loop tools that wait for a response before sending the next).
// Requests go out over `connections` keep-alive HTTP/1.1 connections, one
// request at a time per connection; due requests wait in a FIFO for a free one.
//
// {id} in the URL is replaced by an id drawn uniformly from --ids A-B. A
// response is an error unless its status is 2xx; a connection failure or a
// request exceeding --timeout-ms is a transport error (the connection is then
// re-opened). The first --warmup seconds are sent but not measured.
// Prints a table (or JSON with --json): achieved rate, latency percentiles
// over all HTTP responses, error counts by kind and status.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

struct Url {
  std::string host;
  std::string port = "80";
  std::string path;  // with the {id} placeholder
};

// Parses "http://host[:port]/path". Returns nullopt (with a reason) otherwise.
std::optional<Url> parse_url(const std::string& text, std::string& why) {
  constexpr std::string_view kScheme = "http://";
  if (text.rfind(kScheme, 0) != 0) {
    why = "only http:// URLs are supported";
    return std::nullopt;
  }
  const std::string rest = text.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  Url url;
  url.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const size_t colon = authority.rfind(':');
  url.host = authority.substr(0, colon);
  if (colon != std::string::npos) url.port = authority.substr(colon + 1);
  if (url.host.empty() || url.port.empty()) {
    why = "the URL has no host or port";
    return std::nullopt;
  }
  return url;
}

struct Options {
  std::string url;
  std::string key;
  double rate = 1000;
  double seconds = 10;
  double warmup = 1;
  int connections = 16;
  std::string ids = "1-1000";
  int64_t timeout_ms = 10'000;
  uint64_t seed = 1;
  bool json = false;
};

// One request waiting for (or on) a connection.
struct Request {
  SteadyClock::time_point due;
  int64_t id = 0;
  bool measured = false;
};

struct Results {
  std::vector<int64_t> latencies_us;  // measured HTTP responses, any status
  int64_t scheduled = 0;              // measured requests scheduled
  int64_t ok = 0;                     // measured 2xx
  int64_t http_errors = 0;            // measured non-2xx
  int64_t transport_errors = 0;       // measured connection failures and timeouts
  int64_t unfinished = 0;             // measured requests without an answer at the drain deadline
  std::map<unsigned, int64_t> statuses;
  SteadyClock::time_point measure_start;
  SteadyClock::time_point last_completion;
};

class LoadGenerator {
 public:
  LoadGenerator(asio::io_context& io, const Options& options, Url url,
                tcp::resolver::results_type endpoints, int64_t first_id, int64_t last_id)
      : io_(io),
        options_(options),
        url_(std::move(url)),
        endpoints_(std::move(endpoints)),
        timer_(io),
        rng_(options.seed),
        ids_(first_id, last_id) {
    total_ = static_cast<int64_t>((options.warmup + options.seconds) * options.rate);
    warmup_requests_ = static_cast<int64_t>(options.warmup * options.rate);
  }

  // Opens the connections, then starts the schedule once all are connected.
  void start() {
    for (int i = 0; i < options_.connections; ++i)
      connections_.push_back(std::make_unique<Connection>(*this));
    for (auto& c : connections_) c->connect();
  }

  Results& results() { return results_; }

  // Called when the drain deadline has passed.
  void abandon() {
    for (const Request& r : queue_) results_.unfinished += r.measured ? 1 : 0;
    for (auto& c : connections_) {
      if (c->in_flight()) results_.unfinished += c->current().measured ? 1 : 0;
    }
    io_.stop();
  }

 private:
  class Connection {
   public:
    explicit Connection(LoadGenerator& gen) : gen_(gen), stream_(gen.io_) {}

    bool idle() const { return state_ == State::kIdle; }
    bool closed() const { return state_ == State::kClosed; }
    bool in_flight() const { return state_ == State::kBusy; }
    const Request& current() const { return request_; }

    void connect() {
      state_ = State::kConnecting;
      stream_.expires_after(std::chrono::milliseconds(gen_.options_.timeout_ms));
      stream_.async_connect(gen_.endpoints_, [this](beast::error_code ec, const tcp::endpoint&) {
        if (ec) {
          state_ = State::kClosed;
          gen_.connect_failed(ec);
          return;
        }
        stream_.socket().set_option(tcp::no_delay(true));
        state_ = State::kIdle;
        gen_.connection_ready();
      });
    }

    void send(const Request& r) {
      request_ = r;
      state_ = State::kBusy;
      req_ = {};
      req_.method(http::verb::get);
      req_.version(11);
      req_.target(gen_.target_for(r.id));
      req_.set(http::field::host, gen_.url_.host);
      req_.set(http::field::user_agent, "guanxi-http-load");
      req_.set(http::field::authorization, "Bearer " + gen_.options_.key);
      req_.keep_alive(true);
      stream_.expires_after(std::chrono::milliseconds(gen_.options_.timeout_ms));
      http::async_write(stream_, req_, [this](beast::error_code ec, size_t) {
        if (ec) return fail(ec);
        res_ = {};
        http::async_read(stream_, buffer_, res_, [this](beast::error_code read_ec, size_t) {
          if (read_ec) return fail(read_ec);
          state_ = State::kIdle;
          const bool keep = res_.keep_alive();
          gen_.completed(request_, res_.result_int());
          if (!keep) return reopen();
          gen_.dispatch();
        });
      });
    }

   private:
    void fail(beast::error_code) {
      state_ = State::kClosed;
      gen_.transport_error(request_);
      reopen();
    }
    void reopen() {
      state_ = State::kClosed;
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.close();
      buffer_.clear();
      connect();
    }

    LoadGenerator& gen_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::empty_body> req_;
    http::response<http::string_body> res_;
    Request request_;
    enum class State { kConnecting, kIdle, kBusy, kClosed };
    State state_ = State::kClosed;
  };

  std::string target_for(int64_t id) const {
    std::string t = url_.path;
    const size_t at = t.find("{id}");
    if (at != std::string::npos) t.replace(at, 4, std::to_string(id));
    return t;
  }

  SteadyClock::time_point due(int64_t i) const {
    const auto ns = static_cast<int64_t>(static_cast<double>(i) * 1e9 / options_.rate);
    return start_ + std::chrono::nanoseconds(ns);
  }

  void connection_ready() {
    if (started_) {
      dispatch();
      return;
    }
    if (++ready_ < static_cast<int>(connections_.size())) return;
    started_ = true;
    start_ = SteadyClock::now();
    results_.measure_start = due(warmup_requests_);
    tick();
  }

  void connect_failed(beast::error_code ec) {
    if (!started_) {
      fmt::print(stderr, "http_load: cannot connect to {}:{}: {}\n", url_.host, url_.port,
                 ec.message());
      io_.stop();
      return;
    }
    // Retry after a pause; due requests keep queueing meanwhile.
    auto retry = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(50));
    retry->async_wait([this, retry](beast::error_code) {
      for (auto& c : connections_) {
        if (c->closed()) c->connect();
      }
    });
  }

  // Releases every request that is due, then sleeps until the next one.
  void tick() {
    const auto now = SteadyClock::now();
    while (next_ < total_ && due(next_) <= now) {
      const bool measured = next_ >= warmup_requests_;
      queue_.push_back({due(next_), ids_(rng_), measured});
      results_.scheduled += measured ? 1 : 0;
      ++next_;
    }
    dispatch();
    if (next_ < total_) {
      timer_.expires_at(due(next_));
      timer_.async_wait([this](beast::error_code ec) {
        if (!ec) tick();
      });
    } else {
      finish_if_done();
    }
  }

  void dispatch() {
    for (auto& c : connections_) {
      if (queue_.empty()) break;
      if (!c->idle()) continue;
      const Request r = queue_.front();
      queue_.pop_front();
      c->send(r);
    }
    finish_if_done();
  }

  void completed(const Request& r, unsigned status) {
    if (!r.measured) return;
    const auto now = SteadyClock::now();
    results_.latencies_us.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(now - r.due).count());
    results_.last_completion = now;
    ++results_.statuses[status];
    if (status >= 200 && status < 300) {
      ++results_.ok;
    } else {
      ++results_.http_errors;
    }
  }

  void transport_error(const Request& r) {
    if (r.measured) ++results_.transport_errors;
  }

  void finish_if_done() {
    if (next_ < total_ || !queue_.empty()) return;
    for (auto& c : connections_) {
      if (c->in_flight()) return;
    }
    io_.stop();
  }

  asio::io_context& io_;
  const Options& options_;
  Url url_;
  tcp::resolver::results_type endpoints_;
  asio::steady_timer timer_;
  std::mt19937_64 rng_;
  std::uniform_int_distribution<int64_t>
      ids_;  // which ids are asked for needs no cross-platform stability
  std::vector<std::unique_ptr<Connection>> connections_;
  std::deque<Request> queue_;
  Results results_;
  SteadyClock::time_point start_;
  int64_t total_ = 0;
  int64_t warmup_requests_ = 0;
  int64_t next_ = 0;
  int ready_ = 0;
  bool started_ = false;
};

// The nearest-rank percentile p (0-100] of sorted microseconds, in milliseconds.
double percentile_ms(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1]) / 1000.0;
}

void report(const Options& o, Results& r) {
  std::sort(r.latencies_us.begin(), r.latencies_us.end());
  const double window =
      std::max(std::chrono::duration<double>(r.last_completion - r.measure_start).count(), 1e-9);
  const auto answered = static_cast<int64_t>(r.latencies_us.size());
  const double achieved = answered > 0 ? static_cast<double>(answered) / window : 0.0;
  const int64_t errors = r.http_errors + r.transport_errors + r.unfinished;
  const double p50 = percentile_ms(r.latencies_us, 50);
  const double p90 = percentile_ms(r.latencies_us, 90);
  const double p99 = percentile_ms(r.latencies_us, 99);
  const double p999 = percentile_ms(r.latencies_us, 99.9);
  const double max =
      r.latencies_us.empty() ? 0 : static_cast<double>(r.latencies_us.back()) / 1000.0;
  std::string statuses;
  for (const auto& [status, n] : r.statuses)
    statuses += fmt::format("{}{}: {}", statuses.empty() ? "" : ", ", status, n);
  if (o.json) {
    fmt::print(
        "{{\"target_rate\":{:.1f},\"achieved_rate\":{:.1f},\"seconds\":{:.1f},\"connections\":{},"
        "\"requests\":{},"
        "\"answered\":{},\"ok\":{},\"http_errors\":{},\"transport_errors\":{},\"unfinished\":{},"
        "\"errors\":{},"
        "\"p50_ms\":{:.3f},\"p90_ms\":{:.3f},\"p99_ms\":{:.3f},\"p999_ms\":{:.3f},\"max_ms\":{:.3f}"
        "}}\n",
        o.rate, achieved, o.seconds, o.connections, r.scheduled, answered, r.ok, r.http_errors,
        r.transport_errors, r.unfinished, errors, p50, p90, p99, p999, max);
    return;
  }
  fmt::print(
      "http_load: GET {}  {:.0f} req/s for {:.0f} s (+{:.0f} s warm-up) over {} connections\n\n",
      o.url, o.rate, o.seconds, o.warmup, o.connections);
  fmt::print("| measure | value |\n|---|---|\n");
  fmt::print("| requests scheduled | {} |\n", r.scheduled);
  fmt::print("| achieved rate | {:.1f} req/s |\n", achieved);
  fmt::print(
      "| latency p50 | {:.3f} ms |\n| latency p90 | {:.3f} ms |\n| latency p99 | {:.3f} ms |\n",
      p50, p90, p99);
  fmt::print("| latency p99.9 | {:.3f} ms |\n| latency max | {:.3f} ms |\n", p999, max);
  fmt::print("| errors | {} (non-2xx {}, transport {}, unfinished {}) |\n", errors, r.http_errors,
             r.transport_errors, r.unfinished);
  fmt::print("| statuses | {} |\n", statuses.empty() ? "-" : statuses);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Open-loop HTTP load generator: fixed request rate, latency measured from each request's due "
      "time"};
  Options o;
  app.add_option("--url", o.url,
                 "URL with an {id} placeholder, e.g. http://127.0.0.1:8080/api/v1/customers/{id}")
      ->required();
  app.add_option("--key", o.key, "API key sent as 'Authorization: Bearer KEY'");
  app.add_option("--rate", o.rate, "Requests per second")
      ->default_val(1000)
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--seconds", o.seconds, "Measured duration")
      ->default_val(10)
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--warmup", o.warmup, "Unmeasured seconds before")
      ->default_val(1)
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--connections", o.connections, "Keep-alive connections")
      ->default_val(16)
      ->check(CLI::Range(1, 4096));
  app.add_option("--ids", o.ids, "Range A-B of ids for {id}")->default_val("1-1000");
  app.add_option("--timeout-ms", o.timeout_ms, "Per-request timeout")
      ->default_val(10'000)
      ->check(CLI::Range(1, 600'000));
  app.add_option("--seed", o.seed, "Seed of the id sequence")->default_val(1);
  app.add_flag("--json", o.json, "Print one JSON object instead of the table");
  CLI11_PARSE(app, argc, argv);

  std::string why;
  auto url = parse_url(o.url, why);
  if (!url) {
    fmt::print(stderr, "http_load: --url {}: {}\n", o.url, why);
    return 2;
  }
  int64_t first_id = 0;
  int64_t last_id = 0;
  const size_t dash = o.ids.find('-');
  const char* text = o.ids.data();
  const auto a = std::from_chars(text, text + std::min(dash, o.ids.size()), first_id);
  const auto b = dash == std::string::npos
                     ? a
                     : std::from_chars(text + dash + 1, text + o.ids.size(), last_id);
  if (dash == std::string::npos || a.ec != std::errc() || a.ptr != text + dash ||
      b.ec != std::errc() || b.ptr != text + o.ids.size() || first_id > last_id) {
    fmt::print(stderr, "http_load: --ids {}: expected A-B with A <= B\n", o.ids);
    return 2;
  }

  asio::io_context io(1);
  tcp::resolver resolver(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(url->host, url->port, ec);
  if (ec) {
    fmt::print(stderr, "http_load: cannot resolve {}: {}\n", url->host, ec.message());
    return 1;
  }
  LoadGenerator gen(io, o, *url, endpoints, first_id, last_id);
  gen.start();
  // Whatever has not been answered this long after the last request was due is abandoned.
  asio::steady_timer deadline(
      io, std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(
              o.warmup + o.seconds + static_cast<double>(o.timeout_ms) / 1000.0 + 5.0)));
  deadline.async_wait([&](beast::error_code wait_ec) {
    if (!wait_ec) gen.abandon();
  });
  io.run();
  if (gen.results().scheduled == 0 && gen.results().latencies_us.empty()) return 1;
  report(o, gen.results());
  return gen.results().ok > 0 ? 0 : 1;
}
