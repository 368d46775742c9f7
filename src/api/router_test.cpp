#include "api/router.hpp"

#include <gtest/gtest.h>

namespace guanxi::api {
namespace {

boost::asio::awaitable<Response> handler(RequestContext&) {
  co_return Response{};
}

Router make_router() {
  Router r;
  for (const RouteSpec& spec : {
           RouteSpec{Method::kGet, "/api/v1/customers", "customers.read", handler},
           RouteSpec{Method::kPost, "/api/v1/customers", "customers.write", handler,
                     BodyKind::kJson},
           RouteSpec{Method::kGet, "/api/v1/customers/{id}", "customers.read", handler},
           RouteSpec{Method::kPatch, "/api/v1/customers/{id}", "customers.write", handler,
                     BodyKind::kJson},
           RouteSpec{Method::kGet, "/api/v1/customers/lookup", "customers.read", handler},
           RouteSpec{Method::kDelete, "/api/v1/customers/{id}/tags/{tag}", "tags.write", handler},
       }) {
    EXPECT_TRUE(r.add(spec).is_ok()) << spec.path;
  }
  return r;
}

TEST(RouterTest, MatchesTemplatesAndCapturesParameters) {
  const Router r = make_router();
  const auto m = r.match(Method::kDelete, "/api/v1/customers/42/tags/vip%20gold");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->spec.path, "/api/v1/customers/{id}/tags/{tag}");
  EXPECT_EQ(m.params.raw("id"), "42");
  EXPECT_EQ(m.params.raw("tag"), "vip%20gold");
  EXPECT_EQ(m.params.raw("nope"), "");
}

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  const Router r = make_router();
  const auto lookup = r.match(Method::kGet, "/api/v1/customers/lookup");
  ASSERT_NE(lookup.route, nullptr);
  EXPECT_EQ(lookup.route->spec.path, "/api/v1/customers/lookup");
  const auto by_id = r.match(Method::kGet, "/api/v1/customers/7");
  ASSERT_NE(by_id.route, nullptr);
  EXPECT_EQ(by_id.route->spec.path, "/api/v1/customers/{id}");
}

TEST(RouterTest, WrongMethodListsTheAllowedOnes) {
  const Router r = make_router();
  const auto m = r.match(Method::kDelete, "/api/v1/customers/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allow, "GET, PATCH");
}

TEST(RouterTest, UnknownPathsDoNotMatch) {
  const Router r = make_router();
  for (const char* path :
       {"/api/v1/customer", "/api/v1/customers/", "/api/v1/customers/7/", "", "api/v1/customers",
        "/api/v1/customers//tags/x", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r"}) {
    const auto m = r.match(Method::kGet, path);
    EXPECT_EQ(m.route, nullptr) << path;
    EXPECT_FALSE(m.path_known) << path;
  }
}

TEST(RouterTest, RejectsDuplicateAndMalformedRoutes) {
  Router r = make_router();
  EXPECT_FALSE(r.add({Method::kGet, "/api/v1/customers", "x", handler}).is_ok());
  EXPECT_FALSE(r.add({Method::kGet, "no-slash", "x", handler}).is_ok());
  EXPECT_FALSE(r.add({Method::kGet, "/a//b", "x", handler}).is_ok());
  EXPECT_FALSE(r.add({Method::kGet, "/a", "x", nullptr}).is_ok());
  EXPECT_FALSE(r.add({Method::kGet, "/{a}/{b}/{c}/{d}/{e}", "x", handler}).is_ok());
  EXPECT_EQ(r.routes().size(), 6U);
  for (size_t i = 0; i < r.routes().size(); ++i) EXPECT_EQ(r.routes()[i].index, i);
}

}  // namespace
}  // namespace guanxi::api
