// SLA clocks of real tickets with a fake clock: across a night, a weekend,
// a closed holiday and a waiting_customer pause; warnings and breaches fire
// once each, also after the engine restarts.
#include <gtest/gtest.h>

#include "service/engine.hpp"
#include "service/test_util.hpp"
#include "service/tickets.hpp"
#include "store/writer.hpp"

namespace guanxi::service {
namespace {

using testing::ServiceShop;

struct Fired {
  int64_t warnings = 0;
  int64_t breaches = 0;
};

Fired run_engine(ServiceShop& shop, store::Writer& writer) {
  // A new engine each time: what fired is on the tickets, not in the engine.
  auto engine =
      ServiceEngine::start(shop.db(), writer, shop.clock(), ServiceEngine::Options{false}).value();
  auto stats = engine->process_pending();
  EXPECT_TRUE(stats.ok()) << stats.status().to_string();
  return {stats->sla_warnings, stats->sla_breaches};
}

Ticket read(ServiceShop& shop, int64_t id) {
  auto r = shop.read_context();
  return get_ticket(r, id).value();
}

TEST(SlaTest, ClocksCrossNightWeekendHolidayAndPauseAndFireOnce) {
  ServiceShop shop;
  shop.settings(testing::kWeekdaySettings);
  const int64_t customer = shop.customer("王芳");
  auto writer = store::Writer::start(shop.db()).value();

  // Friday 16:00. First response 4 business hours: Fri 16-18 (2 h), Mon
  // 2024-06-10 is closed (端午), Tue 09-11 (2 h) → Tue 11:00. Resolution 16 h:
  // Fri 2 h + Tue 9 h + Wed 5 h → Wed 14:00.
  shop.set_now("2024-06-07 16:00");
  TicketInput in;
  in.customer_id = customer;
  in.subject = "快递破损";
  in.type = "complaint";
  in.channel = "phone";
  const Ticket t =
      shop.write([&](domain::WriteContext& w) { return create_ticket(w, in); }).value();
  EXPECT_EQ(t.first_response_due, shop.at("2024-06-11 11:00"));
  EXPECT_EQ(t.resolution_due, shop.at("2024-06-12 14:00"));
  EXPECT_EQ(t.sla_state, "running");

  // Nothing is due over the weekend and the holiday.
  shop.set_now("2024-06-10 17:00");
  Fired f = run_engine(shop, *writer);
  EXPECT_EQ(f.warnings + f.breaches, 0);

  // Warning zone: max(20% of 4 h, 30 min) = 48 min before Tue 11:00.
  shop.set_now("2024-06-11 10:11");
  EXPECT_EQ(run_engine(shop, *writer).warnings, 0);
  shop.set_now("2024-06-11 10:12");
  f = run_engine(shop, *writer);
  EXPECT_EQ(f.warnings, 1);
  EXPECT_EQ(f.breaches, 0);
  EXPECT_EQ(read(shop, t.id).sla_state, "warning");
  f = run_engine(shop, *writer);  // a restart fires nothing again
  EXPECT_EQ(f.warnings + f.breaches, 0);

  shop.set_now("2024-06-11 11:00");  // met exactly at due is met: not yet breached
  EXPECT_EQ(run_engine(shop, *writer).breaches, 0);
  shop.set_now("2024-06-11 11:01");
  f = run_engine(shop, *writer);
  EXPECT_EQ(f.breaches, 1);
  EXPECT_EQ(read(shop, t.id).sla_state, "breached");

  // Tue 11:30: the agent replies and waits on the customer until Wed 10:00.
  shop.set_now("2024-06-11 11:30");
  MessageInput reply;
  reply.body = "请提供破损照片";
  reply.then_status = TicketStatus::kWaitingCustomer;
  ASSERT_TRUE(
      shop.write([&](domain::WriteContext& w) { return add_message(w, t.id, reply); }).ok());
  shop.set_now("2024-06-12 09:30");
  EXPECT_EQ(run_engine(shop, *writer).warnings, 0);  // paused: the resolution clock stands still

  shop.set_now("2024-06-12 10:00");
  MessageInput photo;
  photo.kind = MessageKind::kCustomerMessage;
  photo.body = "照片已发";
  const Ticket resumed =
      shop.write([&](domain::WriteContext& w) { return add_message(w, t.id, photo); }).value();
  EXPECT_EQ(resumed.status, TicketStatus::kInProgress);
  // Counted before the pause: Fri 2 h + Tue 2.5 h; 11.5 h left from Wed 10:00:
  // Wed 8 h + Thu 3.5 h → Thu 12:30. Warning 3 h 12 min before → Thu 09:18.
  EXPECT_EQ(resumed.resolution_due, shop.at("2024-06-13 12:30"));

  shop.set_now("2024-06-13 09:17");
  EXPECT_EQ(run_engine(shop, *writer).warnings, 0);
  shop.set_now("2024-06-13 09:18");
  EXPECT_EQ(run_engine(shop, *writer).warnings, 1);
  EXPECT_EQ(run_engine(shop, *writer).warnings, 0);
  shop.set_now("2024-06-13 12:31");
  EXPECT_EQ(run_engine(shop, *writer).breaches, 1);
  shop.set_now("2024-06-14 12:31");
  f = run_engine(shop, *writer);
  EXPECT_EQ(f.warnings + f.breaches, 0);

  EXPECT_EQ(shop.changes("ticket_sla_warning"), 2);
  EXPECT_EQ(shop.changes("ticket_sla_breached"), 2);
  EXPECT_EQ(shop.tracked("ticket_sla_breached"), 2);  // journeys can trigger on it
}

TEST(SlaTest, BreachFoundLateFiresOnlyTheBreachAndResolvedInTimeIsMet) {
  ServiceShop shop;
  shop.settings(testing::kWeekdaySettings);
  const int64_t customer = shop.customer("李雷");
  auto writer = store::Writer::start(shop.db()).value();
  shop.set_now("2024-06-03 09:00");  // Monday
  TicketInput in;
  in.customer_id = customer;
  in.subject = "咨询发票";
  in.type = "inquiry";
  in.channel = "chat";
  const Ticket late =
      shop.write([&](domain::WriteContext& w) { return create_ticket(w, in); }).value();
  const Ticket quick =
      shop.write([&](domain::WriteContext& w) { return create_ticket(w, in); }).value();
  shop.set_now("2024-06-03 10:00");
  ASSERT_TRUE(shop.write([&](domain::WriteContext& w) {
                    return change_status(w, quick.id, TicketStatus::kResolved);
                  })
                  .ok());
  // The engine was down all week.
  shop.set_now("2024-06-07 17:00");
  Fired f = run_engine(shop, *writer);
  EXPECT_EQ(f.warnings, 0);
  EXPECT_EQ(f.breaches, 2);  // late: first response and resolution
  EXPECT_EQ(read(shop, late.id).sla_state, "breached");
  EXPECT_EQ(read(shop, quick.id).sla_state, "met");
}

TEST(SlaTest, SettingsErrorsNameTheField) {
  auto bad = service_settings_from_json(Json::parse(
      R"({"sla": {"normal": {"first_response_minutes": 0, "resolution_minutes": 10}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().field, "/sla/normal/first_response_minutes");
  bad = service_settings_from_json(Json::parse(R"({"sla": {"vip": {}}})"));
  EXPECT_EQ(bad.status().location().field, "/sla/vip");
  bad = service_settings_from_json(Json::parse(
      R"({"business_hours": {"schedule": {"mon": [{"open": "19:00", "close": "18:00"}]}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().location().field.find("/business_hours"), std::string::npos);
  bad = service_settings_from_json(Json::parse(R"({"fcr_window_days": 0})"));
  EXPECT_EQ(bad.status().location().field, "/fcr_window_days");
  bad = service_settings_from_json(Json::parse(R"({"colour": 1})"));
  EXPECT_FALSE(bad.ok());
  auto good = service_settings_from_json(Json::parse(testing::kWeekdaySettings));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(service_settings_from_json(service_settings_to_json(*good)).value(), *good);
}

}  // namespace
}  // namespace guanxi::service
