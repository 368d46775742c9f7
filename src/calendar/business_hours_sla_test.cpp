#include "calendar/business_hours_sla.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "calendar/business_hours_test_util.hpp"

namespace guanxi::calendar {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using testing::at;
using testing::local;

// "4h", "30m", "3h12m", "0m" → a duration.
milliseconds duration(std::string_view text) {
  milliseconds out{0};
  int64_t number = 0;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      number = number * 10 + (c - '0');
    } else {
      out += c == 'h' ? milliseconds(hours(number)) : milliseconds(minutes(number));
      number = 0;
    }
  }
  return out;
}

std::string duration_text(milliseconds d) {
  const auto total = std::chrono::duration_cast<minutes>(d).count();
  std::string out;
  if (total / 60 != 0) out += std::to_string(total / 60) + "h";
  if (total % 60 != 0 || total == 0) out += std::to_string(total % 60) + "m";
  return out;
}

// "2026-03-06T17:00" → a Shanghai instant (the 'T' keeps it one word).
Timestamp instant(std::string_view word) {
  return at(word);
}

std::string instant_text(Timestamp t) {
  std::string text = local(t);
  if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
  return text;
}

// "-" for none; else "from~to" or "from~" (still waiting), comma-separated.
std::vector<SlaPause> pauses(const std::string& word) {
  std::vector<SlaPause> out;
  if (word == "-") return out;
  std::istringstream list(word);
  for (std::string pause; std::getline(list, pause, ',');) {
    const size_t tilde = pause.find('~');
    SlaPause p{instant(pause.substr(0, tilde)), std::nullopt};
    if (tilde + 1 < pause.size()) p.to = instant(pause.substr(tilde + 1));
    out.push_back(p);
  }
  return out;
}

// The SLA clock, as a timetable. The shop: Monday to Friday 09:00-12:00 and
// 13:00-18:00 in Shanghai, closed 2026-10-01 … 10-07 (国庆), working Sunday
// 2026-09-27 as a Monday (调休). Warnings when 20% of the target or 30 minutes
// remain, whichever is more (48 minutes of a 4 h target). Columns:
//   started target pauses stopped now | state due elapsed remaining
// Times are shop-local; pauses "from~to" or "from~" (still waiting), "-" for none.
// breached_at is `due` exactly when the state is breached.
constexpr std::string_view kTimetable = R"(
# A ticket on Friday at 17:00 with a 4 h target: Friday 17-18, then Monday 09-12.
2026-03-06T17:00  4h  -  -  2026-03-06T17:30 | running  2026-03-09T12:00  30m    3h30m
2026-03-06T17:00  4h  -  -  2026-03-07T12:00 | running  2026-03-09T12:00  1h     3h
2026-03-06T17:00  4h  -  -  2026-03-09T11:11 | running  2026-03-09T12:00  3h11m  49m
2026-03-06T17:00  4h  -  -  2026-03-09T11:12 | warning  2026-03-09T12:00  3h12m  48m
2026-03-06T17:00  4h  -  -  2026-03-09T12:00 | warning  2026-03-09T12:00  4h     0m
2026-03-06T17:00  4h  -  -  2026-03-09T12:01 | breached 2026-03-09T12:00  4h     0m
2026-03-06T17:00  4h  -  -  2026-03-09T15:00 | breached 2026-03-09T12:00  6h     0m
# Stopped (first response sent): at the due time is met, after it is breached.
2026-03-06T17:00  4h  -  2026-03-09T12:00  2026-03-10T09:00 | met      2026-03-09T12:00  4h     0m
2026-03-06T17:00  4h  -  2026-03-09T10:00  2026-03-10T09:00 | met      2026-03-09T12:00  2h     2h
2026-03-06T17:00  4h  -  2026-03-09T13:05  2026-03-10T09:00 | breached 2026-03-09T12:00  4h5m   0m
# Stopped later than `now`: not yet.
2026-03-06T17:00  4h  -  2026-03-09T13:05  2026-03-09T10:00 | running  2026-03-09T12:00  2h     2h
# Created outside hours: counts from the next opening.
2026-03-07T09:00  1h  -  -  2026-03-09T09:00 | running  2026-03-09T10:00  0m     1h
2026-03-09T07:30  1h  -  -  2026-03-09T09:45 | warning  2026-03-09T10:00  45m    15m
# An 8 h target from Monday 10:00 is due Tuesday 10:00. Waiting on the customer from
# Monday 16:00 to Tuesday 10:00 pauses 3 business hours (16-18, 09-10): due 14:00.
2026-03-09T10:00  8h  -                                 -  2026-03-09T10:00 | running  2026-03-10T10:00  0m  8h
2026-03-09T10:00  8h  2026-03-09T16:00~2026-03-10T10:00  -  2026-03-10T11:00 | running  2026-03-10T14:00  6h  2h
2026-03-09T10:00  8h  2026-03-09T16:00~2026-03-10T10:00  -  2026-03-10T12:30 | warning  2026-03-10T14:00  7h  1h
# Still waiting: the due time is as if the customer answered now, and moves on.
2026-03-09T10:00  8h  2026-03-09T16:00~  -  2026-03-09T20:00 | paused   2026-03-10T12:00  5h  3h
2026-03-09T10:00  8h  2026-03-09T16:00~  -  2026-03-10T10:00 | paused   2026-03-10T14:00  5h  3h
2026-03-09T10:00  8h  2026-03-09T16:00~  -  2026-03-12T10:00 | paused   2026-03-12T14:00  5h  3h
# Pauses in any order, overlapping, before the start or after now.
2026-03-09T10:00  8h  2026-03-09T17:00~2026-03-10T10:00,2026-03-09T16:00~2026-03-09T17:30  -  2026-03-10T11:00 | running 2026-03-10T14:00  6h  2h
2026-03-09T10:00  8h  2026-03-08T10:00~2026-03-09T11:00,2026-03-11T09:00~  -  2026-03-10T10:00 | warning 2026-03-10T11:00  7h  1h
# Across the national-day week, and onto the make-up Sunday.
2026-09-30T17:00  4h  -  -  2026-10-05T10:00 | running  2026-10-08T12:00  1h     3h
2026-09-30T17:00  4h  -  -  2026-10-08T11:30 | warning  2026-10-08T12:00  3h30m  30m
2026-09-25T17:00  4h  -  -  2026-09-26T10:00 | running  2026-09-27T12:00  1h     3h
# Two business days (16 h) from Wednesday 10:00.
2026-09-23T10:00  16h  -  -  2026-09-28T09:00 | breached 2026-09-25T10:00  31h  0m
)";

