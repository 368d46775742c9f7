#include "core/status.hpp"

#include <gtest/gtest.h>

namespace guanxi {
namespace {

Result<int> half(int x) {
  if (x % 2 != 0) return Status::invalid("odd");
  return x / 2;
}

Result<int> quarter(int x) {
  GX_ASSIGN_OR_RETURN(int h, half(x));
  return half(h);
}

TEST(StatusTest, ResultCarriesValueOrError) {
  EXPECT_EQ(quarter(8).value(), 2);
  EXPECT_EQ(quarter(6).status().message(), "odd");
  EXPECT_EQ(Result<int>(Status::ok()).status().code(), ErrorCode::kInternal);
}

TEST(StatusTest, ToStringIncludesLocation) {
  Location loc;
  loc.line = 3;
  loc.field = "订单编号";
  EXPECT_EQ(Status::invalid("missing", loc).to_string(),
            "invalid_argument: missing (at line 3, field 订单编号)");
}

}  // namespace
}  // namespace guanxi
