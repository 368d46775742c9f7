// The route table of the API. Each handler file contributes the routes of
// one resource; build_router() assembles them (Server::start calls it, and
// the OpenAPI test compares the result with openapi.json).
#pragma once

#include "api/router.hpp"

namespace guanxi::api {

// Every route of the API.
Result<Router> build_router();

namespace handlers {
Status add_system_routes(Router& router);     // /healthz, /metrics, /api/v1/openapi.json
Status add_customer_routes(Router& router);   // /api/v1/customers...
Status add_activity_routes(Router& router);   // notes and tags
Status add_order_routes(Router& router);      // /api/v1/orders...
Status add_event_routes(Router& router);      // /api/v1/identify, /track, /batch
Status add_admin_routes(Router& router);      // /api/v1/shop, /api/v1/apikeys...
Status add_segment_routes(Router& router);    // /api/v1/segments..., customers/{id}/segments
Status add_analytics_routes(Router& router);  // /api/v1/analytics/..., /api/v1/settings/models
Status add_tier_routes(Router& router);       // /api/v1/tiers/...
Status add_loyalty_routes(Router& router);    // coupon batches, points, referrals, loyalty report
Status add_journey_routes(Router& router);    // journeys, care templates, campaigns
Status add_messaging_routes(Router& router);  // message templates, outbox, callbacks, unsubscribe
Status add_service_routes(Router& router);     // tickets, SLA policies, canned responses, interactions, tasks
Status add_callcenter_routes(Router& router);  // queues, agents, IVR, CTI events, screen-pop stream, call stats
Status add_sales_routes(Router& router);         // accounts, contacts, leads, opportunities, pipelines, competitors, activities
Status add_sales_report_routes(Router& router);  // /api/v1/analytics/sales/... funnel, velocity, forecast, competitors, leaderboard
Status add_user_routes(Router& router);          // session (sign-in), users, teams, roles, audit log
}  // namespace handlers

}  // namespace guanxi::api
