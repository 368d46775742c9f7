// Small helpers shared by the API tests: checks of problem responses, a PUT
// shorthand, customers by id, and the password the tests give their users.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "api/testing/http_client.hpp"
#include "core/json.hpp"

namespace guanxi::api::testing {

// The password of the users the tests create and sign in with.
inline constexpr const char* kPassword = "correct-horse-42";

// Expects a problem response (application/problem+json) with `status`; when
// `field` is given, the problem names it: a JSON pointer ("/name") is its
// `field`, a query parameter written "?limit" its `parameter`.
inline void expect_problem(const HttpResponse& r, int status, const std::string& field = "") {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  if (field.empty()) return;
  if (field.front() == '?') {
    EXPECT_EQ(r.json()["parameter"], field.substr(1)) << r.body;
  } else {
    EXPECT_EQ(r.json()["field"], field) << r.body;
  }
}

inline HttpResponse put(HttpClient& c, const std::string& target, const Json& body) {
  return c.request("PUT", target, body.dump());
}

// Creates a customer known only by phone (expecting 201) and returns its id.
inline int64_t new_customer(HttpClient& c, const std::string& phone) {
  const auto r =
      c.post("/api/v1/customers", {{"identities", {{{"type", "phone"}, {"value", phone}}}}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["profile"]["id"].get<int64_t>();
}

// "/api/v1/customers/{id}" followed by `rest` ("/points").
inline std::string customer_path(int64_t id, const std::string& rest = "") {
  return "/api/v1/customers/" + std::to_string(id) + rest;
}

}  // namespace guanxi::api::testing
