// The service report on a constructed set, against hand-computed figures.
#include "service/reports.hpp"

#include <gtest/gtest.h>

#include "service/csat.hpp"
#include "service/test_util.hpp"
#include "service/tickets.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {
namespace {

using testing::ServiceShop;

class ReportTest : public ::testing::Test {
 protected:
  int64_t open_ticket() {
    TicketInput in;
    in.customer_id = customer_;
    in.subject = "问题";
    in.type = "complaint";
    in.channel = "phone";
    return shop_.write([&](domain::WriteContext& w) { return create_ticket(w, in); }).value().id;
  }
  void message(int64_t id, MessageKind kind) {
    MessageInput m;
    m.kind = kind;
    m.body = "…";
    ASSERT_TRUE(shop_.write([&](domain::WriteContext& w) { return add_message(w, id, m); }).ok());
  }
  void status(int64_t id, TicketStatus to) {
    ASSERT_TRUE(
        shop_.write([&](domain::WriteContext& w) { return change_status(w, id, to); }).ok());
  }
  void answer(int64_t id, int64_t score) {
    auto s = store::latest_csat_survey(shop_.conn(), id).value();
    ASSERT_TRUE(s);
    ASSERT_TRUE(shop_
                    .write([&](domain::WriteContext& w) {
                      return answer_csat(w, s->token, score, "", "link");
                    })
                    .ok());
  }

  ServiceShop shop_;
  int64_t customer_ = shop_.customer("报表客户");
};

TEST_F(ReportTest, FcrOneTouchAndCsatEqualHandComputedValues) {
  shop_.set_now("2024-06-03 09:00");
  // T1: one contact, one reply, resolved → FCR, one-touch. CSAT 5.
  const int64_t t1 = open_ticket();
  message(t1, MessageKind::kReply);
  status(t1, TicketStatus::kResolved);
  answer(t1, 5);
  // T2: the customer wrote again before the resolution (2 contacts), one reply.
  // Not FCR, one-touch. CSAT 3.
  const int64_t t2 = open_ticket();
  message(t2, MessageKind::kReply);
  message(t2, MessageKind::kCustomerMessage);
  status(t2, TicketStatus::kResolved);
  answer(t2, 3);
  // T3: one contact, two replies → FCR, not one-touch; survey unanswered.
  const int64_t t3 = open_ticket();
  message(t3, MessageKind::kReply);
  message(t3, MessageKind::kReply);
  status(t3, TicketStatus::kResolved);
  // T4: resolved without a reply, reopened two days later, resolved again:
  // not FCR, not one-touch; two surveys, the second answered 1.
  const int64_t t4 = open_ticket();
  status(t4, TicketStatus::kResolved);
  // T5: still open.
  open_ticket();
  shop_.set_now("2024-06-05 09:00");
  status(t4, TicketStatus::kInProgress);
  status(t4, TicketStatus::kResolved);
  answer(t4, 1);
  // T6: resolved on 06-11 with one reply; on 06-13 its window is still open:
  // pending for FCR, one-touch. CSAT 4.
  shop_.set_now("2024-06-11 09:00");
  const int64_t t6 = open_ticket();
  message(t6, MessageKind::kReply);
  status(t6, TicketStatus::kResolved);
  answer(t6, 4);

  shop_.set_now("2024-06-13 12:00");
  auto r = shop_.read_context();
  ReportQuery q;
  q.from = shop_.at("2024-06-01 00:00");
  q.to = shop_.at("2024-07-01 00:00");
  q.group_by = "day";
  auto report = service_report(r, q);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  const ReportFigures& f = report->total;
  EXPECT_EQ(f.tickets, 6);
  EXPECT_EQ(f.resolved, 5);
  EXPECT_EQ(f.fcr_decided, 4);
  EXPECT_EQ(f.fcr, 2);
  EXPECT_EQ(f.fcr_pending, 1);
  EXPECT_DOUBLE_EQ(f.fcr_rate().value(), 0.5);
  EXPECT_EQ(f.one_touch, 3);
  EXPECT_DOUBLE_EQ(f.one_touch_rate().value(), 0.6);
  EXPECT_EQ(f.csat_sent, 6);
  EXPECT_EQ(f.csat_responses, 4);
  EXPECT_DOUBLE_EQ(f.csat_average().value(), 13.0 / 4);
  EXPECT_DOUBLE_EQ(f.csat_response_rate().value(), 4.0 / 6);
  EXPECT_EQ(f.csat_distribution, (std::array<int64_t, 5>{1, 0, 1, 1, 1}));
  EXPECT_EQ(f.by_status.at("resolved"), 5);
  EXPECT_EQ(f.by_status.at("new"), 1);
  ASSERT_EQ(report->groups.size(), 2u);
  EXPECT_EQ(report->groups[0].first, "2024-06-03");
  EXPECT_EQ(report->groups[0].second.tickets, 5);
  EXPECT_EQ(report->groups[1].first, "2024-06-11");
  EXPECT_EQ(report->groups[1].second.csat_sum, 4);

  q.group_by = "quarter";
  EXPECT_EQ(service_report(r, q).status().location().field, "?group_by");
}

}  // namespace
}  // namespace guanxi::service
