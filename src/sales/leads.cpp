#include "sales/leads.hpp"

#include <algorithm>
#include <map>

#include "domain/customers.hpp"
#include "sales/analytics.hpp"
#include "sales/normalize.hpp"
#include "sales/write_helpers.hpp"
#include "store/settings_table.hpp"

namespace guanxi::sales {

namespace {

using internal::now_ms;
using internal::set;

constexpr std::string_view kRoundRobinKey = "sales_round_robin";

std::string lower(std::string s) {
  s = fold_width(s);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

const std::string& lead_field(const Lead& l, const std::string& field) {
  if (field == "industry") return l.industry;
  if (field == "size") return l.size;
  if (field == "region") return l.region;
  if (field == "title") return l.title;
  return l.source;
}

Result<Lead> load_lead(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto l, store::find_lead(db, shop, id));
  if (!l) return Status::not_found("lead " + std::to_string(id) + " does not exist");
  return std::move(*l);
}

Status lead_rules(domain::WriteContext& ctx, const Lead& l) {
  if (l.name.empty() || l.name.size() > 200)
    return Status::invalid_field("name", "name is required (1-200 bytes)");
  for (auto [field, value, max] :
       {std::tuple{"company", &l.company, 200}, std::tuple{"title", &l.title, 200},
        std::tuple{"email", &l.email, 254}, std::tuple{"phone", &l.phone, 50},
        std::tuple{"industry", &l.industry, 100}, std::tuple{"region", &l.region, 100},
        std::tuple{"source_detail", &l.source_detail, 500}}) {
    if (value->size() > static_cast<size_t>(max))
      return Status::invalid_field(
          field, std::string(field) + " is longer than " + std::to_string(max) + " bytes");
  }
  if (!l.email.empty() && l.email_key.empty())
    return Status::invalid_field("email", "'" + l.email + "' is not an email address");
  if (!l.phone.empty() && l.phone_key.empty())
    return Status::invalid_field("phone", "'" + l.phone + "' is not a phone number");
  GX_RETURN_IF_ERROR(check_one_of("source", l.source, kLeadSources, false));
  GX_RETURN_IF_ERROR(check_one_of("size", l.size, kCompanySizes));
  GX_RETURN_IF_ERROR(check_attributes("attributes", l.attributes));
  if (l.external_id && (l.external_id->empty() || l.external_id->size() > 200))
    return Status::invalid_field("external_id", "external_id must be 1-200 bytes");
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, l.owner_user_id, "owner_user_id"));
  return Status::ok();
}

// The owner the assignment rules give a new lead (nullopt: none).
Result<std::optional<int64_t>> assign(domain::WriteContext& ctx, const SalesSettings& s,
                                      const Lead& l) {
  if (s.assignment_mode == "none") return std::optional<int64_t>();
  if (s.assignment_mode == "rules") {
    for (const auto& r : s.assignment_rules) {
      const std::string v = lower(lead_field(l, r.field));
      for (const auto& want : r.values) {
        if (!v.empty() && v == lower(want)) return std::optional<int64_t>(r.user_id);
      }
    }
  }
  if (s.round_robin_users.empty()) return std::optional<int64_t>();
  GX_ASSIGN_OR_RETURN(auto state, store::find_shop_setting(ctx.db, ctx.shop.id, kRoundRobinKey));
  int64_t last = 0;
  if (state) {
    auto j = Json::parse(state->value, nullptr, false);
    if (j.is_object() && j.contains("last_user_id") && j["last_user_id"].is_number_integer())
      last = j["last_user_id"].get<int64_t>();
  }
  const auto& users = s.round_robin_users;
  auto it = std::find(users.begin(), users.end(), last);
  const int64_t next = (it == users.end() || it + 1 == users.end()) ? users.front() : *(it + 1);
  GX_RETURN_IF_ERROR(store::put_shop_setting(ctx.db, ctx.shop.id, kRoundRobinKey,
                                             Json{{"last_user_id", next}}.dump(), now_ms(ctx)));
  return std::optional<int64_t>(next);
}

