#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"
#include "journey/campaign.hpp"
#include "journey/engine.hpp"
#include "journey/journeys.hpp"
#include "outbox/feedback.hpp"
#include "outbox/settings.hpp"
#include "outbox/templates.hpp"
#include "segment/engine.hpp"
#include "segment/rule/parser.hpp"
#include "store/query.hpp"

namespace guanxi::journey {
namespace {

using domain::testing::TestShop;

class JourneyTest : public ::testing::Test {
 protected:
  virtual bool prefetch_facts() const { return true; }
  virtual int date_batch() const { return JourneyEngine::Options{}.date_batch; }

  void SetUp() override {
    writer_ = store::Writer::start(shop_.db()).value();
    segment::SegmentEngine::Options so;
    so.background = false;
    segments_ = segment::SegmentEngine::start(shop_.db(), *writer_, shop_.clock(), so).value();
    JourneyEngine::Options jo;
    jo.background = false;
    jo.prefetch_facts = prefetch_facts();
    jo.date_batch = date_batch();
    jo.after_plan = [this](size_t k) {
      if (after_plan_) after_plan_(k);
    };
    journeys_ = JourneyEngine::start(shop_.db(), *writer_, shop_.clock(), *segments_, jo).value();
  }

  template <typename F>
  auto write(F&& f) {
    return shop_.write_through(*writer_, std::forward<F>(f));
  }

  void at(const std::string& local) {
    shop_.clock().set(ShopZone::shanghai().parse_local(local).value());
  }
  void process() { ASSERT_TRUE(journeys_->process_pending().ok()); }
  RoundStats process_stats() {
    auto r = journeys_->process_pending();
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : RoundStats{};
  }

  int64_t customer(const std::string& name, const std::string& phone,
                   const std::string& birthday = "",
                   domain::Consent consent = domain::Consent::kGranted, bool lunar = false) {
    domain::CustomerInput in;
    in.name = name;
    if (!phone.empty()) in.identities.push_back({domain::IdentityType::kPhone, phone});
    if (!birthday.empty()) in.birthday = domain::parse_birthday(birthday, lunar).value();
    in.consent_sms = consent;
    return write([&](domain::WriteContext& w) { return domain::create_customer(w, in); }).value();
  }

  void order(int64_t c, const std::string& id, int64_t amount, const std::string& local,
             const std::string& sku = "", int64_t qty = 1, const std::string& product = "洗发水",
             const std::string& category = "个护") {
    domain::OrderInput o;
    o.platform = "api";
    o.external_id = id;
    o.customer_id = c;
    o.status = domain::OrderStatus::kPaid;
    o.created_at = ShopZone::shanghai().parse_local(local).value();
    o.paid_at = o.created_at;
    o.paid_amount = amount;
    o.goods_amount = amount;
    if (!sku.empty()) o.items.push_back({sku, product, category, qty, amount / qty});
    ASSERT_TRUE(write([&](domain::WriteContext& w) {
                  return domain::upsert_order(w, o).status();
                }).is_ok());
  }

  void sms_template(const std::string& name, const std::string& klass, const std::string& body) {
    outbox::TemplateInput in;
    in.name = name;
    in.channel = "sms";
    in.klass = klass;
    in.body = body;
    ASSERT_TRUE(write([&](domain::WriteContext& w) {
                  return outbox::create_template(w, in).status();
                }).is_ok());
  }

  int64_t journey(const std::string& name, const std::string& definition) {
    auto j = write([&](domain::WriteContext& w) {
      return create_journey(w, {name, Json::parse(definition), ""});
    });
    EXPECT_TRUE(j.ok()) << j.status().to_string();
    auto a = write([&](domain::WriteContext& w) { return set_journey_status(w, j->id, "active"); });
    EXPECT_TRUE(a.ok()) << a.status().to_string();
    return j->id;
  }

  int64_t scalar(const std::string& sql) {
    store::Query q(shop_.conn(), sql);
    return q.single_int64().value().value_or(-1);
  }

  struct Msg {
    int64_t customer;
    std::string status, reason, local_due, body, source;
  };
  std::vector<Msg> messages() {
    std::vector<Msg> out;
    store::Query q(
        shop_.conn(),
        "SELECT customer_id, status, reason, due_at, body, source FROM messages ORDER BY id");
    while (q.next()) {
      out.push_back({q.i64(0), q.text(1), q.text(2),
                     ShopZone::shanghai().format_local(from_millis(q.i64(3))), q.text(4),
                     q.text(5)});
    }
    return out;
  }

