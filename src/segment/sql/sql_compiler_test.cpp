#include "segment/sql/sql_compiler.hpp"

#include <gtest/gtest.h>

#include "segment/sql/sql_test_support.hpp"

namespace guanxi::segment::sql {
namespace {

using namespace guanxi::segment::testing;  // NOLINT(google-build-using-namespace): rule builders
using domain::IdentityType;
using Op = CompareOp;

// --- purchases, revenue, aov, refunds -------------------------------------

class PurchaseFieldsTest : public SqlShopTest {
 protected:
  void SetUp() override {
    c1 = customer();  // two purchases: 100.00 + 50.01
    purchase(c1, days_ago(3), 100'00);
    purchase(c1, days_ago(2), 50'01);
    c2 = customer();  // 99.99 paid, 10.00 refunded
    order(c2, OrderStatus::kPartiallyRefunded, days_ago(5), std::nullopt, 99'99, 10'00);
    c3 = customer();  // no purchase: cancelled after payment, fully refunded, never paid
    order(c3, OrderStatus::kCancelled, days_ago(5), std::nullopt, 30'00);
    order(c3, OrderStatus::kRefunded, days_ago(6), std::nullopt, 50'00, 50'00);
    order(c3, OrderStatus::kCreated, days_ago(1), std::nullopt, 0);
    c4 = customer();  // nothing at all
    c5 = customer();  // "completed" without paid_at (the domain never writes it): not a purchase
    order(c5, OrderStatus::kCompleted, days_ago(1), std::nullopt, 20'00);
    exec("UPDATE orders SET paid_at = NULL WHERE customer_id = ?", c5);
    c6 = customer();  // no created_at nor paid_at: dated by inserted_at (today)
    order(c6, OrderStatus::kCancelled, days_ago(40), std::nullopt, 5'00, 5'00);
    exec("UPDATE orders SET created_at = NULL, paid_at = NULL WHERE customer_id = ?", c6);
  }
  CustomerId c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0;
};

TEST_F(PurchaseFieldsTest, OrdersCountPaidNonCancelledNonRefunded) {
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kGe, 1)), ids({c1, c2}));
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kEq, 2)), ids({c1}));
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kEq, 0)), ids({c3, c4, c5, c6}));
  EXPECT_EQ(members(in_numbers(Field::kOrders, {0, 2})), ids({c1, c3, c4, c5, c6}));
}

TEST_F(PurchaseFieldsTest, RevenueIsPaidMinusRefundedOverPurchases) {
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kEq, 150'01)), ids({c1}));
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kEq, 89'99)), ids({c2}));
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kEq, 0)), ids({c3, c4, c5, c6}));
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kGt, 150'01)), ids({}));
}

