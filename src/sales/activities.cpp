#include "sales/activities.hpp"

#include <algorithm>

#include "sales/analytics.hpp"
#include "service/interactions.hpp"

namespace guanxi::sales {

namespace {

// The linked records of an activity or task, loaded and checked: a missing one
// is unprocessable naming its field, an invisible one permission_denied.
struct Targets {
  std::optional<Account> account;
  std::optional<Contact> contact;
  std::optional<Opportunity> opportunity;
  std::optional<Lead> lead;
};

Result<Targets> load_targets(store::Connection& db, int64_t shop, const Viewer& viewer,
                             const store::SalesTaskLinks& on) {
  Targets t;
  const auto v = viewer.visibility();
  auto deny = [](RecordType type, int64_t id) {
    return Status(ErrorCode::kPermissionDenied, std::string(record_type_name(type)) + " " +
                                                    std::to_string(id) + " is not visible to you");
  };
  if (on.account) {
    GX_ASSIGN_OR_RETURN(t.account, store::find_account(db, shop, *on.account));
    if (!t.account)
      return Status::unprocessable_field(
          "account_id", "account " + std::to_string(*on.account) + " does not exist");
    GX_ASSIGN_OR_RETURN(bool ok, store::record_visible(db, shop, "account", t.account->id,
                                                       t.account->owner_user_id, v));
    if (!ok) return deny(RecordType::kAccount, t.account->id);
  }
  if (on.contact) {
    GX_ASSIGN_OR_RETURN(t.contact, store::find_contact(db, shop, *on.contact));
    if (!t.contact)
      return Status::unprocessable_field(
          "contact_id", "contact " + std::to_string(*on.contact) + " does not exist");
    GX_ASSIGN_OR_RETURN(bool ok, store::record_visible(db, shop, "contact", t.contact->id,
                                                       t.contact->owner_user_id, v));
    if (!ok) return deny(RecordType::kContact, t.contact->id);
  }
  if (on.opportunity) {
    GX_ASSIGN_OR_RETURN(t.opportunity, store::find_opportunity(db, shop, *on.opportunity));
    if (!t.opportunity)
      return Status::unprocessable_field(
          "opportunity_id", "opportunity " + std::to_string(*on.opportunity) + " does not exist");
    GX_ASSIGN_OR_RETURN(bool ok, store::record_visible(db, shop, "opportunity", t.opportunity->id,
                                                       t.opportunity->owner_user_id, v));
    if (!ok) return deny(RecordType::kOpportunity, t.opportunity->id);
  }
  if (on.lead) {
    GX_ASSIGN_OR_RETURN(t.lead, store::find_lead(db, shop, *on.lead));
    if (!t.lead)
      return Status::unprocessable_field("lead_id",
                                         "lead " + std::to_string(*on.lead) + " does not exist");
    GX_ASSIGN_OR_RETURN(
        bool ok, store::record_visible(db, shop, "lead", t.lead->id, t.lead->owner_user_id, v));
    if (!ok) return deny(RecordType::kLead, t.lead->id);
  }
  return t;
}

domain::NoteType note_type_of(const std::string& kind) {
  if (kind == "call") return domain::NoteType::kCall;
  if (kind == "meeting" || kind == "visit") return domain::NoteType::kVisit;
  if (kind == "email") return domain::NoteType::kEmail;
  return domain::NoteType::kOther;
}

}  // namespace

Result<Activity> log_activity(domain::WriteContext& ctx, const Viewer& viewer,
                              const ActivityInput& in) {
  GX_RETURN_IF_ERROR(check_one_of("kind", in.kind, kActivityKinds, false));
  if (in.subject.size() > 200)
    return Status::invalid_field("subject", "subject is at most 200 bytes");
  if (in.body.size() > 10000) return Status::invalid_field("body", "body is at most 10,000 bytes");
  if (in.subject.empty() && in.body.empty())
    return Status::invalid_field("subject", "an activity needs a subject or a body");
  if (in.outcome.size() > 200)
    return Status::invalid_field("outcome", "outcome is at most 200 bytes");
  if (!in.direction.empty() && in.direction != "inbound" && in.direction != "outbound")
    return Status::invalid_field("direction", "direction must be inbound or outbound");
  if (in.duration_s && (*in.duration_s < 0 || *in.duration_s > 86400))
    return Status::invalid_field("duration_s", "duration_s is 0..86400");
  if (!in.account_id && !in.contact_id && !in.opportunity_id && !in.lead_id)
    return Status::invalid_field(
        "account_id", "an activity is logged on an account, contact, opportunity or lead");
  GX_ASSIGN_OR_RETURN(Targets t,
                      load_targets(ctx.db, ctx.shop.id, viewer,
                                   {in.account_id, in.contact_id, in.opportunity_id, in.lead_id}));
  const std::optional<int64_t> user = in.user_id            ? in.user_id
                                      : viewer.user_id != 0 ? std::optional<int64_t>(viewer.user_id)
                                                            : std::nullopt;
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, user, "user_id"));
  const Timestamp now = ctx.clock.now();
  const Timestamp at = in.occurred_at.value_or(now);
  if (at > now + std::chrono::hours(24))
    return Status::invalid_field("occurred_at", "occurred_at is in the future");

  Activity a;
  a.shop_id = ctx.shop.id;
  a.kind = in.kind;
  a.subject = in.subject;
  a.body = in.body;
  a.outcome = in.outcome;
  a.duration_s = in.duration_s;
  a.account_id = in.account_id;
  a.contact_id = in.contact_id;
  a.opportunity_id = in.opportunity_id;
  a.lead_id = in.lead_id;
  a.user_id = user;
  a.occurred_at = to_millis(at);
  a.created_at = to_millis(now);
  if (!a.account_id && t.contact && t.contact->account_id) a.account_id = t.contact->account_id;
  if (!a.account_id && t.opportunity && t.opportunity->account_id)
    a.account_id = t.opportunity->account_id;
  if (!a.contact_id && t.opportunity && t.opportunity->primary_contact_id && in.kind != "note")
    a.contact_id = t.opportunity->primary_contact_id;

  // The memo on the person's customer profile (the service side's interaction).
  std::optional<int64_t> customer;
  if (a.contact_id) {
    if (t.contact && t.contact->id == *a.contact_id) {
      customer = t.contact->customer_id;
    } else {
      GX_ASSIGN_OR_RETURN(auto c, store::find_contact(ctx.db, ctx.shop.id, *a.contact_id));
      if (c) customer = c->customer_id;
    }
  }
  if (!customer && t.lead) customer = t.lead->customer_id;
  if (customer) {
    service::InteractionInput ii;
    ii.note.type = note_type_of(a.kind);
    ii.note.direction = in.direction;
    ii.note.author = ctx.actor;
    std::string summary = a.subject;
    if (!a.body.empty()) summary += (summary.empty() ? "" : "\n") + a.body;
    ii.note.summary = "[销售" + a.kind + "] " + summary;
    ii.note.occurred_at = at;
    ii.details.duration_s = a.duration_s;
    ii.details.outcome = a.outcome;
    GX_ASSIGN_OR_RETURN(auto logged, service::log_interaction(ctx, *customer, ii));
    a.note_id = logged.note.id;
  }
  GX_ASSIGN_OR_RETURN(a.id, store::insert_sales_activity(ctx.db, a));
  if (a.opportunity_id && t.opportunity) {
    auto& o = *t.opportunity;
    if (!o.last_activity_at || *o.last_activity_at < a.occurred_at) {
      o.last_activity_at = a.occurred_at;
      GX_RETURN_IF_ERROR(store::update_opportunity(ctx.db, o));
      GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, o.id));
    }
  }
  GX_RETURN_IF_ERROR(record_sales_change(
      ctx, "sales_activity_logged", a.id,
      Json{{"kind", a.kind},
           {"opportunity_id", a.opportunity_id ? Json(*a.opportunity_id) : Json(nullptr)}},
      customer));
  GX_RETURN_IF_ERROR(record_activity_analytics(ctx, a.id));
  return a;
}

