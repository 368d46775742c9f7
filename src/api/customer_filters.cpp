#include "api/customer_filters.hpp"

#include <algorithm>
#include <utility>

#include "domain/tiers.hpp"
#include "segment/rule/ast.hpp"

namespace guanxi::api {

namespace {

// Rounds of engine pages one list request reads before it returns a short page.
constexpr int kMaxRounds = 16;
constexpr int kEnginePage = 2'000;

Location query_location(std::string_view name) {
  Location loc;
  loc.field = "?" + std::string(name);
  return loc;
}

segment::Node compare_node(segment::Field field, const std::string& value) {
  segment::Node n;
  n.kind = segment::NodeKind::kCompare;
  n.field.field = field;
  n.op = segment::CompareOp::kEq;
  n.values.push_back(segment::Literal{value, false});
  return n;
}

}  // namespace

Json CustomerFilters::describe() const {
  Json j = Json::object();
  if (!search.empty()) j["q"] = search;
  if (tag) j["tag"] = *tag;
  if (tier) j["tier"] = *tier;
  if (lifecycle) j["lifecycle"] = *lifecycle;
  if (segment) j["segment"] = *segment;
  return j;
}

CustomerFilters read_customer_filters(QueryParams& qp) {
  CustomerFilters f;
  f.search = qp.string("q").value_or("");
  f.tag = qp.string("tag");
  f.tier = qp.string("tier");
  if (f.tier && f.tier->empty()) f.tier.reset();
  f.lifecycle = qp.one_of("lifecycle", {"prospect", "new", "active", "at_risk",
                                        "high_value_churned", "low_value_churned", "churned"});
  f.segment = qp.int64("segment", 1, INT64_MAX);
  return f;
}

Status resolve_customer_filters(RequestContext& ctx, segment::SegmentEngine* engine,
                                CustomerFilters& filters) {
  if (!filters.needs_engine()) return Status::ok();
  if (engine == nullptr) {
    return Status(ErrorCode::kUnavailable,
                  "filtering by tier, lifecycle or segment needs the segment engine, which is not "
                  "running");
  }
  std::vector<segment::Node> nodes;
  if (filters.tier) {
    auto config =
        ctx.read([](domain::ReadContext& r) { return domain::load_tier_config(r.db, r.shop.id); });
    if (!config.ok()) return config.status();
    const auto& levels = config->levels;
    const bool known = std::any_of(levels.begin(), levels.end(),
                                   [&](const auto& l) { return l.name == *filters.tier; });
    if (!known) {
      std::string names;
      for (const auto& l : levels) names += (names.empty() ? "" : ", ") + l.name;
      return Status::invalid("tier must be a level of the shop's ladder (" + names + ")",
                             query_location("tier"));
    }
    nodes.push_back(compare_node(segment::Field::kTier, *filters.tier));
  }
  if (filters.lifecycle) {
    nodes.push_back(compare_node(segment::Field::kLifecycle, *filters.lifecycle));
  }
  if (filters.segment) {
    auto seg = engine->get_segment(ctx.shop().shop.id, *filters.segment);
    if (!seg.ok()) {
      if (seg.status().code() != ErrorCode::kNotFound) return seg.status();
      return Status::invalid("no segment " + std::to_string(*filters.segment),
                             query_location("segment"));
    }
    segment::Node n;
    n.kind = segment::NodeKind::kInSegment;
    n.text = seg->name;
    nodes.push_back(std::move(n));
  }
  segment::Rule rule;
  if (nodes.size() == 1) {
    rule.root = std::move(nodes.front());
  } else {
    rule.root.kind = segment::NodeKind::kAnd;
    rule.root.children = std::move(nodes);
  }
  filters.rule = std::move(rule);
  return Status::ok();
}

domain::CustomerQuery store_query(const CustomerFilters& filters) {
  domain::CustomerQuery q;
  q.search = filters.search;
  q.tag = filters.tag;
  return q;
}

Result<FilteredPage> list_filtered_customers(RequestContext& ctx, segment::SegmentEngine& engine,
                                             const CustomerFilters& filters,
                                             const std::string& cursor, int limit) {
  if (limit < 1 || limit > 500) {
    return Status::invalid("limit must be between 1 and 500", query_location("limit"));
  }
  std::optional<int64_t> after;
  if (!cursor.empty()) {
    auto parsed = domain::parse_customer_id_cursor(cursor);
    if (!parsed.ok()) return Status::invalid("malformed cursor", query_location("cursor"));
    after = *parsed;
  }
  const bool narrowed = !filters.search.empty() || filters.tag.has_value();
  const int64_t shop = ctx.shop().shop.id;
  FilteredPage out;
  for (int round = 0; round < kMaxRounds; ++round) {
    // Without store filters every live id of the engine's page is a row: ask for one more
    // than the page to learn whether another follows.
    const int want = narrowed ? kEnginePage : limit + 1;
    GX_ASSIGN_OR_RETURN(auto page, engine.rule_members(shop, *filters.rule, after, want));
    if (round == 0 && !narrowed) out.total = page.total;
    if (page.ids.empty()) return out;
    domain::CustomerQuery q = store_query(filters);
    q.restrict_ids = true;
    q.only_ids = page.ids;
    q.limit = 500;
    GX_ASSIGN_OR_RETURN(
        auto rows, ctx.read([&](domain::ReadContext& r) { return domain::list_customers(r, q); }));
    // Order-number searches come back unsorted; everything else is ascending already.
    std::sort(rows.customers.begin(), rows.customers.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    for (auto& c : rows.customers) {
      if (static_cast<int>(out.customers.size()) == limit) {
        out.next_cursor = domain::customer_id_cursor(out.customers.back().id);
        return out;
      }
      out.customers.push_back(std::move(c));
    }
    const bool full = static_cast<int>(out.customers.size()) == limit;
    if (!rows.next_cursor.empty()) {  // the store's page ended inside the engine's
      if (full) {
        out.next_cursor = domain::customer_id_cursor(out.customers.back().id);
        return out;
      }
      after = out.customers.empty() ? page.ids.front() : out.customers.back().id;
      continue;
    }
    if (!page.next) return out;
    if (full) {
      out.next_cursor = domain::customer_id_cursor(out.customers.back().id);
      return out;
    }
    after = page.next;
  }
  // Many engine pages kept few rows: hand back what was found and where to go on.
  out.next_cursor = domain::customer_id_cursor(*after);
  return out;
}

}  // namespace guanxi::api
