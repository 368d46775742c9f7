// The sales analytics to JSON (the API's responses and the CLI's --json).
// Money is {"amount_minor", "currency"}; rates are fractions 0..1 or null
// when their denominator is 0; days are decimal numbers.
#pragma once

#include "core/json.hpp"
#include "core/time.hpp"
#include "sales/analytics.hpp"

namespace guanxi::api {

Json render_sales_funnel(const sales::FunnelReport& r);
Json render_sales_velocity(const sales::VelocityReport& r);
Json render_sales_stalled(const sales::StalledReport& r, const ShopZone& zone);
Json render_sales_forecast(const sales::ForecastReport& r);
Json render_sales_competitors(const sales::CompetitorReport& r);
Json render_sales_leaderboard(const sales::LeaderboardReport& r);
Json render_sales_lead_cohorts(const sales::LeadCohortReport& r);

}  // namespace guanxi::api
