#include "demo/history.hpp"

#include <algorithm>

namespace guanxi::demo {

namespace {

template <typename T>
void add_steps(std::vector<TimelineEntry>& timeline, const std::vector<T>& items, Step step) {
  for (size_t i = 0; i < items.size(); ++i)
    timeline.push_back({items[i].at, step, static_cast<uint32_t>(i)});
}

}  // namespace

ShopHistory plan_shop_history(const HistoryOptions& options, const ShopZone& zone, Timestamp end) {
  HistoryWindow window(zone, end, options.days);
  Population people = Population::draw(options.seed, options.customers, window);
  PurchasePlan purchases = plan_purchases(people, options.orders, options.seed, window);
  ActivityPlan activity = plan_activity(people, purchases, options.seed, window);

  std::vector<TimelineEntry> timeline;
  timeline.reserve(people.size() + purchases.orders.size() + activity.tags.size() +
                   activity.notes.size() + activity.assignments.size() + activity.tracks.size() +
                   activity.links.size());
  for (const Person& p : people.people()) timeline.push_back({p.signup_at, Step::kSignup, p.index});
  for (const PlannedOrder& o : purchases.orders)
    timeline.push_back({o.created_at, Step::kOrder, o.number});
  add_steps(timeline, activity.links, Step::kLink);
  add_steps(timeline, activity.tags, Step::kTag);
  add_steps(timeline, activity.assignments, Step::kAssign);
  add_steps(timeline, activity.notes, Step::kNote);
  add_steps(timeline, activity.tracks, Step::kTrack);
  std::sort(timeline.begin(), timeline.end(), [](const TimelineEntry& a, const TimelineEntry& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.step != b.step) return a.step < b.step;
    return a.index < b.index;
  });
  return ShopHistory{window, std::move(people), std::move(purchases), std::move(activity),
                     std::move(timeline)};
}

}  // namespace guanxi::demo
