#include "segment/evaluator.hpp"

#include <algorithm>
#include <limits>
#include <thread>

namespace guanxi::segment {

namespace {

constexpr uint32_t kMissingCode = std::numeric_limits<uint32_t>::max();
constexpr int32_t kMinDay = std::numeric_limits<int32_t>::min();

// A numeric feature value; `ok` false when the customer has none.
struct Value {
  bool ok;
  int64_t v;
};

template <CompareOp Op, typename T>
inline bool compare(T a, T b) {
  if constexpr (Op == CompareOp::kEq) return a == b;
  if constexpr (Op == CompareOp::kNe) return a != b;
  if constexpr (Op == CompareOp::kLt) return a < b;
  if constexpr (Op == CompareOp::kLe) return a <= b;
  if constexpr (Op == CompareOp::kGt) return a > b;
  if constexpr (Op == CompareOp::kGe) return a >= b;
  return false;
}

template <typename F>
auto with_op(CompareOp op, F&& f) {
  switch (op) {
    case CompareOp::kEq:
      return f(std::integral_constant<CompareOp, CompareOp::kEq>{});
    case CompareOp::kNe:
      return f(std::integral_constant<CompareOp, CompareOp::kNe>{});
    case CompareOp::kLt:
      return f(std::integral_constant<CompareOp, CompareOp::kLt>{});
    case CompareOp::kLe:
      return f(std::integral_constant<CompareOp, CompareOp::kLe>{});
    case CompareOp::kGt:
      return f(std::integral_constant<CompareOp, CompareOp::kGt>{});
    case CompareOp::kGe:
      break;
  }
  return f(std::integral_constant<CompareOp, CompareOp::kGe>{});
}

// Sets out[i] = pred(i) for the slots of `mask`, one 64-slot word at a time,
// skipping empty words; large stores are split across two threads.
template <typename Pred>
Bitset scan(const Bitset& mask, int threads, const Pred& pred) {
  Bitset out(mask.size());
  const size_t n = mask.size();
  auto run = [&](size_t w0, size_t w1) {
    for (size_t w = w0; w < w1; ++w) {
      uint64_t m = mask.word(w);
      if (m == 0) continue;
      const size_t base = w * 64;
      uint64_t bits = 0;
      if (m == ~uint64_t{0}) {
        for (size_t j = 0; j < 64; ++j) bits |= static_cast<uint64_t>(pred(base + j)) << j;
      } else {
        while (m != 0) {
          const auto j = static_cast<size_t>(std::countr_zero(m));
          if (base + j < n) bits |= static_cast<uint64_t>(pred(base + j)) << j;
          m &= m - 1;
        }
      }
      out.word(w) = bits & mask.word(w);
    }
  };
  const size_t words = mask.word_count();
  if (threads > 1 && n >= (size_t{1} << 19)) {
    const size_t half = words / 2;
    std::thread first([&] { run(0, half); });
    run(half, words);
    first.join();
  } else {
    run(0, words);
  }
  return out;
}

class Evaluation {
 public:
  Evaluation(const FeatureStore& fs, const EvalOptions& opt)
      : fs_(fs), opt_(opt), day_(opt.as_of_day) {}

  Result<Bitset> eval(const Node& n, const Bitset& mask) {
    switch (n.kind) {
      case NodeKind::kAll:
        return mask;
      case NodeKind::kAnd: {
        Bitset current = mask;
        for (const auto& child : n.children) {
          if (current.none()) break;
          GX_ASSIGN_OR_RETURN(current, eval(child, current));
        }
        return current;
      }
      case NodeKind::kOr: {
        Bitset result(mask.size());
        Bitset remaining = mask;
        for (const auto& child : n.children) {
          if (remaining.none()) break;
          GX_ASSIGN_OR_RETURN(Bitset r, eval(child, remaining));
          result |= r;
          remaining.and_not(r);
        }
        return result;
      }
      case NodeKind::kNot: {
        GX_ASSIGN_OR_RETURN(Bitset r, eval(n.children.at(0), mask));
        Bitset out = mask;
        out.and_not(r);
        return out;
      }
      case NodeKind::kTag: {
        auto code = fs_.tag_names_.find(n.text);
        if (!code) return Bitset(mask.size());
        auto it = fs_.tags_.find(*code);
        if (it == fs_.tags_.end()) return Bitset(mask.size());
        return intersect(mask, it->second);
      }
      case NodeKind::kHas:
        return intersect(mask, fs_.identity_kinds_[static_cast<size_t>(n.has_kind)]);
      case NodeKind::kInSegment: {
        if (!opt_.resolve_segment) {
          return Status::invalid("in_segment(\"" + n.text + "\") cannot be used here");
        }
        GX_ASSIGN_OR_RETURN(Bitset members, opt_.resolve_segment(n.text, opt_.depth + 1));
        members.resize(mask.size());
        Bitset out = mask;
        out &= members;
        return out;
      }
      case NodeKind::kBought:
        return bought(n, mask);
      case NodeKind::kCompare:
      case NodeKind::kIn:
        return compare_node(n, mask);
    }
    return Status(ErrorCode::kInternal, "unknown rule node");
  }

