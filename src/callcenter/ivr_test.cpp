#include "callcenter/ivr.hpp"

#include <gtest/gtest.h>

#include <set>

namespace guanxi::callcenter {
namespace {

const char* const kMenu = R"({
  "start": "hello",
  "hours": {"monday": ["09:00", "18:00"], "tuesday": ["09:00", "18:00"],
            "wednesday": ["09:00", "18:00"], "thursday": ["09:00", "18:00"],
            "friday": ["09:00", "18:00"], "saturday": ["10:00", "16:00"],
            "closed_dates": ["2025-10-01"]},
  "nodes": {
    "hello": {"kind": "vip", "vip": {"queue": 9}, "regular": {"node": "is_open"}},
    "is_open": {"kind": "hours", "open": {"node": "main"}, "closed": {"node": "closed"}},
    "main": {"kind": "menu",
             "prompt": {"zh": "售前咨询请按1，售后服务请按2，预约回电请按9", "en": "Sales 1, service 2"},
             "options": {"1": {"queue": 1}, "2": {"node": "after_sales"},
                         "9": {"callback": 1}, "*": {"repeat": true}, "0": {"hangup": true}},
             "max_repeats": 2},
    "after_sales": {"kind": "menu", "prompt": {"zh": "退换货请按1，投诉请按2"},
                    "options": {"1": {"queue": 2}, "2": {"queue": 3}, "#": {"node": "main"}},
                    "fallback": {"queue": 2}},
    "closed": {"kind": "message", "prompt": {"zh": "现在是非工作时间，我们会给您回电"},
               "next": {"callback": 2}}
  }
})";

IvrMenu menu() {
  auto m = ivr_menu_from_json(parse_json(kMenu).value(), std::vector<QueueId>{1, 2, 3, 9});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return std::move(m).value();
}

IvrCaller caller(std::string_view local_time, std::string number = "13800000002") {
  IvrCaller c;
  c.number = std::move(number);
  c.now = ShopZone::shanghai().parse_local(local_time).value();
  c.is_vip = [](std::string_view n) { return n == "13800000001"; };
  return c;
}

// "queue 1", "callback 2", "hangup", "repeat main".
std::string outcome(const IvrOutcome& o) {
  std::string out(ivr_outcome_name(o.kind));
  if (o.kind == IvrOutcome::Kind::kQueue || o.kind == IvrOutcome::Kind::kCallback) {
    out += " " + std::to_string(o.queue);
  }
  if (o.kind == IvrOutcome::Kind::kRepeat) out += " " + o.node;
  return out;
}

std::string walk(std::string_view digits, std::string_view local_time = "2025-03-03 10:00") {
  return outcome(walk_ivr(menu(), caller(local_time), digits));
}

TEST(IvrTest, DigitsLeadToQueuesCallbacksAndSubMenus) {
  EXPECT_EQ(walk("1"), "queue 1");
  EXPECT_EQ(walk("21"), "queue 2");
  EXPECT_EQ(walk("22"), "queue 3");
  EXPECT_EQ(walk("9"), "callback 1");
  EXPECT_EQ(walk("0"), "hangup");
  EXPECT_EQ(walk("2#1"), "queue 1");   // back to the main menu
  EXPECT_EQ(walk("1999"), "queue 1");  // digits after the decision are ignored
  const IvrOutcome o = walk_ivr(menu(), caller("2025-03-03 10:00"), "21");
  EXPECT_EQ(o.path, (std::vector<std::string>{"hello", "is_open", "main", "after_sales"}));
  EXPECT_EQ(o.digits_used, 2U);
  EXPECT_FALSE(o.vip);
}

TEST(IvrTest, MenusRepeatUntilTheyGiveUp) {
  EXPECT_EQ(walk(""), "repeat main");  // nothing pressed yet
  EXPECT_EQ(walk("2"), "repeat after_sales");
  EXPECT_EQ(walk("*"), "repeat main");  // asked to hear it again
  EXPECT_EQ(walk("*1"), "queue 1");
  EXPECT_EQ(walk("7"), "repeat main");  // unknown digit: the menu plays again
  EXPECT_EQ(walk("771"), "queue 1");
  EXPECT_EQ(walk("777"), "hangup");           // a third unknown digit: max_repeats 2, fallback
  EXPECT_EQ(walk("2555"), "queue 2");         // the sub-menu's fallback is a queue
  EXPECT_EQ(walk("**********1"), "queue 1");  // "repeat" is not a mistake
}

TEST(IvrTest, BusinessHoursChooseTheBranch) {
  EXPECT_EQ(walk("1", "2025-03-03 08:59"), "callback 2");  // Monday before opening
  EXPECT_EQ(walk("1", "2025-03-03 09:00"), "queue 1");
  EXPECT_EQ(walk("1", "2025-03-03 17:59"), "queue 1");
  EXPECT_EQ(walk("1", "2025-03-03 18:00"), "callback 2");  // close is exclusive
  EXPECT_EQ(walk("1", "2025-03-08 15:00"), "queue 1");     // Saturday hours
  EXPECT_EQ(walk("1", "2025-03-09 12:00"), "callback 2");  // Sunday: not listed, closed
  EXPECT_EQ(walk("1", "2025-10-01 10:00"), "callback 2");  // a Wednesday, but a closed date
  EXPECT_EQ(walk_ivr(menu(), caller("2025-03-03 20:00"), "").path,
            (std::vector<std::string>{"hello", "is_open", "closed"}));
}

