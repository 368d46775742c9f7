#include "outbox/outbox.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "domain/customers.hpp"
#include "domain/testing/test_shop.hpp"
#include "outbox/dispatcher.hpp"
#include "outbox/feedback.hpp"
#include "outbox/templates.hpp"
#include "store/query.hpp"

namespace guanxi::outbox {
namespace {

using domain::testing::TestShop;

// Records every send by idempotency key; fails the first `fail_first` sends of each key.
struct Recorder {
  std::mutex mu;
  std::map<std::string, int> sends;
  int fail_first = 0;
  bool permanent = false;
};

class FakeProvider : public channel::Provider {
 public:
  explicit FakeProvider(Recorder& r) : r_(r) {}
  channel::Channel channel() const override { return channel::Channel::kSms; }
  std::string_view kind() const override { return "fake"; }
  channel::SendResult send(const channel::OutboundMessage& m) override {
    std::lock_guard lock(r_.mu);
    const int n = ++r_.sends[m.idempotency_key];
    if (n <= r_.fail_first) {
      return r_.permanent ? channel::SendResult::permanent("rejected")
                          : channel::SendResult::retry("busy");
    }
    return channel::SendResult::accepted("p-" + m.idempotency_key);
  }

 private:
  Recorder& r_;
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shop_.clock().set(ShopZone::shanghai().parse_local("2025-05-01 12:00:00").value());
    writer_ = store::Writer::start(shop_.db()).value();
  }
  template <typename F>
  auto write(F&& f) {
    return shop_.write_through(*writer_, std::forward<F>(f));
  }
  // n customers with phones, one care message each.
  void enqueue(int n) {
    TemplateInput in{"t", "sms", "care", "", "您好 {{customer.name}}", "", Json::object()};
    auto t = write([&](domain::WriteContext& w) { return create_template(w, in); }).value();
    CareSettings s = default_care_settings();
    for (int i = 0; i < n; ++i) {
      domain::CustomerInput c;
      c.name = "客户" + std::to_string(i);
      c.identities.push_back({domain::IdentityType::kPhone, "1380000" + std::to_string(1000 + i)});
      const int64_t id =
          write([&](domain::WriteContext& w) { return domain::create_customer(w, c); }).value();
      ids_.push_back(id);
      MessageDraft d;
      d.customer_id = id;
      d.tmpl = &t;
      d.source = "api";
      auto r = write([&](domain::WriteContext& w) { return enqueue_message(w, s, d); });
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(r->status, "queued");
    }
  }
  std::unique_ptr<Dispatcher> dispatcher(Recorder& r, Dispatcher::Options o = {}) {
    o.background = false;
    o.threads = 4;
    o.backoff_base = std::chrono::milliseconds(1000);
    return Dispatcher::start(shop_.db(), *writer_, shop_.clock(), o,
                             [&r](int64_t, std::string_view,
                                  const Json&) -> Result<std::unique_ptr<channel::Provider>> {
                               return std::unique_ptr<channel::Provider>(new FakeProvider(r));
                             })
        .value();
  }
  std::map<std::string, int64_t> statuses() {
    std::map<std::string, int64_t> out;
    store::Query q(shop_.conn(), "SELECT status, COUNT(*) FROM messages GROUP BY status");
    while (q.next()) out[q.text(0)] = q.i64(1);
    return out;
  }

