#include "segment/models.hpp"

#include <algorithm>

#include "segment/rule/ast.hpp"

namespace guanxi::segment {

AsOfTotals totals_as_of(const FeatureStore& fs, int32_t day) {
  AsOfTotals t;
  if (day >= fs.max_purchase_day_) {
    t.orders = fs.orders_;
    t.revenue = fs.revenue_;
    t.first_day = fs.first_day_;
    t.last_day = fs.last_day_;
    return t;
  }
  const size_t n = fs.size();
  t.orders.assign(n, 0);
  t.revenue.assign(n, 0);
  t.first_day.assign(n, kNoDay);
  t.last_day.assign(n, kNoDay);
  for (size_t i = 0; i < n; ++i) {
    const auto list = fs.purchases_.of(i);
    auto end = std::upper_bound(list.begin(), list.end(), day,
                                [](int32_t d, const Purchase& p) { return d < p.day; });
    if (end == list.begin()) continue;
    int64_t revenue = 0;
    for (auto it = list.begin(); it != end; ++it) revenue += it->net;
    t.orders[i] = static_cast<uint32_t>(end - list.begin());
    t.revenue[i] = revenue;
    t.first_day[i] = list.front().day;
    t.last_day[i] = (end - 1)->day;
  }
  return t;
}

namespace {

// Products of sums and counts (revenue x customers) exceed 64 bits on big shops.
__extension__ using Wide = __int128;

// 1 + floor(5 * smaller / n)
uint8_t score(size_t smaller, size_t n) { return static_cast<uint8_t>(1 + (5 * smaller) / n); }

}  // namespace

std::shared_ptr<const ModelColumns> compute_models(const FeatureStore& fs, int32_t day, const ModelSettings& s) {
  auto m = std::make_shared<ModelColumns>();
  m->as_of_day = day;
  m->version = fs.version();
  m->settings = s;
  const size_t n = fs.size();
  m->rfm_r.assign(n, 0);
  m->rfm_f.assign(n, 0);
  m->rfm_m.assign(n, 0);
  m->rfm_group.assign(n, 0);
  m->abc.assign(n, 0);
  m->lifecycle.assign(n, 0);
  m->gold = Bitset(n);
  m->drag = Bitset(n);

  const AsOfTotals t = totals_as_of(fs, day);
  std::vector<uint32_t> buyers;
  fs.live().for_each([&](size_t i) {
    if (t.orders[i] > 0) buyers.push_back(static_cast<uint32_t>(i));
  });
  const size_t count = buyers.size();
  m->purchasers = static_cast<int64_t>(count);
  if (count == 0) return m;

  std::vector<int64_t> recency, frequency, monetary;
  recency.reserve(count);
  frequency.reserve(count);
  monetary.reserve(count);
  for (uint32_t i : buyers) {
    recency.push_back(day - t.last_day[i]);
    frequency.push_back(t.orders[i]);
    monetary.push_back(t.revenue[i]);
  }
  int64_t sum_r = 0, sum_f = 0, sum_m = 0;
  for (size_t k = 0; k < count; ++k) {
    sum_r += recency[k];
    sum_f += frequency[k];
    sum_m += monetary[k];
  }
  m->mean_recency_x_n = sum_r;
  m->sum_frequency = sum_f;
  m->sum_monetary = sum_m;
  m->total_revenue = sum_m;
  auto sorted_r = recency, sorted_f = frequency, sorted_m = monetary;
  std::sort(sorted_r.begin(), sorted_r.end());
  std::sort(sorted_f.begin(), sorted_f.end());
  std::sort(sorted_m.begin(), sorted_m.end());
  m->median_revenue = sorted_m[(count - 1) / 2];
  const auto big_n = static_cast<Wide>(count);
  for (size_t k = 0; k < count; ++k) {
    const uint32_t i = buyers[k];
    const auto larger_r = static_cast<size_t>(
        sorted_r.end() - std::upper_bound(sorted_r.begin(), sorted_r.end(), recency[k]));
    const auto smaller_f = static_cast<size_t>(
        std::lower_bound(sorted_f.begin(), sorted_f.end(), frequency[k]) - sorted_f.begin());
    const auto smaller_m = static_cast<size_t>(
        std::lower_bound(sorted_m.begin(), sorted_m.end(), monetary[k]) - sorted_m.begin());
    m->rfm_r[i] = score(larger_r, count);
    m->rfm_f[i] = score(smaller_f, count);
    m->rfm_m[i] = score(smaller_m, count);
    const bool r_high = recency[k] * big_n < sum_r;
    const bool f_high = frequency[k] * big_n > sum_f;
    const bool m_high = monetary[k] * big_n > sum_m;
    const int within = r_high ? (f_high ? 0 : 2) : (f_high ? 1 : 3);
    m->rfm_group[i] = static_cast<uint8_t>((m_high ? 0 : 4) + within + 1);
  }

  // ABC: revenue descending, then customer id ascending.
  std::vector<uint32_t> ranked(buyers);
  std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    if (t.revenue[a] != t.revenue[b]) return t.revenue[a] > t.revenue[b];
    return fs.customer_id(a) < fs.customer_id(b);
  });
  const auto total = static_cast<Wide>(sum_m);
  Wide before = 0;
  const size_t gold = (count * static_cast<size_t>(s.gold_pct) + 99) / 100;
  const size_t drag = (count * static_cast<size_t>(s.drag_pct) + 99) / 100;
  for (size_t k = 0; k < count; ++k) {
    const uint32_t i = ranked[k];
    uint8_t cls = 3;
    if (total > 0 && before * 100 < s.abc_a_pct * total) {
      cls = 1;
    } else if (total > 0 && before * 100 < s.abc_b_pct * total) {
      cls = 2;
    }
    m->abc[i] = cls;
    before += t.revenue[i];
    if (k < gold) m->gold.set(i);
    if (k >= count - std::min(drag, count)) m->drag.set(i);
  }

  fs.live().for_each([&](size_t i) {
    uint8_t stage = 0;
    if (t.orders[i] > 0) {
      const int64_t days = day - t.last_day[i];
      if (t.orders[i] == 1 && days <= s.new_days) {
        stage = 1;
      } else if (days <= s.active_days) {
        stage = 2;
      } else if (days <= s.at_risk_days) {
        stage = 3;
      } else {
        stage = t.orders[i] >= 2 && t.revenue[i] >= m->median_revenue ? 4 : 5;
      }
    }
    m->lifecycle[i] = stage;
  });
  return m;
}

std::shared_ptr<const ModelColumns> ModelCache::get(const FeatureStore& fs, int32_t day, const ModelSettings& s) {
  {
    std::lock_guard lock(mu_);
    if (cached_ && cached_->version == fs.version() && cached_->as_of_day == day && cached_->settings == s) {
      return cached_;
    }
  }
  auto fresh = compute_models(fs, day, s);
  std::lock_guard lock(mu_);
  cached_ = fresh;
  return fresh;
}

void ModelCache::clear() {
  std::lock_guard lock(mu_);
  cached_.reset();
}

}  // namespace guanxi::segment
