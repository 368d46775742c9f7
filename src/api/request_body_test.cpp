#include "api/request_body.hpp"

#include <gtest/gtest.h>

#include "api/utf8.hpp"

namespace guanxi::api {
namespace {

TEST(RequestBodyTest, AcceptsJsonContentTypes) {
  for (const char* ct :
       {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"",
        "application/vnd.guanxi+json", "application/json;foo=bar"}) {
    EXPECT_TRUE(is_json_content_type(ct)) << ct;
  }
  for (const char* ct :
       {"", "text/plain", "text/json", "application/x-www-form-urlencoded", "application/jsonx",
        "application/json; charset=gbk", "multipart/form-data; boundary=x"}) {
    EXPECT_FALSE(is_json_content_type(ct)) << ct;
  }
}

TEST(RequestBodyTest, ParsesValidJson) {
  auto j = parse_json_body(R"({"name": "王芳", "n": [1, 2, {"a": "[{"}]})");
  ASSERT_TRUE(j.ok()) << j.status().to_string();
  EXPECT_EQ((*j)["name"], "王芳");
}

TEST(RequestBodyTest, RejectsEmptyMalformedAndInvalidUtf8) {
  EXPECT_EQ(parse_json_body("").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_json_body("{\"a\": tru}").status().code(), ErrorCode::kInvalidArgument);
  const auto bad = parse_json_body("{\"a\": \"\xc3\x28\"}");
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.status().location().column, 8);
}

TEST(RequestBodyTest, RejectsDeepNestingBeforeParsing) {
  std::string deep(kMaxJsonDepth, '[');
  deep += std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json_body(deep).ok());
  std::string deeper(100000, '[');
  const auto r = parse_json_body(deeper);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().location().column, kMaxJsonDepth + 1);
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse_json_body("{\"s\": \"" + std::string(1000, '[') + "\\\"\"}").ok());
}

TEST(Utf8Test, FindsTheFirstInvalidByte) {
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("王芳 😀"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("ab\xff"), 2U);
  EXPECT_EQ(first_invalid_utf8("\xc0\xaf"), 0U);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xed\xa0\x80"), 0U);      // surrogate
  EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0U);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("x\xe4\xb8"), 1U);         // truncated
}

}  // namespace
}  // namespace guanxi::api
