// The filters of the customer list and the customer export
// (GET /customers, GET /customers/export): the search and tag the store
// answers with its indexes, and tier, lifecycle stage and segment, which the
// segment engine answers from its columns and bitmaps (no table scan per
// request, whatever the shop's size).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/request_context.hpp"
#include "api/url.hpp"
#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/customer360.hpp"
#include "segment/engine.hpp"

namespace guanxi::api {

struct CustomerFilters {
  std::string search;  // ?q: name prefix, phone, e-mail or order number
  std::optional<std::string> tag;
  std::optional<std::string> tier;       // a level of the shop's ladder
  std::optional<std::string> lifecycle;  // a stage of kLifecycleStages, or "churned"
  std::optional<int64_t> segment;        // a stored segment's id
  // tier, lifecycle and segment as one rule (set by resolve_customer_filters).
  std::optional<segment::Rule> rule;

  bool needs_engine() const { return tier || lifecycle || segment; }
  // The filters as given, for the audit log: {"q", "tag", "tier", "lifecycle", "segment"}.
  Json describe() const;
};

// Reads ?q, tag, tier, lifecycle and segment (not finished: the caller reads
// its own parameters and calls qp.finish()). An unknown lifecycle stage is
// invalid_argument naming "?lifecycle".
CustomerFilters read_customer_filters(QueryParams& qp);

// Checks the values that depend on the shop — a tier must be a level of its
// ladder, a segment must exist — and builds `rule`. Errors name the parameter.
Status resolve_customer_filters(RequestContext& ctx, segment::SegmentEngine* engine,
                                CustomerFilters& filters);

// A domain query for the filters the store answers (search and tag).
domain::CustomerQuery store_query(const CustomerFilters& filters);

struct FilteredPage {
  std::vector<domain::Customer> customers;  // ascending id
  std::string next_cursor;                  // "" on the last page
  std::optional<int64_t> total;             // every match, when known without a scan
};

// One page (ascending id) of the customers matching filters with a rule:
// pages of the engine's result narrowed by the store's filters, until the
// page is full (a short page may still have a next cursor when the store's
// filters keep few of the engine's customers).
Result<FilteredPage> list_filtered_customers(RequestContext& ctx, segment::SegmentEngine& engine,
                                             const CustomerFilters& filters,
                                             const std::string& cursor, int limit);

}  // namespace guanxi::api
