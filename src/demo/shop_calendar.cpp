#include "demo/shop_calendar.hpp"

#include <array>

#include "demo/catalog.hpp"

namespace guanxi::demo {

namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr int64_t kMinutesPerHour = 60;

// Relative share of online orders per shop-local hour (Tmall-like: a lunch
// bump, the evening peak, a long tail after midnight).
constexpr std::array<uint32_t, 24> kShoppingByHour = {
    30, 15, 8, 5, 4, 5, 10, 25, 45, 60, 70, 75, 85, 75, 65, 65, 65, 70, 75, 90, 110, 120, 110, 70};

const WeightedChoice& shopping_hours() {
  static const WeightedChoice choice(kShoppingByHour);
  return choice;
}

}  // namespace

HistoryWindow::HistoryWindow(const ShopZone& zone, Timestamp end, int64_t day_count)
    : zone_(&zone), end_(end), days_(day_count) {
  last_day_ = zone.local_day(end);
  first_day_ = last_day_ - std::chrono::days(day_count - 1);
  start_ = zone.at_local(first_day_, minutes(0));
}

int64_t HistoryWindow::offset_of(Timestamp t) const {
  return (zone_->local_day(t) - first_day_).count();
}

Timestamp HistoryWindow::at_minute(LocalDays day, int64_t minute_of_day, DemoRandom& rng) const {
  const Timestamp t = zone_->at_local(day, minutes(minute_of_day)) + seconds(rng.uniform(0, 59));
  if (t <= end_) return t;
  // Late on the last day: somewhere between its midnight and the end instead.
  const Timestamp midnight = zone_->at_local(day, minutes(0));
  if (midnight >= end_) return end_;
  const auto span = std::chrono::duration_cast<seconds>(end_ - midnight).count();
  return midnight + seconds(rng.uniform(0, span));
}

Timestamp HistoryWindow::shopping_time(LocalDays day, DemoRandom& rng) const {
  const auto hour = static_cast<int64_t>(shopping_hours().pick(rng));
  return at_minute(day, hour * kMinutesPerHour + rng.uniform(0, kMinutesPerHour - 1), rng);
}

Timestamp HistoryWindow::office_time(LocalDays day, DemoRandom& rng) const {
  return at_minute(day, rng.uniform(9 * kMinutesPerHour, 18 * kMinutesPerHour - 1), rng);
}

std::optional<LocalDays> HistoryWindow::promotion_after(LocalDays day, int within_days) const {
  const std::chrono::year_month_day ymd{day};
  std::optional<LocalDays> best;
  for (const auto year : {ymd.year(), ymd.year() + std::chrono::years(1)}) {
    for (const PromotionDay& p : demo_promotion_days()) {
      const LocalDays candidate{year / std::chrono::month(p.month) / std::chrono::day(p.day)};
      if (candidate < day || candidate > last_day_ ||
          candidate - day > std::chrono::days(within_days))
        continue;
      if (!best || candidate < *best) best = candidate;
    }
  }
  return best;
}

}  // namespace guanxi::demo