  TestShop shop_;
  std::function<void(size_t)> after_plan_;  // JourneyEngine::Options::after_plan
  std::unique_ptr<store::Writer> writer_;
  std::unique_ptr<segment::SegmentEngine> segments_;
  std::unique_ptr<JourneyEngine> journeys_;
};

// Every built-in care journey parses, creates its message templates and
// switches on in a fresh shop; a second enable is harmless.
TEST_F(JourneyTest, EveryCareTemplateCanBeEnabled) {
  for (const auto& t : care_templates()) {
    SCOPED_TRACE(t.key);
    auto j = write([&](domain::WriteContext& w) { return enable_care_template(w, t.key); });
    ASSERT_TRUE(j.ok()) << j.status().to_string();
    EXPECT_EQ(j->status, "active");
    EXPECT_EQ(j->template_key, t.key);
    auto again = write([&](domain::WriteContext& w) { return enable_care_template(w, t.key); });
    ASSERT_TRUE(again.ok()) << again.status().to_string();
    EXPECT_EQ(again->id, j->id);
  }
  EXPECT_EQ(shop_.count("journeys"), static_cast<int64_t>(care_templates().size()));
  process();  // the engine loads and runs every one of them
}

// Acceptance 1: exactly the customers with that birthday (and consent, and an
// address) get one message at 09:00 shop time; 02-29 birthdays on 02-28 in
// common years; lunar birthdays on their lunar date.
TEST_F(JourneyTest, BirthdayJourneySendsAt0900ToExactlyTheBirthdayCustomers) {
  at("2025-02-26 12:00:00");
  const int64_t a = customer("张三", "13800000001", "1990-02-27");
  const int64_t b = customer("李四", "13800000002", "--02-27");
  customer("王五", "13800000003", "1990-02-27", domain::Consent::kDenied);  // no consent
  customer("赵六", "", "1992-02-27");                                       // no phone
  customer("孙七", "13800000005", "1990-03-27");                            // another day
  const int64_t leap = customer("周八", "13800000006", "2000-02-29");
  // Lunar 2025-02-01 (正月 ends 02-27? no): lunar 二月初一 is 2025-02-28.
  const int64_t lunar =
      customer("吴九", "13800000007", "1980-02-01", domain::Consent::kGranted, true);
  sms_template("生日短信", "care", "{{customer.name}}，生日快乐！");
  journey("生日关怀", R"({"trigger":{"type":"date","date":"birthday","at":"09:00"},
                          "steps":[{"id":"sms","type":"send","template":"生日短信"}]})");
  process();
  EXPECT_TRUE(messages().empty());  // activated today: starts with today's birthdays (none)

  at("2025-02-27 00:05:00");
  process();
  EXPECT_TRUE(messages().empty()) << "runs wait for 09:00";
  at("2025-02-27 09:00:00");
  process();
  auto m = messages();
  std::set<int64_t> sent;
  for (const auto& x : m) {
    if (x.status == "queued") {
      sent.insert(x.customer);
      EXPECT_EQ(x.local_due, "2025-02-27 09:00:00");
    }
  }
  EXPECT_EQ(sent, (std::set<int64_t>{a, b}));
  int suppressed = 0;
  for (const auto& x : m) suppressed += x.status == "suppressed";
  EXPECT_EQ(suppressed, 2);  // no consent, no address: decided and accounted for
  EXPECT_EQ(m.front().body, "张三，生日快乐！");

  // Running again the same day sends nothing more.
  at("2025-02-27 15:00:00");
  process();
  EXPECT_EQ(messages().size(), m.size());

