#include "domain/events.hpp"

#include <gtest/gtest.h>

#include "domain/customer360.hpp"
#include "domain/customers.hpp"
#include "domain/testing/test_shop.hpp"

namespace guanxi::domain {
namespace {

using testing::TestShop;

TEST(EventsTest, DuplicatesByMessageIdAreIgnored) {
  TestShop t;
  TrackCall call;
  call.anonymous_id = "anon-1";
  call.event = "page_view";
  call.message_id = "m1";
  auto first = t.write([&](WriteContext& ctx) { return track(ctx, call); });
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_FALSE(first->duplicate);
  EXPECT_FALSE(first->customer_id.has_value());
  auto again = t.write([&](WriteContext& ctx) { return track(ctx, call); });
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(t.count("events"), 1);
}

TEST(EventsTest, AnonymousVisitorIsAttachedWhenIdentified) {
  TestShop t;
  TrackCall view;
  view.anonymous_id = "anon-9";
  view.event = "page_view";
  view.message_id = "v1";
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return track(ctx, view); }).ok());

  IdentifyCall id;
  id.user_id = "u-42";
  id.anonymous_id = "anon-9";
  id.traits = Json{{"name", "韩梅梅"}, {"email", "MEI@example.com"}, {"plan", "gold"}};
  id.message_id = "i1";
  auto who = t.write([&](WriteContext& ctx) { return identify(ctx, id); });
  ASSERT_TRUE(who.ok()) << who.status().to_string();
  ASSERT_TRUE(who->customer_id.has_value());

  store::Query q(t.conn(), "SELECT COUNT(*) FROM events WHERE customer_id = ?");
  q.bind(*who->customer_id);
  EXPECT_EQ(q.single_int64().value(), 2);

  // Later anonymous events of the same visitor land on the profile directly.
  view.message_id = "v2";
  auto later = t.write([&](WriteContext& ctx) { return track(ctx, view); });
  EXPECT_EQ(later->customer_id, who->customer_id);

  auto rc = t.read_context();
  auto c = get_customer(rc, *who->customer_id).value();
  EXPECT_EQ(c.name, "韩梅梅");
  EXPECT_EQ(c.attributes["plan"], "gold");
}

TEST(EventsTest, AnonymousIdentifyOfAKnownVisitorUpdatesTheProfile) {
  TestShop t;
  IdentifyCall first;
  first.anonymous_id = "anon-5";
  first.traits = Json{{"email", "v@example.com"}};
  first.message_id = "f";
  auto who = t.write([&](WriteContext& ctx) { return identify(ctx, first); });
  ASSERT_TRUE(who.ok() && who->customer_id) << who.status().to_string();
  IdentifyCall later;
  later.anonymous_id = "anon-5";
  later.traits = Json{{"phone", "13900001111"}, {"city", "成都"}};
  later.message_id = "l";
  auto again = t.write([&](WriteContext& ctx) { return identify(ctx, later); });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->customer_id, who->customer_id);
  auto rc = t.read_context();
  EXPECT_EQ(find_customer_by_identity(rc, {IdentityType::kPhone, "13900001111"}).value(),
            who->customer_id);
  EXPECT_EQ(get_customer(rc, *who->customer_id).value().city, "成都");
}

TEST(EventsTest, IdentifyMergesTwoKnownProfiles) {
  TestShop t;
  IdentifyCall a;
  a.user_id = "u-1";
  a.traits = Json{{"phone", "13800138000"}};
  a.message_id = "a";
  IdentifyCall b;
  b.user_id = "u-2";
  b.traits = Json{{"email", "x@example.com"}};
  b.message_id = "b";
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return identify(ctx, a); }).ok());
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return identify(ctx, b); }).ok());
  IdentifyCall both;
  both.user_id = "u-2";
  both.traits = Json{{"phone", "13800138000"}};
  both.message_id = "c";
  auto r = t.write([&](WriteContext& ctx) { return identify(ctx, both); });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->customers_merged, 1);
}

TEST(EventsTest, BadTraitsNameTheTrait) {
  TestShop t;
  IdentifyCall a;
  a.user_id = "u-1";
  a.traits = Json{{"birthday", "not a date"}};
  auto r = t.write([&](WriteContext& ctx) { return identify(ctx, a); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().field, "/traits/birthday");
  TrackCall nobody;
  nobody.event = "x";
  EXPECT_EQ(t.write([&](WriteContext& ctx) { return track(ctx, nobody); }).status().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::domain