Status score(domain::WriteContext& ctx, const SalesSettings& s, Lead& l) {
  l.fit_score = fit_score(s, l);
  const int64_t since = now_ms(ctx) - s.engagement.days * 86'400'000;
  GX_ASSIGN_OR_RETURN(auto counts,
                      store::engagement_counts(ctx.db, ctx.shop.id, l.customer_id, l.id, since));
  const auto& e = s.engagement;
  l.engagement_score =
      std::min(e.max, counts.events * e.event_points + counts.messages * e.message_points +
                          counts.activities * e.activity_points);
  l.score = l.fit_score + l.engagement_score;
  return Status::ok();
}

void add_match(std::vector<DuplicateMatch>& out, std::string type, int64_t id, std::string name,
               std::string reason) {
  for (auto& m : out) {
    if (m.type == type && m.id == id) {
      if (std::find(m.reasons.begin(), m.reasons.end(), reason) == m.reasons.end())
        m.reasons.push_back(std::move(reason));
      return;
    }
  }
  out.push_back({std::move(type), id, std::move(name), {std::move(reason)}});
}

Result<Lead> visible_lead(domain::WriteContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kLead, id, l.owner_user_id));
  return l;
}

}  // namespace

Result<OnDuplicate> parse_on_duplicate(std::string_view text) {
  if (text == "reject") return OnDuplicate::kReject;
  if (text == "link") return OnDuplicate::kLink;
  if (text == "allow") return OnDuplicate::kAllow;
  return Status::invalid("on_duplicate must be reject, link or allow");
}

int64_t fit_score(const SalesSettings& s, const Lead& lead) {
  int64_t total = 0;
  for (const auto& r : s.fit_rules) {
    const std::string v = lower(lead_field(lead, r.field));
    if (v.empty()) continue;
    for (const auto& want : r.values) {
      const std::string w = lower(want);
      if (r.match == "equals" ? v == w : v.find(w) != std::string::npos) {
        total += r.points;
        break;
      }
    }
  }
  return total;
}

Result<std::vector<DuplicateMatch>> find_duplicates(store::Connection& db, int64_t shop,
                                                    const std::string& email,
                                                    const std::string& phone,
                                                    const std::string& company,
                                                    std::optional<int64_t> except_lead) {
  const std::string ek = email_key(email);
  const std::string pk = phone_key(phone);
  const std::string ck = company_key(company);
  std::vector<DuplicateMatch> out;
  if (!ek.empty()) {
    GX_ASSIGN_OR_RETURN(auto cs, store::find_contacts_by_email_key(db, shop, ek));
    for (const auto& c : cs) add_match(out, "contact", c.id, c.name, "email");
  }
  if (!pk.empty()) {
    GX_ASSIGN_OR_RETURN(auto cs, store::find_contacts_by_phone_key(db, shop, pk));
    for (const auto& c : cs) add_match(out, "contact", c.id, c.name, "phone");
  }
  if (!ck.empty()) {
    GX_ASSIGN_OR_RETURN(auto as, store::find_accounts_by_name_key(db, shop, ck));
    for (const auto& a : as) add_match(out, "account", a.id, a.name, "company_name");
  }
  if (!ek.empty() || !pk.empty() || !ck.empty()) {
    GX_ASSIGN_OR_RETURN(auto ls, store::find_leads_by_keys(db, shop, ek, pk, ck));
    for (const auto& l : ls) {
      if (except_lead && l.id == *except_lead) continue;
      if (!ek.empty() && l.email_key == ek) add_match(out, "lead", l.id, l.name, "email");
      if (!pk.empty() && l.phone_key == pk) add_match(out, "lead", l.id, l.name, "phone");
      if (!ck.empty() && l.company_key == ck) add_match(out, "lead", l.id, l.name, "company_name");
    }
  }
  return out;
}

