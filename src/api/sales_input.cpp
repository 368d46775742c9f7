#include "api/sales_input.hpp"

#include "api/input_fields.hpp"

namespace guanxi::api {

namespace {

using detail::id_member;
using detail::nullable_id;
using detail::time_member;
using Need = JsonFields::Need;

std::optional<std::optional<std::string>> nullable_string(JsonFields& f, std::string_view key) {
  if (f.is_null(key)) {
    f.allow(key);
    return std::optional<std::string>();
  }
  auto v = f.string(key);
  if (!v) return std::nullopt;
  return std::optional<std::string>(*v);
}

std::optional<std::string> attributes_member(JsonFields& f) {
  if (const Json* a = f.object("attributes")) return a->dump();
  return std::nullopt;
}

Status read_strings(const Json& v, const std::string& pointer, std::vector<std::string>& out) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      Location loc;
      loc.field = pointer + "/" + std::to_string(i);
      return Status::invalid("must be a string", loc);
    }
    out.push_back(v[i].get<std::string>());
  }
  return Status::ok();
}

Result<std::vector<sales::QuoteLineInput>> read_lines(const Json& v) {
  std::vector<sales::QuoteLineInput> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string at = "/lines/" + std::to_string(i);
    if (!v[i].is_object()) {
      Location loc;
      loc.field = at;
      return Status::invalid("a quote line is an object", loc);
    }
    JsonFields l(v[i], at);
    sales::QuoteLineInput q;
    q.product_id = id_member(l, "product_id");
    q.sku = l.string("sku").value_or("");
    q.name = l.string("name", Need::kRequired).value_or("");
    q.quantity = l.int64("quantity").value_or(1);
    q.unit_price_minor = l.int64("unit_price_minor", Need::kRequired).value_or(0);
    q.discount_minor = l.int64("discount_minor").value_or(0);
    GX_RETURN_IF_ERROR(l.finish());
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

sales::Viewer viewer_of(const Principal& principal) {
  sales::Viewer v;
  v.user_id = principal.user_id;
  v.team_id = principal.team_id;
  switch (record_scope(principal)) {
    case RecordScope::kOwn:
      v.scope = sales::Viewer::Scope::kOwn;
      break;
    case RecordScope::kTeam:
      v.scope = sales::Viewer::Scope::kTeam;
      break;
    case RecordScope::kAll:
      v.scope = sales::Viewer::Scope::kAll;
      break;
  }
  return v;
}

Result<sales::AccountFields> read_account_fields(const Json& body) {
  sales::AccountFields a;
  JsonFields f(body);
  a.name = f.string("name");
  a.industry = f.string("industry");
  a.size = f.string("size");
  a.region = f.string("region");
  a.website = f.string("website");
  a.phone = f.string("phone");
  a.owner_user_id = nullable_id(f, "owner_user_id");
  a.parent_account_id = nullable_id(f, "parent_account_id");
  a.attributes = attributes_member(f);
  a.external_id = f.string("external_id");
  GX_RETURN_IF_ERROR(f.finish());
  return a;
}

Result<sales::ContactFields> read_contact_fields(const Json& body) {
  sales::ContactFields c;
  JsonFields f(body);
  c.account_id = nullable_id(f, "account_id");
  c.customer_id = nullable_id(f, "customer_id");
  c.name = f.string("name");
  c.title = f.string("title");
  c.email = f.string("email");
  c.phone = f.string("phone");
  c.decision_role = f.string("decision_role");
  c.influence = f.int64("influence");
  c.attitude = f.string("attitude");
  c.reports_to_contact_id = nullable_id(f, "reports_to_contact_id");
  c.owner_user_id = nullable_id(f, "owner_user_id");
  c.attributes = attributes_member(f);
  c.external_id = f.string("external_id");
  GX_RETURN_IF_ERROR(f.finish());
  return c;
}

Result<sales::LeadFields> read_lead_fields(const Json& body) {
  sales::LeadFields l;
  JsonFields f(body);
  l.name = f.string("name");
  l.company = f.string("company");
  l.title = f.string("title");
  l.email = f.string("email");
  l.phone = f.string("phone");
  l.industry = f.string("industry");
  l.size = f.string("size");
  l.region = f.string("region");
  l.source = f.string("source");
  l.source_detail = f.string("source_detail");
  l.campaign_id = nullable_id(f, "campaign_id");
  l.owner_user_id = nullable_id(f, "owner_user_id");
  l.customer_id = nullable_id(f, "customer_id");
  l.attributes = attributes_member(f);
  l.external_id = f.string("external_id");
  GX_RETURN_IF_ERROR(f.finish());
  return l;
}

Result<sales::ConvertInput> read_convert_input(const Json& body) {
  sales::ConvertInput in;
  JsonFields f(body);
  in.account_id = id_member(f, "account_id");
  in.contact_id = id_member(f, "contact_id");
  in.create_opportunity = f.boolean("create_opportunity").value_or(true);
  in.owner_user_id = id_member(f, "owner_user_id");
  if (const Json* o = f.object("opportunity")) {
    JsonFields of(*o, "/opportunity");
    in.opportunity_name = of.string("name").value_or("");
    in.amount_minor = of.int64("amount_minor");
    in.expected_close_date = of.string("expected_close_date");
    in.pipeline_id = id_member(of, "pipeline_id");
    GX_RETURN_IF_ERROR(of.finish());
  }
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Result<sales::StageFields> read_stage_fields(const Json& body) {
  sales::StageFields s;
  JsonFields f(body);
  s.name = f.string("name");
  s.position = f.int64("position");
  s.probability = f.int64("probability");
  s.kind = f.string("kind");
  s.active = f.boolean("active");
  const Json* req = f.array("required_fields");
  GX_RETURN_IF_ERROR(f.finish());
  if (req) {
    s.required_fields.emplace();
    GX_RETURN_IF_ERROR(read_strings(*req, "/required_fields", *s.required_fields));
  }
  return s;
}

Result<sales::PipelineFields> read_pipeline_fields(const Json& body) {
  sales::PipelineFields p;
  JsonFields f(body);
  p.name = f.string("name");
  p.is_default = f.boolean("is_default");
  const Json* stages = f.array("stages");
  GX_RETURN_IF_ERROR(f.finish());
  if (stages) {
    p.stages.emplace();
    for (size_t i = 0; i < stages->size(); ++i) {
      const std::string at = "/stages/" + std::to_string(i);
      if (!(*stages)[i].is_object()) {
        Location loc;
        loc.field = at;
        return Status::invalid("a stage is an object", loc);
      }
      auto s = read_stage_fields((*stages)[i]);
      if (!s.ok()) return s.status().with_field_prefix(at);
      p.stages->push_back(std::move(*s));
    }
  }
  return p;
}

Result<sales::OpportunityFields> read_opportunity_fields(const Json& body) {
  sales::OpportunityFields o;
  JsonFields f(body);
  o.pipeline_id = id_member(f, "pipeline_id");
  o.stage_id = id_member(f, "stage_id");
  o.account_id = nullable_id(f, "account_id");
  o.primary_contact_id = nullable_id(f, "primary_contact_id");
  o.lead_id = id_member(f, "lead_id");
  o.name = f.string("name");
  o.amount_minor = f.int64("amount_minor");
  o.currency = f.string("currency");
  o.expected_close_date = nullable_string(f, "expected_close_date");
  o.owner_user_id = nullable_id(f, "owner_user_id");
  o.forecast_category = f.string("forecast_category");
  o.next_step = f.string("next_step");
  o.source = f.string("source");
  o.attributes = attributes_member(f);
  o.external_id = f.string("external_id");
  o.amount_from_lines = f.boolean("amount_from_lines").value_or(false);
  const Json* lines = f.array("lines");
  GX_RETURN_IF_ERROR(f.finish());
  if (lines) {
    GX_ASSIGN_OR_RETURN(o.lines, read_lines(*lines));
  }
  return o;
}

Result<sales::StageMoveInput> read_stage_move(const Json& body) {
  sales::StageMoveInput m;
  JsonFields f(body);
  m.stage_id = id_member(f, "stage_id");
  m.stage_name = f.string("stage").value_or("");
  m.close_reason = f.string("reason");
  m.amount_minor = f.int64("amount_minor");
  m.expected_close_date = f.string("expected_close_date");
  m.next_step = f.string("next_step");
  m.forecast_category = f.string("forecast_category");
  GX_RETURN_IF_ERROR(f.finish());
  if (!m.stage_id && m.stage_name.empty()) {
    Location loc;
    loc.field = "/stage_id";
    return Status::invalid("give stage_id or stage (the stage's name)", loc);
  }
  return m;
}

Result<sales::CompetitorFields> read_competitor_fields(const Json& body) {
  sales::CompetitorFields c;
  JsonFields f(body);
  c.name = f.string("name");
  c.website = f.string("website");
  c.products = f.string("products");
  c.price_positioning = f.string("price_positioning");
  c.strengths = f.string("strengths");
  c.weaknesses = f.string("weaknesses");
  c.notes = f.string("notes");
  GX_RETURN_IF_ERROR(f.finish());
  return c;
}

Result<sales::ActivityInput> read_activity_input(const Json& body) {
  sales::ActivityInput a;
  JsonFields f(body);
  a.kind = f.string("kind", Need::kRequired).value_or("");
  a.subject = f.string("subject").value_or("");
  a.body = f.string("body").value_or("");
  a.outcome = f.string("outcome").value_or("");
  a.direction = f.string("direction").value_or("");
  a.duration_s = f.int64("duration_s");
  a.account_id = id_member(f, "account_id");
  a.contact_id = id_member(f, "contact_id");
  a.opportunity_id = id_member(f, "opportunity_id");
  a.lead_id = id_member(f, "lead_id");
  a.user_id = id_member(f, "user_id");
  a.occurred_at = time_member(f, "occurred_at");
  GX_RETURN_IF_ERROR(f.finish());
  return a;
}

Result<std::pair<service::TaskInput, store::SalesTaskLinks>> read_sales_task(const Json& body) {
  service::TaskInput in;
  store::SalesTaskLinks links;
  JsonFields f(body);
  in.title = f.string("title", Need::kRequired).value_or("");
  in.notes = f.string("notes").value_or("");
  in.assignee_user_id = id_member(f, "assignee_user_id");
  in.due_at = time_member(f, "due_at");
  in.remind_at = time_member(f, "remind_at");
  links.account = id_member(f, "account_id");
  links.contact = id_member(f, "contact_id");
  links.opportunity = id_member(f, "opportunity_id");
  links.lead = id_member(f, "lead_id");
  GX_RETURN_IF_ERROR(f.finish());
  if (!links.account && !links.contact && !links.opportunity && !links.lead) {
    Location loc;
    loc.field = "/opportunity_id";
    return Status::invalid("a sales task needs account_id, contact_id, opportunity_id or lead_id",
                           loc);
  }
  return std::make_pair(in, links);
}

}  // namespace guanxi::api
