#include "calendar/business_hours.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "calendar/year_of.hpp"

namespace guanxi::calendar {

namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr minutes kEndOfDay{24 * 60};
constexpr milliseconds kOneDay = std::chrono::hours(24);
constexpr milliseconds kOneWeek = 7 * kOneDay;
constexpr date::days kWeekDays{7};

constexpr std::array<std::string_view, 7> kWeekdayKeys = {"sun", "mon", "tue", "wed",
                                                          "thu", "fri", "sat"};

// Past this instant the shop is treated as never open: it keeps the walks below
// finite and every date computation inside the years the calendar handles.
constexpr Timestamp kLatest{date::sys_days{date::year{9999} / 12 / 31}};

Status invalid_field(std::string field, std::string message) {
  Location loc;
  loc.field = std::move(field);
  return Status::invalid(std::move(message), loc);
}

std::string indexed(std::string_view name, size_t index) {
  return std::string(name) + "[" + std::to_string(index) + "]";
}

std::string iso_date(date::sys_days day) {
  return date::format("%F", day);
}

LocalDays to_local_days(date::sys_days day) {
  return LocalDays(std::chrono::days(day.time_since_epoch().count()));
}

date::sys_days local_day_of(const ShopZone& zone, Timestamp t) {
  return date::sys_days(date::days(static_cast<int>(zone.local_day(t).time_since_epoch().count())));
}

// --- validation -------------------------------------------------------------

Status validate_day(unsigned weekday, std::span<const OpenInterval> day) {
  const std::string base = "schedule." + std::string(kWeekdayKeys[weekday]);
  if (day.size() > kMaxIntervalsPerDay) {
    return invalid_field(base,
                         "at most " + std::to_string(kMaxIntervalsPerDay) + " intervals a day");
  }
  for (size_t i = 0; i < day.size(); ++i) {
    const std::string field = indexed(base, i);
    const OpenInterval& interval = day[i];
    if (interval.open < minutes{0} || interval.open >= kEndOfDay) {
      return invalid_field(field + ".open", "'open' must be 00:00-23:59");
    }
    if (interval.close <= interval.open || interval.close > kEndOfDay) {
      return invalid_field(field + ".close", "'close' must be after 'open' (" +
                                                 format_time_of_day(interval.open) +
                                                 ") and at most 24:00");
    }
    if (i > 0 && interval.open < day[i - 1].close) {
      return invalid_field(field + ".open",
                           "'open' " + format_time_of_day(interval.open) +
                               " is before the close of " + indexed(base, i - 1) + " (" +
                               format_time_of_day(day[i - 1].close) +
                               "): intervals must be ascending and must not overlap");
    }
  }
  return Status::ok();
}

// Checks the dates of closed_dates or make_up_days (`field(i)` names entry i) for
// repeats and, when asked, ascending order; fills `index` with date → position.
template <typename FieldName>
Status check_dates(const std::vector<date::sys_days>& days, DateOrder order, const FieldName& field,
                   std::map<date::sys_days, size_t>& index) {
  for (size_t i = 0; i < days.size(); ++i) {
    const auto [it, inserted] = index.emplace(days[i], i);
    if (!inserted) {
      return invalid_field(field(i), iso_date(days[i]) + " repeats " + field(it->second));
    }
    if (order == DateOrder::kAscending && i > 0 && days[i] < days[i - 1]) {
      return invalid_field(field(i), iso_date(days[i]) + " comes before " + field(i - 1) + " (" +
                                         iso_date(days[i - 1]) + "): dates must be ascending");
    }
  }
  return Status::ok();
}

Status validate_closed_holidays(std::span<const HolidayDef> holidays) {
  if (holidays.size() > kMaxClosedHolidays) {
    return invalid_field("closed_holidays",
                         "at most " + std::to_string(kMaxClosedHolidays) + " closed holidays");
  }
  std::map<std::string_view, size_t> index;
  for (size_t i = 0; i < holidays.size(); ++i) {
    const Status valid = validate_holiday(holidays[i]);
    if (!valid.is_ok()) {
      return invalid_field(indexed("closed_holidays", i),
                           "holiday '" + holidays[i].key + "': " + valid.message());
    }
    const auto [it, inserted] = index.emplace(holidays[i].key, i);
    if (!inserted) {
      return invalid_field(
          indexed("closed_holidays", i),
          "'" + holidays[i].key + "' repeats " + indexed("closed_holidays", it->second));
    }
  }
  return Status::ok();
}

// --- the days of the walk ------------------------------------------------------

// The days the closed holidays fall on, computed a year at a time as a walk
// reaches it (lunar rules cost a conversion each).
class HolidayClosures {
 public:
  explicit HolidayClosures(std::span<const HolidayDef> holidays) : holidays_(holidays) {}