namespace internal {

Result<Lead> apply_lead(domain::WriteContext& ctx, Lead l, const LeadFields& p) {
  set(l.name, p.name);
  set(l.company, p.company);
  set(l.title, p.title);
  set(l.email, p.email);
  set(l.phone, p.phone);
  set(l.industry, p.industry);
  set(l.size, p.size);
  set(l.region, p.region);
  set(l.source, p.source);
  set(l.source_detail, p.source_detail);
  set(l.campaign_id, p.campaign_id);
  set(l.owner_user_id, p.owner_user_id);
  set(l.attributes, p.attributes);
  if (p.external_id) l.external_id = *p.external_id;
  l.email_key = email_key(l.email);
  l.phone_key = phone_key(l.phone);
  l.company_key = company_key(l.company);
  if (p.customer_id) {
    l.customer_id = *p.customer_id;
    if (l.customer_id) {
      auto live = domain::resolve_customer_id(ctx.db, ctx.shop.id, *l.customer_id);
      if (!live.ok()) return Status::unprocessable_field("customer_id", live.status().message());
    }
  } else if (!l.customer_id && (p.email || p.phone)) {
    GX_ASSIGN_OR_RETURN(l.customer_id, customer_for(ctx, l.email_key, l.phone));
  }
  GX_RETURN_IF_ERROR(lead_rules(ctx, l));
  l.updated_at = now_ms(ctx);
  return l;
}

Result<Lead> insert_lead(domain::WriteContext& ctx, const Viewer& viewer, const LeadFields& in) {
  if (!in.name) return Status::invalid_field("name", "name is required");
  if (!in.source) return Status::invalid_field("source", "source is required");
  GX_ASSIGN_OR_RETURN(auto settings, load_sales_settings(ctx.db, ctx.shop.id));
  Lead l;
  l.shop_id = ctx.shop.id;
  GX_ASSIGN_OR_RETURN(l, apply_lead(ctx, l, in));
  l.created_at = l.updated_at;
  if (!in.owner_user_id) {
    GX_ASSIGN_OR_RETURN(l.owner_user_id, assign(ctx, settings, l));
    if (!l.owner_user_id && viewer.user_id != 0) l.owner_user_id = viewer.user_id;
  }
  if (l.external_id) {
    GX_ASSIGN_OR_RETURN(auto taken,
                        store::find_lead_by_external(ctx.db, ctx.shop.id, *l.external_id));
    if (taken)
      return Status(ErrorCode::kAlreadyExists,
                    "external_id '" + *l.external_id + "' is lead " + std::to_string(taken->id),
                    Location{"", 0, 0, "/external_id"});
  }
  GX_RETURN_IF_ERROR(score(ctx, settings, l));
  GX_ASSIGN_OR_RETURN(l.id, store::insert_lead(ctx.db, l));
  GX_RETURN_IF_ERROR(refresh_lead_analytics(ctx, l.id));
  GX_RETURN_IF_ERROR(record_sales_change(
      ctx, "lead_created", l.id,
      Json{{"source", l.source},
           {"owner_user_id", l.owner_user_id ? Json(*l.owner_user_id) : Json(nullptr)},
           {"score", l.score}},
      l.customer_id));
  return l;
}

}  // namespace internal

Result<LeadOutcome> create_lead(domain::WriteContext& ctx, const Viewer& viewer,
                                const LeadFields& in, OnDuplicate on_duplicate) {
  LeadOutcome out;
  GX_ASSIGN_OR_RETURN(out.duplicates, find_duplicates(ctx.db, ctx.shop.id, in.email.value_or(""),
                                                      in.phone.value_or(""),
                                                      in.company.value_or(""), std::nullopt));
  // A company name alone is no duplicate of a person: a reject or a link
  // needs an email or phone match (other people of a known company are new leads).
  bool person_match = false;
  for (const auto& d : out.duplicates) {
    for (const auto& r : d.reasons) person_match = person_match || r != "company_name";
  }
  if (person_match && on_duplicate == OnDuplicate::kReject) {
    out.kind = LeadOutcome::Kind::kRejected;
    return out;
  }
  if (person_match && on_duplicate == OnDuplicate::kLink) {
    for (const auto& d : out.duplicates) {
      if (d.type != "lead") continue;
      bool person = std::any_of(d.reasons.begin(), d.reasons.end(),
                                [](const std::string& r) { return r != "company_name"; });
      if (!person) continue;
      GX_ASSIGN_OR_RETURN(Lead existing, load_lead(ctx.db, ctx.shop.id, d.id));
      if (existing.status == "converted") continue;
      // Linked: the existing lead takes the values it lacked.
      LeadFields fill;
      auto take = [](std::optional<std::string>& to, const std::string& have,
                     const std::optional<std::string>& offered) {
        if (have.empty() && offered && !offered->empty()) to = offered;
      };
      take(fill.company, existing.company, in.company);
      take(fill.title, existing.title, in.title);
      take(fill.email, existing.email, in.email);
      take(fill.phone, existing.phone, in.phone);
      take(fill.industry, existing.industry, in.industry);
      take(fill.size, existing.size, in.size);
      take(fill.region, existing.region, in.region);
      GX_ASSIGN_OR_RETURN(existing, internal::apply_lead(ctx, existing, fill));
      GX_RETURN_IF_ERROR(store::update_lead(ctx.db, existing));
      GX_RETURN_IF_ERROR(refresh_lead_analytics(ctx, existing.id));
      GX_RETURN_IF_ERROR(record_sales_change(ctx, "lead_updated", existing.id,
                                             Json{{"linked_duplicate", true}},
                                             existing.customer_id));
      GX_ASSIGN_OR_RETURN(out.lead, rescore_lead(ctx, existing.id));
      out.kind = LeadOutcome::Kind::kLinked;
      return out;
    }
  }
  GX_ASSIGN_OR_RETURN(out.lead, internal::insert_lead(ctx, viewer, in));
  out.kind = LeadOutcome::Kind::kCreated;
  return out;
}