  at("2025-02-28 09:00:00");
  process();
  std::set<int64_t> next;
  for (const auto& x : messages()) {
    if (x.local_due.starts_with("2025-02-28")) next.insert(x.customer);
  }
  EXPECT_EQ(next, (std::set<int64_t>{leap, lunar}));
}

// Acceptance 3: quiet hours defer; caps hold across two journeys and a campaign.
TEST_F(JourneyTest, QuietHoursDeferAndCapsHoldAcrossJourneysAndCampaigns) {
  at("2025-05-01 12:00:00");
  const int64_t c = customer("钱一", "13800000011");
  sms_template("感谢A", "marketing", "A {{customer.name}}");
  sms_template("感谢B", "marketing", "B {{customer.name}}");
  sms_template("活动C", "marketing", "C {{customer.name}}");
  journey(
      "J1",
      R"({"trigger":{"type":"event","event":"order_paid"},"steps":[{"id":"s","type":"send","template":"感谢A"}]})");
  journey(
      "J2",
      R"({"trigger":{"type":"event","event":"order_paid"},"steps":[{"id":"s","type":"send","template":"感谢B"}]})");
  at("2025-05-01 22:30:00");
  order(c, "o1", 10000, "2025-05-01 22:30:00");
  process();
  auto m = messages();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].status, "queued");
  EXPECT_EQ(m[0].local_due, "2025-05-02 09:00:00") << "deferred past quiet hours, not dropped";
  EXPECT_EQ(m[1].status, "suppressed");
  EXPECT_EQ(m[1].reason, "frequency_cap");

  segment::SegmentInput si;
  si.name = "全部";
  si.rule = segment::parse_rule("orders >= 1").value();
  ASSERT_TRUE(segments_->create_segment(shop_.shop().id, si, "test").ok());
  auto camp = write([&](domain::WriteContext& w) {
    return create_campaign(
        w, "五一活动",
        Json::parse(R"({"segment":"全部","variants":[{"key":"A","template":"活动C"}]})"),
        shop_.clock().now());
  });
  ASSERT_TRUE(camp.ok()) << camp.status().to_string();
  process();
  m = messages();
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[2].source, "campaign");
  EXPECT_EQ(m[2].status, "suppressed");
  EXPECT_EQ(m[2].reason, "frequency_cap");

  // Four days later the 3-day cap has passed.
  at("2025-05-06 12:00:00");
  order(c, "o2", 10000, "2025-05-06 12:00:00");
  process();
  m = messages();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[3].status, "queued");
  EXPECT_EQ(m[4].reason, "frequency_cap");
}

// Acceptance 4: replenishment fires `lead_days` before the predicted run-out.
TEST_F(JourneyTest, ReplenishmentFiresLeadDaysBeforeRunOut) {
  at("2025-05-01 12:00:00");
  const int64_t c = customer("郑二", "13800000021");
  order(c, "r1", 5000, "2025-05-01 12:00:00", "SHAMPOO-1", 1);
  {
    store::Query q(shop_.conn(), "UPDATE products SET cycle_days = 30 WHERE sku = 'SHAMPOO-1'");
    ASSERT_TRUE(q.run().is_ok());
  }
  sms_template("补货", "care", "{{customer.name}}，{{product.name}}快用完了");
  journey("补货提醒", R"({"trigger":{"type":"replenishment","lead_days":3,"at":"10:00"},
                         "steps":[{"id":"s","type":"send","template":"补货"}]})");
  at("2025-05-27 23:00:00");
  process();
  EXPECT_TRUE(messages().empty());
  at("2025-05-28 10:00:00");  // 05-31 run-out - 3 days
  process();
  auto m = messages();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].local_due, "2025-05-28 10:00:00");
  EXPECT_EQ(m[0].body, "郑二，洗发水快用完了");
}

// New-customer care: three days after the first purchase, a message naming
// the best seller of that purchase's category the customer has not bought.
// 老客x's single purchase happened before the journey was switched on: the
// change feed's history enters no one.
TEST_F(JourneyTest, NewCustomerCareSuggestsARelatedProduct) {
  at("2025-03-01 12:00:00");
  for (int i = 0; i < 3; ++i) {
    const int64_t o = customer("老客" + std::to_string(i), "1390000000" + std::to_string(i));
    order(o, "c" + std::to_string(i), 3000, "2025-02-01 12:00:00", "COND-1", 1, "护发素", "个护");
    order(o, "s" + std::to_string(i), 3000, "2025-02-02 12:00:00", "SHAMPOO-1", 1, "洗发水",
          "个护");
    order(o, "t" + std::to_string(i), 3000, "2025-02-03 12:00:00", "TEA-1", 1, "龙井", "茶叶");
  }
  const int64_t other = customer("老客x", "13900000009");
  order(other, "t9", 3000, "2025-02-04 12:00:00", "TEA-1", 1, "龙井", "茶叶");
  ASSERT_TRUE(write([&](domain::WriteContext& w) {
                return enable_care_template(w, "new_customer").status();
              }).is_ok());
  const int64_t c = customer("新客", "13800000031");
  order(c, "n1", 5000, "2025-03-01 12:00:00", "SHAMPOO-1", 1, "洗发水", "个护");
  process();
  EXPECT_TRUE(messages().empty());  // waits three days
  at("2025-03-04 12:00:01");
  process();
  auto m = messages();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].customer, c);
  EXPECT_NE(m[0].body.find("也推荐您看看护发素。"), std::string::npos) << m[0].body;
}

