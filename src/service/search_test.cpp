// Full-text ticket search (?q=): Chinese and English words in the subject and
// the opening message, 2-character words by LIKE, an edited subject
// re-indexed, query syntax in the input taken literally, and another shop's
// tickets never returned.
#include <gtest/gtest.h>

#include <set>

#include "domain/shops.hpp"
#include "service/test_util.hpp"
#include "service/tickets.hpp"

namespace guanxi::service {
namespace {

using testing::ServiceShop;

class SearchTest : public ::testing::Test {
 protected:
  static Result<Ticket> open_ticket(domain::WriteContext& w, int64_t customer,
                                    const std::string& subject,
                                    const std::string& description = "") {
    TicketInput in;
    in.customer_id = customer;
    in.subject = subject;
    in.description = description;
    in.type = "inquiry";
    in.channel = "wechat";
    return create_ticket(w, in);
  }
  int64_t open_ticket(const std::string& subject, const std::string& description = "") {
    return shop_
        .write([&](domain::WriteContext& w) {
          return open_ticket(w, customer_, subject, description);
        })
        .value()
        .id;
  }

  std::set<int64_t> found(const std::string& text, const domain::Shop& shop) {
    domain::ReadContext r{shop_.conn(), shop_.clock(), shop, ShopZone::shanghai()};
    TicketQuery q;
    q.q = text;
    auto page = list_tickets(r, q);
    EXPECT_TRUE(page.ok()) << text << ": " << page.status().to_string();
    std::set<int64_t> ids;
    if (page.ok()) {
      for (const auto& t : page->tickets) ids.insert(t.id);
    }
    return ids;
  }
  std::set<int64_t> found(const std::string& text) { return found(text, shop_.shop()); }

  ServiceShop shop_;
  int64_t customer_ = shop_.customer("搜索客户");
};

TEST_F(SearchTest, FindsChineseAndEnglishWordsInSubjectAndOpeningMessage) {
  const int64_t refund = open_ticket("退货申请 退款太慢");
  const int64_t english = open_ticket("Refund not received", "order 10023, paid by Alipay");
  const int64_t lost = open_ticket("其他", "快递丢件了，请帮忙查一下物流");
  open_ticket("发票抬头开错");

  EXPECT_EQ(found("退货申"), std::set<int64_t>{refund});  // a part of a word
  EXPECT_EQ(found("退货申请"), std::set<int64_t>{refund});
  EXPECT_EQ(found("退货"), std::set<int64_t>{refund});       // 2 characters: LIKE
  EXPECT_EQ(found("退货 太慢"), std::set<int64_t>{refund});  // every word must occur
  EXPECT_EQ(found("退货申请 发票"), std::set<int64_t>{});
  EXPECT_EQ(found("refund"), std::set<int64_t>{english});  // case-insensitive
  EXPECT_EQ(found("RECEIVED refund"), std::set<int64_t>{english});
  EXPECT_EQ(found("alipay"), std::set<int64_t>{english});  // the opening message
  EXPECT_EQ(found("快递丢件"), std::set<int64_t>{lost});
  EXPECT_EQ(found("查一下　物流"), std::set<int64_t>{lost});  // ideographic space
  EXPECT_EQ(found("售后维修"), std::set<int64_t>{});
  // FTS5 query syntax in the input is text, never an operator or an error.
  EXPECT_EQ(found("\"退货 OR 发票*"), std::set<int64_t>{});
  EXPECT_EQ(found("NEAR(a b)"), std::set<int64_t>{});
  EXPECT_EQ(found("50%"), std::set<int64_t>{});

  // With other filters and keyset pages.
  for (int i = 0; i < 3; ++i) open_ticket("退货申请 第" + std::to_string(i) + "次");
  auto r = shop_.read_context();
  TicketQuery q;
  q.q = "退货申请";
  q.statuses = {"open"};
  q.limit = 2;
  auto first = list_tickets(r, q).value();
  ASSERT_EQ(first.tickets.size(), 2u);
  q.cursor = first.next_cursor;
  auto second = list_tickets(r, q).value();
  EXPECT_EQ(second.tickets.size(), 2u);
  EXPECT_TRUE(second.next_cursor.empty());
  EXPECT_EQ(second.tickets.back().id, refund);
}

TEST_F(SearchTest, EditedSubjectIsReindexedInTheSameTransaction) {
  const int64_t id = open_ticket("退货申请", "商品有划痕");
  TicketPatch p;
  p.subject = "换货申请";
  ASSERT_TRUE(shop_.write([&](domain::WriteContext& w) { return update_ticket(w, id, p); }).ok());
  EXPECT_EQ(found("退货申"), std::set<int64_t>{});
  EXPECT_EQ(found("换货申请"), std::set<int64_t>{id});
  EXPECT_EQ(found("有划痕"), std::set<int64_t>{id});

  // A write that rolls back leaves the index as it was.
  (void)shop_.conn().begin_write();
  {
    domain::WriteContext w = shop_.write_context();
    TicketPatch q;
    q.description = "屏幕碎裂";
    ASSERT_TRUE(update_ticket(w, id, q).ok());
  }
  (void)shop_.conn().rollback();
  EXPECT_EQ(found("屏幕碎裂"), std::set<int64_t>{});
  EXPECT_EQ(found("有划痕"), std::set<int64_t>{id});
}

TEST_F(SearchTest, AnotherShopsTicketsAreNeverReturned) {
  const int64_t mine = open_ticket("退货申请 尺码不对");
  const auto other = domain::create_shop(shop_.conn(), shop_.clock(),
                                         domain::Shop{0, "另一家", "Asia/Shanghai", "CNY"})
                         .value();
  (void)shop_.conn().begin_write();
  domain::WriteContext w{shop_.conn(), shop_.clock(), other, ShopZone::shanghai(), "test"};
  domain::CustomerInput c;
  c.name = "别家客户";
  const int64_t their_customer = domain::create_customer(w, c).value();
  const int64_t theirs = open_ticket(w, their_customer, "退货申请 尺码不对").value().id;
  ASSERT_TRUE(shop_.conn().commit().is_ok());

  EXPECT_EQ(found("退货申请"), std::set<int64_t>{mine});
  EXPECT_EQ(found("退货"), std::set<int64_t>{mine});
  EXPECT_EQ(found("退货申请", other), std::set<int64_t>{theirs});
  EXPECT_EQ(found("尺码", other), std::set<int64_t>{theirs});
}

}  // namespace
}  // namespace guanxi::service
