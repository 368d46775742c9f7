#include "api/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

#include "core/json.hpp"

namespace guanxi::api {

namespace {

// Escapes a label value (backslash, double quote, newline).
std::string label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (const char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace

Metrics::Metrics(const Router& router)
    : router_(router),
      series_(std::make_unique<Series[]>(router.routes().size() + kMethods)),
      route_count_(router.routes().size()) {}

void Metrics::record(const Router::Route* route, Method method, int status,
                     std::chrono::nanoseconds latency) {
  const size_t index = route != nullptr && route->index < route_count_
                           ? route->index
                           : route_count_ + static_cast<size_t>(method);
  Series& s = series_[index];
  const auto status_it = std::find(kStatuses.begin(), kStatuses.end(), status);
  s.by_status[static_cast<size_t>(status_it - kStatuses.begin())].fetch_add(
      1, std::memory_order_relaxed);

  const double seconds = std::chrono::duration<double>(latency).count();
  const auto bucket_it = std::lower_bound(kBucketBounds.begin(), kBucketBounds.end(), seconds);
  s.buckets[static_cast<size_t>(bucket_it - kBucketBounds.begin())].fetch_add(
      1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<uint64_t>(std::max<int64_t>(latency.count(), 0)),
                     std::memory_order_relaxed);
}

void Metrics::render(std::string& out) const {
  const auto route_label = [&](size_t i) {
    return i < route_count_ ? label(router_.routes()[i].spec.path) : std::string("unmatched");
  };
  const auto method_label = [&](size_t i) {
    return method_name(i < route_count_ ? router_.routes()[i].spec.method
                                        : static_cast<Method>(i - route_count_));
  };
  const size_t n = route_count_ + kMethods;

  out += "# HELP guanxi_http_requests_total HTTP requests by route template, method and status.\n";
  out += "# TYPE guanxi_http_requests_total counter\n";
  for (size_t i = 0; i < n; ++i) {
    const Series& s = series_[i];
    for (size_t k = 0; k < s.by_status.size(); ++k) {
      const uint64_t v = s.by_status[k].load(std::memory_order_relaxed);
      if (v == 0) continue;
      const std::string status = k < kStatuses.size() ? std::to_string(kStatuses[k]) : "other";
      out +=
          fmt::format("guanxi_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                      route_label(i), method_label(i), status, v);
    }
  }

  out +=
      "# HELP guanxi_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE guanxi_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < n; ++i) {
    const Series& s = series_[i];
    if (s.count.load(std::memory_order_relaxed) == 0) continue;
    const std::string labels =
        fmt::format("route=\"{}\",method=\"{}\"", route_label(i), method_label(i));
    uint64_t cumulative = 0;
    for (size_t b = 0; b < s.buckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      const std::string le =
          b < kBucketBounds.size() ? fmt::format("{}", kBucketBounds[b]) : "+Inf";
      out += fmt::format("guanxi_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         le, cumulative);
    }
    out += fmt::format("guanxi_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                       static_cast<double>(s.sum_ns.load(std::memory_order_relaxed)) / 1e9);
    // The +Inf bucket, not `count`: both are read while requests finish, and
    // Prometheus expects them equal.
    out += fmt::format("guanxi_http_request_duration_seconds_count{{{}}} {}\n", labels, cumulative);
  }

  out += "# HELP guanxi_http_requests_in_flight Requests being handled.\n";
  out += "# TYPE guanxi_http_requests_in_flight gauge\n";
  out += fmt::format("guanxi_http_requests_in_flight {}\n",
                     in_flight_.load(std::memory_order_relaxed));
}

void append_import_metrics(const std::vector<store::ImportRunRecord>& runs, std::string& out) {
  // Ordered maps keep the exposition stable between scrapes.
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> counts;  // shop, kind, state
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> sums;    // shop, kind, field
  for (const auto& run : runs) {
    ++counts[{run.shop_id, run.kind, run.finished_at ? "finished" : "running"}];
    if (!run.finished_at) continue;
    const Json summary = Json::parse(run.summary, nullptr, false);
    if (!summary.is_object()) continue;
    for (const auto& [field, value] : summary.items()) {
      if (value.is_number_integer()) sums[{run.shop_id, run.kind, field}] += value.get<int64_t>();
    }
  }
  out += "# HELP guanxi_import_runs Import runs in the database by shop, kind and state.\n";
  out += "# TYPE guanxi_import_runs gauge\n";
  for (const auto& [key, n] : counts) {
    out += fmt::format("guanxi_import_runs{{shop=\"{}\",kind=\"{}\",state=\"{}\"}} {}\n",
                       std::get<0>(key), label(std::get<1>(key)), std::get<2>(key), n);
  }
  out +=
      "# HELP guanxi_import_summary_total Sums over finished import runs of their summary "
      "counters.\n";
  out += "# TYPE guanxi_import_summary_total counter\n";
  for (const auto& [key, n] : sums) {
    out += fmt::format("guanxi_import_summary_total{{shop=\"{}\",kind=\"{}\",field=\"{}\"}} {}\n",
                       std::get<0>(key), label(std::get<1>(key)), label(std::get<2>(key)), n);
  }
}

}  // namespace guanxi::api