TEST_F(PurchaseFieldsTest, AovTruncatesAndIsMissingWithoutPurchases) {
  EXPECT_EQ(members(cmp(Field::kAov, Op::kEq, 75'00)), ids({c1}));  // 15001 / 2 = 7500
  EXPECT_EQ(members(cmp(Field::kAov, Op::kGt, 0)), ids({c1, c2}));
  EXPECT_EQ(members(cmp(Field::kAov, Op::kNe, 1)), ids({c1, c2}));  // missing: false
  EXPECT_EQ(members(not_(cmp(Field::kAov, Op::kGt, 0))), ids({c3, c4, c5, c6}));
  EXPECT_EQ(members(not_(in_numbers(Field::kAov, {75'00}))), ids({c2, c3, c4, c5, c6}));
}

TEST_F(PurchaseFieldsTest, RefundsCountEveryOrderWithARefund) {
  EXPECT_EQ(members(cmp(Field::kRefunds, Op::kEq, 1)), ids({c2, c3, c6}));
  EXPECT_EQ(members(cmp(Field::kRefundAmount, Op::kEq, 10'00)), ids({c2}));
  EXPECT_EQ(members(cmp(Field::kRefundAmount, Op::kEq, 50'00)), ids({c3}));
  EXPECT_EQ(members(cmp(Field::kRefundAmount, Op::kEq, 0)), ids({c1, c4, c5}));
  // Refunds are dated like their order: c6's (recorded today) does not exist yesterday.
  EXPECT_EQ(members(cmp(Field::kRefunds, Op::kEq, 1), today() - 1), ids({c2, c3}));
}

// --- day boundaries and windows --------------------------------------------

class WindowTest : public SqlShopTest {
 protected:
  void SetUp() override {
    // orders(30d) as of 2024-06-01 covers 2024-05-03 .. 2024-06-01 (Shanghai days).
    at_start = customer();
    purchase(at_start, local("2024-05-03 00:00:00"), 10'00);
    before_start = customer();
    purchase(before_start, local("2024-05-02 23:59:59"), 20'00);
    utc_evening = customer();  // 2024-05-02 16:00 UTC is 2024-05-03 00:00 in Shanghai
    purchase(utc_evening, parse_iso8601("2024-05-02T16:00:00Z").value(), 30'00);
    today_c = customer();
    purchase(today_c, local("2024-06-01 00:00:00"), 40'00);
    paid_only = customer();  // no created_at (the domain never writes it): dated by paid_at
    order(paid_only, OrderStatus::kPaid, local("2024-05-02 10:00:00"), local("2024-05-03 08:00:00"),
          50'00);
    exec("UPDATE orders SET created_at = NULL WHERE customer_id = ?", paid_only);
    created_wins = customer();  // created before the window, paid inside it
    order(created_wins, OrderStatus::kPaid, local("2024-05-02 23:59:59"),
          local("2024-05-03 00:10:00"), 60'00);
  }
  CustomerId at_start = 0, before_start = 0, utc_evening = 0, today_c = 0, paid_only = 0,
             created_wins = 0;
};

TEST_F(WindowTest, ThirtyDayWindowEndsAtLocalMidnight) {
  const auto in_window = ids({at_start, utc_evening, today_c, paid_only});
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kGe, 1, 30)), in_window);
  EXPECT_EQ(members(cmp(Field::kLastOrderDays, Op::kLt, 30)), in_window);
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kGt, 0, 30)), in_window);
  EXPECT_EQ(members(cmp(Field::kLastOrderDays, Op::kEq, 30)), ids({before_start, created_wins}));
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kGe, 1, 1)), ids({today_c}));
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kEq, 40'00, 1)), ids({today_c}));
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kEq, 0, 1)),
            ids({at_start, before_start, utc_evening, paid_only, created_wins}));
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kGe, 1, 31)),
            ids({at_start, before_start, utc_evening, today_c, paid_only, created_wins}));
}

TEST_F(WindowTest, OrdersAfterTheAsOfDayDoNotExist) {
  const int32_t may2 = today() - 30;
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kGe, 1), may2), ids({before_start, created_wins}));
  EXPECT_EQ(members(cmp(Field::kLastOrderDays, Op::kEq, 0), may2),
            ids({before_start, created_wins}));
  EXPECT_EQ(members(cmp(Field::kFirstOrderDays, Op::kGe, 0), may2),
            ids({before_start, created_wins}));
  const int32_t may3 = today() - 29;
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kGe, 1, 1), may3),
            ids({at_start, utc_evening, paid_only}));
  EXPECT_EQ(members(cmp(Field::kRevenue, Op::kEq, 0), may3), ids({today_c}));
}

