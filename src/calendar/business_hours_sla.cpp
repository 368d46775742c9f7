#include "calendar/business_hours_sla.hpp"

#include <algorithm>

namespace guanxi::calendar {

namespace {

using std::chrono::milliseconds;

struct Period {
  Timestamp from;
  Timestamp to;
};

// The pauses that count up to `end`: clipped to [started, end], ascending, merged.
std::vector<Period> counted_pauses(const SlaInput& input, Timestamp end) {
  std::vector<Period> clipped;
  for (const SlaPause& pause : input.pauses) {
    const Timestamp from = std::max(pause.from, input.started);
    const Timestamp to = std::min(pause.to.value_or(end), end);
    if (from < to) clipped.push_back({from, to});
  }
  std::sort(clipped.begin(), clipped.end(),
            [](const Period& a, const Period& b) { return a.from < b.from; });
  std::vector<Period> merged;
  for (const Period& period : clipped) {
    if (!merged.empty() && period.from <= merged.back().to) {
      merged.back().to = std::max(merged.back().to, period.to);
    } else {
      merged.push_back(period);
    }
  }
  return merged;
}

bool covers(const SlaPause& pause, Timestamp t) {
  return pause.from <= t && (!pause.to || t < *pause.to);
}

}  // namespace

std::string_view sla_state_name(SlaState state) {
  switch (state) {
    case SlaState::kRunning:
      return "running";
    case SlaState::kWarning:
      return "warning";
    case SlaState::kPaused:
      return "paused";
    case SlaState::kBreached:
      return "breached";
    case SlaState::kMet:
      return "met";
  }
  return "unknown";
}

SlaStatus SlaClock::evaluate(const SlaInput& input, Timestamp now) const {
  const bool stopped = input.stopped && *input.stopped <= now;
  const Timestamp end = std::max(stopped ? *input.stopped : now, input.started);
  const std::vector<Period> pauses = counted_pauses(input, end);

  // The instant `target` of unpaused business time has elapsed since `started`.
  const auto reach = [&](milliseconds target) {
    Timestamp cursor = input.started;
    for (const Period& pause : pauses) {
      const milliseconds before = business_time_between(*hours_, *zone_, cursor, pause.from);
      if (target <= before) break;
      target -= before;
      cursor = pause.to;
    }
    return add_business_time(*hours_, *zone_, cursor, target);
  };

  SlaStatus status;
  const milliseconds target = std::max(input.target, milliseconds{0});
  status.due = reach(target);
  status.elapsed = business_time_between(*hours_, *zone_, input.started, end);
  for (const Period& pause : pauses) {
    status.elapsed -= business_time_between(*hours_, *zone_, pause.from, pause.to);
  }
  status.remaining = std::max(target - status.elapsed, milliseconds{0});
  status.paused = !stopped && std::any_of(input.pauses.begin(), input.pauses.end(),
                                          [now](const SlaPause& p) { return covers(p, now); });
  if (end > status.due) status.breached_at = status.due;

  const int64_t percent = std::min<int64_t>(input.warning.percent, 100);
  const milliseconds threshold =
      std::min(std::max(target * percent / 100, input.warning.remaining), target);
  if (threshold > milliseconds{0}) status.warn_at = reach(target - threshold);

  if (stopped) {
    status.state = status.breached_at ? SlaState::kBreached : SlaState::kMet;
  } else if (status.breached_at) {
    status.state = SlaState::kBreached;
  } else if (status.paused) {
    status.state = SlaState::kPaused;
  } else if (threshold > milliseconds{0} && status.remaining <= threshold) {
    status.state = SlaState::kWarning;
  } else {
    status.state = SlaState::kRunning;
  }
  return status;
}

}  // namespace guanxi::calendar
