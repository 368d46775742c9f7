#include "api/render_sales.hpp"

#include "api/auth.hpp"
#include "api/render.hpp"
#include "api/render_service.hpp"

namespace guanxi::api {

namespace {

void put_ms(Json& j, const std::string& key, std::optional<int64_t> ms, const ShopZone& zone) {
  put_time(j, key, ms ? std::optional<Timestamp>(from_millis(*ms)) : std::nullopt, zone);
}

Json attributes(const std::string& text) {
  auto j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json::object() : j;
}

Json chain_node(const sales::ChainNode& n) {
  Json reports = Json::array();
  for (const auto& r : n.reports) reports.push_back(chain_node(r));
  return Json{{"contact_id", n.contact_id}, {"reports", reports}};
}

}  // namespace

Json render_account(const sales::Account& a, const ShopZone& zone) {
  Json j = {{"id", a.id},
            {"name", a.name},
            {"industry", a.industry},
            {"size", a.size},
            {"region", a.region},
            {"website", a.website},
            {"phone", a.phone},
            {"owner_user_id", optional_value(a.owner_user_id)},
            {"parent_account_id", optional_value(a.parent_account_id)},
            {"attributes", attributes(a.attributes)},
            {"external_id", optional_value(a.external_id)}};
  put_ms(j, "created_at", a.created_at, zone);
  put_ms(j, "updated_at", a.updated_at, zone);
  return j;
}

Json render_contact(const sales::Contact& c, const ShopZone& zone, bool pii) {
  Json j = {{"id", c.id},
            {"account_id", optional_value(c.account_id)},
            {"customer_id", optional_value(c.customer_id)},
            {"name", c.name},
            {"title", c.title},
            {"email", pii ? c.email : mask_email(c.email)},
            {"phone", pii ? c.phone : mask_phone(c.phone)},
            {"decision_role", c.decision_role},
            {"influence", c.influence},
            {"attitude", c.attitude},
            {"reports_to_contact_id", optional_value(c.reports_to_contact_id)},
            {"owner_user_id", optional_value(c.owner_user_id)},
            {"attributes", attributes(c.attributes)},
            {"external_id", optional_value(c.external_id)}};
  put_ms(j, "created_at", c.created_at, zone);
  put_ms(j, "updated_at", c.updated_at, zone);
  return j;
}

Json render_account_detail(const sales::AccountDetail& d, const ShopZone& zone, bool pii) {
  Json j = render_account(d.account, zone);
  j["parent"] = d.parent ? render_account(*d.parent, zone) : Json(nullptr);
  Json children = Json::array();
  for (const auto& c : d.children) children.push_back(render_account(c, zone));
  j["children"] = children;
  Json contacts = Json::array();
  for (const auto& c : d.contacts) contacts.push_back(render_contact(c, zone, pii));
  j["contacts"] = contacts;
  Json by_role = Json::array();
  for (const auto& [role, ids] : d.chain.by_role)
    by_role.push_back({{"role", role.empty() ? Json(nullptr) : Json(role)}, {"contact_ids", ids}});
  Json tree = Json::array();
  for (const auto& n : d.chain.tree) tree.push_back(chain_node(n));
  j["decision_chain"] = {{"by_role", by_role}, {"reports_to_tree", tree}};
  Json opps = Json::array();
  for (const auto& o : d.opportunities) opps.push_back(render_opportunity_row({o, "", 0}, zone));
  j["opportunities"] = opps;
  Json acts = Json::array();
  for (const auto& a : d.recent_activities) acts.push_back(render_activity(a, zone));
  j["recent_activities"] = acts;
  return j;
}

Json render_lead(const sales::Lead& l, const ShopZone& zone, bool pii) {
  Json j = {{"id", l.id},
            {"name", l.name},
            {"company", l.company},
            {"title", l.title},
            {"email", pii ? l.email : mask_email(l.email)},
            {"phone", pii ? l.phone : mask_phone(l.phone)},
            {"industry", l.industry},
            {"size", l.size},
            {"region", l.region},
            {"source", l.source},
            {"source_detail", l.source_detail},
            {"campaign_id", optional_value(l.campaign_id)},
            {"status", l.status},
            {"score", l.score},
            {"fit_score", l.fit_score},
            {"engagement_score", l.engagement_score},
            {"owner_user_id", optional_value(l.owner_user_id)},
            {"customer_id", optional_value(l.customer_id)},
            {"disqualify_reason", l.disqualify_reason},
            {"converted_account_id", optional_value(l.converted_account_id)},
            {"converted_contact_id", optional_value(l.converted_contact_id)},
            {"converted_opportunity_id", optional_value(l.converted_opportunity_id)},
            {"attributes", attributes(l.attributes)},
            {"external_id", optional_value(l.external_id)}};
  put_ms(j, "converted_at", l.converted_at, zone);
  put_ms(j, "created_at", l.created_at, zone);
  put_ms(j, "updated_at", l.updated_at, zone);
  return j;
}

Json render_duplicates(const std::vector<sales::DuplicateMatch>& matches) {
  Json out = Json::array();
  for (const auto& m : matches)
    out.push_back({{"type", m.type}, {"id", m.id}, {"name", m.name}, {"reasons", m.reasons}});
  return out;
}

Json render_conversion(const sales::Conversion& c, const ShopZone& zone, bool pii) {
  return Json{
      {"lead", render_lead(c.lead, zone, pii)},
      {"account", c.account ? render_account(*c.account, zone) : Json(nullptr)},
      {"account_created", c.account_created},
      {"contact", render_contact(c.contact, zone, pii)},
      {"contact_created", c.contact_created},
      {"opportunity", c.opportunity ? render_opportunity(*c.opportunity, zone) : Json(nullptr)},
      {"activities_linked", c.activities_linked}};
}

Json render_stage(const sales::Stage& s) {
  return Json{{"id", s.id},
              {"pipeline_id", s.pipeline_id},
              {"name", s.name},
              {"position", s.position},
              {"probability", s.probability},
              {"kind", s.kind},
              {"required_fields", sales::required_fields(s)},
              {"active", s.active}};
}

Json render_pipeline(const sales::PipelineDetail& p) {
  Json stages = Json::array();
  for (const auto& s : p.stages) stages.push_back(render_stage(s));
  return Json{{"id", p.pipeline.id},
              {"name", p.pipeline.name},
              {"is_default", p.pipeline.is_default},
              {"stages", stages}};
}

Json render_opportunity_row(const sales::OpportunityRow& r, const ShopZone& zone) {
  const auto& o = r.opportunity;
  Json j = {{"id", o.id},
            {"name", o.name},
            {"pipeline_id", o.pipeline_id},
            {"stage_id", o.stage_id},
            {"stage_name", r.stage_name},
            {"probability", r.probability},
            {"account_id", optional_value(o.account_id)},
            {"primary_contact_id", optional_value(o.primary_contact_id)},
            {"lead_id", optional_value(o.lead_id)},
            {"amount_minor", o.amount_minor},
            {"currency", o.currency},
            {"expected_close_date", optional_value(o.expected_close_date)},
            {"owner_user_id", optional_value(o.owner_user_id)},
            {"status", o.status},
            {"forecast_category", o.forecast_category},
            {"next_step", o.next_step},
            {"source", o.source},
            {"close_reason", o.close_reason},
            {"attributes", attributes(o.attributes)},
            {"external_id", optional_value(o.external_id)}};
  put_ms(j, "closed_at", o.closed_at, zone);
  put_ms(j, "stage_entered_at", o.stage_entered_at, zone);
  put_ms(j, "last_activity_at", o.last_activity_at, zone);
  put_ms(j, "created_at", o.created_at, zone);
  put_ms(j, "updated_at", o.updated_at, zone);
  return j;
}

Json render_opportunity(const sales::OpportunityDetail& d, const ShopZone& zone) {
  Json j = render_opportunity_row({d.opportunity, d.stage.name, d.stage.probability}, zone);
  j["pipeline_name"] = d.pipeline_name;
  j["stage"] = render_stage(d.stage);
  Json lines = Json::array();
  for (const auto& l : d.lines) {
    lines.push_back({{"id", l.id},
                     {"product_id", optional_value(l.product_id)},
                     {"sku", l.sku},
                     {"name", l.name},
                     {"quantity", l.quantity},
                     {"unit_price_minor", l.unit_price_minor},
                     {"discount_minor", l.discount_minor},
                     {"total_minor", sales::line_total(l)}});
  }
  j["lines"] = lines;
  Json comps = Json::array();
  for (const auto& c : d.competitors)
    comps.push_back(
        {{"competitor_id", c.competitor_id}, {"name", c.competitor_name}, {"notes", c.notes}});
  j["competitors"] = comps;
  return j;
}

Json render_board(const sales::Board& b, const ShopZone& zone) {
  Json cols = Json::array();
  for (const auto& c : b.columns) {
    Json items = Json::array();
    for (const auto& o : c.items)
      items.push_back(render_opportunity_row({o, c.stage.name, c.stage.probability}, zone));
    cols.push_back({{"stage", render_stage(c.stage)},
                    {"open_count", c.count},
                    {"open_amount_minor", c.amount_minor},
                    {"items", items}});
  }
  return Json{{"pipeline_id", b.pipeline.id}, {"name", b.pipeline.name}, {"columns", cols}};
}

Json render_history_entry(const sales::HistoryEntry& e, const ShopZone& zone) {
  Json j = {{"id", e.move.id},
            {"from_stage_id", optional_value(e.move.from_stage_id)},
            {"from_stage", e.move.from_stage_id ? Json(e.from_name) : Json(nullptr)},
            {"to_stage_id", e.move.to_stage_id},
            {"to_stage", e.to_name},
            {"amount_minor", e.move.amount_minor},
            {"probability", e.move.probability},
            {"actor", e.move.actor}};
  put_ms(j, "moved_at", e.move.moved_at, zone);
  return j;
}

Json render_competitor(const sales::Competitor& c, const ShopZone& zone) {
  Json j = {{"id", c.id},
            {"name", c.name},
            {"website", c.website},
            {"products", c.products},
            {"price_positioning", c.price_positioning},
            {"strengths", c.strengths},
            {"weaknesses", c.weaknesses},
            {"notes", c.notes}};
  put_ms(j, "created_at", c.created_at, zone);
  put_ms(j, "updated_at", c.updated_at, zone);
  return j;
}

Json render_activity(const sales::Activity& a, const ShopZone& zone) {
  Json j = {{"id", a.id},
            {"kind", a.kind},
            {"subject", a.subject},
            {"body", a.body},
            {"outcome", a.outcome},
            {"duration_s", optional_value(a.duration_s)},
            {"account_id", optional_value(a.account_id)},
            {"contact_id", optional_value(a.contact_id)},
            {"opportunity_id", optional_value(a.opportunity_id)},
            {"lead_id", optional_value(a.lead_id)},
            {"note_id", optional_value(a.note_id)},
            {"user_id", optional_value(a.user_id)}};
  put_ms(j, "occurred_at", a.occurred_at, zone);
  put_ms(j, "created_at", a.created_at, zone);
  return j;
}

Json render_sales_task(const sales::SalesTask& t, const ShopZone& zone) {
  Json j = render_task(t.task, zone);
  j["account_id"] = optional_value(t.links.account);
  j["contact_id"] = optional_value(t.links.contact);
  j["opportunity_id"] = optional_value(t.links.opportunity);
  j["lead_id"] = optional_value(t.links.lead);
  return j;
}

Json render_share(const sales::Share& s, const ShopZone& zone) {
  Json j = {{"type", s.object_type}, {"id", s.object_id}, {"user_id", s.user_id}};
  put_ms(j, "created_at", s.created_at, zone);
  return j;
}

Json render_sales_import(const sales::SalesImportSummary& s) {
  Json issues = Json::array();
  for (const auto& i : s.issues)
    issues.push_back({{"line", i.line},
                      {"column", i.column},
                      {"severity", importer::severity_name(i.severity)},
                      {"reason", i.reason}});
  return Json{{"run_id", s.run_id},   {"rows", s.rows},           {"created", s.created},
              {"updated", s.updated}, {"unchanged", s.unchanged}, {"rejected", s.rejected},
              {"issues", issues}};
}

}  // namespace guanxi::api
