// Placeholder; filled in by the work on this resource.
#include "api/handlers/routes.hpp"

namespace guanxi::api::handlers {

Status add_sales_routes(Router& /*router*/) {
  return Status::ok();
}

}  // namespace guanxi::api::handlers
