#include "channel/phone.hpp"

#include <gtest/gtest.h>

namespace guanxi::channel {
namespace {

TEST(Phone, ChinaMobileGetsPlus86) {
  EXPECT_EQ(*to_e164("13800138000"), "+8613800138000");
  EXPECT_EQ(*to_e164("138-0013-8000"), "+8613800138000");
  EXPECT_EQ(*to_e164("+8613800138000"), "+8613800138000");
  EXPECT_EQ(*to_e164("+1 415 555 0100"), "+14155550100");
}

TEST(Phone, RejectsOthers) {
  EXPECT_FALSE(to_e164("").ok());
  EXPECT_FALSE(to_e164("12800138000").ok());  // no mobile prefix 12
  EXPECT_FALSE(to_e164("1380013800").ok());   // 10 digits
  EXPECT_FALSE(to_e164("+123").ok());
  EXPECT_FALSE(to_e164("+0123456789").ok());
  EXPECT_FALSE(to_e164("1380013800a").ok());
  EXPECT_FALSE(to_e164("13800138000\r\nX: y").ok());
}

}  // namespace
}  // namespace guanxi::channel
