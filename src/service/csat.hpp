// Customer satisfaction (CSAT): a survey goes out when a ticket is resolved,
// through the outbox (class "care", the shop's guardrails apply: consent,
// quiet hours, caps, dedupe), carrying a link with an unguessable token
// ({{csat.url}} = public_url/api/v1/csat/{token}). The customer answers a
// score 1-5 and a comment once, on the public page; an agent may record a
// score taken by phone. Each resolution sends one survey (a reopened and
// again resolved ticket gets a new one); the ticket shows the latest answer.
// Changes: csat_sent {"survey_id", "message_id", "status"}, csat_received
// {"score", "source"}; a ticket event "csat".
#pragma once

#include <optional>
#include <string>

#include "domain/context.hpp"
#include "service/settings.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

struct CsatSurvey {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> agent_id;
  std::optional<int64_t> message_id;
  Timestamp sent_at{};
  std::optional<int64_t> score;
  std::string comment;
  std::string source;  // link | phone | api
  std::optional<Timestamp> answered_at;
};

// Creates the survey of a resolution and enqueues its message (nothing when
// csat.enabled is false). Runs in the caller's transaction.
Status send_csat_survey(domain::WriteContext& ctx, const store::TicketRecord& ticket,
                        const ServiceSettings& settings);

// The survey behind a public token, with its shop; not_found when unknown.
Result<store::CsatSurveyRecord> csat_by_token(store::Connection& db, const std::string& token);

// Records the answer (score 1..5, comment ≤ 2,000 bytes) of the survey with
// this token; conflict when it was already answered.
Result<CsatSurvey> answer_csat(domain::WriteContext& ctx, const std::string& token, int64_t score,
                               const std::string& comment, const std::string& source);

// An answer taken by an agent (phone, visit): answers the ticket's open
// survey, or records one when none was sent; conflict when the latest survey
// was already answered.
Result<CsatSurvey> record_csat(domain::WriteContext& ctx, int64_t ticket, int64_t score,
                               const std::string& comment, const std::string& source);

Result<std::optional<CsatSurvey>> latest_csat(domain::ReadContext& ctx, int64_t ticket);

}  // namespace guanxi::service