TEST_F(SqlShopTest, FirstAndLastOrderDays) {
  const CustomerId c = customer();
  purchase(c, local("2024-01-01 12:00:00"), 1'00);
  purchase(c, local("2024-05-01 12:00:00"), 1'00);
  order(c, OrderStatus::kCancelled, local("2023-01-01 12:00:00"), std::nullopt, 1'00);
  const CustomerId none = customer();
  EXPECT_EQ(members(cmp(Field::kFirstOrderDays, Op::kEq, 152)), ids({c}));
  EXPECT_EQ(members(cmp(Field::kLastOrderDays, Op::kEq, 31)), ids({c}));
  EXPECT_EQ(members(not_(cmp(Field::kLastOrderDays, Op::kGe, 0))), ids({none}));
}

TEST_F(SqlShopTest, SignupDaysMissingWhenUnknownOrLater) {
  domain::CustomerInput in;
  in.signup_at = local("2024-05-31 23:59:59");
  const CustomerId yesterday = customer(in);
  in.signup_at = local("2024-06-02 00:00:00");
  const CustomerId tomorrow = customer(in);
  const CustomerId unknown = customer();  // the domain defaults signup_at to creation: clear it
  exec("UPDATE customers SET signup_at = NULL WHERE id = ?", unknown);
  EXPECT_EQ(members(cmp(Field::kSignupDays, Op::kEq, 1)), ids({yesterday}));
  EXPECT_EQ(members(cmp(Field::kSignupDays, Op::kGe, 0)), ids({yesterday}));
  EXPECT_EQ(members(not_(cmp(Field::kSignupDays, Op::kGe, 0))), ids({tomorrow, unknown}));
  EXPECT_EQ(members(cmp(Field::kSignupDays, Op::kEq, 0), today() + 1), ids({tomorrow}));
  EXPECT_EQ(members(cmp(Field::kSignupDays, Op::kEq, 2), today() + 1), ids({yesterday}));
}

TEST_F(SqlShopTest, DistinctProductsAndCategoriesOverPurchasedItems) {
  const CustomerId c = customer();
  purchase(c, days_ago(3), 10'00,
           {item("A", "面膜"), item("B", "面膜"), item("", ""), item("C", "")});
  purchase(c, days_ago(2), 10'00, {item("A", "面膜"), item("E", "面膜")});
  order(c, OrderStatus::kCancelled, days_ago(2), std::nullopt, 10'00, 0, {item("D", "口红")});
  const CustomerId empty_only = customer();
  purchase(empty_only, days_ago(1), 10'00, {item("", "")});
  const CustomerId none = customer();
  EXPECT_EQ(members(cmp(Field::kDistinctProducts, Op::kEq, 4)), ids({c}));
  EXPECT_EQ(members(cmp(Field::kDistinctCategories, Op::kEq, 1)), ids({c}));
  EXPECT_EQ(members(cmp(Field::kDistinctProducts, Op::kEq, 0)), ids({empty_only, none}));
  EXPECT_EQ(members(cmp(Field::kDistinctCategories, Op::kEq, 0)), ids({empty_only, none}));
  EXPECT_EQ(members(cmp(Field::kDistinctProducts, Op::kEq, 3), today() - 3), ids({c}));
}

// --- profile fields --------------------------------------------------------

TEST_F(SqlShopTest, ProfileTextFields) {
  domain::CustomerInput in;
  in.gender = domain::Gender::kFemale;
  in.province = "广东";
  in.city = "广州";
  in.source_channel = "taobao";
  in.consent_sms = domain::Consent::kGranted;
  in.consent_email = domain::Consent::kDenied;
  const CustomerId a = customer(in);
  const CustomerId b = customer();
  set_tier(a, "金卡");
  EXPECT_EQ(members(cmp_text(Field::kTier, Op::kEq, "金卡")), ids({a}));
  EXPECT_EQ(members(cmp_text(Field::kTier, Op::kEq, "")), ids({b}));
  EXPECT_EQ(members(cmp_text(Field::kTier, Op::kNe, "金卡")), ids({b}));
  EXPECT_EQ(members(cmp_text(Field::kGender, Op::kEq, "female")), ids({a}));
  EXPECT_EQ(members(cmp_text(Field::kGender, Op::kEq, "unknown")), ids({b}));
  EXPECT_EQ(members(in_texts(Field::kProvince, {"广东", "浙江"})), ids({a}));
  EXPECT_EQ(members(cmp_text(Field::kCity, Op::kEq, "")), ids({b}));
  EXPECT_EQ(members(cmp_text(Field::kSourceChannel, Op::kEq, "taobao")), ids({a}));
  EXPECT_EQ(members(cmp_text(Field::kConsentSms, Op::kEq, "granted")), ids({a}));
  EXPECT_EQ(members(cmp_text(Field::kConsentEmail, Op::kEq, "denied")), ids({a}));
  EXPECT_EQ(members(cmp_text(Field::kConsentWechat, Op::kEq, "unknown")), ids({a, b}));
}

TEST_F(SqlShopTest, BirthdayMonthAndDayWithAndWithoutYear) {
  domain::CustomerInput in;
  in.birthday = domain::Birthday{1990, 3, 15, false};
  const CustomerId full = customer(in);
  in.birthday = domain::Birthday{std::nullopt, 12, 1, true};
  const CustomerId no_year = customer(in);
  const CustomerId none = customer();
  EXPECT_EQ(members(cmp(Field::kBirthdayMonth, Op::kEq, 3)), ids({full}));
  EXPECT_EQ(members(cmp(Field::kBirthdayMonth, Op::kEq, 12)), ids({no_year}));
  EXPECT_EQ(members(in_numbers(Field::kBirthdayDay, {1, 15})), ids({full, no_year}));
  EXPECT_EQ(members(cmp(Field::kBirthdayDay, Op::kLe, 31)), ids({full, no_year}));
  EXPECT_EQ(members(not_(cmp(Field::kBirthdayMonth, Op::kEq, 3))), ids({no_year, none}));
}

TEST_F(SqlShopTest, AttributesCompareByJsonType) {
  domain::CustomerInput in;
  in.attributes =
      Json{{"score", 4.5}, {"level", 3}, {"note", "金牌"}, {"s", "5"}, {"n", 4.35}, {"b", true}};
  const CustomerId a = customer(in);
  in.attributes = Json{{"score", 4}, {"level", "3"}};
  const CustomerId b = customer(in);
  const CustomerId none = customer();
  EXPECT_EQ(members(attr("score", Op::kGt, 4)), ids({a}));
  EXPECT_EQ(members(attr("score", Op::kGe, 4)), ids({a, b}));
  EXPECT_EQ(members(attr("score", Op::kEq, 450, true)), ids({a}));
  EXPECT_EQ(members(attr("score", Op::kLt, 450, true)), ids({b}));
  EXPECT_EQ(members(attr("level", Op::kEq, 300, true)), ids({a}));  // 3 * 100 = 300
  EXPECT_EQ(members(attr("level", Op::kEq, 3)), ids({a}));          // b's level is text
  EXPECT_EQ(members(attr_text("level", Op::kEq, "3")), ids({b}));
  EXPECT_EQ(members(attr_text("note", Op::kEq, "金牌")), ids({a}));
  EXPECT_EQ(members(attr("note", Op::kGt, 0)), ids({}));
  EXPECT_EQ(members(attr("s", Op::kEq, 5)), ids({}));
  EXPECT_EQ(members(attr_text("s", Op::kEq, "5")), ids({a}));
  EXPECT_EQ(members(attr("b", Op::kEq, 1)), ids({}));  // JSON true is not a number
  EXPECT_EQ(members(attr("missing", Op::kNe, 1)), ids({}));
  EXPECT_EQ(members(not_(attr("missing", Op::kEq, 1))), ids({a, b, none}));
  // Pinned: the attribute is scaled in double arithmetic, 4.35 * 100 = 434.99999999999994.
  EXPECT_EQ(members(attr("n", Op::kEq, 435, true)), ids({}));
  EXPECT_EQ(members(attr("n", Op::kLt, 435, true)), ids({a}));
  EXPECT_EQ(members(in_list(field(Field::kAttr, std::nullopt, "score"),
                            {Literal{4, false}, Literal{std::string("x"), false}})),
            ids({b}));
}

// --- tags, identities, purchases of items, events ---------------------------

TEST_F(SqlShopTest, TagsAndIdentities) {
  domain::CustomerInput in;
  in.identities = {{IdentityType::kWechatUnionid, "u1"}, {IdentityType::kPhone, "13800000001"}};
  const CustomerId w = customer(in);
  in.identities = {{IdentityType::kTaobaoNick, "nick"}, {IdentityType::kEmail, "a@b.com"}};
  const CustomerId t = customer(in);
  in.identities = {{IdentityType::kJdPin, "pin"},
                   {IdentityType::kShopifyCustomerId, "9"},
                   {IdentityType::kWechatOpenid, "o1"}};
  const CustomerId j = customer(in);
  add_tag(w, "VIP");
  add_tag(t, "黑名单");
  EXPECT_EQ(members(tag("VIP")), ids({w}));
  EXPECT_EQ(members(not_(tag("黑名单"))), ids({w, j}));
  EXPECT_EQ(members(tag("nope")), ids({}));
  EXPECT_EQ(members(has(HasKind::kWechat)), ids({w, j}));
  EXPECT_EQ(members(has(HasKind::kPhone)), ids({w}));
  EXPECT_EQ(members(has(HasKind::kEmail)), ids({t}));
  EXPECT_EQ(members(has(HasKind::kTaobao)), ids({t}));
  EXPECT_EQ(members(has(HasKind::kJd)), ids({j}));
  EXPECT_EQ(members(has(HasKind::kShopify)), ids({j}));
  EXPECT_EQ(members(has(HasKind::kExternal)), ids({}));
}

TEST_F(SqlShopTest, BoughtLooksAtPurchasedItemsInTheWindow) {
  const CustomerId a = customer();
  purchase(a, local("2024-05-03 00:00:00"), 10'00, {item("MASK-1", "面膜", "玻尿酸面膜")});
  const CustomerId b = customer();
  purchase(b, local("2024-05-02 23:59:59"), 10'00, {item("MASK-1", "面膜", "玻尿酸面膜")});
  const CustomerId cancelled = customer();
  order(cancelled, OrderStatus::kCancelled, days_ago(1), std::nullopt, 10'00, 0,
        {item("MASK-1", "面膜")});
  const CustomerId later = customer();
  purchase(later, days_ago(0), 10'00, {item("LIP-1", "口红", "口红")});
  EXPECT_EQ(members(bought(BoughtBy::kCategory, "面膜")), ids({a, b}));
  EXPECT_EQ(members(bought(BoughtBy::kCategory, "面膜", 30)), ids({a}));
  EXPECT_EQ(members(bought(BoughtBy::kSku, "MASK-1", 31)), ids({a, b}));
  EXPECT_EQ(members(bought(BoughtBy::kProduct, "玻尿酸面膜")), ids({a, b}));
  EXPECT_EQ(members(bought(BoughtBy::kSku, "LIP-1")), ids({later}));
  EXPECT_EQ(members(bought(BoughtBy::kSku, "LIP-1"), today() - 1), ids({}));
  EXPECT_EQ(members(not_(bought(BoughtBy::kCategory, "面膜"))), ids({cancelled, later}));
}

TEST_F(SqlShopTest, EventCountsTrackEventsUpToTheAsOfDay) {
  const CustomerId c = customer();  // external id "c1"
  auto track = [&](const std::string& name, Timestamp when) {
    domain::TrackCall call;
    call.user_id = "c1";
    call.event = name;
    call.timestamp = when;
    ASSERT_TRUE(
        shop_.write([&](domain::WriteContext& ctx) { return domain::track(ctx, call); }).ok());
  };
  track("page_view", local("2024-05-26 00:00:00"));  // in 7d (05-26 .. 06-01)
  track("page_view", local("2024-05-25 23:59:59"));
  track("page_view", local("2024-06-01 09:00:00"));
  track("add_to_cart", local("2024-06-01 09:00:00"));
  domain::IdentifyCall identify;
  identify.user_id = "c1";
  ASSERT_TRUE(
      shop_.write([&](domain::WriteContext& ctx) { return domain::identify(ctx, identify); }).ok());
  const CustomerId other = customer();
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 3)), ids({c}));
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 2, 7)), ids({c}));
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 1, 1)), ids({c}));
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 2), today() - 1), ids({c}));
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 2, 7), today() - 1), ids({c}));
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 1, 6), today() - 1), ids({c}));
  EXPECT_EQ(members(event_count("identify", Op::kGe, 1)), ids({}));
  EXPECT_EQ(members(event_count("page_view", Op::kEq, 0)), ids({other}));
}