Result<Lead> update_lead(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                         const LeadFields& patch) {
  GX_ASSIGN_OR_RETURN(Lead l, visible_lead(ctx, viewer, id));
  if (l.status == "converted")
    return Status::conflict("lead " + std::to_string(id) +
                            " is converted: change its account, contact or opportunity instead");
  if (patch.external_id && patch.external_id != l.external_id) {
    GX_ASSIGN_OR_RETURN(auto taken,
                        store::find_lead_by_external(ctx.db, ctx.shop.id, *patch.external_id));
    if (taken && taken->id != id)
      return Status(ErrorCode::kAlreadyExists,
                    "external_id '" + *patch.external_id + "' is lead " + std::to_string(taken->id),
                    Location{"", 0, 0, "/external_id"});
  }
  GX_ASSIGN_OR_RETURN(l, internal::apply_lead(ctx, l, patch));
  GX_ASSIGN_OR_RETURN(auto settings, load_sales_settings(ctx.db, ctx.shop.id));
  GX_RETURN_IF_ERROR(score(ctx, settings, l));
  GX_RETURN_IF_ERROR(store::update_lead(ctx.db, l));
  GX_RETURN_IF_ERROR(refresh_lead_analytics(ctx, l.id));
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "lead_updated", id, Json{{"score", l.score}}, l.customer_id));
  return l;
}

Result<Lead> set_lead_status(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                             const std::string& status, const std::string& reason) {
  GX_RETURN_IF_ERROR(check_one_of("status", status, kLeadStatuses, false));
  GX_ASSIGN_OR_RETURN(Lead l, visible_lead(ctx, viewer, id));
  if (status == l.status) return l;
  const auto allowed = allowed_lead_transitions(l.status);
  if (std::find(allowed.begin(), allowed.end(), status) == allowed.end()) {
    std::string all;
    for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
    return Status::conflict("lead " + std::to_string(id) + " is " + l.status +
                            ": it cannot move to " + status +
                            (status == "converted" ? " (convert it instead)" : "") +
                            "; allowed: " + (all.empty() ? "none" : all));
  }
  if (status == "disqualified") {
    if (reason.empty())
      return Status::unprocessable_field("reason", "disqualifying a lead needs a reason");
    if (reason.size() > 500)
      return Status::invalid_field("reason", "the reason is at most 500 bytes");
    l.disqualify_reason = reason;
  } else {
    l.disqualify_reason.clear();
  }
  const std::string from = l.status;
  l.status = status;
  l.updated_at = now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_lead(ctx.db, l));
  GX_RETURN_IF_ERROR(refresh_lead_analytics(ctx, l.id));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "lead_status_changed", id,
                                         Json{{"from", from}, {"to", status}}, l.customer_id));
  return l;
}

Result<Lead> get_lead(domain::ReadContext& ctx, const Viewer& viewer, int64_t id) {
  GX_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_visible(ctx, viewer, RecordType::kLead, id, l.owner_user_id));
  return l;
}

