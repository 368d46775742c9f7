// Time: instants are UTC milliseconds since the Unix epoch, everywhere (memory,
// store, change feed). A shop's time zone turns them into local dates and times
// for display, "days since" counts and scheduling.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace date {
class time_zone;
}

namespace guanxi {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using LocalDays = std::chrono::local_days;

inline int64_t to_millis(Timestamp t) {
  return t.time_since_epoch().count();
}
inline Timestamp from_millis(int64_t ms) {
  return Timestamp(std::chrono::milliseconds(ms));
}

// "2024-03-01T04:05:06.007Z".
std::string format_utc_iso8601(Timestamp t);

// Parses an ISO 8601 / RFC 3339 instant: "2024-03-01T12:00:00Z",
// "2024-03-01T12:00:00.5+08:00", "2024-03-01 12:00:00+0800". A text without an
// offset is rejected: use ShopZone::parse_local for shop-local wall times.
Result<Timestamp> parse_iso8601(std::string_view text);

// A calendar date "YYYY-MM-DD" (validated: month 1-12, day within the month).
struct CivilDate {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  bool operator==(const CivilDate&) const = default;
  std::string to_string() const;  // "2024-02-29"
};
Result<CivilDate> parse_civil_date(std::string_view text);

// Source of the current time. Every piece of code that needs "now" asks a Clock,
// so tests can run on a FakeClock and move time deliberately.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that only moves when told. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start) {}
  Timestamp now() const override;
  void set(Timestamp t);
  void advance(std::chrono::milliseconds d);

 private:
  mutable std::mutex mu_;
  Timestamp now_;
};

// A shop's time zone (IANA name, e.g. "Asia/Shanghai") and the conversions that need it.
class ShopZone {
 public:
  // Fails with invalid_argument naming the zone when the OS tz database does not know it.
  static Result<ShopZone> load(std::string_view iana_name);
  // Asia/Shanghai, the default shop zone.
  static const ShopZone& shanghai();

  const std::string& name() const { return name_; }

  // The shop-local calendar day containing t.
  LocalDays local_day(Timestamp t) const;
  CivilDate local_date(Timestamp t) const;
  // Whole calendar days from the local day of `from` to the local day of `to`
  // (negative when `to` is earlier). A purchase at 23:59 and "now" at 00:01 the
  // next day are 1 day apart.
  int64_t days_between(Timestamp from, Timestamp to) const;

  // Parses a shop-local wall time "YYYY-MM-DD HH:MM[:SS]" (also "YYYY/MM/DD", "T"
  // separator, or a bare date meaning midnight) into UTC. A text carrying an
  // explicit offset or "Z" is honoured as such. Nonexistent local times (DST gaps)
  // resolve to the later instant.
  Result<Timestamp> parse_local(std::string_view text) const;

  // The UTC offset in effect at t and the UTC range [begin, end) over which it
  // holds, for callers that convert many instants (see LocalDayCounter).
  struct OffsetSpan {
    int64_t offset_ms = 0;
    int64_t begin_ms = 0;
    int64_t end_ms = 0;
  };
  OffsetSpan offset_at(Timestamp t) const;

  // Shop-local "YYYY-MM-DD HH:MM:SS".
  std::string format_local(Timestamp t) const;

  // The UTC instant of a local date at a local time of day (for scheduling).
  Timestamp at_local(LocalDays day, std::chrono::minutes time_of_day) const;

 private:
  ShopZone(std::string name, const date::time_zone* zone) : name_(std::move(name)), zone_(zone) {}
  std::string name_;
  const date::time_zone* zone_;
};

// Converts many UTC instants (ms) to shop-local day numbers (days since
// 1970-01-01) fast: the zone's offset is looked up again only when an instant
// leaves the span where the last offset held. Not thread-safe; one per thread.
class LocalDayCounter {
 public:
  explicit LocalDayCounter(const ShopZone& zone) : zone_(&zone) {}
  int32_t day(int64_t utc_ms) {
    if (utc_ms < span_.begin_ms || utc_ms >= span_.end_ms) {
      span_ = zone_->offset_at(Timestamp(std::chrono::milliseconds(utc_ms)));
    }
    const int64_t local = utc_ms + span_.offset_ms;
    constexpr int64_t kDay = 86'400'000;
    return static_cast<int32_t>(local >= 0 ? local / kDay : (local - kDay + 1) / kDay);
  }

 private:
  const ShopZone* zone_;
  ShopZone::OffsetSpan span_{0, 1, 0};  // empty: the first call looks up
};

}  // namespace guanxi
