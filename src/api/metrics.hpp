// A small Prometheus registry for the HTTP server: request counters by route
// template, method and status; a latency histogram per route; the number of
// requests in flight. Recording is lock-free (relaxed atomics in arrays sized
// at start); rendering walks the arrays.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "api/router.hpp"
#include "store/admin_table.hpp"

namespace guanxi::api {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram's buckets, +Inf implied.
  static constexpr std::array<double, 13> kBucketBounds{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};
  // Statuses counted individually; anything else is counted as "other".
  static constexpr std::array<int, 14> kStatuses{200, 201, 204, 400, 401, 403, 404,
                                                 405, 409, 413, 415, 422, 500, 503};

  // Sized for the router's routes, plus one series per method for requests
  // that matched no route. The router must outlive the Metrics.
  explicit Metrics(const Router& router);

  // Records a finished request. `route` is the matched route, or null.
  void record(const Router::Route* route, Method method, int status,
              std::chrono::nanoseconds latency);

  // Counts a request in flight for the life of the guard.
  class InFlight {
   public:
    explicit InFlight(Metrics& m) : m_(m) { m_.in_flight_.fetch_add(1, std::memory_order_relaxed); }
    ~InFlight() { m_.in_flight_.fetch_sub(1, std::memory_order_relaxed); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    Metrics& m_;
  };

  // Appends the registry in the Prometheus text exposition format (0.0.4).
  void render(std::string& out) const;

 private:
  struct Series {
    std::array<std::atomic<uint64_t>, kStatuses.size() + 1> by_status{};    // last: other
    std::array<std::atomic<uint64_t>, kBucketBounds.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
  };
  static constexpr size_t kMethods = static_cast<size_t>(Method::kOther) + 1;

  const Router& router_;
  std::unique_ptr<Series[]> series_;  // routes, then one per method for unmatched requests
  size_t route_count_;
  std::atomic<int64_t> in_flight_{0};
};

// Appends the import log as metrics: guanxi_import_runs{shop,kind,state}
// (state "finished" or "running") and guanxi_import_summary_total
// {shop,kind,field}, the sum over finished runs of every integer member of
// their summaries (rows_read, rows_rejected, orders_created, ...).
void append_import_metrics(const std::vector<store::ImportRunRecord>& runs, std::string& out);

}  // namespace guanxi::api
