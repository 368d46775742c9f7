// SQL for the B2B sales records (0008): accounts, contacts, leads, pipelines
// and stages, opportunities with stage history, quote lines and competitors,
// sales activities, record shares. Every list binds a RecordVisibility so a
// caller only ever reads the rows its scope reaches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// Who reads: kAll sees every row of the shop; kTeam rows owned by a user of
// `team_id` (users.team_id), own rows and rows shared with `user_id`; kOwn
// own and shared rows.
struct RecordVisibility {
  enum Scope { kOwn = 0, kTeam = 1, kAll = 2 };
  Scope scope = kAll;
  int64_t user_id = 0;
  int64_t team_id = 0;
};

struct AccountRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string name_key;
  std::string industry;
  std::string size;
  std::string region;
  std::string website;
  std::string phone;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> parent_account_id;
  std::string attributes = "{}";
  std::optional<std::string> external_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> deleted_at;

  bool operator==(const AccountRecord&) const = default;
};

struct ContactRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::optional<int64_t> account_id;
  std::optional<int64_t> customer_id;
  std::string name;
  std::string title;
  std::string email;
  std::string email_key;
  std::string phone;
  std::string phone_key;
  std::string decision_role;
  int64_t influence = 0;
  std::string attitude;
  std::optional<int64_t> reports_to_contact_id;
  std::optional<int64_t> owner_user_id;
  std::string attributes = "{}";
  std::optional<std::string> external_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> deleted_at;

  bool operator==(const ContactRecord&) const = default;
};

struct LeadRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string company;
  std::string company_key;
  std::string title;
  std::string email;
  std::string email_key;
  std::string phone;
  std::string phone_key;
  std::string industry;
  std::string size;
  std::string region;
  std::string source;
  std::string source_detail;
  std::optional<int64_t> campaign_id;
  std::string status = "new";
  int64_t fit_score = 0;
  int64_t engagement_score = 0;
  int64_t score = 0;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> customer_id;
  std::string disqualify_reason;
  std::optional<int64_t> converted_at;
  std::optional<int64_t> converted_account_id;
  std::optional<int64_t> converted_contact_id;
  std::optional<int64_t> converted_opportunity_id;
  std::string attributes = "{}";
  std::optional<std::string> external_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  bool operator==(const LeadRecord&) const = default;
};

struct PipelineRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  bool is_default = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct StageRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t pipeline_id = 0;
  std::string name;
  int64_t position = 0;
  int64_t probability = 0;
  std::string kind = "open";           // open | won | lost
  std::string required_fields = "[]";  // JSON array of field names
  bool active = true;
};

struct OpportunityRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t pipeline_id = 0;
  int64_t stage_id = 0;
  std::optional<int64_t> account_id;
  std::optional<int64_t> primary_contact_id;
  std::optional<int64_t> lead_id;
  std::string name;
  int64_t amount_minor = 0;
  std::string currency;
  std::optional<std::string> expected_close_date;
  std::optional<int64_t> owner_user_id;
  std::string status = "open";
  std::string forecast_category = "pipeline";
  std::string next_step;
  std::string source;
  std::string close_reason;
  std::optional<int64_t> closed_at;
  int64_t stage_entered_at = 0;
  std::optional<int64_t> last_activity_at;
  std::string attributes = "{}";
  std::optional<std::string> external_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> deleted_at;
};

struct StageHistoryRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t opportunity_id = 0;
  std::optional<int64_t> from_stage_id;
  int64_t to_stage_id = 0;
  int64_t amount_minor = 0;
  int64_t probability = 0;
  std::string actor;
  int64_t moved_at = 0;
};

struct OpportunityLineRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t opportunity_id = 0;
  std::optional<int64_t> product_id;
  std::string sku;
  std::string name;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  int64_t discount_minor = 0;  // off the line total
  int64_t position = 0;
};

struct CompetitorRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string website;
  std::string products;
  std::string price_positioning;
  std::string strengths;
  std::string weaknesses;
  std::string notes;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct OpportunityCompetitorRecord {
  int64_t opportunity_id = 0;
  int64_t competitor_id = 0;
  int64_t shop_id = 0;
  std::string notes;
  std::string competitor_name;  // read only (joined)
};

