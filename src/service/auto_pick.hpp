// Auto-pick: unassigned tickets waiting in the queue (`new`, no assignee) go to
// agents as soon as one is free to take them, instead of waiting for a manual
// `assign`. Run when an agent becomes available (console or CTI state change
// through the API), when a ticket frees an agent's capacity (resolved or
// closed), and by the ServiceEngine's periodic sweep (which also catches the
// state changes the telephony posts on its own). Off when the shop's
// `auto_assign` setting is off.
//
// Order: the most urgent priority first (the VIP / high-value raise puts those
// customers' tickets there), then the resolution due soonest, then the oldest.
// Each ticket goes, like an automatic assignment on create (assignment.hpp),
// to the customer's dedicated CSR when that agent is available, else to the
// least-loaded available agent of its skill group (ties: higher level, lower
// id); a ticket no available agent can take is skipped, the next one tried.
// Loads count as tickets are handed out, so capacity is respected. Each
// assignment is a ticket event `assigned` (body "dedicated_csr" or
// "auto_pick", actor ctx.actor) and a ticket_assigned change.
#pragma once

#include <cstdint>

#include "domain/context.hpp"

namespace guanxi::service {

// Assigns up to `limit` of the shop's unassigned `new` tickets in ctx's
// transaction; returns how many were assigned.
Result<int64_t> auto_pick_tickets(domain::WriteContext& ctx, int limit = 200);

}  // namespace guanxi::service
