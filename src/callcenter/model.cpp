#include "callcenter/model.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace guanxi::callcenter {

namespace {

constexpr std::array<std::string_view, 5> kAgentStateNames = {"available", "on_call", "wrap_up",
                                                              "break", "offline"};
constexpr int kMinutesPerDay = 24 * 60;

}  // namespace

std::string_view agent_state_name(AgentState state) {
  return kAgentStateNames[static_cast<size_t>(state)];
}

std::optional<AgentState> parse_agent_state(std::string_view name) {
  for (size_t i = 0; i < kAgentStateNames.size(); ++i) {
    if (kAgentStateNames[i] == name) return static_cast<AgentState>(i);
  }
  return std::nullopt;
}

bool serves(const Agent& agent, const Queue& queue) {
  return std::any_of(agent.skills.begin(), agent.skills.end(), [&](const Skill& s) {
    return s.name == queue.skill && s.level >= queue.min_level;
  });
}

std::string_view direction_name(Direction direction) {
  return direction == Direction::kInbound ? "inbound" : "outbound";
}

Result<int> parse_minute_of_day(std::string_view text) {
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
  if (text.size() != 5 || text[2] != ':' || digit(0) < 0 || digit(1) < 0 || digit(3) < 0 ||
      digit(4) < 0) {
    return Status::invalid("expected a time of day \"HH:MM\", got \"" + std::string(text) + "\"");
  }
  const int hours = digit(0) * 10 + digit(1);
  const int minutes = digit(3) * 10 + digit(4);
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    return Status::invalid("time of day \"" + std::string(text) + "\" is out of range");
  }
  return hours * 60 + minutes;
}

std::string format_minute_of_day(int minute) {
  const auto two = [](int v) {
    return std::string(1, static_cast<char>('0' + v / 10 % 10)) + static_cast<char>('0' + v % 10);
  };
  if (minute < 0 || minute > kMinutesPerDay) return std::to_string(minute) + "min";
  return two(minute / 60) + ":" + two(minute % 60);
}

Status validate_window(const DailyWindow& window) {
  if (window.start_minute < 0 || window.end_minute > kMinutesPerDay ||
      window.start_minute >= window.end_minute) {
    return Status::invalid("a time window needs 00:00 <= start < end <= 24:00, got " +
                           format_minute_of_day(window.start_minute) + "-" +
                           format_minute_of_day(window.end_minute));
  }
  return Status::ok();
}

int minute_of_day(Timestamp t, const ShopZone& zone) {
  const int64_t local_ms = to_millis(t) + zone.offset_at(t).offset_ms;
  constexpr int64_t kMinuteMs = 60'000;
  const int64_t minute = (local_ms >= 0 ? local_ms : local_ms - kMinuteMs + 1) / kMinuteMs;
  const int64_t in_day = minute % kMinutesPerDay;
  return static_cast<int>(in_day < 0 ? in_day + kMinutesPerDay : in_day);
}

}  // namespace guanxi::callcenter
