// The built-in customer models computed over a FeatureStore as of a day:
// RFM scores and the 8 classic groups, ABC/Pareto classes with gold and drag,
// and lifecycle stages. Definitions are pinned in rule/model_settings.hpp;
// the SQL path (sql/models_sql.hpp) computes the same independently.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "segment/bitset.hpp"
#include "segment/feature_store.hpp"
#include "segment/rule/model_settings.hpp"

namespace guanxi::segment {

// Purchase totals of every slot as of day D (only purchases dated <= D). On
// the fast path (D on or after every purchase) the spans view the store's own
// columns; otherwise they view the vectors computed here.
struct AsOfTotals {
  std::span<const uint32_t> orders;
  std::span<const int64_t> revenue;
  std::span<const int32_t> first_day;  // kNoDay without purchases
  std::span<const int32_t> last_day;
  std::vector<uint32_t> own_orders;
  std::vector<int64_t> own_revenue;
  std::vector<int32_t> own_first_day, own_last_day;
};
AsOfTotals totals_as_of(const FeatureStore& fs, int32_t day);

// Per-slot model results as of a day. Codes: 0 = missing (no purchase).
struct ModelColumns {
  int32_t as_of_day = 0;
  uint64_t version = 0;
  ModelSettings settings;
  std::vector<uint8_t> rfm_r, rfm_f, rfm_m;  // 1..5
  std::vector<uint8_t> rfm_group;            // 1..8: index into kRfmGroups + 1
  std::vector<uint8_t> abc;                  // 1 A, 2 B, 3 C
  std::vector<uint8_t> lifecycle;  // index into kLifecycleStages (always set for live slots)
  Bitset gold, drag;
  int64_t purchasers = 0;
  int64_t total_revenue = 0;
  int64_t median_revenue = 0;
  int64_t mean_recency_x_n = 0;  // sums, for reports: mean = sum / purchasers
  int64_t sum_frequency = 0;
  int64_t sum_monetary = 0;
};
std::shared_ptr<const ModelColumns> compute_models(const FeatureStore& fs, int32_t day,
                                                   const ModelSettings& s);

// Caches the models of the latest (version, day, settings); thread-safe.
class ModelCache {
 public:
  std::shared_ptr<const ModelColumns> get(const FeatureStore& fs, int32_t day,
                                          const ModelSettings& s);
  void clear();

 private:
  std::mutex mu_;
  std::shared_ptr<const ModelColumns> cached_;
};

}  // namespace guanxi::segment
