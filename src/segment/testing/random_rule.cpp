#include "segment/testing/random_rule.hpp"

#include <cmath>
#include <iterator>

namespace guanxi::segment::testing {

namespace {

// Texts that no customer holds, mixed in so that predicates also select nobody.
constexpr const char* kAbsentText = "不存在";

bool chance(std::mt19937_64& rng, double p) {
  return std::bernoulli_distribution(p)(rng);
}

int64_t between(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[static_cast<size_t>(between(rng, 0, static_cast<int64_t>(items.size()) - 1))];
}

// A value of the vocabulary list, "" or an absent value.
std::string open_text(std::mt19937_64& rng, const std::vector<std::string>& values) {
  if (!values.empty() && chance(rng, 0.8)) return pick(rng, values);
  return chance(rng, 0.5) ? std::string() : std::string(kAbsentText);
}

int32_t random_window(std::mt19937_64& rng) {
  static const std::vector<int32_t> windows = {1, 7, 30, 90, 180, 365, 730};
  return pick(rng, windows);
}

// A day count near the interesting thresholds (the model windows, a year, two).
int64_t random_days(std::mt19937_64& rng) {
  static const std::vector<int64_t> edges = {0,  1,  7,   29,  30,  31,  89,
                                             90, 91, 179, 180, 181, 365, 730};
  return chance(rng, 0.4) ? pick(rng, edges) : between(rng, 0, 800);
}

Literal number(int64_t n) {
  return Literal{n, false};
}
Literal text(std::string s) {
  return Literal{std::move(s), false};
}

// A number literal for a numeric field (money in minor units).
Literal number_for(std::mt19937_64& rng, const FieldRef& ref) {
  const bool windowed = ref.window_days.has_value();
  switch (ref.field) {
    case Field::kOrders:
      return number(between(rng, 0, windowed ? 3 : 6));
    case Field::kRevenue:
      if (chance(rng, 0.2)) return number(between(rng, 0, 300'000));
      return number(between(rng, 0, windowed ? 1500 : 3000) * 100);
    case Field::kAov:
      return number(chance(rng, 0.2) ? between(rng, 0, 100'000) : between(rng, 0, 1000) * 100);
    case Field::kRefunds:
      return number(between(rng, 0, 3));
    case Field::kRefundAmount:
      return number(between(rng, 0, 500) * 100);
    case Field::kFirstOrderDays:
    case Field::kLastOrderDays:
    case Field::kSignupDays:
    case Field::kLastContactDays:
      return number(random_days(rng));
    case Field::kContacts:
      return number(between(rng, 0, windowed ? 2 : 5));
    case Field::kDistinctProducts:
    case Field::kDistinctCategories:
      return number(between(rng, 0, 6));
    case Field::kRfmR:
    case Field::kRfmF:
    case Field::kRfmM:
      return number(between(rng, 1, 5));
    case Field::kBirthdayMonth:
      return number(between(rng, 1, 12));
    case Field::kBirthdayDay:
      return number(between(rng, 1, 31));
    case Field::kEventCount:
      return number(between(rng, 0, 5));
    case Field::kPoints: {
      static const std::vector<int64_t> edges = {0, 1, 100, 500, 1000};
      return number(chance(rng, 0.3) ? pick(rng, edges) : between(rng, 0, 2500));
    }
    default:
      return number(0);
  }
}

// A text literal for a text field.
Literal text_for(std::mt19937_64& rng, Field field, const RuleVocabulary& vocab) {
  switch (field) {
    case Field::kTier:
      return text(open_text(rng, vocab.tiers));
    case Field::kProvince:
      return text(open_text(rng, vocab.provinces));
    case Field::kCity:
      return text(open_text(rng, vocab.cities));
    case Field::kSourceChannel:
      return text(open_text(rng, vocab.source_channels));
    default: {
      const auto allowed = allowed_values(field);
      return text(std::string(
          allowed[static_cast<size_t>(between(rng, 0, static_cast<int64_t>(allowed.size()) - 1))]));
    }
  }
}

CompareOp random_op(std::mt19937_64& rng) {
  return static_cast<CompareOp>(between(rng, 0, 5));
}

// attr("key") compared with a literal of the kind the attribute holds (mostly).
void fill_attr(std::mt19937_64& rng, const RuleVocabulary& vocab, Node& n) {
  RuleVocabulary::Attr attr;
  if (!vocab.attrs.empty() && chance(rng, 0.85)) {
    attr = pick(rng, vocab.attrs);
  } else {
    attr.key = chance(rng, 0.5) ? "缺失的键" : "we\"ird.key'";
    attr.numbers = {1, 2.5};
    attr.texts = {"x"};
  }
  n.field.arg = attr.key;
  const bool numeric = !attr.numbers.empty() && (attr.texts.empty() || chance(rng, 0.6));
  auto literal = [&]() -> Literal {
    if (!numeric)
      return text(attr.texts.empty() || chance(rng, 0.1) ? kAbsentText : pick(rng, attr.texts));
    const double v = pick(rng, attr.numbers);
    if (chance(rng, 0.5)) {
      // Written with decimals: scaled by 100, sometimes nudged off the value.
      int64_t scaled = std::llround(v * 100);
      if (chance(rng, 0.3)) scaled += between(rng, -50, 50);
      return Literal{scaled, true};
    }
    return number(static_cast<int64_t>(std::floor(v)) +
                  (chance(rng, 0.3) ? between(rng, -1, 1) : 0));
  };
  if (chance(rng, 0.2)) {
    n.kind = NodeKind::kIn;
    const int64_t count = between(rng, 1, 3);
    for (int64_t i = 0; i < count; ++i) n.values.push_back(literal());
    return;
  }
  n.kind = NodeKind::kCompare;
  n.op = numeric ? random_op(rng) : (chance(rng, 0.5) ? CompareOp::kEq : CompareOp::kNe);
  n.values.push_back(literal());
}

Node random_comparison(std::mt19937_64& rng, const RuleVocabulary& vocab) {
  Node n;
  const auto& fields = all_fields();
  const FieldInfo& info = pick(rng, fields);
  n.field.field = info.field;
  if (info.field == Field::kAttr) {
    fill_attr(rng, vocab, n);
    return n;
  }
  if (info.field == Field::kEventCount) {
    n.field.arg = vocab.event_names.empty() || chance(rng, 0.1) ? std::string(kAbsentText)
                                                                : pick(rng, vocab.event_names);
  }
  if (info.windowed && chance(rng, info.field == Field::kEventCount ? 0.5 : 0.4)) {
    n.field.window_days = random_window(rng);
  }
  const bool is_text = info.type == ValueType::kString;
  if (chance(rng, 0.2)) {
    n.kind = NodeKind::kIn;
    const int64_t count = between(rng, 1, 4);
    for (int64_t i = 0; i < count; ++i) {
      n.values.push_back(is_text ? text_for(rng, info.field, vocab) : number_for(rng, n.field));
    }
    return n;
  }
  n.kind = NodeKind::kCompare;
  if (is_text) {
    n.op = chance(rng, 0.6) ? CompareOp::kEq : CompareOp::kNe;
    n.values.push_back(text_for(rng, info.field, vocab));
  } else {
    n.op = random_op(rng);
    n.values.push_back(number_for(rng, n.field));
  }
  return n;
}

Node composite(std::mt19937_64& rng, const RuleVocabulary& vocab, int depth) {
  Node n;
  const double roll = std::uniform_real_distribution<double>(0, 1)(rng);
  if (roll < 0.25) {
    n.kind = NodeKind::kNot;
    n.children.push_back(random_rule(rng, vocab, depth - 1).root);
    return n;
  }
  n.kind = roll < 0.65 ? NodeKind::kAnd : NodeKind::kOr;
  const int64_t count = between(rng, 2, 3);
  for (int64_t i = 0; i < count; ++i) n.children.push_back(random_rule(rng, vocab, depth - 1).root);
  return n;
}

}  // namespace

Node random_leaf(std::mt19937_64& rng, const RuleVocabulary& vocab) {
  const double roll = std::uniform_real_distribution<double>(0, 1)(rng);
  Node n;
  if (roll < 0.66) return random_comparison(rng, vocab);
  if (roll < 0.75) {
    n.kind = NodeKind::kTag;
    n.text =
        vocab.tags.empty() || chance(rng, 0.15) ? std::string(kAbsentText) : pick(rng, vocab.tags);
  } else if (roll < 0.81) {
    n.kind = NodeKind::kHas;
    n.has_kind = static_cast<HasKind>(between(rng, 0, 6));
  } else if (roll < 0.93) {
    n.kind = NodeKind::kBought;
    n.bought_by = static_cast<BoughtBy>(between(rng, 0, 2));
    const auto& values = n.bought_by == BoughtBy::kCategory ? vocab.categories
                         : n.bought_by == BoughtBy::kSku    ? vocab.skus
                                                            : vocab.products;
    n.text = values.empty() || chance(rng, 0.1) ? std::string(kAbsentText) : pick(rng, values);
    if (chance(rng, 0.4)) n.window_days = random_window(rng);
  } else if (roll < 0.97 && !vocab.segment_names.empty()) {
    n.kind = NodeKind::kInSegment;
    n.text = pick(rng, vocab.segment_names);
  } else if (roll < 0.98) {
    n.kind = NodeKind::kAll;
  } else {
    return random_comparison(rng, vocab);
  }
  return n;
}

Rule random_rule(std::mt19937_64& rng, const RuleVocabulary& vocab, int max_depth) {
  Rule rule;
  if (max_depth > 0 && chance(rng, 0.55)) {
    rule.root = composite(rng, vocab, max_depth);
  } else {
    rule.root = random_leaf(rng, vocab);
  }
  return rule;
}

}  // namespace guanxi::segment::testing
