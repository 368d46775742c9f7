// Bitset: a dense bit vector over a shop's customer slots, the working form
// of a segment during evaluation (and/or/not are word operations; a scan
// writes 64 customers per word). Results leave the evaluator as Roaring
// bitmaps or customer ids.
#pragma once

#include <bit>
#include <cstdint>
#include <roaring/roaring.hh>
#include <vector>

namespace guanxi::segment {

class Bitset {
 public:
  Bitset() = default;
  explicit Bitset(size_t bits, bool value = false)
      : bits_(bits), words_((bits + 63) / 64, value ? ~uint64_t{0} : 0) {
    trim();
  }

  size_t size() const { return bits_; }
  size_t word_count() const { return words_.size(); }
  uint64_t word(size_t w) const { return words_[w]; }
  uint64_t& word(size_t w) { return words_[w]; }
  const uint64_t* data() const { return words_.data(); }

  bool test(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1U; }
  void set(size_t i) { words_[i / 64] |= uint64_t{1} << (i % 64); }
  void reset(size_t i) { words_[i / 64] &= ~(uint64_t{1} << (i % 64)); }
  void assign(size_t i, bool v) { v ? set(i) : reset(i); }

  // Grows (new bits clear); never shrinks.
  void resize(size_t bits) {
    if (bits <= bits_) return;
    bits_ = bits;
    words_.resize((bits + 63) / 64, 0);
  }

  size_t count() const {
    size_t n = 0;
    for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
    return n;
  }
  bool none() const {
    for (uint64_t w : words_) {
      if (w != 0) return false;
    }
    return true;
  }

  Bitset& operator&=(const Bitset& o) {
    for (size_t w = 0; w < words_.size(); ++w) words_[w] &= o.words_[w];
    return *this;
  }
  Bitset& operator|=(const Bitset& o) {
    for (size_t w = 0; w < words_.size(); ++w) words_[w] |= o.words_[w];
    return *this;
  }
  // this = this & ~o
  Bitset& and_not(const Bitset& o) {
    for (size_t w = 0; w < words_.size(); ++w) words_[w] &= ~o.words_[w];
    return *this;
  }
  void flip() {
    for (auto& w : words_) w = ~w;
    trim();
  }

  // Calls f(i) for every set bit, ascending.
  template <typename F>
  void for_each(F&& f) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      uint64_t bits = words_[w];
      while (bits != 0) {
        f(w * 64 + static_cast<size_t>(std::countr_zero(bits)));
        bits &= bits - 1;
      }
    }
  }

  Roaring to_roaring() const {
    std::vector<uint32_t> idx;
    idx.reserve(count());
    for_each([&](size_t i) { idx.push_back(static_cast<uint32_t>(i)); });
    Roaring r;
    r.addMany(idx.size(), idx.data());
    r.runOptimize();
    return r;
  }
  // Bits of `r` below `bits`.
  static Bitset from_roaring(const Roaring& r, size_t bits) {
    Bitset b(bits);
    for (uint32_t v : r) {
      if (v < bits) b.set(v);
    }
    return b;
  }

  bool operator==(const Bitset&) const = default;

 private:
  void trim() {
    if (bits_ % 64 != 0 && !words_.empty()) words_.back() &= (uint64_t{1} << (bits_ % 64)) - 1;
  }
  size_t bits_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace guanxi::segment
