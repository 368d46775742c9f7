#include "demo/random.hpp"

#include <algorithm>
#include <cmath>

namespace guanxi::demo {

DemoRandom DemoRandom::stream(uint64_t seed, uint64_t stream_id) {
  return DemoRandom(mix64(mix64(seed) ^ (stream_id * 0xD1B54A32D192ED03ULL)));
}

int64_t DemoRandom::uniform(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(bits());
  const uint64_t range = span + 1;
  // Rejection sampling: draws in the incomplete last block of `range` are retried.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
  uint64_t x = bits();
  while (x > limit) x = bits();
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % range);
}

double DemoRandom::unit() {
  return static_cast<double>(bits() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

double DemoRandom::pareto_4_3(double cap) {
  const double u = 1.0 - unit();  // (0, 1]
  const double root = std::sqrt(u);
  const double x = 1.0 / (root * std::sqrt(root));
  return std::min(x, cap);
}

WeightedChoice::WeightedChoice(std::span<const uint32_t> weights) {
  cumulative_.reserve(weights.size());
  uint64_t total = 0;
  for (const uint32_t w : weights) {
    total += w;
    cumulative_.push_back(total);
  }
}

size_t WeightedChoice::pick(DemoRandom& rng) const {
  const auto target =
      static_cast<uint64_t>(rng.uniform(0, static_cast<int64_t>(cumulative_.back()) - 1));
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return static_cast<size_t>(it - cumulative_.begin());
}

uint64_t power(uint64_t base, int exponent) {
  uint64_t r = 1;
  for (int i = 0; i < exponent; ++i) r *= base;
  return r;
}

uint64_t scramble(uint64_t index, uint64_t base, int width, uint64_t salt) {
  // x = high * low_size + low, with high < high_size and low < low_size.
  // A round adds a keyed hash of one half to the other and swaps the halves'
  // roles, which is invertible whatever the hash, hence a bijection.
  const uint64_t high_size = power(base, width / 2);
  const uint64_t low_size = power(base, width - width / 2);
  uint64_t high = index / low_size;
  uint64_t low = index % low_size;
  for (uint64_t round = 0; round < 4; ++round) {
    const uint64_t key = mix64(salt + round * 0x9E3779B97F4A7C15ULL);
    if (round % 2 == 0) {
      high = (high + mix64(low ^ key) % high_size) % high_size;
    } else {
      low = (low + mix64(high ^ key) % low_size) % low_size;
    }
  }
  return high * low_size + low;
}

uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t isqrt(uint64_t n) {
  auto r = static_cast<uint64_t>(std::sqrt(static_cast<double>(n)));
  // The double estimate can be off by one either way for large n; fix it exactly.
  while (r > 0 && r > n / r) --r;
  while ((r + 1) <= n / (r + 1)) ++r;
  return r;
}

}  // namespace guanxi::demo