TEST(SlaClockTest, Timetable) {
  const BusinessHours shop = testing::national_day_office_hours();
  const SlaClock clock(shop, ShopZone::shanghai());
  std::istringstream lines{std::string(kTimetable)};
  int cases = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string started, target, pause_list, stopped, now, bar, state, due, elapsed, remaining;
    words >> started >> target >> pause_list >> stopped >> now >> bar >> state >> due >> elapsed >>
        remaining;
    ASSERT_EQ(bar, "|") << line;
    SCOPED_TRACE(line);
    SlaInput input{.started = instant(started),
                   .target = duration(target),
                   .pauses = pauses(pause_list),
                   .stopped = std::nullopt,
                   .warning = {.percent = 20, .remaining = minutes(30)}};
    if (stopped != "-") input.stopped = instant(stopped);
    const SlaStatus s = clock.evaluate(input, instant(now));
    EXPECT_EQ(sla_state_name(s.state), state);
    EXPECT_EQ(instant_text(s.due), due);
    EXPECT_EQ(duration_text(s.elapsed), elapsed);
    EXPECT_EQ(duration_text(s.remaining), remaining);
    EXPECT_EQ(s.breached_at.has_value(), state == "breached");
    EXPECT_EQ(s.breached_at.value_or(s.due), s.due);
    EXPECT_EQ(s.paused, state == "paused");
    ++cases;
  }
  EXPECT_EQ(cases, 25);

  // Waiting after the breach: breached, and paused too.
  const SlaStatus late = clock.evaluate({.started = at("2026-03-06 17:00"),
                                         .target = hours(4),
                                         .pauses = {{at("2026-03-09 14:00"), {}}}},
                                        at("2026-03-09 15:00"));
  EXPECT_EQ(late.state, SlaState::kBreached);
  EXPECT_TRUE(late.paused);
}

