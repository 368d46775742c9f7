// Evaluator: answers a segment rule over a FeatureStore as a set of slots.
// Every leaf is one pass over a few columns writing 64 customers per word,
// restricted to the words still in play (an `and` narrows the candidates for
// the predicates after it); and/or/not are word operations. Large shops are
// scanned by two threads. Semantics are those pinned in rule/ast.hpp.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "core/status.hpp"
#include "segment/bitset.hpp"
#include "segment/feature_store.hpp"
#include "segment/models.hpp"
#include "segment/rule/ast.hpp"
#include "segment/rule/model_settings.hpp"

namespace guanxi::segment {

// Members of in_segment("name") over the store's slots, or an error (unknown
// segment, cycle). `depth` grows with nesting so resolvers can stop cycles.
using SegmentResolver = std::function<Result<Bitset>(std::string_view name, int depth)>;

struct EvalOptions {
  int32_t as_of_day = 0;  // shop-local day number D
  ModelSettings models;
  ModelCache* model_cache = nullptr;  // optional: reuse RFM/ABC/lifecycle across calls
  SegmentResolver resolve_segment;    // optional: in_segment is an error without it
  int depth = 0;
  // Slots to decide; the result is a subset. Null means every live customer.
  const Bitset* candidates = nullptr;
  int threads = 2;  // scans split across this many threads on large shops
};

// The live customers (within options.candidates) that match the rule.
Result<Bitset> evaluate(const FeatureStore& fs, const Rule& rule, const EvalOptions& options);

// Customer ids of a result, ascending.
std::vector<int64_t> customer_ids(const FeatureStore& fs, const Bitset& slots);

}  // namespace guanxi::segment