// Acceptance 5: an SMS reply TD stops every later marketing send on SMS.
TEST_F(JourneyTest, UnsubscribeBySmsReplyStopsLaterSends) {
  at("2025-05-01 12:00:00");
  const int64_t c = customer("冯三", "13800000031");
  sms_template("促销", "marketing", "促销 {{customer.name}}");
  journey(
      "下单促销",
      R"({"trigger":{"type":"event","event":"order_paid"},"steps":[{"id":"s","type":"send","template":"促销"}]})");
  auto r = write([&](domain::WriteContext& w) {
    return outbox::handle_sms_reply(w, "+86 138 0000 0031", " 退订 ");
  });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->unsubscribed);
  EXPECT_EQ(r->customers, std::vector<int64_t>{c});
  order(c, "u1", 1000, "2025-05-01 12:00:00");
  process();
  auto m = messages();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].status, "suppressed");
  EXPECT_TRUE(m[0].reason == "suppressed_address" || m[0].reason == "no_consent") << m[0].reason;
  EXPECT_FALSE(outbox::is_unsubscribe_reply("好的谢谢"));
  EXPECT_TRUE(outbox::is_unsubscribe_reply("td"));
}

// Acceptance 6: uplift against the control group from attributed purchases.
TEST_F(JourneyTest, CampaignReportsUpliftAgainstControl) {
  at("2025-06-01 10:00:00");
  std::vector<int64_t> all;
  for (int i = 0; i < 200; ++i) {
    const int64_t c = customer("客户" + std::to_string(i), "1390000" + std::to_string(1000 + i));
    order(c, "seed" + std::to_string(i), 1000, "2025-05-01 10:00:00");
    all.push_back(c);
  }
  outbox::CareSettings s = outbox::default_care_settings();
  s.caps.clear();
  ASSERT_TRUE(write([&](domain::WriteContext& w) {
                return outbox::save_care_settings(w.db, w.shop.id, s, 0);
              }).is_ok());
  sms_template("618短信", "marketing", "618 {{customer.name}}");
  segment::SegmentInput si;
  si.name = "买过";
  si.rule = segment::parse_rule("orders >= 1").value();
  ASSERT_TRUE(segments_->process_pending().ok());
  ASSERT_TRUE(segments_->create_segment(shop_.shop().id, si, "test").ok());
  auto camp = write([&](domain::WriteContext& w) {
    return create_campaign(
        w, "618",
        Json::parse(
            R"({"segment":"买过","variants":[{"key":"A","template":"618短信"}],"control_pct":30,"attribution_days":7})"),
        shop_.clock().now());
  });
  ASSERT_TRUE(camp.ok()) << camp.status().to_string();
  process();
  // Every message is sent at 10:00.
  {
    store::Query q(shop_.conn(),
                   "UPDATE messages SET status = 'sent', sent_at = ? WHERE status = 'queued'");
    q.bind(to_millis(shop_.clock().now()));
    ASSERT_TRUE(q.run().is_ok());
  }
  std::vector<int64_t> treated, control;
  {
    store::Query q(shop_.conn(),
                   "SELECT customer_id, variant FROM campaign_members ORDER BY customer_id");
    while (q.next()) (q.text(1) == "control" ? control : treated).push_back(q.i64(0));
  }
  ASSERT_GT(control.size(), 30u);
  ASSERT_GT(treated.size(), 100u);
  // Every 4th treated member buys within the window, every 10th control member;
  // one treated buyer buys again after the window (not counted).
  int64_t t_buyers = 0, c_buyers = 0, t_revenue = 0;
  for (size_t i = 0; i < treated.size(); i += 4, ++t_buyers) {
    order(treated[i], "t" + std::to_string(i), 2000, "2025-06-03 10:00:00");
    t_revenue += 2000;
  }
  for (size_t i = 0; i < control.size(); i += 10, ++c_buyers)
    order(control[i], "c" + std::to_string(i), 2000, "2025-06-03 10:00:00");
  order(treated[1], "late", 2000, "2025-06-20 10:00:00");
  auto report = [&] {
    domain::ReadContext r = shop_.read_context();
    auto rec = store::find_campaign(shop_.conn(), shop_.shop().id, camp->id).value().value();
    return campaign_report(r, rec).value();
  }();
  const double tr = static_cast<double>(t_buyers) / static_cast<double>(treated.size());
  const double cr = static_cast<double>(c_buyers) / static_cast<double>(control.size());
  ASSERT_DOUBLE_EQ(report["control_conversion_rate"].get<double>(), cr);
  const Json* a = nullptr;
  for (const auto& v : report["variants"]) {
    if (v["variant"] == "A") a = &v;
  }
  ASSERT_NE(a, nullptr);
  EXPECT_EQ((*a)["converted"].get<int64_t>(), t_buyers);
  EXPECT_EQ((*a)["revenue"].get<int64_t>(), t_revenue);
  EXPECT_EQ((*a)["attributed_revenue"].get<int64_t>(), t_revenue);
  EXPECT_DOUBLE_EQ((*a)["conversion_rate"].get<double>(), tr);
  EXPECT_DOUBLE_EQ((*a)["uplift"].get<double>(), tr - cr);
}

}  // namespace
}  // namespace guanxi::journey

