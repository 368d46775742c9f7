#include "api/customer_summary.hpp"

#include "core/money.hpp"
#include "domain/customers.hpp"

namespace guanxi::api {

void append_csv_field(std::string& out, std::string_view v) {
  std::string text;
  if (!v.empty() &&
      (v.front() == '=' || v.front() == '+' || v.front() == '-' || v.front() == '@')) {
    text = "'";
  }
  text.append(v);
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Result<std::vector<CustomerSummary>> read_customer_summaries(domain::ReadContext& ctx,
                                                             std::span<const int64_t> ids) {
  std::vector<CustomerSummary> out;
  out.reserve(ids.size());
  for (const int64_t id : ids) {
    auto customer = domain::get_customer(ctx, id);
    if (!customer.ok()) {
      if (customer.status().code() == ErrorCode::kNotFound) continue;
      return customer.status();
    }
    if (customer->id != id) continue;  // merged away: its survivor is listed on its own
    GX_ASSIGN_OR_RETURN(auto stats, domain::order_stats(ctx, id));
    GX_ASSIGN_OR_RETURN(auto loyalty, domain::customer_loyalty(ctx, id));
    out.push_back(CustomerSummary{std::move(*customer), std::move(stats), loyalty});
  }
  return out;
}

Json render_customer_summary(const CustomerSummary& s, const domain::Shop& shop,
                             const ShopZone& zone) {
  const auto& c = s.customer;
  const auto& last = s.stats.last_order_at;
  return {
      {"id", c.id},
      {"name", c.name},
      {"province", c.province},
      {"city", c.city},
      {"tier", c.tier},
      {"orders", s.stats.purchase_count},
      {"revenue", s.stats.net_revenue},
      {"currency", shop.currency},
      {"last_order_at", last ? Json(format_utc_iso8601(*last)) : Json(nullptr)},
      {"last_order_at_local", last ? Json(zone.format_local(*last)) : Json(nullptr)},
      {"points", s.loyalty.points},
      {"coupons", s.loyalty.coupons},
  };
}

std::string customer_csv_header() {
  return "id,name,city,tier,orders,revenue_yuan\r\n";
}

void append_customer_csv_row(std::string& out, const CustomerSummary& s, const domain::Shop& shop) {
  const int exponent = Currency::parse(shop.currency).value_or(Currency()).exponent();
  out += std::to_string(s.customer.id);
  out += ',';
  append_csv_field(out, s.customer.name);
  out += ',';
  append_csv_field(out, s.customer.city);
  out += ',';
  append_csv_field(out, s.customer.tier);
  out += ',';
  out += std::to_string(s.stats.purchase_count);
  out += ',';
  out += format_major_units(s.stats.net_revenue, exponent);
  out += "\r\n";
}

}  // namespace guanxi::api