 private:
  static Bitset intersect(const Bitset& mask, const Roaring& r) {
    Bitset out(mask.size());
    for (uint32_t v : r) {
      if (v < mask.size() && mask.test(v)) out.set(v);
    }
    return out;
  }

  int32_t window_start(const std::optional<int32_t>& window) const {
    return window ? day_ - *window + 1 : kMinDay;
  }

  const ModelColumns& models() {
    if (!models_) {
      models_ = opt_.model_cache != nullptr ? opt_.model_cache->get(fs_, day_, opt_.models)
                                            : compute_models(fs_, day_, opt_.models);
    }
    return *models_;
  }

  Result<Bitset> bought(const Node& n, const Bitset& mask) {
    const char prefix = n.bought_by == BoughtBy::kCategory ? 'c'
                        : n.bought_by == BoughtBy::kSku    ? 's'
                                                           : 'p';
    auto key = fs_.item_keys_.find(std::string(1, prefix) + ":" + n.text);
    if (!key) return Bitset(mask.size());
    const uint32_t k = *key;
    const int32_t lo = window_start(n.window_days);
    const int32_t hi = day_;
    return scan(mask, opt_.threads, [&](size_t i) {
      // Entries are sorted by (key, day): the first entry at or after (k, lo) decides.
      const auto items = fs_.items_.of(i);
      auto e = std::lower_bound(items.begin(), items.end(), ItemDay{k, lo},
                                [](const ItemDay& a, const ItemDay& b) {
                                  return a.key != b.key ? a.key < b.key : a.day < b.day;
                                });
      return e != items.end() && e->key == k && e->day <= hi;
    });
  }

  // Numeric comparison / `in` over a value getter.
  template <typename Get>
  Bitset numeric(const Node& n, const Bitset& mask, const Get& get) {
    if (n.kind == NodeKind::kIn) {
      std::vector<int64_t> wanted;
      for (const auto& l : n.values) wanted.push_back(l.number());
      return scan(mask, opt_.threads, [&](size_t i) {
        const Value x = get(i);
        return x.ok && std::find(wanted.begin(), wanted.end(), x.v) != wanted.end();
      });
    }
    const int64_t lit = n.values.at(0).number();
    return with_op(n.op, [&](auto op) {
      return scan(mask, opt_.threads, [&](size_t i) {
        const Value x = get(i);
        return x.ok && compare<decltype(op)::value>(x.v, lit);
      });
    });
  }

  // Text comparison / `in` over a code getter (kMissingCode: no value).
  template <typename Get>
  Bitset coded(const Node& n, const Bitset& mask, const std::vector<uint32_t>& wanted,
               const Get& get) {
    const bool negate = n.kind == NodeKind::kCompare && n.op == CompareOp::kNe;
    return scan(mask, opt_.threads, [&](size_t i) {
      const uint32_t c = get(i);
      if (c == kMissingCode) return false;
      const bool hit = std::find(wanted.begin(), wanted.end(), c) != wanted.end();
      return hit != negate;
    });
  }

  // Codes of the node's literals in a dictionary (absent texts match nothing).
  static std::vector<uint32_t> codes_in(const Dictionary& dict, const Node& n) {
    std::vector<uint32_t> out;
    for (const auto& l : n.values) {
      if (auto c = dict.find(l.text())) out.push_back(*c);
    }
    return out;
  }
  // Codes of literals in a fixed vocabulary: position in `names` + offset.
  template <typename Names>
  static std::vector<uint32_t> codes_of(const Names& names, const Node& n, uint32_t offset) {
    std::vector<uint32_t> out;
    for (const auto& l : n.values) {
      uint32_t k = 0;
      for (const auto& name : names) {
        if (std::string_view(name) == l.text()) out.push_back(k + offset);
        ++k;
      }
    }
    return out;
  }

