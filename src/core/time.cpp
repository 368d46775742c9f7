#include "core/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <cstdio>

namespace guanxi {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// A cursor over text with small integer readers; every reader fails softly.
struct Scanner {
  std::string_view s;
  size_t pos = 0;

  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool eat(char c) {
    if (peek() == c) {
      ++pos;
      return true;
    }
    return false;
  }
  // Reads between min and max digits.
  bool digits(int min, int max, int& out) {
    int n = 0;
    int value = 0;
    while (n < max && !done() && s[pos] >= '0' && s[pos] <= '9') {
      value = value * 10 + (s[pos] - '0');
      ++pos;
      ++n;
    }
    out = value;
    return n >= min;
  }
};

struct ParsedDateTime {
  date::year_month_day ymd{};
  milliseconds time_of_day{0};
  bool has_offset = false;
  minutes offset{0};
};

Result<ParsedDateTime> parse_date_time(std::string_view raw) {
  std::string_view text = raw;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  Scanner sc{text};
  int y = 0, mo = 0, d = 0;
  auto bad = [&](const char* what) {
    return Status::invalid("'" + std::string(raw) + "' is not a valid date/time: " + what);
  };
  if (!sc.digits(4, 4, y)) return bad("expected a 4-digit year");
  char sep = sc.peek();
  if (sep != '-' && sep != '/') return bad("expected '-' or '/' after the year");
  ++sc.pos;
  if (!sc.digits(1, 2, mo)) return bad("expected a month");
  if (!sc.eat(sep)) return bad("expected a day");
  if (!sc.digits(1, 2, d)) return bad("expected a day");
  ParsedDateTime out;
  out.ymd =
      date::year{y} / date::month{static_cast<unsigned>(mo)} / date::day{static_cast<unsigned>(d)};
  if (!out.ymd.ok()) return bad("no such calendar date");
  if (sc.done()) return out;
  if (!sc.eat('T') && !sc.eat(' ')) return bad("expected 'T' or ' ' before the time");
  while (sc.eat(' ')) {
  }
  int h = 0, mi = 0, se = 0;
  if (!sc.digits(1, 2, h) || !sc.eat(':') || !sc.digits(2, 2, mi)) return bad("expected HH:MM");
  if (sc.eat(':') && !sc.digits(2, 2, se)) return bad("expected seconds");
  int ms = 0;
  if (sc.eat('.') || sc.eat(',')) {
    int frac_digits = 0;
    while (!sc.done() && sc.peek() >= '0' && sc.peek() <= '9') {
      if (frac_digits < 3) ms = ms * 10 + (sc.peek() - '0');
      ++frac_digits;
      ++sc.pos;
    }
    if (frac_digits == 0) return bad("expected fraction digits");
    for (int i = frac_digits; i < 3; ++i) ms *= 10;
  }
  if (h > 23 || mi > 59 || se > 60) return bad("time of day out of range");
  out.time_of_day = hours(h) + minutes(mi) + seconds(se > 59 ? 59 : se) + milliseconds(ms);
  while (sc.eat(' ')) {
  }
  if (sc.done()) return out;
  if (sc.eat('Z') || sc.eat('z')) {
    out.has_offset = true;
  } else if (sc.peek() == '+' || sc.peek() == '-') {
    const bool neg = sc.peek() == '-';
    ++sc.pos;
    int oh = 0, om = 0;
    if (!sc.digits(2, 2, oh)) return bad("expected offset hours");
    sc.eat(':');
    if (!sc.done() && !sc.digits(2, 2, om)) return bad("expected offset minutes");
    if (oh > 23 || om > 59) return bad("offset out of range");
    out.has_offset = true;
    out.offset = (hours(oh) + minutes(om)) * (neg ? -1 : 1);
  } else {
    return bad("unexpected trailing text");
  }
  if (!sc.done()) return bad("unexpected trailing text");
  return out;
}

}  // namespace

std::string format_utc_iso8601(Timestamp t) {
  return date::format("%FT%TZ", t);
}

