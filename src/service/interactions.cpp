#include "service/interactions.hpp"

#include "domain/customers.hpp"
#include "service/internal.hpp"
#include "service/model.hpp"
#include "store/activity_table.hpp"
#include "store/agents_table.hpp"
#include "store/journey_table.hpp"

namespace guanxi::service {

namespace {

// The first `n` bytes of `text` without cutting a UTF-8 sequence.
std::string utf8_prefix(const std::string& text, size_t n) {
  if (text.size() <= n) return text;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n) + "…";
}

}  // namespace

Result<LoggedInteraction> log_interaction(domain::WriteContext& ctx, domain::CustomerId customer,
                                          const InteractionInput& input) {
  GX_ASSIGN_OR_RETURN(domain::CustomerId live,
                      domain::resolve_customer_id(ctx.db, ctx.shop.id, customer));
  std::optional<store::AgentRecord> agent;
  if (input.details.agent_id) {
    GX_ASSIGN_OR_RETURN(agent, store::find_agent(ctx.db, ctx.shop.id, *input.details.agent_id));
    if (!agent)
      return Status::invalid_field(
          "agent_id", "agent " + std::to_string(*input.details.agent_id) + " does not exist");
  }
  std::optional<store::TicketRecord> ticket;
  if (input.details.ticket_id) {
    GX_ASSIGN_OR_RETURN(ticket, store::find_ticket(ctx.db, ctx.shop.id, *input.details.ticket_id));
    if (!ticket || ticket->customer_id != live)
      return Status::invalid_field("ticket_id", "ticket " +
                                                    std::to_string(*input.details.ticket_id) +
                                                    " is not a ticket of this customer");
  }
  domain::NoteInput in = input.note;
  const domain::InteractionDetails& d = input.details;
  if (in.author.empty() && agent) in.author = agent->name;
  LoggedInteraction out;
  GX_ASSIGN_OR_RETURN(out.note, domain::add_note(ctx, live, in, d));
  if (ticket) {
    if (in.direction == "inbound") {
      ticket->customer_contacts += 1;
      ticket->updated_at = internal::now_ms(ctx);
      GX_RETURN_IF_ERROR(store::update_ticket(ctx.db, *ticket));
    }
    GX_RETURN_IF_ERROR(internal::add_event(ctx, *ticket, "interaction",
                                           std::string(domain::note_type_name(in.type)),
                                           in.direction, in.summary, d.agent_id));
  }
  if (d.next_follow_up_at) {
    store::TaskRecord t;
    t.shop_id = ctx.shop.id;
    t.customer_id = live;
    if (agent) t.assignee_user_id = agent->user_id;
    if (!t.assignee_user_id) t.assignee_role = "csr";
    t.title = "跟进: " + utf8_prefix(in.summary, 90);
    t.status = "open";
    t.due_at = to_millis(*d.next_follow_up_at);
    t.remind_at = t.due_at;
    t.source = "interaction";
    t.ticket_id = d.ticket_id;
    t.created_at = internal::now_ms(ctx);
    t.updated_at = t.created_at;
    GX_ASSIGN_OR_RETURN(t.id, store::insert_task(ctx.db, t));
    out.task_id = t.id;
    GX_RETURN_IF_ERROR(
        record_service_change(ctx, "task_created", live, t.id,
                              Json{{"source", "interaction"}, {"note_id", out.note.id}}));
  }
  return out;
}

Result<std::vector<domain::Note>> list_interactions(domain::ReadContext& ctx,
                                                    domain::CustomerId customer, int limit) {
  return domain::list_notes(ctx, customer, limit);
}

Result<std::vector<domain::Note>> ticket_interactions(domain::ReadContext& ctx, int64_t ticket) {
  GX_RETURN_IF_ERROR(internal::load_ticket(ctx.db, ctx.shop.id, ticket).status());
  GX_ASSIGN_OR_RETURN(auto recs, store::list_ticket_notes(ctx.db, ctx.shop.id, ticket));
  std::vector<domain::Note> out;
  for (const auto& r : recs) out.push_back(domain::to_note(r));
  return out;
}

}  // namespace guanxi::service