  Result<Bitset> compare_node(const Node& n, const Bitset& mask) {
    const FieldRef& f = n.field;
    const int32_t d = day_;
    const int32_t lo = window_start(f.window_days);
    switch (f.field) {
      case Field::kOrders:
      case Field::kRevenue:
      case Field::kAov: {
        if (!f.window_days) {
          // The all-time columns are the as-of values for every customer whose
          // last purchase is on or before D; only the others need their history.
          const Field which = f.field;
          return numeric(n, mask, [&, which](size_t i) {
            int64_t count = fs_.orders_[i];
            int64_t sum = fs_.revenue_[i];
            if (fs_.last_day_[i] > d) {
              count = 0;
              sum = 0;
              for (const auto& p : fs_.purchases_.of(i)) {
                if (p.day > d) break;
                ++count;
                sum += p.net;
              }
            }
            if (which == Field::kOrders) return Value{true, count};
            if (which == Field::kRevenue) return Value{true, sum};
            return count == 0 ? Value{false, 0} : Value{true, sum / count};
          });
        }
        const Field which = f.field;
        return numeric(n, mask, [&, which](size_t i) {
          int64_t count = 0, sum = 0;
          const auto list =
              fs_.purchases_.of(i);  // by day: walk back from the newest, stop before the window
          for (auto p = list.rbegin(); p != list.rend() && p->day >= lo; ++p) {
            if (p->day <= d) {
              ++count;
              sum += p->net;
            }
          }
          if (which == Field::kOrders) return Value{true, count};
          if (which == Field::kRevenue) return Value{true, sum};
          return count == 0 ? Value{false, 0} : Value{true, sum / count};
        });
      }
      case Field::kRefunds:
      case Field::kRefundAmount: {
        const bool amount = f.field == Field::kRefundAmount;
        if (d >= fs_.max_refund_day_) {
          if (amount)
            return numeric(n, mask, [&](size_t i) { return Value{true, fs_.refund_amount_[i]}; });
          return numeric(n, mask, [&](size_t i) { return Value{true, fs_.refunds_[i]}; });
        }
        return numeric(n, mask, [&, amount](size_t i) {
          int64_t count = 0, sum = 0;
          for (const auto& r : fs_.refund_history_.of(i)) {
            if (r.day <= d) {
              ++count;
              sum += r.amount;
            }
          }
          return Value{true, amount ? sum : count};
        });
      }
      case Field::kFirstOrderDays:
        return numeric(n, mask, [&](size_t i) {
          const int32_t first = fs_.first_day_[i];
          return first == kNoDay || first > d ? Value{false, 0} : Value{true, int64_t{d} - first};
        });
      case Field::kLastOrderDays:
        return numeric(n, mask, [&](size_t i) {
          const int32_t newest = fs_.last_day_[i];
          if (newest <= d)
            return newest == kNoDay ? Value{false, 0} : Value{true, int64_t{d} - newest};
          const auto list = fs_.purchases_.of(i);
          int32_t last = kNoDay;
          for (auto p = list.rbegin(); p != list.rend(); ++p) {
            if (p->day <= d) {
              last = p->day;
              break;
            }
          }
          return last == kNoDay ? Value{false, 0} : Value{true, int64_t{d} - last};
        });
      case Field::kSignupDays:
        return numeric(n, mask, [&](size_t i) {
          const int32_t s = fs_.signup_day_[i];
          return s == kNoDay || s > d ? Value{false, 0} : Value{true, int64_t{d} - s};
        });
      case Field::kLastContactDays:
        return numeric(n, mask, [&](size_t i) {
          int32_t last = fs_.last_contact_day_[i];
          if (last > d) {  // notes dated after D: the newest day on or before D decides
            const auto list = fs_.contact_days_.of(i);
            last = kNoDay;
            for (auto c = list.rbegin(); c != list.rend(); ++c) {
              if (c->day <= d) {
                last = c->day;
                break;
              }
            }
          }
          return last == kNoDay ? Value{false, 0} : Value{true, int64_t{d} - last};
        });
      case Field::kContacts: {
        const bool all_time = !f.window_days;
        return numeric(n, mask, [&, all_time](size_t i) {
          // The all-time count is the as-of count unless a note is dated after D.
          if (all_time && fs_.last_contact_day_[i] <= d) {
            return Value{true, fs_.contacts_[i]};
          }
          int64_t count = 0;
          const auto list = fs_.contact_days_.of(i);  // by day: walk back from the newest
          for (auto c = list.rbegin(); c != list.rend() && c->day >= lo; ++c) {
            if (c->day <= d) count += c->count;
          }
          return Value{true, count};
        });
      }
      case Field::kDistinctProducts:
      case Field::kDistinctCategories: {
        const bool skus = f.field == Field::kDistinctProducts;
        if (d >= fs_.max_item_day_) {
          if (skus)
            return numeric(n, mask, [&](size_t i) { return Value{true, fs_.distinct_skus_[i]}; });
          return numeric(n, mask, [&](size_t i) {
            return Value{true, fs_.distinct_categories_[i]};
          });
        }
        const char kind = skus ? 's' : 'c';
        return numeric(n, mask, [&, kind](size_t i) {
          int64_t count = 0;
          uint32_t previous = kMissingCode;
          for (const auto& e : fs_.items_.of(
                   i)) {  // sorted by key, then day: the first entry of a key is its earliest
            if (e.key == previous) continue;
            previous = e.key;
            if (e.day <= d && fs_.item_keys_.name(e.key)[0] == kind) ++count;
          }
          return Value{true, count};
        });
      }
      case Field::kRfmR:
      case Field::kRfmF:
      case Field::kRfmM: {
        const ModelColumns& m = models();
        const auto& col = f.field == Field::kRfmR   ? m.rfm_r
                          : f.field == Field::kRfmF ? m.rfm_f
                                                    : m.rfm_m;
        return numeric(n, mask, [&](size_t i) { return Value{col[i] != 0, col[i]}; });
      }
      case Field::kBirthdayMonth:
        return numeric(n, mask, [&](size_t i) {
          const uint8_t v = fs_.birthday_month_[i];
          return Value{v != 0, v};
        });
      case Field::kBirthdayDay:
        return numeric(n, mask, [&](size_t i) {
          const uint8_t v = fs_.birthday_day_[i];
          return Value{v != 0, v};
        });
      case Field::kEventCount: {
        auto code = fs_.event_names_.find(f.arg);
        const uint32_t name = code.value_or(kMissingCode);
        return numeric(n, mask, [&, name](size_t i) {
          int64_t count = 0;
          if (name != kMissingCode) {
            const auto events = fs_.events_.of(i);  // sorted by (name, day)
            auto e = std::lower_bound(events.begin(), events.end(), EventDay{name, lo, 0},
                                      [](const EventDay& a, const EventDay& b) {
                                        return a.name != b.name ? a.name < b.name : a.day < b.day;
                                      });
            for (; e != events.end() && e->name == name && e->day <= d; ++e) count += e->count;
          }
          return Value{true, count};
        });
      }
      case Field::kPoints:
        return numeric(n, mask, [&](size_t i) { return Value{true, fs_.points_[i]}; });
      case Field::kTier: {
        const auto wanted = codes_in(fs_.tiers_, n);
        return coded(n, mask, wanted, [&](size_t i) { return uint32_t{fs_.tier_[i]}; });
      }
      case Field::kProvince:
      case Field::kCity: {
        const auto wanted = codes_in(fs_.places_, n);
        const auto& col = f.field == Field::kCity ? fs_.city_ : fs_.province_;
        return coded(n, mask, wanted, [&](size_t i) { return col[i]; });
      }
      case Field::kSourceChannel: {
        const auto wanted = codes_in(fs_.source_channels_, n);
        return coded(n, mask, wanted, [&](size_t i) { return fs_.source_channel_[i]; });
      }
      case Field::kGender: {
        static constexpr std::string_view kNames[] = {"unknown", "male", "female"};
        const auto wanted = codes_of(kNames, n, 0);
        return coded(n, mask, wanted, [&](size_t i) { return uint32_t{fs_.gender_[i]}; });
      }
      case Field::kConsentSms:
      case Field::kConsentEmail:
      case Field::kConsentWechat: {
        static constexpr std::string_view kNames[] = {"unknown", "granted", "denied"};
        const auto wanted = codes_of(kNames, n, 0);
        const size_t channel =
            static_cast<size_t>(f.field) - static_cast<size_t>(Field::kConsentSms);
        const auto& col = fs_.consent_[channel];
        return coded(n, mask, wanted, [&](size_t i) { return uint32_t{col[i]}; });
      }
      case Field::kRfmGroup: {
        std::vector<std::string_view> names;
        for (const auto& g : kRfmGroups) names.push_back(g.zh);
        const auto wanted = codes_of(names, n, 1);
        const auto& col = models().rfm_group;
        return coded(n, mask, wanted,
                     [&](size_t i) { return col[i] == 0 ? kMissingCode : uint32_t{col[i]}; });
      }
      case Field::kAbc: {
        static constexpr std::string_view kNames[] = {"A", "B", "C"};
        const auto wanted = codes_of(kNames, n, 1);
        const auto& col = models().abc;
        return coded(n, mask, wanted,
                     [&](size_t i) { return col[i] == 0 ? kMissingCode : uint32_t{col[i]}; });
      }
      case Field::kLifecycle: {
        auto wanted = codes_of(kLifecycleStages, n, 0);
        for (const auto& l : n.values) {
          if (l.text() == "churned") {
            wanted.push_back(4);
            wanted.push_back(5);
          }
        }
        const auto& col = models().lifecycle;
        return coded(n, mask, wanted, [&](size_t i) { return uint32_t{col[i]}; });
      }
      case Field::kAttr:
        return attribute(n, mask);
    }
    return Status(ErrorCode::kInternal, "unknown field");
  }