namespace guanxi::journey {
namespace {

// Date triggers answer the guardrails from range-scanned fact batches when the
// candidates are dense; with and without them every decision is the same.
class FactBatchTest : public JourneyTest, public ::testing::WithParamInterface<bool> {
 protected:
  bool prefetch_facts() const override { return GetParam(); }
};

TEST_P(FactBatchTest, DenseBirthdayBatchDecidesLikePointQueries) {
  at("2025-02-26 12:00:00");
  sms_template("感谢", "marketing", "谢谢 {{customer.name}}");
  sms_template("生日", "marketing", "{{customer.name}} 生日快乐");
  journey("下单感谢", R"({"trigger":{"type":"event","event":"order_paid"},
                          "steps":[{"id":"s","type":"send","template":"感谢"}]})");
  constexpr int kCustomers = 80;  // above FactBatch's minimum batch
  std::vector<int64_t> ids;
  for (int k = 0; k < kCustomers; ++k) {
    const std::string phone = fmt::format("139{:08d}", k);
    ids.push_back(customer(fmt::format("客户{}", k), k == 11 ? "" : phone, "1990-02-27",
                           k == 3 ? domain::Consent::kDenied : domain::Consent::kGranted));
  }
  ASSERT_TRUE(write([&](domain::WriteContext& w) {
                return outbox::add_suppression(w, "sms", "13900000007", "test").status();
              }).is_ok());
  order(ids[15], "o15", 10000, "2025-02-26 12:00:00");  // a marketing SMS today: capped
  at("2025-02-26 12:00:01");
  ASSERT_TRUE(write([&](domain::WriteContext& w) {
                return domain::merge_customers(w, ids[21], {ids[20]}, "test").status();
              }).is_ok());
  domain::CustomerInput second;
  second.identities.push_back({domain::IdentityType::kPhone, "13700000025"});
  ASSERT_TRUE(write([&](domain::WriteContext& w) {
                return domain::patch_customer(w, ids[25], second).status();
              }).is_ok());
  journey("生日关怀", R"({"trigger":{"type":"date","date":"birthday","at":"09:00"},
                          "steps":[{"id":"sms","type":"send","template":"生日"}]})");
  process();
  at("2025-02-27 09:00:00");
  process();

