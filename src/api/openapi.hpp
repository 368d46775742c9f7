// The OpenAPI 3.1 document of the API (src/api/openapi.json, compiled into
// the binary), served at /api/v1/openapi.json and checked against the route
// table by openapi_test.
#pragma once

#include <string_view>

namespace guanxi::api {

// The document's text.
std::string_view openapi_document();

}  // namespace guanxi::api
