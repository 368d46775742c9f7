#include "service/csat.hpp"

#include "outbox/outbox.hpp"
#include "outbox/settings.hpp"
#include "service/internal.hpp"
#include "service/model.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::service {

namespace {

CsatSurvey to_survey(const store::CsatSurveyRecord& r) {
  CsatSurvey s;
  s.id = r.id;
  s.ticket_id = r.ticket_id;
  s.customer_id = r.customer_id;
  s.agent_id = r.agent_id;
  s.message_id = r.message_id;
  s.sent_at = from_millis(r.sent_at);
  s.score = r.score;
  s.comment = r.comment;
  s.source = r.source;
  if (r.answered_at) s.answered_at = from_millis(*r.answered_at);
  return s;
}

Status check_answer(int64_t score, const std::string& comment) {
  if (score < 1 || score > 5) return Status::invalid_field("score", "score must be 1 to 5");
  if (comment.size() > 2000)
    return Status::invalid_field("comment", "comment is longer than 2000 bytes");
  return Status::ok();
}

// Records an answer on the survey, its ticket event and change.
Result<CsatSurvey> answer(domain::WriteContext& ctx, store::CsatSurveyRecord r, int64_t score,
                          const std::string& comment, const std::string& source) {
  const int64_t now = internal::now_ms(ctx);
  GX_ASSIGN_OR_RETURN(bool recorded,
                      store::answer_csat_survey(ctx.db, r.id, score, comment, source, now));
  if (!recorded)
    return Status::conflict("this survey was already answered (ticket " +
                            std::to_string(r.ticket_id) + ")");
  r.score = score;
  r.comment = comment;
  r.source = source;
  r.answered_at = now;
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, r.ticket_id));
  GX_RETURN_IF_ERROR(
      internal::add_event(ctx, t, "csat", "", std::to_string(score), comment, r.agent_id));
  GX_RETURN_IF_ERROR(record_service_change(ctx, "csat_received", t.customer_id, t.id,
                                           Json{{"score", score}, {"source", source}}));
  return to_survey(r);
}

}  // namespace

Status send_csat_survey(domain::WriteContext& ctx, const store::TicketRecord& t,
                        const ServiceSettings& settings) {
  if (!settings.csat.enabled) return Status::ok();
  GX_ASSIGN_OR_RETURN(outbox::CareSettings care, outbox::load_care_settings(ctx.db, ctx.shop.id));
  store::CsatSurveyRecord r;
  r.shop_id = ctx.shop.id;
  r.ticket_id = t.id;
  r.customer_id = t.customer_id;
  r.agent_id = t.assignee_agent_id;
  r.token = outbox::new_message_key();
  r.sent_at = internal::now_ms(ctx);
  GX_ASSIGN_OR_RETURN(r.id, store::insert_csat_survey(ctx.db, r));

  store::TemplateRecord tmpl;
  bool found = false;
  if (!settings.csat.template_name.empty()) {
    GX_ASSIGN_OR_RETURN(auto stored, store::find_template_by_name(ctx.db, ctx.shop.id,
                                                                  settings.csat.template_name));
    if (stored) {
      tmpl = *stored;
      found = true;
    }
  }
  if (!found) {
    tmpl.shop_id = ctx.shop.id;
    tmpl.name = "csat";
    tmpl.channel = settings.csat.channel;
    tmpl.klass = "care";
    tmpl.subject = "服务满意度调查";
    tmpl.body = settings.csat.text;
  }
  outbox::MessageDraft draft;
  draft.customer_id = t.customer_id;
  draft.tmpl = &tmpl;
  draft.klass = "care";
  draft.source = "service";
  draft.source_id = t.id;
  draft.vars = {{"csat", {{"url", care.public_url + "/api/v1/csat/" + r.token}}},
                {"ticket", {{"id", std::to_string(t.id)}, {"subject", t.subject}}}};
  GX_ASSIGN_OR_RETURN(auto sent, outbox::enqueue_message(ctx, care, draft));
  GX_RETURN_IF_ERROR(store::set_csat_message(ctx.db, r.id, sent.message_id));
  return record_service_change(
      ctx, "csat_sent", t.customer_id, t.id,
      Json{{"survey_id", r.id}, {"message_id", sent.message_id}, {"status", sent.status}});
}

Result<store::CsatSurveyRecord> csat_by_token(store::Connection& db, const std::string& token) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_csat_by_token(db, token));
  if (!r) return Status::not_found("this survey link is not valid");
  return std::move(*r);
}

Result<CsatSurvey> answer_csat(domain::WriteContext& ctx, const std::string& token, int64_t score,
                               const std::string& comment, const std::string& source) {
  GX_RETURN_IF_ERROR(check_answer(score, comment));
  GX_ASSIGN_OR_RETURN(auto r, csat_by_token(ctx.db, token));
  if (r.shop_id != ctx.shop.id) return Status::not_found("this survey link is not valid");
  return answer(ctx, std::move(r), score, comment, source);
}

Result<CsatSurvey> record_csat(domain::WriteContext& ctx, int64_t ticket, int64_t score,
                               const std::string& comment, const std::string& source) {
  GX_RETURN_IF_ERROR(check_answer(score, comment));
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, ticket));
  GX_ASSIGN_OR_RETURN(auto latest, store::latest_csat_survey(ctx.db, ticket));
  if (latest) return answer(ctx, std::move(*latest), score, comment, source);
  store::CsatSurveyRecord r;
  r.shop_id = ctx.shop.id;
  r.ticket_id = t.id;
  r.customer_id = t.customer_id;
  r.agent_id = t.assignee_agent_id;
  r.token = outbox::new_message_key();
  r.sent_at = internal::now_ms(ctx);
  GX_ASSIGN_OR_RETURN(r.id, store::insert_csat_survey(ctx.db, r));
  return answer(ctx, std::move(r), score, comment, source);
}

Result<std::optional<CsatSurvey>> latest_csat(domain::ReadContext& ctx, int64_t ticket) {
  GX_RETURN_IF_ERROR(internal::load_ticket(ctx.db, ctx.shop.id, ticket).status());
  GX_ASSIGN_OR_RETURN(auto r, store::latest_csat_survey(ctx.db, ticket));
  if (!r) return std::optional<CsatSurvey>();
  return std::optional<CsatSurvey>(to_survey(*r));
}

}  // namespace guanxi::service
