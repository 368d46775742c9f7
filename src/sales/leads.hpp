// Leads: a person (and company) who may buy, from a source (campaign, web
// form, event, referral, cold call). Creating one runs the duplicate check
// against contacts, accounts and other leads on the normalized keys
// (normalize.hpp); the caller chooses what a match does (reject, link to the
// existing lead, or allow). Statuses move by allowed_lead_transitions();
// converted is reached only by conversion, which creates or links the
// account (by normalized company name or an explicit id), the contact (by
// email / phone key or an explicit id) and optionally an opportunity in the
// default pipeline; the lead keeps converted_* ids and its activities and
// tasks are linked to the new records. Scores: fit (rules of the 'sales'
// setting) + engagement (the linked customer profile's tracked events and
// opened messages, and sales activities on the lead, in the last N days),
// recomputed on every change and on demand. Assignment on create when no
// owner is given: rules by region/industry/size/source, else round robin.
// Changes: lead_created/updated/status_changed/converted, lead_scored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sales/accounts.hpp"
#include "sales/model.hpp"
#include "sales/opportunities.hpp"
#include "sales/settings.hpp"

namespace guanxi::sales {

struct LeadFields {
  std::optional<std::string> name;  // required on create
  std::optional<std::string> company;
  std::optional<std::string> title;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> industry;
  std::optional<std::string> size;
  std::optional<std::string> region;
  std::optional<std::string> source;  // required on create: kLeadSources
  std::optional<std::string> source_detail;
  std::optional<std::optional<int64_t>> campaign_id;
  std::optional<std::optional<int64_t>> owner_user_id;  // default: the assignment rules
  std::optional<std::optional<int64_t>> customer_id;    // default: found by email/phone
  std::optional<std::string> attributes;
  std::optional<std::string> external_id;
};

// A record the lead looks like, and why.
struct DuplicateMatch {
  std::string type;  // contact | account | lead
  int64_t id = 0;
  std::string name;
  std::vector<std::string> reasons;  // email | phone | company_name
};

// What to do when the duplicate check finds matches.
enum class OnDuplicate { kReject, kLink, kAllow };
Result<OnDuplicate> parse_on_duplicate(std::string_view text);

struct LeadOutcome {
  enum class Kind { kCreated, kLinked, kRejected };
  Kind kind = Kind::kCreated;
  Lead lead;  // the new lead, or the existing one it was linked to (empty when rejected)
  std::vector<DuplicateMatch> duplicates;
};

// Nothing is written when the outcome is kRejected.
Result<LeadOutcome> create_lead(domain::WriteContext& ctx, const Viewer& viewer,
                                const LeadFields& in, OnDuplicate on_duplicate);
Result<Lead> update_lead(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                         const LeadFields& patch);
// conflict naming the allowed statuses when the move is not allowed;
// disqualifying needs a reason (unprocessable naming "reason").
Result<Lead> set_lead_status(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                             const std::string& status, const std::string& reason);
Result<Lead> get_lead(domain::ReadContext& ctx, const Viewer& viewer, int64_t id);
Result<std::vector<Lead>> list_leads(domain::ReadContext& ctx, const Viewer& viewer,
                                     const store::LeadFilter& filter);

// Contacts, accounts and leads matching the keys (a lead never matches itself).
Result<std::vector<DuplicateMatch>> find_duplicates(store::Connection& db, int64_t shop,
                                                    const std::string& email,
                                                    const std::string& phone,
                                                    const std::string& company,
                                                    std::optional<int64_t> except_lead);

// The fit score of a lead under the rules.
int64_t fit_score(const SalesSettings& s, const Lead& lead);
// Recomputes and stores a lead's scores (appends lead_scored when they change).
Result<Lead> rescore_lead(domain::WriteContext& ctx, int64_t id);
// Every unconverted lead of the shop; returns how many changed.
Result<int64_t> rescore_all_leads(domain::WriteContext& ctx);

struct ConvertInput {
  std::optional<int64_t> account_id;  // link this account instead of matching by company
  std::optional<int64_t> contact_id;  // link this contact instead of matching by email/phone
  bool create_opportunity = true;
  std::string opportunity_name;  // default: "<company or name> 商机"
  std::optional<int64_t> amount_minor;
  std::optional<std::string> expected_close_date;
  std::optional<int64_t> pipeline_id;
  std::optional<int64_t> owner_user_id;  // of the new records; default: the lead's owner
};

struct Conversion {
  Lead lead;
  std::optional<Account> account;
  bool account_created = false;
  Contact contact;
  bool contact_created = false;
  std::optional<OpportunityDetail> opportunity;
  int64_t activities_linked = 0;
};

// conflict when the lead is already converted (or disqualified).
Result<Conversion> convert_lead(domain::WriteContext& ctx, const Viewer& viewer, int64_t id,
                                const ConvertInput& in);

namespace internal {
// Validates and stores a new lead without the duplicate check (the import
// applies its own idempotency), assigning and scoring it.
Result<Lead> insert_lead(domain::WriteContext& ctx, const Viewer& viewer, const LeadFields& in);
Result<Lead> apply_lead(domain::WriteContext& ctx, Lead current, const LeadFields& patch);
}  // namespace internal

}  // namespace guanxi::sales
