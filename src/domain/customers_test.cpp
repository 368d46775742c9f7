#include "domain/customers.hpp"

#include <gtest/gtest.h>

#include "domain/activity.hpp"
#include "domain/customer360.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"

namespace guanxi::domain {
namespace {

using testing::TestShop;

CustomerInput person(std::optional<std::string> name, std::vector<IdentityInput> ids) {
  CustomerInput in;
  in.name = std::move(name);
  in.identities = std::move(ids);
  return in;
}

TEST(CustomersTest, UpsertCreatesOnceAndFindsByAnyIdentity) {
  TestShop t;
  auto first = t.write([&](WriteContext& ctx) {
    return upsert_customer(ctx, person("王芳", {{IdentityType::kPhone, "13800138000"}}));
  });
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->outcome, UpsertOutcome::kCreated);
  auto again = t.write([&](WriteContext& ctx) {
    return upsert_customer(ctx, person("王芳", {{IdentityType::kPhone, "+86 138 0013 8000"},
                                                {IdentityType::kEmail, "WF@example.com"}}));
  });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->customer_id, first->customer_id);
  auto rc = t.read_context();
  EXPECT_EQ(find_customer_by_identity(rc, {IdentityType::kEmail, "wf@example.com"}).value(),
            first->customer_id);
  EXPECT_EQ(t.count("customers"), 1);
}

TEST(CustomersTest, SharedPhoneMergesTwoProfilesKeepingEverything) {
  TestShop t;
  const auto a =
      t.write([&](WriteContext& ctx) {
         return upsert_customer(ctx, person("王芳", {{IdentityType::kTaobaoNick, "fangfang"}}));
       })
          .value()
          .customer_id;
  t.clock().advance(std::chrono::hours(1));
  const auto b = t.write([&](WriteContext& ctx) {
                    CustomerInput in = person("王小芳", {{IdentityType::kEmail, "wf@example.com"},
                                                         {IdentityType::kPhone, "13900139000"}});
                    in.city = "杭州";
                    return upsert_customer(ctx, in);
                  })
                     .value()
                     .customer_id;
  ASSERT_NE(a, b);
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return add_note(ctx, b, {NoteType::kCall, "inbound", "客服小李", "问物流", {}});
               }).ok());
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return add_tag(ctx, b, "VIP候选"); }).ok());

  // A write carrying a's nick and b's phone joins them.
  t.clock().advance(std::chrono::hours(1));
  auto joined = t.write([&](WriteContext& ctx) {
    return upsert_customer(ctx, person(std::nullopt, {{IdentityType::kTaobaoNick, "fangfang"},
                                                      {IdentityType::kPhone, "13900139000"}}));
  });
  ASSERT_TRUE(joined.ok()) << joined.status().to_string();
  EXPECT_EQ(joined->customer_id, a);  // the oldest survives
  EXPECT_EQ(joined->customers_merged, 1);

  auto rc = t.read_context();
  auto view = customer_360(rc, b).value();  // the old id finds the survivor
  EXPECT_EQ(view.profile.id, a);
  EXPECT_EQ(view.requested_id, b);
  EXPECT_EQ(view.identities.size(), 3u);
  EXPECT_EQ(view.notes.size(), 1u);
  ASSERT_EQ(view.tags.size(), 1u);
  EXPECT_EQ(view.tags[0].name, "VIP候选");
  EXPECT_EQ(view.profile.name, "王小芳");  // the more recently updated non-empty value
  EXPECT_EQ(view.profile.city, "杭州");
  ASSERT_EQ(view.merges.size(), 1u);
  EXPECT_EQ(view.merges[0].merged, b);
  EXPECT_EQ(view.merges[0].details["conflicts"][0]["lost"], "王芳");
  EXPECT_EQ(view.merged_ids, std::vector<CustomerId>{b});
  EXPECT_EQ(find_customer_by_identity(rc, {IdentityType::kEmail, "wf@example.com"}).value(), a);
  store::Query q(t.conn(), "SELECT COUNT(*) FROM changes WHERE kind = 'identity_merged'");
  EXPECT_EQ(q.single_int64().value(), 1);
}

TEST(CustomersTest, MergeKeepsAnOptOut) {
  TestShop t;
  const auto a = t.write([&](WriteContext& ctx) {
                    CustomerInput in = person("甲", {{IdentityType::kPhone, "13800000001"}});
                    in.consent_sms = Consent::kDenied;
                    return upsert_customer(ctx, in);
                  })
                     .value()
                     .customer_id;
  t.clock().advance(std::chrono::hours(1));
  const auto b = t.write([&](WriteContext& ctx) {
                    CustomerInput in = person("乙", {{IdentityType::kPhone, "13800000002"}});
                    in.consent_sms = Consent::kGranted;
                    return upsert_customer(ctx, in);
                  })
                     .value()
                     .customer_id;
  auto merged =
      t.write([&](WriteContext& ctx) { return merge_customers(ctx, a, {b}, "same person"); });
  ASSERT_TRUE(merged.ok()) << merged.status().to_string();
  auto rc = t.read_context();
  EXPECT_EQ(get_customer(rc, b).value().consent_sms, Consent::kDenied);
}

TEST(CustomersTest, CreateRejectsATakenIdentity) {
  TestShop t;
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return create_customer(ctx, person("a", {{IdentityType::kPhone, "13800138000"}}));
               }).ok());
  auto dup = t.write([&](WriteContext& ctx) {
    return create_customer(ctx, person("b", {{IdentityType::kPhone, "13800138000"}}));
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.status().location().field, "/identities/0");
}

TEST(CustomersTest, ListSearchesByNamePhoneEmailAndPaginates) {
  TestShop t;
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                   return create_customer(
                       ctx, person("张" + std::to_string(i),
                                   {{IdentityType::kPhone, "1380013800" + std::to_string(i)}}));
                 }).ok());
  }
  auto rc = t.read_context();
  CustomerQuery q;
  q.limit = 3;
  auto p1 = list_customers(rc, q).value();
  ASSERT_EQ(p1.customers.size(), 3u);
  ASSERT_FALSE(p1.next_cursor.empty());
  q.cursor = p1.next_cursor;
  auto p2 = list_customers(rc, q).value();
  EXPECT_EQ(p2.customers.front().id, p1.customers.back().id + 1);
  q.cursor.clear();
  q.limit = 50;
  q.search = "138 0013 8003";
  auto by_phone = list_customers(rc, q).value();
  ASSERT_EQ(by_phone.customers.size(), 1u);
  EXPECT_EQ(by_phone.customers[0].name, "张3");
  q.search = "张";
  EXPECT_EQ(list_customers(rc, q).value().customers.size(), 7u);
  q.cursor = "!!!";
  EXPECT_EQ(list_customers(rc, q).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::domain
