#include "service/canned.hpp"

#include <algorithm>
#include <regex>

#include "outbox/outbox.hpp"
#include "service/internal.hpp"
#include "service/model.hpp"
#include "store/agents_table.hpp"

namespace guanxi::service {

namespace {

CannedResponse to_canned(const store::CannedResponseRecord& r) {
  return {r.id, r.name, r.body, from_millis(r.created_at), from_millis(r.updated_at)};
}

Status check_body(const std::string& body) {
  if (body.empty() || body.size() > 5000)
    return Status::invalid_field("body", "body must be 1-5000 bytes");
  static const std::regex var(R"(\{\{\s*([A-Za-z_.]+)\s*\}\})");
  for (std::sregex_iterator it(body.begin(), body.end(), var), end; it != end; ++it) {
    const std::string name = (*it)[1].str();
    const auto& known = canned_variables();
    if (std::find(known.begin(), known.end(), name) == known.end())
      return Status::invalid_field("body", "unknown variable {{" + name + "}}");
  }
  return Status::ok();
}

Status check_name(domain::WriteContext& ctx, const std::string& name, int64_t self) {
  if (name.empty() || name.size() > 100)
    return Status::invalid_field("name", "name must be 1-100 bytes");
  GX_ASSIGN_OR_RETURN(auto taken, store::find_canned_response_by_name(ctx.db, ctx.shop.id, name));
  if (taken && *taken != self)
    return Status(ErrorCode::kAlreadyExists, "a canned response named '" + name + "' exists");
  return Status::ok();
}

}  // namespace

const std::vector<std::string>& canned_variables() {
  static const std::vector<std::string> vars = {"customer.name", "customer.tier", "customer.points",
                                                "shop.name",     "ticket.id",     "ticket.subject",
                                                "agent.name"};
  return vars;
}

Result<CannedResponse> create_canned_response(domain::WriteContext& ctx, const std::string& name,
                                              const std::string& body) {
  GX_RETURN_IF_ERROR(check_name(ctx, name, 0));
  GX_RETURN_IF_ERROR(check_body(body));
  store::CannedResponseRecord r{0,    ctx.shop.id,           name,
                                body, internal::now_ms(ctx), internal::now_ms(ctx)};
  GX_ASSIGN_OR_RETURN(r.id, store::insert_canned_response(ctx.db, r));
  GX_RETURN_IF_ERROR(record_service_change(ctx, "canned_response_saved", std::nullopt, r.id,
                                           Json{{"name", name}}));
  return to_canned(r);
}

Result<CannedResponse> update_canned_response(domain::WriteContext& ctx, int64_t id,
                                              const std::optional<std::string>& name,
                                              const std::optional<std::string>& body) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_canned_response(ctx.db, ctx.shop.id, id));
  if (!r) return Status::not_found("canned response " + std::to_string(id) + " does not exist");
  if (name) {
    GX_RETURN_IF_ERROR(check_name(ctx, *name, id));
    r->name = *name;
  }
  if (body) {
    GX_RETURN_IF_ERROR(check_body(*body));
    r->body = *body;
  }
  r->updated_at = internal::now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_canned_response(ctx.db, *r));
  GX_RETURN_IF_ERROR(record_service_change(ctx, "canned_response_saved", std::nullopt, r->id,
                                           Json{{"name", r->name}}));
  return to_canned(*r);
}

Status delete_canned_response(domain::WriteContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(bool existed, store::delete_canned_response(ctx.db, ctx.shop.id, id));
  if (!existed)
    return Status::not_found("canned response " + std::to_string(id) + " does not exist");
  return record_service_change(ctx, "canned_response_deleted", std::nullopt, id, Json::object());
}

Result<std::vector<CannedResponse>> list_canned_responses(domain::ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_canned_responses(ctx.db, ctx.shop.id));
  std::vector<CannedResponse> out;
  for (const auto& r : recs) out.push_back(to_canned(r));
  return out;
}

Result<std::string> render_canned_text(const std::string& body, const Json& vars) {
  return outbox::render_text(body, vars);
}

Result<std::string> render_canned_response(domain::WriteContext& ctx, int64_t id,
                                           const store::TicketRecord& ticket,
                                           std::optional<int64_t> agent) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_canned_response(ctx.db, ctx.shop.id, id));
  if (!r) {
    return Status::invalid_field("canned_response_id",
                                 "canned response " + std::to_string(id) + " does not exist");
  }
  GX_ASSIGN_OR_RETURN(Json vars,
                      outbox::customer_template_vars(ctx.db, ctx.shop, ticket.customer_id, false));
  vars["ticket"] = {{"id", std::to_string(ticket.id)}, {"subject", ticket.subject}};
  std::optional<int64_t> who = agent ? agent : ticket.assignee_agent_id;
  std::string agent_name;
  if (who) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_agent(ctx.db, ctx.shop.id, *who));
    if (a) agent_name = a->name;
  }
  vars["agent"] = {{"name", agent_name}};
  return render_canned_text(r->body, vars);
}

}  // namespace guanxi::service
