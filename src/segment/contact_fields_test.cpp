// Contact recency (`last_contact_days`, `contacts`, `contacts(Nd)`): the text
// and JSON forms, the evaluator and the SQL compiler on a constructed shop with
// a fake clock (as-of days, window edges, notes dated after D, local midnight),
// the feature store's note→customer map, and the engine following notes added,
// deleted and moved by a merge, and the passage of days.
#include <gtest/gtest.h>

#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/testing/test_shop.hpp"
#include "segment/engine.hpp"
#include "segment/evaluator.hpp"
#include "segment/feature_store.hpp"
#include "segment/note_owners.hpp"
#include "segment/rule/json_form.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/sql/sql_compiler.hpp"
#include "store/writer.hpp"

namespace guanxi::segment {
namespace {

using domain::testing::TestShop;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(ContactFieldsTest, ParsePrintJsonAndTime) {
  auto r = parse_rule("TIER = \"VIP\" and not LAST_CONTACT_DAYS <= 60 or Contacts(7D) >= 2");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(print_rule(*r), "tier = \"VIP\" and not last_contact_days <= 60 or contacts(7d) >= 2");
  EXPECT_EQ(rule_from_json(rule_to_json(*r)).value(), *r);
  EXPECT_EQ(parse_rule("contacts(30d) = 0").value().root.field.window_days, 30);
  EXPECT_TRUE(depends_on_time(parse_rule("last_contact_days > 1").value()));
  EXPECT_TRUE(depends_on_time(parse_rule("contacts(30d) = 0").value()));
  // Without a window too: a note dated ahead of today counts from its day on.
  EXPECT_TRUE(depends_on_time(parse_rule("contacts >= 1").value()));
  EXPECT_FALSE(parse_rule("last_contact_days(30d) > 1").ok());
  EXPECT_FALSE(parse_rule("contacts >= 0.5").ok());
  EXPECT_FALSE(parse_rule("last_contact_days > -1").ok());
}

TEST(NoteOwnersTest, SetFindEraseAcrossCompactions) {
  NoteOwners owners;
  // Out of id order, enough to move through several compactions.
  for (int64_t note = 20'000; note > 0; --note) owners.set(note, static_cast<uint32_t>(note % 7));
  owners.compact();
  EXPECT_EQ(owners.size(), 20'000U);
  EXPECT_EQ(owners.find(14), 0U);
  EXPECT_EQ(owners.find(20'001), std::nullopt);
  owners.set(14, 3);    // moved by a merge
  owners.erase(14, 0);  // the old owner's refresh does not take it back
  EXPECT_EQ(owners.find(14), 3U);
  owners.erase(14, 3);
  EXPECT_EQ(owners.find(14), std::nullopt);
  owners.set(30'000, 5);  // a new note, not yet compacted
  EXPECT_EQ(owners.find(30'000), 5U);
  owners.erase(30'000, 5);
  EXPECT_EQ(owners.find(30'000), std::nullopt);
  for (int64_t note = 1; note <= 10'000; ++note)
    owners.erase(note, static_cast<uint32_t>(note % 7));
  EXPECT_EQ(owners.size(), 10'000U);
  EXPECT_EQ(owners.find(10'001), static_cast<uint32_t>(10'001 % 7));
  EXPECT_EQ(owners.find(9'999), std::nullopt);
  owners.set(9'999, 1);  // an erased id written again
  EXPECT_EQ(owners.find(9'999), 1U);
}

class ContactShopTest : public ::testing::Test {
 protected:
  // The shop's clock: 2024-06-01 10:00 Shanghai.
  int32_t today() {
    return static_cast<int32_t>(
        ShopZone::shanghai().local_day(shop_.clock().now()).time_since_epoch().count());
  }
  // An instant `days_ago` shop-local days before today at `time_of_day` (negative: ahead).
  Timestamp at(int days_ago, minutes time_of_day = hours(12)) {
    const LocalDays day = ShopZone::shanghai().local_day(shop_.clock().now()) - days(days_ago);
    return ShopZone::shanghai().at_local(day, time_of_day);
  }

  int64_t customer(const std::string& name) {
    domain::CustomerInput in;
    in.name = name;
    return shop_.write([&](domain::WriteContext& w) { return domain::create_customer(w, in); })
        .value();
  }
  int64_t note(int64_t c, Timestamp when, domain::NoteType type = domain::NoteType::kCall) {
    domain::NoteInput in;
    in.type = type;
    in.summary = "回访";
    in.occurred_at = when;
    return shop_.write([&](domain::WriteContext& w) { return domain::add_note(w, c, in); })
        .value()
        .id;
  }

  // Members as of `day` (default today) by the evaluator and by SQL; the test
  // fails when they differ.
  std::vector<int64_t> members(const std::string& text, std::optional<int32_t> day = {}) {
    const Rule rule = parse_rule(text).value();
    const int32_t d = day.value_or(today());
    auto fs = FeatureStore::build(shop_.conn(), shop_.shop().id, ShopZone::shanghai()).value();
    EvalOptions opt;
    opt.as_of_day = d;
    const auto in_memory = customer_ids(*fs, evaluate(*fs, rule, opt).value());
    sql::SqlContext ctx;
    ctx.shop_id = shop_.shop().id;
    ctx.as_of_day = d;
    const auto by_sql = sql::members_by_sql(shop_.conn(), rule, ctx).value();
    EXPECT_EQ(in_memory, by_sql) << text << " as of " << d;
    return in_memory;
  }

  TestShop shop_;
};

using Ids = std::vector<int64_t>;

TEST_F(ContactShopTest, DaysSinceTheLastInteractionAsOfAnyDay) {
  const int64_t fresh = customer("today");
  const int64_t edge = customer("60 days");
  const int64_t lapsed = customer("61 days");
  const int64_t never = customer("never");
  const int64_t ahead = customer("only a note dated tomorrow");
  note(fresh, at(0, hours(0)), domain::NoteType::kVisit);  // 00:00:00 today
  note(fresh, at(300), domain::NoteType::kEmail);
  note(edge, at(60, hours(23) + minutes(59)) + seconds(59), domain::NoteType::kChat);
  note(lapsed, at(61), domain::NoteType::kOther);
  note(ahead, at(-1));

  EXPECT_EQ(members("last_contact_days = 0"), Ids{fresh});
  EXPECT_EQ(members("last_contact_days <= 60"), (Ids{fresh, edge}));
  EXPECT_EQ(members("last_contact_days > 60"), Ids{lapsed});
  // The idiom: no contact in 60 days, never-contacted included (and the note dated
  // tomorrow does not exist today).
  EXPECT_EQ(members("not last_contact_days <= 60"), (Ids{lapsed, never, ahead}));
  EXPECT_EQ(members("last_contact_days in (60, 61)"), (Ids{edge, lapsed}));
  EXPECT_EQ(members("last_contact_days != 0"), (Ids{edge, lapsed}));  // missing is not != 0

  // Yesterday: today's note does not exist yet, so `fresh` was last contacted 299 days before.
  const int32_t yesterday = today() - 1;
  EXPECT_EQ(members("last_contact_days = 299", yesterday), Ids{fresh});
  EXPECT_EQ(members("last_contact_days = 60", yesterday), Ids{lapsed});
  EXPECT_EQ(members("last_contact_days = 59", yesterday), Ids{edge});
  // Tomorrow the note dated tomorrow exists.
  EXPECT_EQ(members("last_contact_days = 0", today() + 1), Ids{ahead});
  // Before any note: nobody has a value.
  EXPECT_EQ(members("last_contact_days >= 0", today() - 400), Ids{});
}

TEST_F(ContactShopTest, ContactsInAWindowEndingWithTheAsOfDay) {
  const int64_t a = customer("a");
  const int64_t b = customer("b");
  const int64_t c = customer("c");
  note(a, at(0));
  note(a, at(0));  // two on one day count twice
  note(a, at(29, hours(0)));
  note(b, at(30, hours(23) + minutes(59)));  // the day before a 30-day window
  note(b, at(-2));                           // dated after D
  note(c, at(6));
  note(c, at(7));

  EXPECT_EQ(members("contacts(1d) = 2"), Ids{a});
  EXPECT_EQ(members("contacts(30d) = 3"), Ids{a});
  EXPECT_EQ(members("contacts(30d) = 0"), Ids{b});
  EXPECT_EQ(members("contacts(31d) = 1"), Ids{b});
  EXPECT_EQ(members("contacts(7d) = 1"), Ids{c});
  EXPECT_EQ(members("contacts(8d) = 2"), (Ids{a, c}));
  EXPECT_EQ(members("contacts = 1"), Ids{b});  // the note after D does not count
  EXPECT_EQ(members("contacts in (2, 3)"), (Ids{a, c}));
  EXPECT_EQ(members("contacts = 2", today() + 2), (Ids{b, c}));
  EXPECT_EQ(members("contacts(3d) = 1", today() + 2), Ids{b});
  EXPECT_EQ(members("contacts(3d) = 2", today() + 2), Ids{a});
  // Thirty days ago: only the notes dated on or before that day.
  EXPECT_EQ(members("contacts(1d) >= 1", today() - 30), Ids{b});
  EXPECT_EQ(members("contacts >= 1", today() - 30), Ids{b});
  EXPECT_EQ(members("contacts = 0", today() - 30), (Ids{a, c}));
}

TEST_F(ContactShopTest, TheStoreKnowsWhoseNoteItWasThroughMergesAndDeletes) {
  const int64_t keep = customer("survivor");
  const int64_t gone = customer("merged away");
  const int64_t n1 = note(gone, at(3));
  const int64_t n2 = note(keep, at(100));
  auto fs = FeatureStore::build(shop_.conn(), shop_.shop().id, ShopZone::shanghai()).value();
  EXPECT_EQ(fs->note_customer(n1), gone);
  EXPECT_EQ(fs->note_customer(n2), keep);

  ASSERT_TRUE(shop_
                  .write([&](domain::WriteContext& w) {
                    return domain::merge_customers(w, keep, {gone}, "test").status();
                  })
                  .is_ok());
  // The engine refreshes both sides of a merge; either order.
  ASSERT_TRUE(fs->refresh(shop_.conn(), {keep, gone}).is_ok());
  EXPECT_EQ(fs->note_customer(n1), keep);
  ASSERT_TRUE(
      shop_.write([&](domain::WriteContext& w) { return domain::delete_note(w, n2); }).is_ok());
  ASSERT_TRUE(fs->refresh(shop_.conn(), {keep}).is_ok());
  EXPECT_EQ(fs->note_customer(n2), std::nullopt);
  EXPECT_EQ(members("last_contact_days = 3 and contacts = 1"), Ids{keep});

  EvalOptions opt;
  opt.as_of_day = today();
  const Rule rule = parse_rule("last_contact_days = 3 and contacts = 1").value();
  EXPECT_EQ(customer_ids(*fs, evaluate(*fs, rule, opt).value()), Ids{keep});
}

class ContactEngineTest : public ContactShopTest {
 protected:
  void SetUp() override {
    writer_ = store::Writer::start(shop_.db()).value();
    SegmentEngine::Options options;
    options.background = false;
    engine_ = SegmentEngine::start(shop_.db(), *writer_, shop_.clock(), options).value();
  }
  template <typename F>
  void write(F&& f) {
    Status st = shop_.write_through(*writer_, std::forward<F>(f));
    ASSERT_TRUE(st.is_ok()) << st.to_string();
    ASSERT_TRUE(engine_->process_pending().ok());
  }
  int64_t add_note(int64_t c, Timestamp when) {
    int64_t id = 0;
    write([&](domain::WriteContext& w) -> Status {
      domain::NoteInput in;
      in.type = domain::NoteType::kCall;
      in.summary = "回访";
      in.occurred_at = when;
      GX_ASSIGN_OR_RETURN(auto n, domain::add_note(w, c, in));
      id = n.id;
      return Status::ok();
    });
    return id;
  }
  Ids ids(int64_t segment) {
    return engine_->segment_members(shop_.shop().id, segment, std::nullopt, 100).value().ids;
  }

  std::unique_ptr<store::Writer> writer_;
  std::unique_ptr<SegmentEngine> engine_;
};

TEST_F(ContactEngineTest, SegmentsFollowNotesAddedDeletedAndMerged) {
  const int64_t alice = customer("Alice");
  const int64_t bob = customer("Bob");
  ASSERT_TRUE(engine_->process_pending().ok());
  SegmentInput in;
  in.name = "待回访";
  in.rule = parse_rule("not last_contact_days <= 60").value();
  const Segment due = engine_->create_segment(shop_.shop().id, in, "test").value();
  EXPECT_EQ(ids(due.id), (Ids{alice, bob}));

  const int64_t call = add_note(alice, at(2));
  EXPECT_EQ(ids(due.id), Ids{bob});
  // note_deleted names only the note: the engine finds Alice through its note map.
  write([&](domain::WriteContext& w) { return domain::delete_note(w, call); });
  EXPECT_EQ(ids(due.id), (Ids{alice, bob}));

  // Bob's recent note moves to Alice when Bob is merged into her.
  const int64_t moved = add_note(bob, at(1));
  EXPECT_EQ(ids(due.id), Ids{alice});
  write([&](domain::WriteContext& w) {
    return domain::merge_customers(w, alice, {bob}, "test").status();
  });
  EXPECT_EQ(ids(due.id), Ids{});
  // And deleting the moved note brings Alice back.
  write([&](domain::WriteContext& w) { return domain::delete_note(w, moved); });
  EXPECT_EQ(ids(due.id), Ids{alice});
}

TEST_F(ContactEngineTest, TheDueListGrowsAtShopMidnightWithoutWrites) {
  const int64_t alice = customer("Alice");
  add_note(alice, shop_.clock().now());  // 2024-06-01 10:00
  SegmentInput in;
  in.name = "60天未联系";
  in.rule = parse_rule("not last_contact_days <= 60").value();
  const Segment due = engine_->create_segment(shop_.shop().id, in, "test").value();
  EXPECT_EQ(ids(due.id), Ids{});

  shop_.clock().advance(days(60) + hours(13));  // 2024-07-31 23:00: 60 days
  ASSERT_TRUE(engine_->process_pending().ok());
  EXPECT_EQ(ids(due.id), Ids{});
  shop_.clock().advance(hours(1) + minutes(1));  // 00:01 the next day: 61 days
  ASSERT_TRUE(engine_->process_pending().ok());
  EXPECT_EQ(ids(due.id), Ids{alice});
}

}  // namespace
}  // namespace guanxi::segment