Result<std::vector<Lead>> list_leads(domain::ReadContext& ctx, const Viewer& viewer,
                                     const store::LeadFilter& filter) {
  if (filter.limit < 1 || filter.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  for (const auto& s : filter.statuses) {
    if (std::find(std::begin(kLeadStatuses), std::end(kLeadStatuses), s) ==
        std::end(kLeadStatuses)) {
      Location loc;
      loc.field = "?status";
      return Status::invalid("unknown lead status '" + s + "'", loc);
    }
  }
  return store::list_leads(ctx.db, ctx.shop.id, filter, viewer.visibility());
}

Result<Lead> rescore_lead(domain::WriteContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, ctx.shop.id, id));
  GX_ASSIGN_OR_RETURN(auto settings, load_sales_settings(ctx.db, ctx.shop.id));
  const int64_t before = l.score;
  const int64_t before_fit = l.fit_score;
  GX_RETURN_IF_ERROR(score(ctx, settings, l));
  if (l.score == before && l.fit_score == before_fit) return l;
  l.updated_at = now_ms(ctx);
  GX_RETURN_IF_ERROR(store::update_lead(ctx.db, l));
  GX_RETURN_IF_ERROR(record_sales_change(ctx, "lead_scored", id,
                                         Json{{"from", before}, {"to", l.score}}, l.customer_id));
  return l;
}

Result<int64_t> rescore_all_leads(domain::WriteContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto ids, store::list_open_lead_ids(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto settings, load_sales_settings(ctx.db, ctx.shop.id));
  int64_t changed = 0;
  for (int64_t id : ids) {
    GX_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, ctx.shop.id, id));
    const int64_t before = l.score;
    const int64_t before_fit = l.fit_score;
    GX_RETURN_IF_ERROR(score(ctx, settings, l));
    if (l.score == before && l.fit_score == before_fit) continue;
    l.updated_at = now_ms(ctx);
    GX_RETURN_IF_ERROR(store::update_lead(ctx.db, l));
    ++changed;
  }
  if (changed > 0)
    GX_RETURN_IF_ERROR(
        record_sales_change(ctx, "lead_scored", 0, Json{{"leads_changed", changed}}));
  return changed;
}