TEST(IvrTest, VipCallersAreRecognisedByNumber) {
  const IvrOutcome vip = walk_ivr(menu(), caller("2025-03-03 10:00", "13800000001"), "");
  EXPECT_EQ(outcome(vip), "queue 9");
  EXPECT_TRUE(vip.vip);
  // Outside hours too: the VIP branch comes first in this menu.
  EXPECT_EQ(outcome(walk_ivr(menu(), caller("2025-03-09 23:00", "13800000001"), "")), "queue 9");
  // Without a lookup nobody is a VIP.
  IvrCaller anonymous = caller("2025-03-03 10:00", "13800000001");
  anonymous.is_vip = nullptr;
  EXPECT_EQ(outcome(walk_ivr(menu(), anonymous, "1")), "queue 1");
}

TEST(IvrTest, VipNodeCanMarkTheCallAndGoOn) {
  const auto m = ivr_menu_from_json(parse_json(R"({"start": "who", "nodes": {
      "who": {"kind": "vip", "vip": {"node": "main"}, "regular": {"node": "main"}},
      "main": {"kind": "menu", "prompt": {"zh": "请按1"}, "options": {"1": {"queue": 4}}}}})")
                                        .value());
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  const IvrOutcome o = walk_ivr(*m, caller("2025-03-03 10:00", "13800000001"), "1");
  EXPECT_EQ(outcome(o), "queue 4");
  EXPECT_TRUE(o.vip);
}

// The JSON pointer of the error in a variant of kMenu where `from` is replaced by `to`.
std::string error_at(const std::string& from, const std::string& to) {
  std::string text = kMenu;
  const size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos == std::string::npos) return "?";
  text.replace(pos, from.size(), to);
  const auto json = parse_json(text);
  if (!json.ok()) return "bad test JSON: " + json.status().to_string();
  const auto m = ivr_menu_from_json(*json, std::vector<QueueId>{1, 2, 3, 9});
  return m.ok() ? "ok" : m.status().location().field + " " + m.status().message();
}

TEST(IvrTest, ValidationNamesTheNodeAndField) {
  EXPECT_EQ(error_at(R"("2": {"node": "after_sales"})", R"("2": {"node": "aftersales"})"),
            "/nodes/main/options/2/node node 'aftersales' does not exist");
  EXPECT_EQ(error_at(R"("1": {"queue": 1})", R"("1": {"queue": 7})"),
            "/nodes/main/options/1/queue queue 7 does not exist");
  EXPECT_EQ(error_at(R"("1": {"queue": 1})", R"("x": {"queue": 1})"),
            "/nodes/main/options/x an option is one key: 0-9, * or #");
  EXPECT_EQ(error_at(R"("1": {"queue": 1})", R"("1": {"queue": 1, "hangup": true})"),
            "/nodes/main/options/1 an action is exactly one of \"node\", \"queue\", "
            "\"callback\", \"hangup\" or \"repeat\"");
  EXPECT_EQ(error_at(R"("kind": "message")", R"("kind": "song")"),
            "/nodes/closed/kind unknown node kind 'song' (expected menu, message, hours or vip)");
  EXPECT_EQ(error_at(R"({"zh": "退换货请按1，投诉请按2"})", R"({"en": "Returns 1"})"),
            "/nodes/after_sales/prompt/zh 'zh' is required (a string)");
  EXPECT_EQ(error_at(R"("max_repeats": 2)", R"("max_repeats": 12)"),
            "/nodes/main/max_repeats max_repeats must be 0..9");
  EXPECT_EQ(error_at(R"("next": {"callback": 2})", R"("next": {"repeat": true})"),
            "/nodes/closed/next/repeat \"repeat\" is only a menu option");
  EXPECT_EQ(error_at(R"("max_repeats": 2)", R"("colour": "red")"),
            "/nodes/main/colour unknown field 'colour'");
  EXPECT_EQ(error_at(R"("start": "hello")", R"("start": "hi")"),
            "/start start names node 'hi', which does not exist");
  EXPECT_EQ(error_at(R"("monday": ["09:00", "18:00"])", R"("monday": ["09:00", "25:00"])"),
            "/hours/monday/1 time of day \"25:00\" is out of range");
  EXPECT_EQ(error_at(R"("monday": ["09:00", "18:00"])", R"("monday": ["18:00", "09:00"])"),
            "/hours/monday a time window needs 00:00 <= start < end <= 24:00, got 18:00-09:00");
  EXPECT_EQ(error_at(R"("closed_dates": ["2025-10-01"])", R"("closed_dates": ["2025-13-01"])")
                .substr(0, 21),
            "/hours/closed_dates/0");
  // A loop that never asks for a digit.
  EXPECT_EQ(error_at(R"("next": {"callback": 2})", R"("next": {"node": "hello"})"),
            "/nodes/is_open/closed/node going to node 'closed' here makes a loop that never "
            "asks for a digit");
}

TEST(IvrTest, HoursNodesNeedBusinessHours) {
  const auto m = ivr_menu_from_json(parse_json(R"({"start": "h", "nodes": {
      "h": {"kind": "hours", "open": {"queue": 1}, "closed": {"hangup": true}}}})")
                                        .value());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().location().field, "/nodes/h/kind");
  EXPECT_EQ(m.status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::callcenter