  bool closes(date::sys_days day) { return closes_any(day, day + date::days{1}); }

  // Whether one falls in [from, to).
  bool closes_any(date::sys_days from, date::sys_days to) {
    if (holidays_.empty() || to <= from) return false;
    const int last_year = detail::year_of(to - date::days{1});
    for (int year = detail::year_of(from); year <= last_year; ++year) {
      const std::vector<date::sys_days>& days = in_year(year);
      const auto it = std::lower_bound(days.begin(), days.end(), from);
      if (it != days.end() && *it < to) return true;
    }
    return false;
  }

 private:
  const std::vector<date::sys_days>& in_year(int year) {
    const auto found = years_.find(year);
    if (found != years_.end()) return found->second;
    std::vector<date::sys_days> days;
    for (const HolidayDef& holiday : holidays_) {
      const std::vector<date::sys_days> occurrences = occurrences_in_year(holiday, year);
      days.insert(days.end(), occurrences.begin(), occurrences.end());
    }
    std::sort(days.begin(), days.end());
    return years_.emplace(year, std::move(days)).first->second;
  }

  std::span<const HolidayDef> holidays_;
  std::map<int, std::vector<date::sys_days>> years_;
};

std::span<const OpenInterval> resolve_hours(const BusinessHours& hours, HolidayClosures& closures,
                                            date::sys_days day) {
  if (std::binary_search(hours.closed_dates.begin(), hours.closed_dates.end(), day)) return {};
  const auto make_up = std::ranges::lower_bound(hours.make_up_days, day, {}, &MakeUpDay::day);
  if (make_up != hours.make_up_days.end() && make_up->day == day) {
    if (make_up->works_as >= hours.weekly.size()) return {};
    return hours.weekly[make_up->works_as];
  }
  if (closures.closes(day)) return {};
  return hours.weekly[date::weekday{day}.c_encoding()];
}

// An open period as UTC instants: [begin, end).
struct Span {
  Timestamp begin;
  Timestamp end;
};

// The shop's days as UTC spans, one local day at a time, for one walk.
class ShopDays {
 public:
  ShopDays(const BusinessHours& hours, const ShopZone& zone)
      : hours_(hours), zone_(zone), closures_(hours.closed_holidays) {
    for (const std::vector<OpenInterval>& day : hours.weekly) {
      for (const OpenInterval& interval : day) week_total_ += interval.close - interval.open;
    }
  }

  // No weekday has hours (make-up days work on a weekday's hours): never open.
  bool never_open() const { return week_total_ == milliseconds{0}; }
  // The business time of an ordinary week.
  milliseconds week_total() const { return week_total_; }

  // The instant of the day's local midnight (the transition when a DST gap skips it).
  Timestamp start_of(date::sys_days day) const { return zone_.at_local(to_local_days(day), {}); }

  // The UTC spans of the day's hours, ascending and not empty, into `out`.
  // `day_start` is start_of(day).
  void spans_on(date::sys_days day, Timestamp day_start, std::vector<Span>& out) {
    out.clear();
    const std::span<const OpenInterval> intervals = resolve_hours(hours_, closures_, day);
    if (intervals.empty()) return;
    const bool linear = one_offset(day, day_start, kOneDay);
    for (const OpenInterval& interval : intervals) {
      const Span span = linear ? Span{day_start + interval.open, day_start + interval.close}
                               : Span{zone_.at_local(to_local_days(day), interval.open),
                                      zone_.at_local(to_local_days(day), interval.close)};
      if (span.begin < span.end) out.push_back(span);
    }
  }