TEST_F(SqlShopTest, ContactsAreNotesUpToTheAsOfDay) {
  const CustomerId c = customer();
  const CustomerId merged = customer();
  const CustomerId never = customer();
  auto note = [&](CustomerId who, Timestamp when) {
    domain::NoteInput in;
    in.type = domain::NoteType::kChat;
    in.summary = "咨询";
    in.occurred_at = when;
    ASSERT_TRUE(
        shop_.write([&](domain::WriteContext& ctx) { return domain::add_note(ctx, who, in); })
            .ok());
  };
  note(c, local("2024-05-26 00:00:00"));  // in 7d (05-26 .. 06-01)
  note(c, local("2024-05-25 23:59:59"));  // 7 days before 06-01
  note(c, local("2024-06-02 00:00:00"));  // after D: does not exist today
  note(merged, local("2024-06-01 09:00:00"));
  ASSERT_TRUE(shop_
                  .write([&](domain::WriteContext& ctx) {
                    return domain::merge_customers(ctx, c, {merged}, "test");
                  })
                  .ok());
  const auto last = [](Op op, int64_t days) { return cmp(Field::kLastContactDays, op, days); };
  const auto contacts = [](Op op, int64_t n, std::optional<int32_t> window = std::nullopt) {
    return cmp(Field::kContacts, op, n, window);
  };
  EXPECT_EQ(members(last(Op::kEq, 0)), ids({c}));  // the merged customer's note moved
  EXPECT_EQ(members(contacts(Op::kEq, 3)), ids({c}));
  EXPECT_EQ(members(contacts(Op::kEq, 2, 7)), ids({c}));
  EXPECT_EQ(members(contacts(Op::kEq, 3, 8)), ids({c}));
  EXPECT_EQ(members(contacts(Op::kEq, 0)), ids({never}));
  EXPECT_EQ(members(last(Op::kGe, 0)), ids({c}));  // missing for the never contacted
  EXPECT_EQ(members(not_(last(Op::kLe, 60))), ids({never}));
  EXPECT_EQ(members(last(Op::kEq, 5), today() - 1), ids({c}));  // 05-26 as of 05-31
  EXPECT_EQ(members(contacts(Op::kEq, 1, 1), today() + 1), ids({c}));
  EXPECT_EQ(members(contacts(Op::kEq, 4), today() + 1), ids({c}));
  EXPECT_EQ(members(contacts(Op::kGe, 1), today() - 8), ids({}));
}

