// The service desk to JSON: tickets, their events, canned responses, CSAT,
// tasks, interactions and the service report (also the CLI's --json).
#pragma once

#include "core/json.hpp"
#include "core/time.hpp"
#include "service/canned.hpp"
#include "service/csat.hpp"
#include "service/reports.hpp"
#include "service/tasks.hpp"
#include "service/tickets.hpp"

namespace guanxi::api {

Json render_ticket(const service::Ticket& t, const ShopZone& zone);
Json render_ticket_event(const service::TicketEvent& e, const ShopZone& zone);
Json render_canned_response(const service::CannedResponse& c);
Json render_csat(const service::CsatSurvey& s, const ShopZone& zone);
Json render_task(const service::Task& t, const ShopZone& zone);
Json render_service_report(const service::ServiceReport& r, const ShopZone& zone);

}  // namespace guanxi::api
