// Helpers shared by the service module's implementation files (not its API).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/context.hpp"
#include "service/settings.hpp"
#include "store/service_table.hpp"

namespace guanxi::service::internal {

inline int64_t now_ms(const domain::WriteContext& ctx) {
  return to_millis(ctx.clock.now());
}

// The ticket of the shop, or not_found.
Result<store::TicketRecord> load_ticket(store::Connection& db, int64_t shop, int64_t id);

// Re-evaluates the SLA clocks at now, stamps updated_at and writes the record.
Status save_ticket(domain::WriteContext& ctx, store::TicketRecord& t,
                   const ServiceSettings& settings);

// Appends a ticket event (actor: ctx.actor).
Status add_event(domain::WriteContext& ctx, const store::TicketRecord& t, std::string_view kind,
                 std::string from = "", std::string to = "", std::string body = "",
                 std::optional<int64_t> agent = std::nullopt);

// Assigns `t` to `agent` (a new ticket becomes assigned), saves it, and
// records the `assigned` event (body: `reason`) and the ticket_assigned change.
Status assign_to_agent(domain::WriteContext& ctx, store::TicketRecord& t, int64_t agent,
                       std::string_view reason, const ServiceSettings& settings);

// Records a customer event (event_tracked) for journeys: `name` with the
// ticket's id, exactly once per `occurrence`.
Status track_ticket_event(domain::WriteContext& ctx, const store::TicketRecord& t,
                          std::string_view name, std::string_view occurrence);

}  // namespace guanxi::service::internal
