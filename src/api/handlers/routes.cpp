#include "api/handlers/routes.hpp"

namespace guanxi::api {

Result<Router> build_router() {
  Router router;
  GX_RETURN_IF_ERROR(handlers::add_system_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_customer_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_activity_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_order_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_event_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_admin_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_segment_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_analytics_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_tier_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_loyalty_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_journey_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_messaging_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_service_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_callcenter_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_sales_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_sales_report_routes(router));
  GX_RETURN_IF_ERROR(handlers::add_user_routes(router));
  return router;
}

}  // namespace guanxi::api