Result<Timestamp> parse_iso8601(std::string_view text) {
  GX_ASSIGN_OR_RETURN(ParsedDateTime p, parse_date_time(text));
  if (!p.has_offset) {
    return Status::invalid("'" + std::string(text) +
                           "' has no time zone offset (add 'Z' or '+08:00')");
  }
  const auto day = date::sys_days(p.ymd);
  return Timestamp(std::chrono::time_point_cast<milliseconds>(day) + p.time_of_day - p.offset);
}

std::string CivilDate::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

Result<CivilDate> parse_civil_date(std::string_view text) {
  GX_ASSIGN_OR_RETURN(ParsedDateTime p, parse_date_time(text));
  if (p.time_of_day != milliseconds(0) || p.has_offset) {
    return Status::invalid("'" + std::string(text) + "' is not a plain date (YYYY-MM-DD)");
  }
  return CivilDate{static_cast<int>(p.ymd.year()), static_cast<unsigned>(p.ymd.month()),
                   static_cast<unsigned>(p.ymd.day())};
}

Timestamp SystemClock::now() const {
  return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

Timestamp FakeClock::now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void FakeClock::set(Timestamp t) {
  std::lock_guard lock(mu_);
  now_ = t;
}

void FakeClock::advance(std::chrono::milliseconds d) {
  std::lock_guard lock(mu_);
  now_ += d;
}

Result<ShopZone> ShopZone::load(std::string_view iana_name) {
  try {
    const date::time_zone* zone = date::locate_zone(iana_name);
    return ShopZone(std::string(iana_name), zone);
  } catch (const std::exception&) {
    return Status::invalid("unknown time zone '" + std::string(iana_name) + "'");
  }
}

const ShopZone& ShopZone::shanghai() {
  static const ShopZone zone = ShopZone::load("Asia/Shanghai").value();
  return zone;
}

LocalDays ShopZone::local_day(Timestamp t) const {
  const auto local = zone_->to_local(t);
  return LocalDays(date::floor<days>(local).time_since_epoch());
}

ShopZone::OffsetSpan ShopZone::offset_at(Timestamp t) const {
  const auto info = zone_->get_info(t);
  auto to_ms = [](auto tp) {
    return std::chrono::duration_cast<milliseconds>(tp.time_since_epoch()).count();
  };
  OffsetSpan span;
  span.offset_ms = std::chrono::duration_cast<milliseconds>(info.offset).count();
  span.begin_ms = to_ms(info.begin);
  span.end_ms = to_ms(info.end);
  return span;
}

CivilDate ShopZone::local_date(Timestamp t) const {
  const date::year_month_day ymd{date::local_days(local_day(t).time_since_epoch())};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())};
}

int64_t ShopZone::days_between(Timestamp from, Timestamp to) const {
  return (local_day(to) - local_day(from)).count();
}

Result<Timestamp> ShopZone::parse_local(std::string_view text) const {
  GX_ASSIGN_OR_RETURN(ParsedDateTime p, parse_date_time(text));
  if (p.has_offset) {
    return Timestamp(std::chrono::time_point_cast<milliseconds>(date::sys_days(p.ymd)) +
                     p.time_of_day - p.offset);
  }
  const auto local = date::local_days(p.ymd) + p.time_of_day;
  const auto info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return Timestamp(date::floor<milliseconds>(info.second.begin));
  }
  return Timestamp(date::floor<milliseconds>(zone_->to_sys(local, date::choose::earliest)));
}

std::string ShopZone::format_local(Timestamp t) const {
  const auto local = date::floor<seconds>(zone_->to_local(t));
  return date::format("%F %T", local);
}

Timestamp ShopZone::at_local(LocalDays day, std::chrono::minutes time_of_day) const {
  const auto local = date::local_days(day.time_since_epoch()) + time_of_day;
  const auto info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return Timestamp(date::floor<milliseconds>(info.second.begin));
  }
  return Timestamp(date::floor<milliseconds>(zone_->to_sys(local, date::choose::earliest)));
}

}  // namespace guanxi
