// Random, well-typed segment rules for differential and smoke tests: every
// field, predicate kind and operator, with literals drawn near a shop's real
// data (see RuleVocabulary) so that most comparisons actually split the
// population. Deterministic for a given generator state. Test-only.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "segment/rule/ast.hpp"

namespace guanxi::segment::testing {

// The values a shop's data actually holds, so random literals hit real data;
// the generator mixes in some values that hold for nobody.
struct RuleVocabulary {
  std::vector<std::string> tags;
  std::vector<std::string> tiers;  // without ""; the generator adds "" itself
  std::vector<std::string> provinces;
  std::vector<std::string> cities;
  std::vector<std::string> source_channels;
  std::vector<std::string> categories;
  std::vector<std::string> skus;
  std::vector<std::string> products;
  std::vector<std::string> event_names;
  struct Attr {
    std::string key;
    std::vector<double> numbers;  // values as stored (integers and decimals)
    std::vector<std::string> texts;
  };
  std::vector<Attr> attrs;
  std::vector<std::string> segment_names;  // in_segment() only when not empty
  int32_t today = 0;  // the shop-local day of the shop's clock (a natural as-of day)
};

// A random rule of at most `max_depth` levels of and/or/not above the leaves.
Rule random_rule(std::mt19937_64& rng, const RuleVocabulary& vocab, int max_depth = 3);

// One random leaf (comparison, in, tag, has, bought, in_segment or all).
Node random_leaf(std::mt19937_64& rng, const RuleVocabulary& vocab);

}  // namespace guanxi::segment::testing
