#include "service/model.hpp"

#include <utility>

#include "store/change_feed.hpp"

namespace guanxi::service {

namespace {

constexpr std::pair<std::string_view, TicketStatus> kStatuses[] = {
    {"new", TicketStatus::kNew},
    {"assigned", TicketStatus::kAssigned},
    {"in_progress", TicketStatus::kInProgress},
    {"waiting_customer", TicketStatus::kWaitingCustomer},
    {"resolved", TicketStatus::kResolved},
    {"closed", TicketStatus::kClosed}};

constexpr std::pair<std::string_view, Priority> kPriorities[] = {{"low", Priority::kLow},
                                                                 {"normal", Priority::kNormal},
                                                                 {"high", Priority::kHigh},
                                                                 {"urgent", Priority::kUrgent}};

}  // namespace

std::string_view ticket_status_name(TicketStatus s) {
  for (const auto& [name, value] : kStatuses) {
    if (value == s) return name;
  }
  return "new";
}

Result<TicketStatus> parse_ticket_status(std::string_view name) {
  for (const auto& [n, value] : kStatuses) {
    if (n == name) return value;
  }
  return Status::invalid("unknown ticket status '" + std::string(name) +
                         "' (expected new, assigned, in_progress, waiting_customer, resolved or "
                         "closed)");
}

bool is_open(TicketStatus s) {
  return s != TicketStatus::kResolved && s != TicketStatus::kClosed;
}

std::string_view priority_name(Priority p) {
  for (const auto& [name, value] : kPriorities) {
    if (value == p) return name;
  }
  return "normal";
}

Result<Priority> parse_priority(std::string_view name) {
  for (const auto& [n, value] : kPriorities) {
    if (n == name) return value;
  }
  return Status::invalid("unknown priority '" + std::string(name) +
                         "' (expected low, normal, high or urgent)");
}

std::vector<TicketStatus> allowed_transitions(TicketStatus from, bool closing_requires_resolved) {
  using S = TicketStatus;
  std::vector<S> out;
  switch (from) {
    case S::kNew:
      out = {S::kAssigned, S::kInProgress, S::kWaitingCustomer, S::kResolved};
      break;
    case S::kAssigned:
      out = {S::kInProgress, S::kWaitingCustomer, S::kResolved};
      break;
    case S::kInProgress:
      out = {S::kWaitingCustomer, S::kResolved};
      break;
    case S::kWaitingCustomer:
      out = {S::kInProgress, S::kResolved};
      break;
    case S::kResolved:
      return {S::kClosed, S::kInProgress};
    case S::kClosed:
      return {S::kInProgress};
  }
  if (!closing_requires_resolved) out.push_back(S::kClosed);
  return out;
}

Status record_service_change(domain::WriteContext& ctx, std::string_view kind,
                             std::optional<int64_t> customer, std::optional<int64_t> entity,
                             const Json& payload) {
  store::ChangeRecord c;
  c.shop_id = ctx.shop.id;
  c.kind = std::string(kind);
  c.customer_id = customer;
  c.entity_id = entity;
  c.payload = payload.dump();
  c.actor = ctx.actor;
  c.created_at = to_millis(ctx.clock.now());
  return store::append_change(ctx.db, c).status();
}

}  // namespace guanxi::service