  Result<Bitset> attribute(const Node& n, const Bitset& mask) {
    auto it = fs_.attributes_.find(n.field.arg);
    if (it == fs_.attributes_.end() || n.values.empty()) return Bitset(mask.size());
    const AttrColumn& col = it->second;
    const size_t size = col.kind.size();
    if (n.values.front().is_number()) {
      // A literal written with decimals is scaled by 100, and so is the value compared with it.
      if (n.kind == NodeKind::kIn) {
        return scan(mask, opt_.threads, [&](size_t i) {
          if (i >= size || col.kind[i] != 1) return false;
          for (const auto& l : n.values) {
            const double v = l.decimal ? col.number[i] * 100 : col.number[i];
            if (v == static_cast<double>(l.number())) return true;
          }
          return false;
        });
      }
      const bool scaled = n.values.front().decimal;
      auto value = [&](size_t i) { return scaled ? col.number[i] * 100 : col.number[i]; };
      const auto lit = static_cast<double>(n.values.front().number());
      return with_op(n.op, [&](auto op) {
        return scan(mask, opt_.threads, [&](size_t i) {
          return i < size && col.kind[i] == 1 && compare<decltype(op)::value>(value(i), lit);
        });
      });
    }
    const auto wanted = codes_in(fs_.attr_values_, n);
    return coded(n, mask, wanted, [&](size_t i) {
      return i < size && col.kind[i] == 2 ? col.text[i] : kMissingCode;
    });
  }

  const FeatureStore& fs_;
  const EvalOptions& opt_;
  int32_t day_;
  std::shared_ptr<const ModelColumns> models_;
};

}  // namespace

Result<Bitset> evaluate(const FeatureStore& fs, const Rule& rule, const EvalOptions& options) {
  if (options.depth > 16) return Status::invalid("in_segment nests too deeply (a cycle?)");
  Bitset mask = fs.live();
  if (options.candidates != nullptr) {
    Bitset c = *options.candidates;
    c.resize(mask.size());
    mask &= c;
  }
  Evaluation e(fs, options);
  return e.eval(rule.root, mask);
}

std::vector<int64_t> customer_ids(const FeatureStore& fs, const Bitset& slots) {
  std::vector<int64_t> out;
  out.reserve(slots.count());
  slots.for_each([&](size_t i) { out.push_back(fs.customer_id(i)); });
  if (!std::is_sorted(out.begin(), out.end())) std::sort(out.begin(), out.end());
  return out;
}

}  // namespace guanxi::segment