// --- merges, in_segment, composition ------------------------------------------

TEST_F(SqlShopTest, MergedCustomersAreExcludedAndTheirDataMoves) {
  const CustomerId survivor = customer();
  const CustomerId merged = customer();
  purchase(merged, days_ago(1), 10'00);
  add_tag(merged, "VIP");
  ASSERT_TRUE(shop_
                  .write([&](domain::WriteContext& ctx) {
                    return domain::merge_customers(ctx, survivor, {merged}, "test");
                  })
                  .ok());
  EXPECT_EQ(members(all()), ids({survivor}));
  EXPECT_EQ(members(not_(all())), ids({}));
  EXPECT_EQ(members(tag("VIP")), ids({survivor}));
  EXPECT_EQ(members(cmp(Field::kOrders, Op::kEq, 1)), ids({survivor}));
}

TEST_F(SqlShopTest, OtherShopsAreInvisible) {
  const CustomerId mine = customer();
  store::Query q(shop_.conn(),
                 "INSERT INTO shops (name, created_at) VALUES ('other', 0) RETURNING id");
  const int64_t other_shop = q.single_int64().value().value();
  store::Query c(shop_.conn(),
                 "INSERT INTO customers (shop_id, created_at, updated_at) VALUES (?, 0, 0)");
  c.bind(other_shop);
  ASSERT_TRUE(c.run().is_ok());
  EXPECT_EQ(members(all()), ids({mine}));
}

TEST_F(SqlShopTest, AndOrNotCompose) {
  const CustomerId a = customer();
  const CustomerId b = customer();
  const CustomerId c = customer();
  purchase(a, days_ago(1), 100'00);
  purchase(b, days_ago(100), 10'00);
  add_tag(b, "VIP");
  add_tag(c, "VIP");
  EXPECT_EQ(members(and_({cmp(Field::kOrders, Op::kGe, 1), tag("VIP")})), ids({b}));
  EXPECT_EQ(members(or_({cmp(Field::kRevenue, Op::kGt, 50'00), not_(tag("VIP"))})), ids({a}));
  EXPECT_EQ(members(or_({cmp(Field::kLastOrderDays, Op::kLt, 30),
                         and_({tag("VIP"), not_(cmp(Field::kOrders, Op::kGe, 1))})})),
            ids({a, c}));
  EXPECT_EQ(members(not_(not_(cmp(Field::kLastOrderDays, Op::kGt, 10)))), ids({b}));
}

TEST_F(SqlShopTest, InSegmentInlinesRulesAndMemberLists) {
  const CustomerId a = customer();
  const CustomerId b = customer();
  const CustomerId c = customer();
  add_tag(a, "VIP");
  add_tag(b, "VIP");
  SqlContext ctx = context();
  ctx.resolve_segment = [&](std::string_view name) -> Result<SegmentRef> {
    if (name == "vips") return SegmentRef{rule(tag("VIP")), {}};
    if (name == "list") return SegmentRef{std::nullopt, {b, c, 999999}};
    if (name == "nested")
      return SegmentRef{rule(and_({in_segment("vips"), in_segment("list")})), {}};
    if (name == "loop") return SegmentRef{rule(or_({tag("x"), in_segment("loop2")})), {}};
    if (name == "loop2") return SegmentRef{rule(not_(in_segment("loop"))), {}};
    if (name == "empty") return SegmentRef{std::nullopt, {}};
    return Status::not_found("no segment '" + std::string(name) + "'");
  };
  EXPECT_EQ(members_in(ctx, in_segment("vips")), ids({a, b}));
  EXPECT_EQ(members_in(ctx, in_segment("list")), ids({b, c}));
  EXPECT_EQ(members_in(ctx, in_segment("nested")), ids({b}));
  EXPECT_EQ(members_in(ctx, not_(in_segment("nested"))), ids({a, c}));
  EXPECT_EQ(members_in(ctx, in_segment("empty")), ids({}));
  // The same segment twice is not a cycle.
  EXPECT_EQ(members_in(ctx, and_({in_segment("vips"), in_segment("vips")})), ids({a, b}));
  EXPECT_EQ(error_of(in_segment("loop"), ctx).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_of(in_segment("ghost"), ctx).code(), ErrorCode::kNotFound);
  EXPECT_EQ(error_of(in_segment("vips"), context()).code(), ErrorCode::kInvalidArgument);
}

TEST_F(SqlShopTest, TypeErrorsAreRejected) {
  const SqlContext ctx = context();
  EXPECT_EQ(error_of(cmp_text(Field::kOrders, Op::kEq, "3"), ctx).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_of(cmp(Field::kCity, Op::kEq, 3), ctx).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_of(cmp_text(Field::kCity, Op::kLt, "a"), ctx).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_of(cmp(Field::kRefunds, Op::kEq, 1, 30), ctx).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_of(cmp(Field::kOrders, Op::kEq, 1, 0), ctx).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_of(compare(field(Field::kOrders), Op::kEq, Literal{150, true}), ctx).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(members_by_sql(shop_.conn(),
                             rule(compare(field(Field::kRevenue), Op::kEq, Literal{150, true})),
                             ctx)
                  .ok());
}

// --- safety -------------------------------------------------------------------

TEST_F(SqlShopTest, InjectionInNamesIsHarmless) {
  const std::string evil_tag = "x' OR 1=1 --";
  const std::string evil_key = "a') OR 1=1; DROP TABLE customers; --";
  domain::CustomerInput in;
  in.attributes = Json{{evil_key, "v"}, {"k\"]'", 7}};
  const CustomerId a = customer(in);
  const CustomerId b = customer();
  add_tag(a, evil_tag);
  EXPECT_EQ(members(tag(evil_tag)), ids({a}));
  EXPECT_EQ(members(tag("' OR '1'='1")), ids({}));
  EXPECT_EQ(members(attr_text(evil_key, Op::kEq, "v")), ids({a}));
  EXPECT_EQ(members(attr("k\"]'", Op::kEq, 7)), ids({a}));
  EXPECT_EQ(members(attr_text("$.x') OR 1=1 --", Op::kNe, "'")), ids({}));
  EXPECT_EQ(members(event_count("x\" OR \"1\"=\"1", Op::kEq, 0)), ids({a, b}));
  EXPECT_EQ(members(bought(BoughtBy::kSku, "'; DELETE FROM orders; --")), ids({}));
  EXPECT_EQ(members(cmp_text(Field::kCity, Op::kEq, "' OR 1=1 --")), ids({}));
  EXPECT_EQ(shop_.count("customers"), 2);
  auto compiled = compile_rule(rule(tag(evil_tag)), context());
  ASSERT_TRUE(compiled.ok());
  EXPECT_EQ(compiled->sql.find(evil_tag), std::string::npos);
}

}  // namespace
}  // namespace guanxi::segment::sql