  // Whether the 7 days from `day` hold exactly week_total() of business time: none of
  // them a closed date, make-up day or closed holiday, and one UTC offset throughout.
  bool ordinary_week(date::sys_days day, Timestamp day_start) {
    const date::sys_days end = day + kWeekDays;
    const auto& closed = hours_.closed_dates;
    const auto closed_it = std::lower_bound(closed.begin(), closed.end(), day);
    if (closed_it != closed.end() && *closed_it < end) return false;
    const auto make_up = std::ranges::lower_bound(hours_.make_up_days, day, {}, &MakeUpDay::day);
    if (make_up != hours_.make_up_days.end() && make_up->day < end) return false;
    return !closures_.closes_any(day, end) && one_offset(day, day_start, kOneWeek);
  }

 private:
  // Whether local time runs at one UTC offset for `length` from the day's midnight,
  // so that local minute m of the day is day_start + m.
  bool one_offset(date::sys_days day, Timestamp day_start, milliseconds length) const {
    const ShopZone::OffsetSpan offset = zone_.offset_at(day_start);
    const int64_t local_midnight_ms =
        int64_t{day.time_since_epoch().count()} * int64_t{kOneDay.count()};
    const int64_t start_ms = to_millis(day_start);
    return start_ms + offset.offset_ms == local_midnight_ms &&
           offset.end_ms >= start_ms + length.count();
  }

  const BusinessHours& hours_;
  const ShopZone& zone_;
  HolidayClosures closures_;
  milliseconds week_total_{0};
};

}  // namespace

BusinessHours BusinessHours::always_open() {
  BusinessHours hours;
  for (std::vector<OpenInterval>& day : hours.weekly) day = {{minutes{0}, kEndOfDay}};
  return hours;
}

bool BusinessHours::is_24x7() const {
  return std::all_of(weekly.begin(), weekly.end(), [](const std::vector<OpenInterval>& day) {
    return day.size() == 1 && day[0] == OpenInterval{minutes{0}, kEndOfDay};
  });
}

std::string_view weekday_key(unsigned weekday) {
  return weekday < kWeekdayKeys.size() ? kWeekdayKeys[weekday] : "?";
}

std::optional<unsigned> parse_weekday_key(std::string_view key) {
  const auto it = std::find(kWeekdayKeys.begin(), kWeekdayKeys.end(), key);
  if (it == kWeekdayKeys.end()) return std::nullopt;
  return static_cast<unsigned>(it - kWeekdayKeys.begin());
}

std::string format_time_of_day(minutes time_of_day) {
  const auto count =
      static_cast<unsigned>(std::clamp<int64_t>(time_of_day.count(), 0, kEndOfDay.count()));
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u:%02u", count / 60 % 100, count % 60);
  return buf;
}

Status validate_business_hours(const BusinessHours& hours, DateOrder order) {
  for (unsigned weekday = 0; weekday < hours.weekly.size(); ++weekday) {
    GX_RETURN_IF_ERROR(validate_day(weekday, hours.weekly[weekday]));
  }
  if (std::all_of(hours.weekly.begin(), hours.weekly.end(),
                  [](const std::vector<OpenInterval>& day) { return day.empty(); })) {
    return invalid_field("schedule", "the week has no open hours");
  }

  if (hours.closed_dates.size() > kMaxClosedDates) {
    return invalid_field("closed_dates",
                         "at most " + std::to_string(kMaxClosedDates) + " closed dates");
  }
  std::map<date::sys_days, size_t> closed_index;
  GX_RETURN_IF_ERROR(check_dates(
      hours.closed_dates, order, [](size_t i) { return indexed("closed_dates", i); },
      closed_index));

  GX_RETURN_IF_ERROR(validate_closed_holidays(hours.closed_holidays));

  if (hours.make_up_days.size() > kMaxMakeUpDays) {
    return invalid_field("make_up_days",
                         "at most " + std::to_string(kMaxMakeUpDays) + " make-up days");
  }
  std::vector<date::sys_days> make_up_dates;
  make_up_dates.reserve(hours.make_up_days.size());
  for (const MakeUpDay& make_up : hours.make_up_days) make_up_dates.push_back(make_up.day);
  std::map<date::sys_days, size_t> make_up_index;
  GX_RETURN_IF_ERROR(check_dates(
      make_up_dates, order, [](size_t i) { return indexed("make_up_days", i) + ".date"; },
      make_up_index));
  for (size_t i = 0; i < hours.make_up_days.size(); ++i) {
    const MakeUpDay& make_up = hours.make_up_days[i];
    const std::string field = indexed("make_up_days", i);
    if (make_up.works_as >= hours.weekly.size()) {
      return invalid_field(field + ".works_as", "'works_as' must be a weekday (0 = Sunday … 6)");
    }
    if (hours.weekly[make_up.works_as].empty()) {
      return invalid_field(field + ".works_as", "'works_as' is " +
                                                    std::string(weekday_key(make_up.works_as)) +
                                                    ", which has no open hours");
    }
    const auto closed = closed_index.find(make_up.day);
    if (closed != closed_index.end()) {
      return invalid_field(field + ".date", iso_date(make_up.day) + " is also " +
                                                indexed("closed_dates", closed->second));
    }
  }
  return Status::ok();
}