  std::map<int64_t, std::string> outcome;  // customer -> status/reason/address
  store::Query q(
      shop_.conn(),
      "SELECT m.customer_id, m.status, m.reason, m.to_address, m.body FROM messages m "
      "JOIN message_templates t ON t.id = m.template_id WHERE t.name = '生日' ORDER BY m.id");
  while (q.next()) {
    EXPECT_TRUE(outcome.emplace(q.i64(0), q.text(1) + "/" + q.text(2) + "/" + q.text(3)).second)
        << "one decision per customer";
    if (q.text(1) == "queued") {
      EXPECT_TRUE(q.text(4).ends_with(" 生日快乐")) << q.text(4);
    }
  }
  ASSERT_TRUE(q.status().is_ok()) << q.status().to_string();
  ASSERT_EQ(outcome.size(), size_t{kCustomers - 1}) << "the merged profile is not a candidate";
  EXPECT_EQ(outcome.count(ids[20]), 0u);
  EXPECT_EQ(outcome[ids[3]], "suppressed/no_consent/+8613900000003");
  EXPECT_EQ(outcome[ids[7]], "suppressed/suppressed_address/+8613900000007");
  EXPECT_EQ(outcome[ids[11]], "suppressed/no_address/");
  EXPECT_EQ(outcome[ids[15]], "suppressed/frequency_cap/+8613900000015");
  EXPECT_EQ(outcome[ids[21]], "queued//+8613900000020") << "the survivor's oldest phone";
  EXPECT_EQ(outcome[ids[25]], "queued//+8613900000025") << "the first phone, not the newer one";
  EXPECT_EQ(outcome[ids[40]], "queued//+8613900000040");
  int queued = 0;
  for (const auto& [id, o] : outcome) queued += o.starts_with("queued/");
  EXPECT_EQ(queued, kCustomers - 1 - 4);

  // Every run is done and counted once per step outcome. Entered from a fact
  // batch, a run that finishes at once is written once, with no step rows.
  const int64_t birthday_journey = scalar("SELECT id FROM journeys WHERE name = '生日关怀'");
  auto in_journey = [&](const std::string& sql) {
    store::Query n(shop_.conn(), sql);
    n.bind(birthday_journey);
    return n.single_int64().value().value_or(-1);
  };
  const std::string runs_done =
      "SELECT COUNT(*) FROM journey_runs WHERE journey_id = ? AND status = 'done' AND step = ''";
  EXPECT_EQ(in_journey(runs_done), kCustomers - 1);
  EXPECT_EQ(in_journey("SELECT count FROM journey_step_totals WHERE journey_id = ? AND step = "
                       "'sms' AND outcome = 'ok'"),
            kCustomers - 1 - 4);
  EXPECT_EQ(in_journey("SELECT SUM(count) FROM journey_step_totals WHERE journey_id = ? AND "
                       "outcome LIKE 'suppressed:%'"),
            4);
  EXPECT_EQ(in_journey("SELECT COUNT(*) FROM journey_steps_done WHERE journey_id = ?"),
            GetParam() ? 0 : kCustomers - 1);
  // Each message names its run, and each run has exactly one message.
  EXPECT_EQ(in_journey("SELECT COUNT(DISTINCT m.run_id) FROM messages m JOIN journey_runs r ON "
                       "r.id = m.run_id AND r.customer_id = m.customer_id WHERE r.journey_id = ?"),
            kCustomers - 1);

  // Deciding the day again (its cursor lost) enters nobody twice.
  ASSERT_TRUE(shop_.conn().execute("DELETE FROM journey_date_cursors").is_ok());
  at("2025-02-27 10:00:00");
  process();
  EXPECT_EQ(in_journey("SELECT COUNT(*) FROM journey_runs WHERE journey_id = ?"), kCustomers - 1);
  EXPECT_EQ(in_journey("SELECT SUM(count) FROM journey_step_totals WHERE journey_id = ?"),
            kCustomers - 1);
}

