#include "core/json.hpp"

#include <gtest/gtest.h>

namespace guanxi {
namespace {

TEST(JsonTest, MalformedJsonIsInvalidArgument) {
  const auto r = parse_json("{\"a\": ");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
}

TEST(JsonTest, HugeNumbersAreInvalidNotACrash) {
  EXPECT_EQ(parse_json(R"({"x": 1e999999})").status().code(), ErrorCode::kInvalidArgument);
}

TEST(JsonFieldsTest, ReadsTypedMembers) {
  const Json j = parse_json(R"({"name":"王芳","qty":3,"vip":true,"items":[1]})").value();
  JsonFields f(j);
  EXPECT_EQ(f.string("name"), "王芳");
  EXPECT_EQ(f.int64("qty"), 3);
  EXPECT_EQ(f.boolean("vip"), true);
  EXPECT_NE(f.array("items"), nullptr);
  EXPECT_EQ(f.string("missing"), std::nullopt);
  EXPECT_TRUE(f.finish().is_ok());
}

TEST(JsonFieldsTest, WrongTypeNamesThePointer) {
  const Json j = parse_json(R"({"qty":"3"})").value();
  JsonFields f(j, "/items/0");
  EXPECT_EQ(f.int64("qty"), std::nullopt);
  const Status s = f.finish();
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.location().field, "/items/0/qty");
}

TEST(JsonFieldsTest, UnknownAndMissingFieldsAreErrors) {
  const Json j = parse_json(R"({"name":"a","nmae":"b"})").value();
  JsonFields f(j);
  f.string("name");
  EXPECT_EQ(f.finish().location().field, "/nmae");

  JsonFields g(j);
  g.allow("nmae");
  g.string("name");
  g.int64("id", JsonFields::Need::kRequired);
  EXPECT_EQ(g.finish().location().field, "/id");
}

TEST(JsonFieldsTest, NonObjectIsAnError) {
  const Json j = Json::array();
  JsonFields f(j);
  EXPECT_FALSE(f.finish().is_ok());
}

}  // namespace
}  // namespace guanxi
