// The sales module's shared values: who reads (Viewer, the record-visibility
// predicate every read and list applies), the vocabularies (decision roles,
// attitudes, lead sources and statuses with their transitions, activity
// kinds, forecast categories), the records (the store rows), the change-feed
// helper every sales write uses, and record sharing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "store/sales_table.hpp"

namespace guanxi::sales {

using Account = store::AccountRecord;
using Contact = store::ContactRecord;
using Lead = store::LeadRecord;
using Pipeline = store::PipelineRecord;
using Stage = store::StageRecord;
using Opportunity = store::OpportunityRecord;
using StageMove = store::StageHistoryRecord;
using QuoteLine = store::OpportunityLineRecord;
using Competitor = store::CompetitorRecord;
using OpportunityCompetitor = store::OpportunityCompetitorRecord;
using Activity = store::SalesActivityRecord;
using Share = store::RecordShareRecord;

// Who reads sales records. kOwn: records the user owns or that are shared
// with them; kTeam: also those owned by a member of their team; kAll: every
// record of the shop. The API maps its Principal to a Viewer.
struct Viewer {
  enum class Scope { kOwn, kTeam, kAll };
  int64_t user_id = 0;
  int64_t team_id = 0;
  Scope scope = Scope::kAll;

  static Viewer all() { return {}; }
  store::RecordVisibility visibility() const;
};

// The record types that have owners and can be shared.
enum class RecordType { kAccount, kContact, kLead, kOpportunity };
std::string_view record_type_name(RecordType t);  // "account", "contact", "lead", "opportunity"
Result<RecordType> parse_record_type(std::string_view text);

// permission_denied (HTTP 403) unless `viewer` may see the record.
Status check_visible(domain::ReadContext& ctx, const Viewer& viewer, RecordType type, int64_t id,
                     std::optional<int64_t> owner);
Status check_visible(domain::WriteContext& ctx, const Viewer& viewer, RecordType type, int64_t id,
                     std::optional<int64_t> owner);

// Shares a record the viewer can see with a user of the shop.
Status share_record(domain::WriteContext& ctx, const Viewer& viewer, RecordType type, int64_t id,
                    int64_t user_id);
Result<std::vector<Share>> list_shares(domain::ReadContext& ctx, const Viewer& viewer,
                                       RecordType type, int64_t id);

// Vocabularies (stored names).
inline constexpr std::string_view kDecisionRoles[] = {"decision_maker", "purchasing_lead", "user",
                                                      "influencer", "gatekeeper"};
inline constexpr std::string_view kAttitudes[] = {"champion", "supporter", "neutral", "skeptic",
                                                  "opponent"};
inline constexpr std::string_view kLeadSources[] = {"campaign", "web_form",  "event",
                                                    "referral", "cold_call", "other"};
inline constexpr std::string_view kLeadStatuses[] = {"new",       "working",      "nurturing",
                                                     "qualified", "disqualified", "converted"};
inline constexpr std::string_view kActivityKinds[] = {"call", "meeting", "email", "visit", "note"};
inline constexpr std::string_view kForecastCategories[] = {"pipeline", "best_case", "commit",
                                                           "closed", "omitted"};
inline constexpr std::string_view kPricePositions[] = {"budget", "value", "parity", "premium"};
inline constexpr std::string_view kCompanySizes[] = {"1-20", "21-100", "101-500", "501-2000",
                                                     "2000+"};

// invalid_argument at `field` unless `value` is one of `allowed` (or empty when `allow_empty`).
Status check_one_of(std::string_view field, const std::string& value,
                    std::span<const std::string_view> allowed, bool allow_empty = true);

// The statuses a lead may move to by hand from `from` (converted is reached
// by conversion only and is final).
std::vector<std::string> allowed_lead_transitions(std::string_view from);

// Appends a change to the feed in the caller's transaction.
Status record_sales_change(domain::WriteContext& ctx, std::string_view kind, int64_t entity,
                           const Json& payload, std::optional<int64_t> customer = std::nullopt);

// unprocessable naming `field` unless `user` is a user of the shop.
Status check_user(store::Connection& db, int64_t shop, std::optional<int64_t> user,
                  std::string_view field);

// A shop-local date 'YYYY-MM-DD' (a real calendar date); invalid_argument naming `field`.
Status check_date(std::string_view field, const std::string& date);

// JSON object text; invalid_argument naming `field` otherwise.
Status check_attributes(std::string_view field, const std::string& json_text);

}  // namespace guanxi::sales