// A run that rests at a wait keeps its step rows (the wait resumes it), and
// the totals count every step once, entered from a batch or not.
TEST_P(FactBatchTest, DenseBatchRunsThatWaitKeepTheirStepRows) {
  at("2025-02-26 12:00:00");
  sms_template("生日", "care", "{{customer.name}} 生日快乐");
  constexpr int kCustomers = 70;
  for (int k = 0; k < kCustomers; ++k) {
    customer(fmt::format("客户{}", k), fmt::format("139{:08d}", k), "1990-02-27");
  }
  const int64_t j =
      journey("生日关怀", R"({"trigger":{"type":"date","date":"birthday","at":"09:00"},
      "steps":[{"id":"sms","type":"send","template":"生日"},
               {"id":"later","type":"wait","duration":"1d"},
               {"id":"vip","type":"tag","add":"生日回访"}]})");
  process();
  at("2025-02-27 09:00:00");
  process();
  auto one = [&](const std::string& sql) {
    store::Query n(shop_.conn(), sql);
    n.bind(j);
    return n.single_int64().value().value_or(-1);
  };
  EXPECT_EQ(one("SELECT COUNT(*) FROM journey_runs WHERE journey_id = ? AND status = 'waiting' "
                "AND step = 'later' AND wake_at IS NOT NULL"),
            kCustomers);
  EXPECT_EQ(one("SELECT COUNT(*) FROM journey_steps_done WHERE journey_id = ? AND step = 'sms'"),
            kCustomers);
  at("2025-02-28 09:00:01");
  process();
  EXPECT_EQ(one("SELECT COUNT(*) FROM journey_runs WHERE journey_id = ? AND status = 'done'"),
            kCustomers);
  for (const char* step : {"sms", "later", "vip"}) {
    SCOPED_TRACE(step);
    store::Query n(shop_.conn(),
                   "SELECT count FROM journey_step_totals WHERE journey_id = ? AND step = ?");
    n.bind(j, std::string(step));
    EXPECT_EQ(n.single_int64().value().value_or(-1), kCustomers);
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE "
                   "t.name = '生日回访'"),
            kCustomers);
  EXPECT_EQ(shop_.count("messages"), kCustomers);
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutBatches, FactBatchTest, ::testing::Bool());

}  // namespace
}  // namespace guanxi::journey

namespace guanxi::journey {
namespace {

// A dense date trigger is decided a batch at a time off the writer (from a
// read snapshot) while the writer writes the batch before. A plan whose
// snapshot another write made stale is refused and the batch decided again on
// the writer: nobody is entered twice, and nothing written in between is missed.
class PipelineTest : public JourneyTest {
 protected:
  int date_batch() const override { return 64; }  // FactBatch's smallest dense batch

  static constexpr int kCustomers = 264;  // batches of 64, 64, 64, 64 and 8
  std::vector<int64_t> ids_;

  void SetUp() override {
    JourneyTest::SetUp();
    at("2025-02-26 12:00:00");
    sms_template("生日", "marketing", "{{customer.name}} 生日快乐");
    for (int k = 0; k < kCustomers; ++k) {
      ids_.push_back(customer(fmt::format("客户{}", k), fmt::format("139{:08d}", k), "1990-02-27",
                              k == 5 ? domain::Consent::kDenied : domain::Consent::kGranted));
    }
    journey("生日关怀", R"({"trigger":{"type":"date","date":"birthday","at":"09:00"},
                            "steps":[{"id":"sms","type":"send","template":"生日"}]})");
    process();
    at("2025-02-27 09:00:00");
  }

  // customer -> "status/reason" of its birthday message; each customer once.
  std::map<int64_t, std::string> outcomes() {
    std::map<int64_t, std::string> out;
    store::Query q(
        shop_.conn(),
        "SELECT m.customer_id, m.status, m.reason FROM messages m JOIN "
        "message_templates t ON t.id = m.template_id WHERE t.name = '生日' ORDER BY m.id");
    while (q.next()) {
      EXPECT_TRUE(out.emplace(q.i64(0), q.text(1) + "/" + q.text(2)).second) << q.i64(0);
    }
    EXPECT_TRUE(q.status().is_ok()) << q.status().to_string();
    return out;
  }

