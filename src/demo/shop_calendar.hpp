// The demo's calendar: the window of shop history being generated, and the
// shop-local times of day at which people shop or a CSR works. All in the
// shop's time zone, so a generated order "at 21:30" is 21:30 in Hangzhou.
#pragma once

#include <cstdint>
#include <optional>

#include "core/time.hpp"
#include "demo/random.hpp"

namespace guanxi::demo {

class HistoryWindow {
 public:
  // The `days` shop-local calendar days ending with the day of `end`; nothing
  // generated is later than `end`. Precondition: days >= 1.
  HistoryWindow(const ShopZone& zone, Timestamp end, int64_t days);

  const ShopZone& zone() const { return *zone_; }
  Timestamp end() const { return end_; }
  // Midnight of the first day.
  Timestamp start() const { return start_; }
  LocalDays first_day() const { return first_day_; }
  LocalDays last_day() const { return last_day_; }
  int64_t days() const { return days_; }
  LocalDays day(int64_t offset) const { return first_day_ + std::chrono::days(offset); }
  int64_t offset_of(Timestamp t) const;  // day offset of t from first_day()

  // A time on `day` drawn from an online-shopping profile (peaks at lunch and
  // 20:00-23:00, quiet at night), never after end().
  Timestamp shopping_time(LocalDays day, DemoRandom& rng) const;
  // A time on `day` within office hours (9:00-18:00), never after end().
  Timestamp office_time(LocalDays day, DemoRandom& rng) const;
  // `t` clamped to at most end().
  Timestamp clamp(Timestamp t) const { return t > end_ ? end_ : t; }

  // The first promotion day (618, 双11, 双12) on or after `day`, when it is at
  // most `within_days` away and not after the last day.
  std::optional<LocalDays> promotion_after(LocalDays day, int within_days) const;

 private:
  Timestamp at_minute(LocalDays day, int64_t minute_of_day, DemoRandom& rng) const;

  const ShopZone* zone_;
  Timestamp end_;
  Timestamp start_;
  LocalDays first_day_;
  LocalDays last_day_;
  int64_t days_;
};

}  // namespace guanxi::demo