  TestShop shop_;
  std::unique_ptr<store::Writer> writer_;
  std::vector<int64_t> ids_;
};

TEST_F(OutboxTest, EveryMessageReachesTheProviderOnceByKeyAcrossACrash) {
  enqueue(300);
  // A crash while sending: 100 messages left leased ('sending').
  {
    store::Query q(shop_.conn(),
                   "UPDATE messages SET status = 'sending', lease_until = 0, attempts = 1 WHERE id "
                   "IN (SELECT id FROM messages ORDER BY id LIMIT 100)");
    ASSERT_TRUE(q.run().is_ok());
  }
  Recorder r;
  auto d = dispatcher(r);  // start requeues what was left sending
  while (d->dispatch_once().value() > 0) {
  }
  EXPECT_EQ(statuses(), (std::map<std::string, int64_t>{{"sent", 300}}));
  EXPECT_EQ(r.sends.size(), 300u);
  for (const auto& [key, n] : r.sends) EXPECT_EQ(n, 1) << key;
  store::Query q(shop_.conn(), "SELECT COUNT(*) FROM changes WHERE kind = 'message_sent'");
  EXPECT_EQ(q.single_int64().value().value_or(0), 300);
}

// A new shop's settings send through the log provider, with no configuration.
TEST_F(OutboxTest, DefaultSettingsSendThroughTheLogProvider) {
  enqueue(3);
  Dispatcher::Options o;
  o.background = false;
  auto d = Dispatcher::start(shop_.db(), *writer_, shop_.clock(), o).value();
  EXPECT_EQ(d->dispatch_once().value(), 3);
  EXPECT_EQ(statuses(), (std::map<std::string, int64_t>{{"sent", 3}}));
  store::Query q(shop_.conn(), "SELECT DISTINCT provider FROM messages");
  ASSERT_TRUE(q.next());
  EXPECT_EQ(q.text(0), "log");
}

// Provider configurations are built when saved: a broken one is refused there,
// naming the channel and the key.
TEST(CareSettingsTest, ProviderConfigsAreCheckedWhenSaved) {
  Json j = care_settings_to_json(default_care_settings());
  j["providers"]["sms"] = {{"kind", "sms_http"}};
  auto bad = care_settings_from_json(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().to_string().find("providers.sms"), std::string::npos)
      << bad.status().to_string();
  j["providers"]["sms"] = {
      {"kind", "sms_http"}, {"url", "http://127.0.0.1:9/sms"}, {"rate_per_second", -1}};
  EXPECT_FALSE(care_settings_from_json(j).ok());
  j["providers"]["sms"]["rate_per_second"] = 50;
  EXPECT_TRUE(care_settings_from_json(j).ok());
  EXPECT_EQ(provider_config(j["providers"]["sms"], "sms").contains("rate_per_second"), false);
  EXPECT_EQ(provider_config(Json{{"kind", "log"}}, "email")["channel"], "email");
}

TEST_F(OutboxTest, RetriesWithBackoffThenDeadLetters) {
  enqueue(2);
  Recorder r;
  r.fail_first = 2;
  Dispatcher::Options o;
  o.max_attempts = 5;
  auto d = dispatcher(r, o);
  EXPECT_EQ(d->dispatch_once().value(), 2);
  EXPECT_EQ(d->dispatch_once().value(), 0) << "not due before the backoff";
  shop_.clock().advance(std::chrono::milliseconds(1300));
  EXPECT_EQ(d->dispatch_once().value(), 2);
  shop_.clock().advance(std::chrono::milliseconds(2600));
  EXPECT_EQ(d->dispatch_once().value(), 2);
  EXPECT_EQ(statuses(), (std::map<std::string, int64_t>{{"sent", 2}}));

  Recorder always;
  always.fail_first = 100;
  Dispatcher::Options o2;
  o2.max_attempts = 3;
  store::Query reset(shop_.conn(),
                     "UPDATE messages SET status = 'queued', attempts = 0, next_attempt_at = 0");
  ASSERT_TRUE(reset.run().is_ok());
  auto d2 = dispatcher(always, o2);
  for (int i = 0; i < 4; ++i) {
    (void)d2->dispatch_once();
    shop_.clock().advance(std::chrono::minutes(10));
  }
  EXPECT_EQ(statuses(), (std::map<std::string, int64_t>{{"dead", 2}}));
}

TEST_F(OutboxTest, UnsubscribeBeforeDispatchSuppressesAndQuietHoursDefer) {
  enqueue(2);
  ASSERT_TRUE(
      write([&](domain::WriteContext& w) { return handle_sms_reply(w, "13800001000", "T"); }).ok());
  Recorder r;
  auto d = dispatcher(r);
  (void)d->dispatch_once();
  EXPECT_EQ(statuses(), (std::map<std::string, int64_t>{{"sent", 1}, {"suppressed", 1}}));

  // A message due at 22:00 waits for 09:00.
  shop_.clock().set(ShopZone::shanghai().parse_local("2025-05-01 22:00:00").value());
  store::TemplateRecord t =
      store::find_template_by_name(shop_.conn(), shop_.shop().id, "t").value().value();
  MessageDraft m;
  m.customer_id = ids_[1];
  m.tmpl = &t;
  m.source = "api";
  CareSettings s = default_care_settings();
  s.dedupe_hours = 0;
  auto e = write([&](domain::WriteContext& w) { return enqueue_message(w, s, m); });
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(ShopZone::shanghai().format_local(e->due), "2025-05-02 09:00:00");
  EXPECT_EQ(d->dispatch_once().value(), 0);
}

TEST_F(OutboxTest, UnsubscribeLinkAndReceipts) {
  enqueue(1);
  Recorder r;
  auto d = dispatcher(r);
  (void)d->dispatch_once();
  auto msg = store::find_message(shop_.conn(), 1).value().value();
  Receipt rc;
  rc.provider_message_id = msg.provider_message_id;
  rc.event = "delivered";
  ASSERT_TRUE(write([&](domain::WriteContext& w) { return record_receipt(w, rc); }).ok());
  EXPECT_EQ(statuses(), (std::map<std::string, int64_t>{{"delivered", 1}}));
  ASSERT_TRUE(write([&](domain::WriteContext& w) {
                return unsubscribe_by_token(w, msg.idempotency_key);
              }).ok());
  store::Query q(shop_.conn(), "SELECT consent_sms FROM customers WHERE id = ?");
  q.bind(ids_[0]);
  ASSERT_TRUE(q.next());
  EXPECT_EQ(q.text(0), "denied");
}

}  // namespace
}  // namespace guanxi::outbox
