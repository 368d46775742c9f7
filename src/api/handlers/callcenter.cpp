// (Being written for issue 5.)
#include "api/handlers/routes.hpp"

namespace guanxi::api::handlers {

Status add_callcenter_routes(Router& /*router*/) { return Status::ok(); }

}  // namespace guanxi::api::handlers