  void expect_every_run_once(int suppressed) {
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM journey_runs WHERE status = 'done'"), kCustomers);
    EXPECT_EQ(scalar("SELECT COUNT(DISTINCT customer_id) FROM journey_runs"), kCustomers);
    // The last batch (8 customers) is decided with point queries, which keep step rows.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM journey_steps_done"), kCustomers % 64);
    EXPECT_EQ(scalar("SELECT count FROM journey_step_totals WHERE outcome = 'ok'"),
              kCustomers - suppressed);
    EXPECT_EQ(scalar("SELECT SUM(count) FROM journey_step_totals"), kCustomers);
    // Each message names its run, and each run has exactly one message.
    EXPECT_EQ(scalar("SELECT COUNT(DISTINCT m.run_id) FROM messages m JOIN journey_runs r ON "
                     "r.id = m.run_id AND r.customer_id = m.customer_id"),
              kCustomers);
  }
};

TEST_F(PipelineTest, BatchesDecidedOffTheWriterAreWrittenAsDecided) {
  const RoundStats stats = process_stats();
  EXPECT_EQ(stats.planned, 4) << "the last batch (8 customers) is too small to plan";
  EXPECT_EQ(stats.stale, 0);
  EXPECT_EQ(stats.entered, kCustomers);
  EXPECT_EQ(stats.enqueued, kCustomers - 1);
  auto out = outcomes();
  ASSERT_EQ(out.size(), size_t{kCustomers});
  EXPECT_EQ(out[ids_[5]], "suppressed/no_consent");
  for (size_t k = 0; k < ids_.size(); ++k) {
    if (k != 5) {
      EXPECT_EQ(out[ids_[k]], "queued/") << k;
    }
  }
  expect_every_run_once(1);
  EXPECT_EQ(scalar("SELECT day FROM journey_date_cursors"),
            ShopZone::shanghai().local_day(shop_.clock().now()).time_since_epoch().count());
  // The day is decided: nothing more.
  EXPECT_FALSE(process_stats().any());
}

TEST_F(PipelineTest, AStalePlanIsDecidedAgainOnTheWriter) {
  // Between deciding batch 1 (customers 64..127) and writing it, customer 70's
  // phone is suppressed (a change); between batch 3 (192..255) and its write,
  // customer 200 gets a marketing SMS (a message, no change) that its cap counts.
  std::set<size_t> seen;  // a batch decided again is planned again: write once
  after_plan_ = [&](size_t k) {
    if (!seen.insert(k).second) return;
    if (k == 1) {
      ASSERT_TRUE(write([&](domain::WriteContext& w) {
                    return outbox::add_suppression(w, "sms", "13900000070", "test").status();
                  }).is_ok());
    }
    if (k == 3) {
      const Status st = writer_->run([&](store::Connection& db) -> Status {
        store::MessageRecord m;
        m.shop_id = shop_.shop().id;
        m.customer_id = ids_[200];
        m.channel = "sms";
        m.klass = "marketing";
        m.to_address = "+8613900000200";
        m.body = "上新了";
        m.source = "api";
        m.idempotency_key = "test-200";
        m.status = "queued";
        m.due_at = to_millis(shop_.clock().now());
        m.next_attempt_at = m.due_at;
        m.created_at = m.due_at;
        return store::insert_message(db, m).status();
      });
      ASSERT_TRUE(st.is_ok()) << st.to_string();
    }
  };
  const RoundStats stats = process_stats();
  EXPECT_EQ(stats.planned, 2) << "batches 0 and 2";
  EXPECT_EQ(stats.stale, 2) << "batches 1 and 3";
  EXPECT_EQ(stats.entered, kCustomers);
  auto out = outcomes();
  ASSERT_EQ(out.size(), size_t{kCustomers});
  EXPECT_EQ(out[ids_[5]], "suppressed/no_consent");
  EXPECT_EQ(out[ids_[70]], "suppressed/suppressed_address");
  EXPECT_EQ(out[ids_[200]], "suppressed/frequency_cap");
  EXPECT_EQ(out[ids_[69]], "queued/");
  EXPECT_EQ(out[ids_[201]], "queued/");
  expect_every_run_once(3);
}

// Steps that write more than a message (a tag) are not planned: every batch
// is decided on the writer, as without the pipeline.
TEST_F(PipelineTest, StepsBeyondMessagesAreDecidedOnTheWriter) {
  journey("生日标签", R"({"trigger":{"type":"date","date":"birthday","at":"09:00"},
                          "steps":[{"id":"tag","type":"tag","add":"寿星"}]})");
  const RoundStats stats = process_stats();
  EXPECT_EQ(stats.planned, 4) << "the birthday SMS journey";
  EXPECT_EQ(stats.entered, 2 * kCustomers);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE "
                   "t.name = '寿星'"),
            kCustomers);
}

}  // namespace
}  // namespace guanxi::journey
