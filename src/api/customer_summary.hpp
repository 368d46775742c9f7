// The short form of a customer that lists of segment members, previews and
// exports show: who (id, name, place, tier) and what they bought (purchases,
// net revenue, last purchase). Shared by the API and the CLI.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "domain/customer360.hpp"
#include "domain/loyalty.hpp"
#include "domain/model.hpp"

namespace guanxi::api {

struct CustomerSummary {
  domain::Customer customer;
  domain::OrderStats stats;
  domain::CustomerLoyalty loyalty;  // points balance, usable coupons
};

// The summaries of `ids`, in their order. Ids that no longer name a live
// customer (merged away or gone since the segment was decided) are skipped.
// A few indexed reads per customer (profile, order totals, loyalty): fine for
// pages and samples; a full export of a large segment pays for it (see README).
Result<std::vector<CustomerSummary>> read_customer_summaries(domain::ReadContext& ctx,
                                                             std::span<const int64_t> ids);

// {id, name, province, city, tier, orders, revenue, currency, last_order_at,
// last_order_at_local, points, coupons}: orders counts purchases, revenue is
// net revenue in minor units, points the balance, coupons those usable now.
Json render_customer_summary(const CustomerSummary& s, const domain::Shop& shop,
                             const ShopZone& zone);

// A CSV field: quoted when it holds a comma, quote or line break. A leading
// =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
void append_csv_field(std::string& out, std::string_view v);

// CSV (RFC 4180, UTF-8, CRLF): "id,name,city,tier,orders,revenue_yuan" and one
// row per customer; revenue in major units of the shop's currency.
std::string customer_csv_header();
void append_customer_csv_row(std::string& out, const CustomerSummary& s, const domain::Shop& shop);

}  // namespace guanxi::api