Result<Activity> get_activity(domain::ReadContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto a, store::find_sales_activity(ctx.db, ctx.shop.id, id));
  if (!a) return Status::not_found("activity " + std::to_string(id) + " does not exist");
  if (viewer.scope != Viewer::Scope::kAll && a->user_id != viewer.user_id) {
    auto t = load_targets(ctx.db, ctx.shop.id, viewer,
                          {a->account_id, a->contact_id, a->opportunity_id, a->lead_id});
    if (!t.ok()) return t.status();
  }
  return std::move(*a);
}

Result<std::vector<Activity>> list_activities(domain::ReadContext& ctx, const Viewer& viewer,
                                              store::SalesActivityFilter filter) {
  if (filter.limit < 1 || filter.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  const bool on_record = filter.account || filter.contact || filter.opportunity || filter.lead;
  if (on_record) {
    auto t = load_targets(ctx.db, ctx.shop.id, viewer,
                          {filter.account, filter.contact, filter.opportunity, filter.lead});
    if (!t.ok()) {
      // A record that does not exist is a 404 here (it is a query, not a body).
      if (t.status().code() == ErrorCode::kUnprocessable)
        return Status::not_found(t.status().message());
      return t.status();
    }
  } else if (viewer.scope != Viewer::Scope::kAll) {
    filter.user = viewer.user_id;
  }
  return store::list_sales_activities(ctx.db, ctx.shop.id, filter);
}

Result<SalesTask> create_sales_task(domain::WriteContext& ctx, const Viewer& viewer,
                                    const service::TaskInput& in,
                                    const store::SalesTaskLinks& links) {
  GX_ASSIGN_OR_RETURN(Targets t, load_targets(ctx.db, ctx.shop.id, viewer, links));
  service::TaskInput input = in;
  if (!input.assignee_user_id && viewer.user_id != 0) input.assignee_user_id = viewer.user_id;
  if (!input.customer_id && t.contact && t.contact->customer_id)
    input.customer_id = t.contact->customer_id;
  SalesTask out;
  GX_ASSIGN_OR_RETURN(out.task, service::create_task(ctx, input));
  out.links = links;
  if (!out.links.account && t.contact) out.links.account = t.contact->account_id;
  if (!out.links.account && t.opportunity) out.links.account = t.opportunity->account_id;
  GX_RETURN_IF_ERROR(store::set_task_sales_links(ctx.db, ctx.shop.id, out.task.id,
                                                 out.links.account, out.links.contact,
                                                 out.links.opportunity, out.links.lead));
  return out;
}

Result<std::vector<SalesTask>> list_sales_tasks(domain::ReadContext& ctx, const Viewer& viewer,
                                                const store::SalesTaskLinks& on,
                                                std::optional<std::string> status, int limit) {
  if (limit < 1 || limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  if (on.account || on.contact || on.opportunity || on.lead) {
    auto t = load_targets(ctx.db, ctx.shop.id, viewer, on);
    if (!t.ok()) {
      if (t.status().code() == ErrorCode::kUnprocessable)
        return Status::not_found(t.status().message());
      return t.status();
    }
  }
  GX_ASSIGN_OR_RETURN(auto ids, store::list_sales_task_ids(ctx.db, ctx.shop.id, on, status, limit));
  std::vector<SalesTask> out;
  for (int64_t id : ids) {
    SalesTask st;
    GX_ASSIGN_OR_RETURN(st.task, service::get_task(ctx, id));
    if (viewer.scope != Viewer::Scope::kAll &&
        !(on.account || on.contact || on.opportunity || on.lead) &&
        st.task.assignee_user_id != viewer.user_id)
      continue;
    GX_ASSIGN_OR_RETURN(st.links, store::find_task_sales_links(ctx.db, ctx.shop.id, id));
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace guanxi::sales