void sort_dates(BusinessHours& hours) {
  std::sort(hours.closed_dates.begin(), hours.closed_dates.end());
  std::ranges::sort(hours.make_up_days, {}, &MakeUpDay::day);
}

std::span<const OpenInterval> hours_on(const BusinessHours& hours, date::sys_days day) {
  HolidayClosures closures(hours.closed_holidays);
  return resolve_hours(hours, closures, day);
}

bool is_open(const BusinessHours& hours, const ShopZone& zone, Timestamp t) {
  if (t >= kLatest) return false;
  ShopDays days(hours, zone);
  const date::sys_days day = local_day_of(zone, t);
  std::vector<Span> spans;
  days.spans_on(day, days.start_of(day), spans);
  return std::any_of(spans.begin(), spans.end(),
                     [t](const Span& span) { return span.begin <= t && t < span.end; });
}

Timestamp next_open(const BusinessHours& hours, const ShopZone& zone, Timestamp t) {
  if (t >= kLatest) return kNever;
  ShopDays days(hours, zone);
  if (days.never_open()) return kNever;
  std::vector<Span> spans;
  for (date::sys_days day = local_day_of(zone, t);; day += date::days{1}) {
    const Timestamp day_start = days.start_of(day);
    if (day_start >= kLatest) return kNever;
    days.spans_on(day, day_start, spans);
    for (const Span& span : spans) {
      if (span.end > t) return std::max(span.begin, t);
    }
  }
}

Timestamp add_business_time(const BusinessHours& hours, const ShopZone& zone, Timestamp start,
                            milliseconds duration) {
  if (duration <= milliseconds{0}) return start;
  if (start >= kLatest) return kNever;
  ShopDays days(hours, zone);
  if (days.never_open()) return kNever;
  milliseconds remaining = duration;
  std::vector<Span> spans;
  date::sys_days day = local_day_of(zone, start);
  while (true) {
    const Timestamp day_start = days.start_of(day);
    if (day_start >= kLatest) return kNever;
    // Strictly more than a week left: the due time is past this week's last close.
    if (day_start >= start && remaining > days.week_total() && days.ordinary_week(day, day_start)) {
      remaining -= days.week_total();
      day += kWeekDays;
      continue;
    }
    days.spans_on(day, day_start, spans);
    for (const Span& span : spans) {
      const Timestamp from = std::max(span.begin, start);
      if (from >= span.end) continue;
      const milliseconds available = span.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    day += date::days{1};
  }
}

milliseconds business_time_between(const BusinessHours& hours, const ShopZone& zone, Timestamp from,
                                   Timestamp to) {
  to = std::min(to, kLatest);
  if (to <= from) return milliseconds{0};
  ShopDays days(hours, zone);
  if (days.never_open()) return milliseconds{0};
  milliseconds total{0};
  std::vector<Span> spans;
  date::sys_days day = local_day_of(zone, from);
  while (true) {
    const Timestamp day_start = days.start_of(day);
    if (day_start >= to) return total;
    if (day_start >= from && day_start + kOneWeek <= to && days.ordinary_week(day, day_start)) {
      total += days.week_total();
      day += kWeekDays;
      continue;
    }
    days.spans_on(day, day_start, spans);
    for (const Span& span : spans) {
      const Timestamp lo = std::max(span.begin, from);
      const Timestamp hi = std::min(span.end, to);
      if (lo < hi) total += hi - lo;
    }
    day += date::days{1};
  }
}

}  // namespace guanxi::calendar
