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
  t.own_orders.assign(fs.orders_.begin(), fs.orders_.end());
  t.own_revenue.assign(fs.revenue_.begin(), fs.revenue_.end());
  t.own_first_day.assign(fs.first_day_.begin(), fs.first_day_.end());
  t.own_last_day.assign(fs.last_day_.begin(), fs.last_day_.end());
  for (size_t i = 0; i < n; ++i) {
    if (fs.last_day_[i] <= day)
      continue;  // every purchase is on or before the day: the totals stand
    t.own_orders[i] = 0;
    t.own_revenue[i] = 0;
    t.own_first_day[i] = kNoDay;
    t.own_last_day[i] = kNoDay;
    const auto list = fs.purchases_.of(i);
    auto end = std::upper_bound(list.begin(), list.end(), day,
                                [](int32_t d, const Purchase& p) { return d < p.day; });
    if (end == list.begin()) continue;
    int64_t revenue = 0;
    for (auto it = list.begin(); it != end; ++it) revenue += it->net;
    t.own_orders[i] = static_cast<uint32_t>(end - list.begin());
    t.own_revenue[i] = revenue;
    t.own_first_day[i] = list.front().day;
    t.own_last_day[i] = (end - 1)->day;
  }
  t.orders = t.own_orders;
  t.revenue = t.own_revenue;
  t.first_day = t.own_first_day;
  t.last_day = t.own_last_day;
  return t;
}

namespace {

// Products of sums and counts (revenue x customers) exceed 64 bits on big shops.
__extension__ using Wide = __int128;

// For each value, how many values are strictly smaller: counting over the
// value range when it is small (order counts, day counts), sorting otherwise.
std::vector<size_t> strictly_smaller(const std::vector<int64_t>& values) {
  std::vector<size_t> out(values.size());
  if (values.empty()) return out;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const int64_t range = *hi - *lo + 1;
  if (range <= static_cast<int64_t>(4 * values.size() + 1024)) {
    std::vector<size_t> below(static_cast<size_t>(range) + 1, 0);
    for (int64_t v : values) ++below[static_cast<size_t>(v - *lo) + 1];
    for (size_t k = 1; k < below.size(); ++k) below[k] += below[k - 1];
    for (size_t k = 0; k < values.size(); ++k) out[k] = below[static_cast<size_t>(values[k] - *lo)];
    return out;
  }
  std::vector<int64_t> sorted(values);
  std::sort(sorted.begin(), sorted.end());
  for (size_t k = 0; k < values.size(); ++k) {
    out[k] = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), values[k]) -
                                 sorted.begin());
  }
  return out;
}

struct RankedRevenue {
  int64_t revenue;
  uint32_t index;  // into the buyers list
};

// Buyers ordered by revenue ascending, ties by customer id ascending. An LSD
// radix sort (stable, 16-bit digits, constant digits skipped) over slots that
// are in id order; a comparison sort when they are not.
std::vector<RankedRevenue> sort_by_revenue(const FeatureStore& fs,
                                           const std::vector<uint32_t>& buyers,
                                           const std::vector<int64_t>& revenue) {
  const size_t n = buyers.size();
  std::vector<RankedRevenue> a(n);
  for (size_t k = 0; k < n; ++k) a[k] = {revenue[k], static_cast<uint32_t>(k)};
  if (!fs.slots_in_id_order()) {
    std::sort(a.begin(), a.end(), [&](const RankedRevenue& x, const RankedRevenue& y) {
      if (x.revenue != y.revenue) return x.revenue < y.revenue;
      return fs.customer_id(buyers[x.index]) < fs.customer_id(buyers[y.index]);
    });
    return a;
  }
  auto key = [](int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); };
  std::vector<RankedRevenue> b(n);
  std::vector<size_t> counts(65536);
  for (unsigned shift = 0; shift < 64; shift += 16) {
    std::fill(counts.begin(), counts.end(), 0);
    for (const auto& x : a) ++counts[(key(x.revenue) >> shift) & 0xFFFF];
    if (std::any_of(counts.begin(), counts.end(), [n](size_t c) { return c == n; }))
      continue;  // constant digit
    size_t sum = 0;
    for (auto& c : counts) {
      const size_t here = c;
      c = sum;
      sum += here;
    }
    for (const auto& x : a) b[counts[(key(x.revenue) >> shift) & 0xFFFF]++] = x;
    a.swap(b);
  }
  return a;
}

// 1 + floor(5 * smaller / n)
uint8_t score(size_t smaller, size_t n) {
  return static_cast<uint8_t>(1 + (5 * smaller) / n);
}

}  // namespace

std::shared_ptr<const ModelColumns> compute_models(const FeatureStore& fs, int32_t day,
                                                   const ModelSettings& s) {
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
  // Ranks: "customers with a strictly smaller value" for F and M, "strictly
  // larger" for R. F and R are small integers (counting); M is sorted once by
  // (revenue, customer id), which also gives the median and the ABC order.
  const std::vector<size_t> smaller_f = strictly_smaller(frequency);
  std::vector<int64_t> negated(recency);
  for (auto& v : negated) v = -v;
  const std::vector<size_t> larger_r =
      strictly_smaller(negated);  // larger recency = smaller negation
  const std::vector<RankedRevenue> by_revenue = sort_by_revenue(fs, buyers, monetary);
  std::vector<size_t> smaller_m(count);
  for (size_t k = 0; k < count; ++k) {
    const size_t start = k > 0 && by_revenue[k].revenue == by_revenue[k - 1].revenue
                             ? smaller_m[by_revenue[k - 1].index]
                             : k;
    smaller_m[by_revenue[k].index] = start;
  }
  m->median_revenue = by_revenue[(count - 1) / 2].revenue;
  const auto big_n = static_cast<Wide>(count);
  for (size_t k = 0; k < count; ++k) {
    const uint32_t i = buyers[k];
    m->rfm_r[i] = score(larger_r[k], count);
    m->rfm_f[i] = score(smaller_f[k], count);
    m->rfm_m[i] = score(smaller_m[k], count);
    const bool r_high = recency[k] * big_n < sum_r;
    const bool f_high = frequency[k] * big_n > sum_f;
    const bool m_high = monetary[k] * big_n > sum_m;
    const int within = r_high ? (f_high ? 0 : 2) : (f_high ? 1 : 3);
    m->rfm_group[i] = static_cast<uint8_t>((m_high ? 0 : 4) + within + 1);
  }

  // ABC: revenue descending, then customer id ascending: walk the ascending
  // order from the top, each run of equal revenue front to back.
  std::vector<uint32_t> ranked;
  ranked.reserve(count);
  for (size_t end = count; end > 0;) {
    size_t begin = end - 1;
    while (begin > 0 && by_revenue[begin - 1].revenue == by_revenue[end - 1].revenue) --begin;
    for (size_t k = begin; k < end; ++k) ranked.push_back(buyers[by_revenue[k].index]);
    end = begin;
  }
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

std::shared_ptr<const ModelColumns> ModelCache::get(const FeatureStore& fs, int32_t day,
                                                    const ModelSettings& s) {
  {
    std::lock_guard lock(mu_);
    if (cached_ && cached_->version == fs.version() && cached_->as_of_day == day &&
        cached_->settings == s) {
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