struct SalesActivityRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string kind;
  std::string subject;
  std::string body;
  std::string outcome;
  std::optional<int64_t> duration_s;
  std::optional<int64_t> account_id;
  std::optional<int64_t> contact_id;
  std::optional<int64_t> opportunity_id;
  std::optional<int64_t> lead_id;
  std::optional<int64_t> note_id;
  std::optional<int64_t> user_id;
  int64_t occurred_at = 0;
  int64_t created_at = 0;
};

struct RecordShareRecord {
  int64_t shop_id = 0;
  std::string object_type;  // account | contact | lead | opportunity
  int64_t object_id = 0;
  int64_t user_id = 0;
  int64_t created_at = 0;
};

// ---- visibility ---------------------------------------------------------------------

// Whether a row of `object_type` with this owner is visible to `v`.
Result<bool> record_visible(Connection& db, int64_t shop, std::string_view object_type,
                            int64_t object_id, std::optional<int64_t> owner,
                            const RecordVisibility& v);
// Shares the record with a user (sharing twice is fine).
Status insert_record_share(Connection& db, const RecordShareRecord& s);
Result<std::vector<RecordShareRecord>> list_record_shares(Connection& db, int64_t shop,
                                                          std::string_view object_type,
                                                          int64_t object_id);
// The user's team (nullopt when the user does not exist in the shop; 0 = no team).
Result<std::optional<int64_t>> find_user_team(Connection& db, int64_t shop, int64_t user);
// The id of the shop's user with this username (case-insensitive).
Result<std::optional<int64_t>> find_user_id_by_username(Connection& db, int64_t shop,
                                                        std::string_view username);
// Active users of the shop with one of these roles, by id.
Result<std::vector<int64_t>> list_users_with_roles(Connection& db, int64_t shop,
                                                   const std::vector<std::string>& roles);

// ---- accounts -------------------------------------------------------------------------

Result<int64_t> insert_account(Connection& db, const AccountRecord& r);
Status update_account(Connection& db, const AccountRecord& r);
// Live (not deleted) accounts only.
Result<std::optional<AccountRecord>> find_account(Connection& db, int64_t shop, int64_t id);
Result<std::optional<AccountRecord>> find_account_by_external(Connection& db, int64_t shop,
                                                              std::string_view external_id);
Result<std::vector<AccountRecord>> find_accounts_by_name_key(Connection& db, int64_t shop,
                                                             std::string_view key);

struct AccountFilter {
  std::optional<int64_t> owner;
  std::optional<int64_t> parent;
  std::string industry;
  std::string region;
  std::string name_prefix;  // on name_key
  std::optional<int64_t> after_id;
  int limit = 50;
};
// Newest first (id descending), keyset by after_id.
Result<std::vector<AccountRecord>> list_accounts(Connection& db, int64_t shop,
                                                 const AccountFilter& f, const RecordVisibility& v);

// ---- contacts ----------------------------------------------------------------------------

Result<int64_t> insert_contact(Connection& db, const ContactRecord& r);
Status update_contact(Connection& db, const ContactRecord& r);
Result<std::optional<ContactRecord>> find_contact(Connection& db, int64_t shop, int64_t id);
Result<std::optional<ContactRecord>> find_contact_by_external(Connection& db, int64_t shop,
                                                              std::string_view external_id);
Result<std::vector<ContactRecord>> find_contacts_by_email_key(Connection& db, int64_t shop,
                                                              std::string_view key);
Result<std::vector<ContactRecord>> find_contacts_by_phone_key(Connection& db, int64_t shop,
                                                              std::string_view key);

struct ContactFilter {
  std::optional<int64_t> account;
  std::optional<int64_t> owner;
  std::string decision_role;
  std::optional<int64_t> after_id;
  int limit = 50;
};
Result<std::vector<ContactRecord>> list_contacts(Connection& db, int64_t shop,
                                                 const ContactFilter& f, const RecordVisibility& v);

// ---- leads ---------------------------------------------------------------------------------

