#include "api/render_service.hpp"

#include "api/render.hpp"

namespace guanxi::api {

namespace {

Json rate(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json render_figures(const service::ReportFigures& f) {
  return Json{
      {"tickets", f.tickets},
      {"by_status", f.by_status},
      {"by_priority", f.by_priority},
      {"by_type", f.by_type},
      {"by_channel", f.by_channel},
      {"resolved", f.resolved},
      {"fcr",
       {{"resolved_first_contact", f.fcr},
        {"decided", f.fcr_decided},
        {"pending", f.fcr_pending},
        {"rate", rate(f.fcr_rate())}}},
      {"one_touch", {{"count", f.one_touch}, {"rate", rate(f.one_touch_rate())}}},
      {"csat",
       {{"sent", f.csat_sent},
        {"responses", f.csat_responses},
        {"response_rate", rate(f.csat_response_rate())},
        {"average", rate(f.csat_average())},
        {"distribution",
         {{"1", f.csat_distribution[0]},
          {"2", f.csat_distribution[1]},
          {"3", f.csat_distribution[2]},
          {"4", f.csat_distribution[3]},
          {"5", f.csat_distribution[4]}}}}},
      {"sla",
       {{"first_response",
         {{"met", f.first_response_met},
          {"breached", f.first_response_breached},
          {"met_rate", rate(f.first_response_met_rate())}}},
        {"resolution",
         {{"met", f.resolution_met},
          {"breached", f.resolution_breached},
          {"met_rate", rate(f.resolution_met_rate())}}}}},
      {"average_first_response_business_ms", optional_value(f.average_first_response_ms())},
      {"average_resolution_business_ms", optional_value(f.average_resolution_ms())},
  };
}

}  // namespace

Json render_ticket(const service::Ticket& t, const ShopZone& zone) {
  Json attachments = Json::array();
  for (const auto& a : t.attachments) attachments.push_back({{"url", a.url}, {"name", a.name}});
  Json j = {
      {"id", t.id},
      {"customer_id", t.customer_id},
      {"subject", t.subject},
      {"description", t.description},
      {"type", t.type},
      {"channel", t.channel},
      {"priority", service::priority_name(t.priority)},
      {"priority_reason", t.priority_reason},
      {"category", t.category},
      {"status", service::ticket_status_name(t.status)},
      {"assignee_agent_id", optional_value(t.assignee_agent_id)},
      {"order_ids", t.order_ids},
      {"attachments", attachments},
      {"sla_state", t.sla_state},
      {"customer_contacts", t.customer_contacts},
      {"agent_replies", t.agent_replies},
      {"reopen_count", t.reopen_count},
      {"csat_score", optional_value(t.csat_score)},
      {"created_by", t.created_by},
  };
  put_time(j, "first_response_at", t.first_response_at, zone);
  put_time(j, "first_response_due", t.first_response_due, zone);
  put_time(j, "resolution_due", t.resolution_due, zone);
  put_time(j, "resolved_at", t.resolved_at, zone);
  put_time(j, "closed_at", t.closed_at, zone);
  put_time(j, "created_at", t.created_at, zone);
  put_time(j, "updated_at", t.updated_at, zone);
  return j;
}

Json render_ticket_event(const service::TicketEvent& e, const ShopZone& zone) {
  Json j = {{"id", e.id},
            {"kind", e.kind},
            {"from", e.from},
            {"to", e.to},
            {"body", e.body},
            {"actor", e.actor},
            {"agent_id", optional_value(e.agent_id)}};
  put_time(j, "at", e.at, zone);
  return j;
}

Json render_canned_response(const service::CannedResponse& c) {
  return Json{{"id", c.id},
              {"name", c.name},
              {"body", c.body},
              {"created_at", format_utc_iso8601(c.created_at)},
              {"updated_at", format_utc_iso8601(c.updated_at)}};
}

Json render_csat(const service::CsatSurvey& s, const ShopZone& zone) {
  Json j = {{"id", s.id},
            {"ticket_id", s.ticket_id},
            {"customer_id", s.customer_id},
            {"agent_id", optional_value(s.agent_id)},
            {"message_id", optional_value(s.message_id)},
            {"score", optional_value(s.score)},
            {"comment", s.comment},
            {"source", s.source}};
  put_time(j, "sent_at", s.sent_at, zone);
  put_time(j, "answered_at", s.answered_at, zone);
  return j;
}

Json render_task(const service::Task& t, const ShopZone& zone) {
  Json j = {{"id", t.id},
            {"customer_id", optional_value(t.customer_id)},
            {"ticket_id", optional_value(t.ticket_id)},
            {"assignee_user_id", optional_value(t.assignee_user_id)},
            {"assignee_role", t.assignee_role},
            {"title", t.title},
            {"notes", t.notes},
            {"status", t.status},
            {"source", t.source}};
  put_time(j, "due_at", t.due_at, zone);
  put_time(j, "remind_at", t.remind_at, zone);
  put_time(j, "reminded_at", t.reminded_at, zone);
  put_time(j, "completed_at", t.completed_at, zone);
  put_time(j, "created_at", t.created_at, zone);
  put_time(j, "updated_at", t.updated_at, zone);
  return j;
}

Json render_service_report(const service::ServiceReport& r, const ShopZone& zone) {
  Json j = {{"total", render_figures(r.total)}};
  put_time(j, "from", r.from, zone);
  put_time(j, "to", r.to, zone);
  Json groups = Json::array();
  for (const auto& [key, f] : r.groups) {
    Json g = render_figures(f);
    g["key"] = key;
    groups.push_back(std::move(g));
  }
  j["groups"] = std::move(groups);
  return j;
}

}  // namespace guanxi::api