TEST(SlaClockTest, WarningThresholdIsTheLargerOfPercentAndDuration) {
  const BusinessHours shop = testing::office_hours();
  const SlaClock clock(shop, ShopZone::shanghai());
  SlaInput input{.started = at("2026-03-06 17:00"), .target = hours(4)};
  const Timestamp now = at("2026-03-06 17:10");

  EXPECT_EQ(clock.evaluate(input, now).warn_at, std::nullopt);  // no threshold, no warning
  input.warning = {.percent = 20, .remaining = minutes(30)};    // 48 min
  EXPECT_EQ(local(*clock.evaluate(input, now).warn_at), "2026-03-09 11:12");
  input.warning = {.percent = 5, .remaining = minutes(30)};  // 12 min < 30 min
  EXPECT_EQ(local(*clock.evaluate(input, now).warn_at), "2026-03-09 11:30");
  input.warning = {.percent = 100, .remaining = {}};
  EXPECT_EQ(local(*clock.evaluate(input, now).warn_at), "2026-03-06 17:00");
  EXPECT_EQ(clock.evaluate(input, now).state, SlaState::kWarning);

  // A pause before the warning moves it by the business time paused (1 h).
  input.warning = {.percent = 20, .remaining = minutes(30)};
  input.pauses = {{at("2026-03-09 09:00"), at("2026-03-09 10:00")}};
  const SlaStatus s = clock.evaluate(input, at("2026-03-09 10:30"));
  EXPECT_EQ(local(*s.warn_at), "2026-03-09 13:12");
  EXPECT_EQ(local(s.due), "2026-03-09 14:00");
}

// Pausing extends the due time by exactly the business time paused before it:
// due == add_business_time(started, target + paused), for random pauses.
TEST(SlaClockTest, PausesExtendTheDueTimeByTheBusinessTimePaused) {
  const BusinessHours shop = testing::national_day_office_hours();
  const ShopZone& zone = testing::new_york();
  const SlaClock clock(shop, zone);
  std::mt19937_64 rng(4);
  std::uniform_int_distribution<int64_t> offset_min(0, int64_t{20} * 24 * 60);
  std::uniform_int_distribution<int64_t> length_min(1, int64_t{3} * 24 * 60);
  for (int i = 0; i < 200; ++i) {
    SlaInput input{.started = at("2026-09-14 08:00", zone) + minutes(offset_min(rng)),
                   .target = hours(16)};
    Timestamp cursor = input.started;
    for (int p = 0; p < 3; ++p) {
      const Timestamp from = cursor + minutes(length_min(rng));
      cursor = from + minutes(length_min(rng));
      input.pauses.push_back({from, cursor});
    }
    const Timestamp now = cursor + hours(24 * 30);
    const SlaStatus s = clock.evaluate(input, now);
    milliseconds paused_before_due{0};
    milliseconds paused{0};
    for (const SlaPause& p : input.pauses) {
      paused_before_due += business_time_between(shop, zone, p.from, std::min(*p.to, s.due));
      paused += business_time_between(shop, zone, p.from, *p.to);
    }
    EXPECT_EQ(s.due, add_business_time(shop, zone, input.started, input.target + paused_before_due))
        << local(input.started, zone);
    EXPECT_EQ(s.elapsed, business_time_between(shop, zone, input.started, now) - paused);
    EXPECT_FALSE(s.paused);
  }
}

TEST(SlaClockTest, TwentyFourSevenAndNeverOpen) {
  const BusinessHours always = BusinessHours::always_open();
  const SlaClock clock(always, ShopZone::shanghai());
  const SlaStatus s = clock.evaluate({.started = at("2026-03-07 23:00"),
                                      .target = hours(4),
                                      .pauses = {{at("2026-03-08 00:00"), at("2026-03-08 01:30")}}},
                                     at("2026-03-08 02:00"));
  EXPECT_EQ(local(s.due), "2026-03-08 04:30");
  EXPECT_EQ(s.elapsed, hours(1) + minutes(30));
  EXPECT_EQ(s.state, SlaState::kRunning);

  const BusinessHours closed;
  const SlaClock never(closed, ShopZone::shanghai());
  const SlaStatus n = never.evaluate({.started = at("2026-03-07 23:00"), .target = hours(4)},
                                     at("2027-03-08 02:00"));
  EXPECT_EQ(n.due, kNever);
  EXPECT_EQ(n.elapsed, hours(0));
  EXPECT_EQ(n.state, SlaState::kRunning);
}

}  // namespace
}  // namespace guanxi::calendar