Result<int64_t> insert_lead(Connection& db, const LeadRecord& r);
Status update_lead(Connection& db, const LeadRecord& r);
Result<std::optional<LeadRecord>> find_lead(Connection& db, int64_t shop, int64_t id);
Result<std::optional<LeadRecord>> find_lead_by_external(Connection& db, int64_t shop,
                                                        std::string_view external_id);
// Leads matching any non-empty key (email, phone, company), newest first, at most 20.
Result<std::vector<LeadRecord>> find_leads_by_keys(Connection& db, int64_t shop,
                                                   std::string_view email_key,
                                                   std::string_view phone_key,
                                                   std::string_view company_key);

struct LeadFilter {
  std::vector<std::string> statuses;
  std::optional<int64_t> owner;
  std::string source;
  std::optional<int64_t> min_score;
  std::optional<int64_t> after_id;
  int limit = 50;
};
Result<std::vector<LeadRecord>> list_leads(Connection& db, int64_t shop, const LeadFilter& f,
                                           const RecordVisibility& v);
// Ids of every unconverted lead of the shop (recompute).
Result<std::vector<int64_t>> list_open_lead_ids(Connection& db, int64_t shop);

// ---- pipelines and stages ---------------------------------------------------------------

Result<int64_t> insert_pipeline(Connection& db, const PipelineRecord& r);
Status update_pipeline(Connection& db, const PipelineRecord& r);
Result<std::optional<PipelineRecord>> find_pipeline(Connection& db, int64_t shop, int64_t id);
Result<std::optional<PipelineRecord>> find_default_pipeline(Connection& db, int64_t shop);
Result<std::vector<PipelineRecord>> list_pipelines(Connection& db, int64_t shop);
// Clears is_default on every pipeline of the shop but `keep`.
Status clear_default_pipeline(Connection& db, int64_t shop, int64_t keep);

Result<int64_t> insert_stage(Connection& db, const StageRecord& r);
Status update_stage(Connection& db, const StageRecord& r);
Result<std::optional<StageRecord>> find_stage(Connection& db, int64_t shop, int64_t id);
// The pipeline's stages by position (inactive ones too).
Result<std::vector<StageRecord>> list_stages(Connection& db, int64_t shop, int64_t pipeline);
// Opportunities (deleted or not) in the stage now or in their history.
Result<int64_t> count_stage_opportunities(Connection& db, int64_t shop, int64_t stage);
Status delete_stage(Connection& db, int64_t shop, int64_t stage);

// ---- opportunities -----------------------------------------------------------------------

Result<int64_t> insert_opportunity(Connection& db, const OpportunityRecord& r);
Status update_opportunity(Connection& db, const OpportunityRecord& r);
Result<std::optional<OpportunityRecord>> find_opportunity(Connection& db, int64_t shop, int64_t id);
Result<std::optional<OpportunityRecord>> find_opportunity_by_external(Connection& db, int64_t shop,
                                                                      std::string_view external_id);

struct OpportunityFilter {
  std::optional<int64_t> pipeline;
  std::vector<int64_t> stages;
  std::optional<int64_t> owner;
  std::optional<std::string> status;
  std::optional<int64_t> account;
  std::optional<std::string> close_from;  // expected_close_date >= (YYYY-MM-DD)
  std::optional<std::string> close_to;    // expected_close_date <= (YYYY-MM-DD)
  std::optional<int64_t> after_id;
  int limit = 50;
};
Result<std::vector<OpportunityRecord>> list_opportunities(Connection& db, int64_t shop,
                                                          const OpportunityFilter& f,
                                                          const RecordVisibility& v);

struct StageTotal {
  int64_t stage_id = 0;
  int64_t count = 0;
  int64_t amount_minor = 0;
};
// Open opportunities per stage of the pipeline that `v` can see.
Result<std::vector<StageTotal>> open_stage_totals(Connection& db, int64_t shop, int64_t pipeline,
                                                  const RecordVisibility& v);

Status insert_stage_history(Connection& db, const StageHistoryRecord& r);
Result<std::vector<StageHistoryRecord>> list_stage_history(Connection& db, int64_t shop,
                                                           int64_t opportunity);