Result<Conversion> convert_lead(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                                const ConvertInput& in) {
  GX_ASSIGN_OR_RETURN(Lead l, visible_lead(ctx, viewer, id));
  if (l.status == "converted")
    return Status::conflict(
        "lead " + std::to_string(id) + " was already converted (account " +
        (l.converted_account_id ? std::to_string(*l.converted_account_id) : std::string("-")) +
        ", contact " +
        (l.converted_contact_id ? std::to_string(*l.converted_contact_id) : std::string("-")) +
        ")");
  if (l.status == "disqualified")
    return Status::conflict("lead " + std::to_string(id) +
                            " is disqualified: move it back to working first");
  const std::optional<int64_t> owner = in.owner_user_id ? in.owner_user_id : l.owner_user_id;
  GX_RETURN_IF_ERROR(check_user(ctx.db, ctx.shop.id, owner, "owner_user_id"));
  // The new records belong to the owner; the converting user only needs to see the lead.
  Viewer as_owner;
  as_owner.user_id = owner.value_or(0);
  Conversion out;

  // Account: the explicit one, else one with the same normalized name, else a new one.
  if (in.account_id) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_account(ctx.db, ctx.shop.id, *in.account_id));
    if (!a)
      return Status::unprocessable_field(
          "account_id", "account " + std::to_string(*in.account_id) + " does not exist");
    out.account = *a;
  } else if (!l.company_key.empty()) {
    GX_ASSIGN_OR_RETURN(auto same,
                        store::find_accounts_by_name_key(ctx.db, ctx.shop.id, l.company_key));
    if (!same.empty()) {
      out.account = same.front();
    } else {
      AccountFields af;
      af.name = l.company;
      af.industry = l.industry;
      af.size = l.size;
      af.region = l.region;
      af.owner_user_id = owner;
      GX_ASSIGN_OR_RETURN(out.account, internal::insert_account(ctx, as_owner, af));
      out.account_created = true;
    }
  }
  const std::optional<int64_t> account_id =
      out.account ? std::optional<int64_t>(out.account->id) : std::nullopt;

  // Contact: the explicit one, else one with the same email, else the same phone, else new.
  std::optional<Contact> contact;
  if (in.contact_id) {
    GX_ASSIGN_OR_RETURN(contact, store::find_contact(ctx.db, ctx.shop.id, *in.contact_id));
    if (!contact)
      return Status::unprocessable_field(
          "contact_id", "contact " + std::to_string(*in.contact_id) + " does not exist");
  }
  if (!contact && !l.email_key.empty()) {
    GX_ASSIGN_OR_RETURN(auto same,
                        store::find_contacts_by_email_key(ctx.db, ctx.shop.id, l.email_key));
    if (!same.empty()) contact = same.front();
  }
  if (!contact && !l.phone_key.empty()) {
    GX_ASSIGN_OR_RETURN(auto same,
                        store::find_contacts_by_phone_key(ctx.db, ctx.shop.id, l.phone_key));
    if (!same.empty()) contact = same.front();
  }
  if (contact) {
    // Linked: fill what the contact lacks from the lead.
    ContactFields fill;
    if (!contact->account_id && account_id) fill.account_id = account_id;
    if (!contact->customer_id && l.customer_id) fill.customer_id = l.customer_id;
    if (contact->email.empty() && !l.email.empty()) fill.email = l.email;
    if (contact->phone.empty() && !l.phone.empty()) fill.phone = l.phone;
    if (contact->title.empty() && !l.title.empty()) fill.title = l.title;
    GX_ASSIGN_OR_RETURN(out.contact, internal::apply_contact(ctx, *contact, fill));
    GX_RETURN_IF_ERROR(store::update_contact(ctx.db, out.contact));
    GX_RETURN_IF_ERROR(record_sales_change(ctx, "contact_updated", out.contact.id,
                                           Json{{"lead_id", id}}, out.contact.customer_id));
  } else {
    ContactFields cf;
    cf.account_id = account_id;
    cf.name = l.name;
    cf.title = l.title;
    cf.email = l.email;
    cf.phone = l.phone;
    if (l.customer_id) cf.customer_id = l.customer_id;
    cf.owner_user_id = owner;
    GX_ASSIGN_OR_RETURN(out.contact, internal::insert_contact(ctx, as_owner, cf));
    out.contact_created = true;
  }

  if (in.create_opportunity) {
    OpportunityFields of;
    of.name = !in.opportunity_name.empty() ? in.opportunity_name
                                           : (l.company.empty() ? l.name : l.company) + " 商机";
    of.pipeline_id = in.pipeline_id;
    of.account_id = account_id;
    of.primary_contact_id = out.contact.id;
    of.lead_id = id;
    of.owner_user_id = owner;
    of.source = l.source;
    if (in.amount_minor) of.amount_minor = in.amount_minor;
    if (in.expected_close_date) of.expected_close_date = in.expected_close_date;
    auto created = create_opportunity(ctx, as_owner, of);
    if (!created.ok()) {
      const auto& s = created.status();
      if (s.location().field.empty()) return s;
      return Status(s.code(), s.message(), Location{"", 0, 0, "/opportunity" + s.location().field});
    }
    out.opportunity = std::move(*created);
  }

  // History kept: the lead's activities and tasks now also hang on the new records.
  const std::optional<int64_t> opp_id =
      out.opportunity ? std::optional<int64_t>(out.opportunity->opportunity.id) : std::nullopt;
  GX_ASSIGN_OR_RETURN(
      out.activities_linked,
      store::relink_lead_records(ctx.db, ctx.shop.id, id, account_id, out.contact.id, opp_id));
  if (out.opportunity && out.activities_linked > 0) {
    GX_ASSIGN_OR_RETURN(auto latest, store::latest_lead_activity(ctx.db, ctx.shop.id, id));
    auto& o = out.opportunity->opportunity;
    o.last_activity_at = latest;
    GX_RETURN_IF_ERROR(store::update_opportunity(ctx.db, o));
    GX_RETURN_IF_ERROR(refresh_opportunity_analytics(ctx, o.id));
  }

  l.status = "converted";
  l.converted_at = now_ms(ctx);
  l.converted_account_id = account_id;
  l.converted_contact_id = out.contact.id;
  l.converted_opportunity_id = opp_id;
  l.updated_at = *l.converted_at;
  GX_RETURN_IF_ERROR(store::update_lead(ctx.db, l));
  GX_RETURN_IF_ERROR(refresh_lead_analytics(ctx, l.id));
  GX_RETURN_IF_ERROR(
      record_sales_change(ctx, "lead_converted", id,
                          Json{{"account_id", account_id ? Json(*account_id) : Json(nullptr)},
                               {"account_created", out.account_created},
                               {"contact_id", out.contact.id},
                               {"contact_created", out.contact_created},
                               {"opportunity_id", opp_id ? Json(*opp_id) : Json(nullptr)}},
                          l.customer_id));
  out.lead = std::move(l);
  return out;
}

}  // namespace guanxi::sales
