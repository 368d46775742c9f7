// The OpenAPI document describes exactly the routes of the router: every
// route has an operation and every operation a route, with its path
// parameters, request body and security matching the route's declaration.
#include "api/openapi.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api/handlers/routes.hpp"
#include "core/json.hpp"

namespace guanxi::api {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Resolves a local "$ref" ("#/components/parameters/CustomerId").
const Json& deref(const Json& doc, const Json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  return doc.at(Json::json_pointer(node["$ref"].get<std::string>().substr(1)));
}

void collect_refs(const Json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string())
        out.insert(value.get<std::string>());
      else
        collect_refs(value, out);
    }
  } else if (node.is_array()) {
    for (const auto& v : node) collect_refs(v, out);
  }
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    doc_ = Json::parse(openapi_document(), nullptr, false);
    ASSERT_FALSE(doc_.is_discarded()) << "openapi.json is not valid JSON";
    auto r = build_router();
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    router_ = std::move(*r);
  }
  Json doc_;
  Router router_;
};

TEST_F(OpenApiTest, IsOpenApi31WithBearerSecurityAndProblemSchema) {
  EXPECT_EQ(doc_["openapi"], "3.1.0");
  EXPECT_EQ(doc_["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  const Json& problem = doc_["components"]["schemas"]["Problem"];
  for (const char* member : {"type", "title", "status", "detail", "field", "line", "column"}) {
    EXPECT_TRUE(problem["properties"].contains(member)) << member;
  }
}

TEST_F(OpenApiTest, EveryRouteIsDescribed) {
  for (const auto& route : router_.routes()) {
    const std::string path(route.spec.path);
    const std::string method = lower(method_name(route.spec.method));
    SCOPED_TRACE(method + " " + path);
    ASSERT_TRUE(doc_["paths"].contains(path));
    ASSERT_TRUE(doc_["paths"][path].contains(method));
    const Json& op = doc_["paths"][path][method];
    EXPECT_TRUE(op.contains("operationId"));
    ASSERT_TRUE(op.contains("responses"));
    EXPECT_FALSE(op["responses"].empty());

    // Path parameters of the template are declared, and only those.
    std::set<std::string> in_template;
    for (const auto& seg : route.segments) {
      if (seg.front() == '{') in_template.insert(seg.substr(1, seg.size() - 2));
    }
    std::set<std::string> declared;
    for (const auto& p : op.value("parameters", Json::array())) {
      const Json& param = deref(doc_, p);
      if (param["in"] == "path") declared.insert(param["name"].get<std::string>());
    }
    EXPECT_EQ(in_template, declared);

    // A request body exactly where the route reads one.
    EXPECT_EQ(op.contains("requestBody"), route.spec.body != BodyKind::kNone);
    if (op.contains("requestBody")) {
      EXPECT_TRUE(op["requestBody"]["content"].contains("application/json"));
    }

    // Public routes opt out of the global bearer requirement; the others do not.
    const bool is_public = route.spec.permission == kPublic;
    EXPECT_EQ(op.contains("security") && op["security"].empty(), is_public);
  }
}

TEST_F(OpenApiTest, EveryDescribedOperationIsRouted) {
  for (const auto& [path, item] : doc_["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      SCOPED_TRACE(method + " " + path);
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const Method m = parse_method(upper);
      ASSERT_NE(m, Method::kOther);
      bool found = false;
      for (const auto& route : router_.routes()) {
        found = found || (route.spec.path == path && route.spec.method == m);
      }
      EXPECT_TRUE(found);
    }
  }
}

TEST_F(OpenApiTest, EveryReferenceResolves) {
  std::set<std::string> refs;
  collect_refs(doc_, refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& r : refs) {
    ASSERT_EQ(r.rfind("#/", 0), 0U) << r;
    EXPECT_TRUE(doc_.contains(Json::json_pointer(r.substr(1)))) << r;
  }
}

}  // namespace
}  // namespace guanxi::api
