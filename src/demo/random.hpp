// DemoRandom: the demo generator's only source of randomness, identical on
// every platform for a given seed.
//
// std::mt19937_64's output sequence is fixed by the C++ standard, but the
// std::*_distribution classes are not (libstdc++, libc++ and MSVC turn the
// same bits into different numbers). So every draw here is made from the raw
// 64-bit outputs with integer arithmetic, or with IEEE 754 operations that are
// correctly rounded everywhere (+ - * / and sqrt): never log, exp or pow.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace guanxi::demo {

class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : engine_(seed) {}

  // An independent stream for one part of the generator (people, purchases,
  // activity), so that adding a draw to one part does not shift the others.
  static DemoRandom stream(uint64_t seed, uint64_t stream_id);

  // 64 uniformly random bits.
  uint64_t bits() { return engine_(); }

  // Uniform integer in [lo, hi] (inclusive), without modulo bias.
  // Precondition: lo <= hi.
  int64_t uniform(int64_t lo, int64_t hi);

  // Uniform index in [0, n). Precondition: n > 0.
  size_t below(size_t n) { return static_cast<size_t>(uniform(0, static_cast<int64_t>(n) - 1)); }

  // Uniform double in [0, 1) with 53 random bits.
  double unit();

  // True with probability per_mille / 1000.
  bool chance(int per_mille) { return uniform(0, 999) < per_mille; }

  // A value with a heavy (Pareto, alpha = 4/3) tail: P(X > x) = x^(-4/3) for
  // x >= 1. Computed as u^(-3/4) = 1 / (sqrt(u) * sqrt(sqrt(u))), so it is
  // exact on every platform; capped at `cap`.
  double pareto_4_3(double cap);

 private:
  std::mt19937_64 engine_;
};

// A fixed table of non-negative integer weights to draw indexes from.
class WeightedChoice {
 public:
  // Precondition: at least one weight is positive.
  explicit WeightedChoice(std::span<const uint32_t> weights);

  // An index drawn with probability weight[i] / sum(weights).
  size_t pick(DemoRandom& rng) const;
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<uint64_t> cumulative_;
};

// A bijection of [0, base^width) that looks random: `index` becomes a
// `width`-digit code in `base` (phone tails, nicknames, order numbers), and
// distinct indexes always give distinct codes. That is how generated
// identities stay unique without remembering the ones already used. A
// four-round Feistel network over the two halves of the digits, keyed by
// `salt`. Preconditions: base >= 2, width >= 2, base^width < 2^63,
// index < base^width.
uint64_t scramble(uint64_t index, uint64_t base, int width, uint64_t salt);

// base^exponent. Precondition: the result fits in uint64_t.
uint64_t power(uint64_t base, int exponent);

// floor(sqrt(n)) for any n, exactly.
uint64_t isqrt(uint64_t n);

// A well-mixed 64-bit hash of x (SplitMix64's finalizer): cheap per-value
// randomness, e.g. the random-looking tail of a WeChat openid.
uint64_t mix64(uint64_t x);

}  // namespace guanxi::demo