// Replaces the opportunity's quote lines.
Status replace_opportunity_lines(Connection& db, int64_t shop, int64_t opportunity,
                                 const std::vector<OpportunityLineRecord>& lines);
Result<std::vector<OpportunityLineRecord>> list_opportunity_lines(Connection& db, int64_t shop,
                                                                  int64_t opportunity);

// ---- competitors -------------------------------------------------------------------------

Result<int64_t> insert_competitor(Connection& db, const CompetitorRecord& r);
Status update_competitor(Connection& db, const CompetitorRecord& r);
Result<std::optional<CompetitorRecord>> find_competitor(Connection& db, int64_t shop, int64_t id);
Result<std::optional<CompetitorRecord>> find_competitor_by_name(Connection& db, int64_t shop,
                                                                std::string_view name);
Result<std::vector<CompetitorRecord>> list_competitors(Connection& db, int64_t shop);
// The opportunities linked to the competitor.
Result<std::vector<int64_t>> competitor_opportunity_ids(Connection& db, int64_t shop,
                                                        int64_t competitor);
// Deletes the competitor and its links to opportunities.
Status delete_competitor(Connection& db, int64_t shop, int64_t id);

Status upsert_opportunity_competitor(Connection& db, const OpportunityCompetitorRecord& r);
// Returns whether a link was removed.
Result<bool> delete_opportunity_competitor(Connection& db, int64_t shop, int64_t opportunity,
                                           int64_t competitor);
Result<std::vector<OpportunityCompetitorRecord>> list_opportunity_competitors(Connection& db,
                                                                              int64_t shop,
                                                                              int64_t opportunity);

// ---- activities -----------------------------------------------------------------------

Result<int64_t> insert_sales_activity(Connection& db, const SalesActivityRecord& r);
Result<std::optional<SalesActivityRecord>> find_sales_activity(Connection& db, int64_t shop,
                                                               int64_t id);

struct SalesActivityFilter {
  std::optional<int64_t> account;
  std::optional<int64_t> contact;
  std::optional<int64_t> opportunity;
  std::optional<int64_t> lead;
  std::optional<int64_t> user;
  std::optional<int64_t> after_id;
  int limit = 50;
};
// Newest first by id.
Result<std::vector<SalesActivityRecord>> list_sales_activities(Connection& db, int64_t shop,
                                                               const SalesActivityFilter& f);
// Links a converted lead's activities and tasks to the new records (fills the
// empty targets only; lead_id stays). Returns the activities touched.
Result<int64_t> relink_lead_records(Connection& db, int64_t shop, int64_t lead,
                                    std::optional<int64_t> account, std::optional<int64_t> contact,
                                    std::optional<int64_t> opportunity);
// The latest occurred_at of the lead's activities.
Result<std::optional<int64_t>> latest_lead_activity(Connection& db, int64_t shop, int64_t lead);

// Tasks (service tasks table) on sales records.
Status set_task_sales_links(Connection& db, int64_t shop, int64_t task,
                            std::optional<int64_t> account, std::optional<int64_t> contact,
                            std::optional<int64_t> opportunity, std::optional<int64_t> lead);
struct SalesTaskLinks {
  std::optional<int64_t> account;
  std::optional<int64_t> contact;
  std::optional<int64_t> opportunity;
  std::optional<int64_t> lead;
};
Result<SalesTaskLinks> find_task_sales_links(Connection& db, int64_t shop, int64_t task);
// Ids of the tasks on any of the given records (newest first), at most `limit`.
Result<std::vector<int64_t>> list_sales_task_ids(Connection& db, int64_t shop,
                                                 const SalesTaskLinks& on,
                                                 std::optional<std::string> status, int limit);

// Engagement inputs since `since` (UTC ms): tracked events of the customer,
// messages to them that were opened or clicked, sales activities on the lead.
struct EngagementCounts {
  int64_t events = 0;
  int64_t messages = 0;
  int64_t activities = 0;
};
Result<EngagementCounts> engagement_counts(Connection& db, int64_t shop,
                                           std::optional<int64_t> customer, int64_t lead,
                                           int64_t since);

}  // namespace guanxi::store
