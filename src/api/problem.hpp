// Errors on the wire: the one place where a guanxi::Status becomes an HTTP
// status and an RFC 9457 problem document (application/problem+json):
//
//   {"type": "urn:guanxi:problem:invalid_argument", "title": "Invalid argument",
//    "status": 400, "detail": "'quantity' must be an integer",
//    "code": "invalid_argument", "field": "/items/0/quantity"}
//
// `field` is a JSON pointer into the request body; a Location field without
// the leading slash (domain errors say "paid_amount") gets one. A query or
// path parameter is named by `parameter` instead: its Location field is
// "?limit" (query) or "{id}" (path). `line`/`column` appear when the status
// carries them (the byte offset of a JSON syntax error is its `column`).
#pragma once

#include <string>

#include "api/http.hpp"
#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::api {

// The HTTP status for an error code: invalid_argument 400, unauthenticated 401,
// permission_denied 403, not_found 404, conflict and already_exists 409,
// payload_too_large 413, unprocessable 422, unavailable 503, anything else 500.
int http_status_for(ErrorCode code);

// The problem document of a non-OK status. Internal errors (5xx other than
// 503) do not reveal their message: it goes to the server log instead.
Json problem_json(const Status& status);

// A complete problem response (content type, Retry-After for 503,
// WWW-Authenticate for 401).
Response problem_response(const Status& status);

// Serializes a JSON value for the wire. Never throws on invalid UTF-8 held in
// a string (it is replaced with U+FFFD): a response must always be producible.
std::string dump_json(const Json& value);

// A JSON response with the given HTTP status.
Response json_response(int http_status, const Json& body);

// The two transport-level problems that have no ErrorCode of their own:
// 405 with the Allow header ("GET, POST"), and 415 for a body that is not JSON.
Response method_not_allowed(std::string_view allow);
Response unsupported_media_type(std::string_view content_type);

}  // namespace guanxi::api
