#include "store/sales_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

// The visibility condition on a table whose rows have `id` and
// owner_user_id, built from fixed text; bind_visibility binds its values.
std::string visibility_sql(const RecordVisibility& v) {
  if (v.scope == RecordVisibility::kAll) return "";
  std::string s = " AND (owner_user_id = ?";
  if (v.scope == RecordVisibility::kTeam && v.team_id != 0)
    s += " OR owner_user_id IN (SELECT id FROM users WHERE shop_id = ? AND team_id = ?)";
  s += " OR id IN (SELECT object_id FROM record_shares WHERE shop_id = ? AND user_id = ? AND "
       "object_type = ?))";
  return s;
}

void bind_visibility(Query& q, int& i, int64_t shop, std::string_view type,
                     const RecordVisibility& v) {
  if (v.scope == RecordVisibility::kAll) return;
  q.bind_at(i++, v.user_id);
  if (v.scope == RecordVisibility::kTeam && v.team_id != 0) {
    q.bind_at(i++, shop);
    q.bind_at(i++, v.team_id);
  }
  q.bind_at(i++, shop);
  q.bind_at(i++, v.user_id);
  q.bind_at(i++, type);
}

// ---- accounts ----

constexpr const char* kAccountColumns =
    "id, shop_id, name, name_key, industry, size, region, website, phone, owner_user_id, "
    "parent_account_id, attributes, external_id, created_at, updated_at, deleted_at ";

AccountRecord read_account(const Query& q) {
  AccountRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.name_key = q.text(3);
  r.industry = q.text(4);
  r.size = q.text(5);
  r.region = q.text(6);
  r.website = q.text(7);
  r.phone = q.text(8);
  r.owner_user_id = q.opt_i64(9);
  r.parent_account_id = q.opt_i64(10);
  r.attributes = q.text(11);
  r.external_id = q.opt_text(12);
  r.created_at = q.i64(13);
  r.updated_at = q.i64(14);
  r.deleted_at = q.opt_i64(15);
  return r;
}

// ---- contacts ----

constexpr const char* kContactColumns =
    "id, shop_id, account_id, customer_id, name, title, email, email_key, phone, phone_key, "
    "decision_role, influence, attitude, reports_to_contact_id, owner_user_id, attributes, "
    "external_id, created_at, updated_at, deleted_at ";

ContactRecord read_contact(const Query& q) {
  ContactRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.account_id = q.opt_i64(2);
  r.customer_id = q.opt_i64(3);
  r.name = q.text(4);
  r.title = q.text(5);
  r.email = q.text(6);
  r.email_key = q.text(7);
  r.phone = q.text(8);
  r.phone_key = q.text(9);
  r.decision_role = q.text(10);
  r.influence = q.i64(11);
  r.attitude = q.text(12);
  r.reports_to_contact_id = q.opt_i64(13);
  r.owner_user_id = q.opt_i64(14);
  r.attributes = q.text(15);
  r.external_id = q.opt_text(16);
  r.created_at = q.i64(17);
  r.updated_at = q.i64(18);
  r.deleted_at = q.opt_i64(19);
  return r;
}

// ---- leads ----

constexpr const char* kLeadColumns =
    "id, shop_id, name, company, company_key, title, email, email_key, phone, phone_key, "
    "industry, size, region, source, source_detail, campaign_id, status, fit_score, "
    "engagement_score, score, owner_user_id, customer_id, disqualify_reason, converted_at, "
    "converted_account_id, converted_contact_id, converted_opportunity_id, attributes, "
    "external_id, created_at, updated_at ";

LeadRecord read_lead(const Query& q) {
  LeadRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.company = q.text(3);
  r.company_key = q.text(4);
  r.title = q.text(5);
  r.email = q.text(6);
  r.email_key = q.text(7);
  r.phone = q.text(8);
  r.phone_key = q.text(9);
  r.industry = q.text(10);
  r.size = q.text(11);
  r.region = q.text(12);
  r.source = q.text(13);
  r.source_detail = q.text(14);
  r.campaign_id = q.opt_i64(15);
  r.status = q.text(16);
  r.fit_score = q.i64(17);
  r.engagement_score = q.i64(18);
  r.score = q.i64(19);
  r.owner_user_id = q.opt_i64(20);
  r.customer_id = q.opt_i64(21);
  r.disqualify_reason = q.text(22);
  r.converted_at = q.opt_i64(23);
  r.converted_account_id = q.opt_i64(24);
  r.converted_contact_id = q.opt_i64(25);
  r.converted_opportunity_id = q.opt_i64(26);
  r.attributes = q.text(27);
  r.external_id = q.opt_text(28);
  r.created_at = q.i64(29);
  r.updated_at = q.i64(30);
  return r;
}

// ---- pipelines ----

constexpr const char* kPipelineColumns = "id, shop_id, name, is_default, created_at, updated_at ";

PipelineRecord read_pipeline(const Query& q) {
  PipelineRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.is_default = q.i64(3) != 0;
  r.created_at = q.i64(4);
  r.updated_at = q.i64(5);
  return r;
}

constexpr const char* kStageColumns =
    "id, shop_id, pipeline_id, name, position, probability, kind, required_fields, active ";

StageRecord read_stage(const Query& q) {
  StageRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.pipeline_id = q.i64(2);
  r.name = q.text(3);
  r.position = q.i64(4);
  r.probability = q.i64(5);
  r.kind = q.text(6);
  r.required_fields = q.text(7);
  r.active = q.i64(8) != 0;
  return r;
}

// ---- opportunities ----

constexpr const char* kOpportunityColumns =
    "id, shop_id, pipeline_id, stage_id, account_id, primary_contact_id, lead_id, name, "
    "amount_minor, currency, expected_close_date, owner_user_id, status, forecast_category, "
    "next_step, source, close_reason, closed_at, stage_entered_at, last_activity_at, attributes, "
    "external_id, created_at, updated_at, deleted_at ";

OpportunityRecord read_opportunity_record(const Query& q) {
  OpportunityRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.pipeline_id = q.i64(2);
  r.stage_id = q.i64(3);
  r.account_id = q.opt_i64(4);
  r.primary_contact_id = q.opt_i64(5);
  r.lead_id = q.opt_i64(6);
  r.name = q.text(7);
  r.amount_minor = q.i64(8);
  r.currency = q.text(9);
  r.expected_close_date = q.opt_text(10);
  r.owner_user_id = q.opt_i64(11);
  r.status = q.text(12);
  r.forecast_category = q.text(13);
  r.next_step = q.text(14);
  r.source = q.text(15);
  r.close_reason = q.text(16);
  r.closed_at = q.opt_i64(17);
  r.stage_entered_at = q.i64(18);
  r.last_activity_at = q.opt_i64(19);
  r.attributes = q.text(20);
  r.external_id = q.opt_text(21);
  r.created_at = q.i64(22);
  r.updated_at = q.i64(23);
  r.deleted_at = q.opt_i64(24);
  return r;
}

// ---- competitors ----

constexpr const char* kCompetitorColumns =
    "id, shop_id, name, website, products, price_positioning, strengths, weaknesses, notes, "
    "created_at, updated_at ";

CompetitorRecord read_competitor(const Query& q) {
  CompetitorRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.website = q.text(3);
  r.products = q.text(4);
  r.price_positioning = q.text(5);
  r.strengths = q.text(6);
  r.weaknesses = q.text(7);
  r.notes = q.text(8);
  r.created_at = q.i64(9);
  r.updated_at = q.i64(10);
  return r;
}

// ---- activities ----

constexpr const char* kActivityColumns =
    "id, shop_id, kind, subject, body, outcome, duration_s, account_id, contact_id, "
    "opportunity_id, lead_id, note_id, user_id, occurred_at, created_at ";

SalesActivityRecord read_activity(const Query& q) {
  SalesActivityRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.kind = q.text(2);
  r.subject = q.text(3);
  r.body = q.text(4);
  r.outcome = q.text(5);
  r.duration_s = q.opt_i64(6);
  r.account_id = q.opt_i64(7);
  r.contact_id = q.opt_i64(8);
  r.opportunity_id = q.opt_i64(9);
  r.lead_id = q.opt_i64(10);
  r.note_id = q.opt_i64(11);
  r.user_id = q.opt_i64(12);
  r.occurred_at = q.i64(13);
  r.created_at = q.i64(14);
  return r;
}

}  // namespace

// ---- visibility ---------------------------------------------------------------------

Result<bool> record_visible(Connection& db, int64_t shop, std::string_view object_type,
                            int64_t object_id, std::optional<int64_t> owner,
                            const RecordVisibility& v) {
  if (v.scope == RecordVisibility::kAll) return true;
  if (owner && v.user_id != 0 && *owner == v.user_id) return true;
  if (owner && v.scope == RecordVisibility::kTeam && v.team_id != 0) {
    Query q(db, "SELECT 1 FROM users WHERE id = ? AND shop_id = ? AND team_id = ?");
    q.bind(*owner, shop, v.team_id);
    GX_ASSIGN_OR_RETURN(auto hit, q.single_int64());
    if (hit) return true;
  }
  Query q(db,
          "SELECT 1 FROM record_shares WHERE object_type = ? AND object_id = ? AND user_id = ? "
          "AND shop_id = ?");
  q.bind(object_type, object_id, v.user_id, shop);
  GX_ASSIGN_OR_RETURN(auto shared, q.single_int64());
  return shared.has_value();
}

Status insert_record_share(Connection& db, const RecordShareRecord& s) {
  Query q(db,
          "INSERT INTO record_shares (shop_id, object_type, object_id, user_id, created_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (object_type, object_id, user_id) DO NOTHING");
  q.bind(s.shop_id, s.object_type, s.object_id, s.user_id, s.created_at);
  return q.run();
}

Result<std::vector<RecordShareRecord>> list_record_shares(Connection& db, int64_t shop,
                                                          std::string_view object_type,
                                                          int64_t object_id) {
  Query q(db,
          "SELECT shop_id, object_type, object_id, user_id, created_at FROM record_shares "
          "WHERE object_type = ? AND object_id = ? AND shop_id = ? ORDER BY user_id");
  q.bind(object_type, object_id, shop);
  return collect<RecordShareRecord>(q, [](const Query& r) {
    return RecordShareRecord{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.i64(4)};
  });
}

Result<std::optional<int64_t>> find_user_team(Connection& db, int64_t shop, int64_t user) {
  Query q(db, "SELECT COALESCE(team_id, 0) FROM users WHERE id = ? AND shop_id = ?");
  q.bind(user, shop);
  return q.single_int64();
}

Result<std::optional<int64_t>> find_user_id_by_username(Connection& db, int64_t shop,
                                                        std::string_view username) {
  Query q(db, "SELECT id FROM users WHERE username = lower(?) AND shop_id = ?");
  q.bind(username, shop);
  return q.single_int64();
}

Result<std::vector<int64_t>> list_users_with_roles(Connection& db, int64_t shop,
                                                   const std::vector<std::string>& roles) {
  std::string sql = "SELECT id FROM users WHERE shop_id = ? AND active = 1 AND role IN (''";
  for (size_t i = 0; i < roles.size(); ++i) sql += ", ?";
  sql += ") ORDER BY id";
  Query q(db, sql, Query::Uncached{});
  int i = 1;
  q.bind_at(i++, shop);
  for (const auto& r : roles) q.bind_at(i++, r);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

// ---- accounts -------------------------------------------------------------------------

Result<int64_t> insert_account(Connection& db, const AccountRecord& r) {
  Query q(db,
          "INSERT INTO accounts (shop_id, name, name_key, industry, size, region, website, phone, "
          "owner_user_id, parent_account_id, attributes, external_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.name_key, r.industry, r.size, r.region, r.website, r.phone,
         r.owner_user_id, r.parent_account_id, r.attributes, r.external_id, r.created_at,
         r.updated_at);
  return q.insert_row("accounts");
}

Status update_account(Connection& db, const AccountRecord& r) {
  Query q(db,
          "UPDATE accounts SET name = ?, name_key = ?, industry = ?, size = ?, region = ?, "
          "website = ?, phone = ?, owner_user_id = ?, parent_account_id = ?, attributes = ?, "
          "external_id = ?, updated_at = ?, deleted_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.name_key, r.industry, r.size, r.region, r.website, r.phone, r.owner_user_id,
         r.parent_account_id, r.attributes, r.external_id, r.updated_at, r.deleted_at, r.id,
         r.shop_id);
  return q.run();
}

Result<std::optional<AccountRecord>> find_account(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string("SELECT ") + kAccountColumns +
                  "FROM accounts WHERE id = ? AND shop_id = ? AND deleted_at IS NULL");
  q.bind(id, shop);
  return first<AccountRecord>(q, read_account);
}

Result<std::optional<AccountRecord>> find_account_by_external(Connection& db, int64_t shop,
                                                              std::string_view external_id) {
  Query q(db, std::string("SELECT ") + kAccountColumns +
                  "FROM accounts WHERE shop_id = ? AND external_id = ?");
  q.bind(shop, external_id);
  return first<AccountRecord>(q, read_account);
}

Result<std::vector<AccountRecord>> find_accounts_by_name_key(Connection& db, int64_t shop,
                                                             std::string_view key) {
  Query q(db, std::string("SELECT ") + kAccountColumns +
                  "FROM accounts WHERE shop_id = ? AND name_key = ? AND deleted_at IS NULL "
                  "ORDER BY id LIMIT 20");
  q.bind(shop, key);
  return collect<AccountRecord>(q, read_account);
}

Result<std::vector<AccountRecord>> list_accounts(Connection& db, int64_t shop,
                                                 const AccountFilter& f,
                                                 const RecordVisibility& v) {
  std::string sql = std::string("SELECT ") + kAccountColumns +
                    "FROM accounts WHERE shop_id = ? AND deleted_at IS NULL";
  if (f.owner) sql += " AND owner_user_id = ?";
  if (f.parent) sql += " AND parent_account_id = ?";
  if (!f.industry.empty()) sql += " AND industry = ?";
  if (!f.region.empty()) sql += " AND region = ?";
  if (!f.name_prefix.empty()) sql += " AND name_key >= ? AND name_key < ?";
  if (f.after_id) sql += " AND id < ?";
  sql += visibility_sql(v);
  sql += " ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  if (f.owner) q.bind_at(i++, *f.owner);
  if (f.parent) q.bind_at(i++, *f.parent);
  if (!f.industry.empty()) q.bind_at(i++, f.industry);
  if (!f.region.empty()) q.bind_at(i++, f.region);
  if (!f.name_prefix.empty()) {
    q.bind_at(i++, f.name_prefix);
    q.bind_at(i++, f.name_prefix + "\xF4\x8F\xBF\xBF");
  }
  if (f.after_id) q.bind_at(i++, *f.after_id);
  bind_visibility(q, i, shop, "account", v);
  q.bind_at(i++, f.limit);
  return collect<AccountRecord>(q, read_account);
}

// ---- contacts ----------------------------------------------------------------------------

Result<int64_t> insert_contact(Connection& db, const ContactRecord& r) {
  Query q(db,
          "INSERT INTO contacts (shop_id, account_id, customer_id, name, title, email, email_key, "
          "phone, phone_key, decision_role, influence, attitude, reports_to_contact_id, "
          "owner_user_id, attributes, external_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.account_id, r.customer_id, r.name, r.title, r.email, r.email_key, r.phone,
         r.phone_key, r.decision_role, r.influence, r.attitude, r.reports_to_contact_id,
         r.owner_user_id, r.attributes, r.external_id, r.created_at, r.updated_at);
  return q.insert_row("contacts");
}

Status update_contact(Connection& db, const ContactRecord& r) {
  Query q(db,
          "UPDATE contacts SET account_id = ?, customer_id = ?, name = ?, title = ?, email = ?, "
          "email_key = ?, phone = ?, phone_key = ?, decision_role = ?, influence = ?, "
          "attitude = ?, reports_to_contact_id = ?, owner_user_id = ?, attributes = ?, "
          "external_id = ?, updated_at = ?, deleted_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.account_id, r.customer_id, r.name, r.title, r.email, r.email_key, r.phone, r.phone_key,
         r.decision_role, r.influence, r.attitude, r.reports_to_contact_id, r.owner_user_id,
         r.attributes, r.external_id, r.updated_at, r.deleted_at, r.id, r.shop_id);
  return q.run();
}

Result<std::optional<ContactRecord>> find_contact(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string("SELECT ") + kContactColumns +
                  "FROM contacts WHERE id = ? AND shop_id = ? AND deleted_at IS NULL");
  q.bind(id, shop);
  return first<ContactRecord>(q, read_contact);
}

Result<std::optional<ContactRecord>> find_contact_by_external(Connection& db, int64_t shop,
                                                              std::string_view external_id) {
  Query q(db, std::string("SELECT ") + kContactColumns +
                  "FROM contacts WHERE shop_id = ? AND external_id = ?");
  q.bind(shop, external_id);
  return first<ContactRecord>(q, read_contact);
}

Result<std::vector<ContactRecord>> find_contacts_by_email_key(Connection& db, int64_t shop,
                                                              std::string_view key) {
  Query q(db, std::string("SELECT ") + kContactColumns +
                  "FROM contacts WHERE shop_id = ? AND email_key = ? AND email_key <> '' AND "
                  "deleted_at IS NULL ORDER BY id LIMIT 20");
  q.bind(shop, key);
  return collect<ContactRecord>(q, read_contact);
}

Result<std::vector<ContactRecord>> find_contacts_by_phone_key(Connection& db, int64_t shop,
                                                              std::string_view key) {
  Query q(db, std::string("SELECT ") + kContactColumns +
                  "FROM contacts WHERE shop_id = ? AND phone_key = ? AND phone_key <> '' AND "
                  "deleted_at IS NULL ORDER BY id LIMIT 20");
  q.bind(shop, key);
  return collect<ContactRecord>(q, read_contact);
}

Result<std::vector<ContactRecord>> list_contacts(Connection& db, int64_t shop,
                                                 const ContactFilter& f,
                                                 const RecordVisibility& v) {
  std::string sql = std::string("SELECT ") + kContactColumns +
                    "FROM contacts WHERE shop_id = ? AND deleted_at IS NULL";
  if (f.account) sql += " AND account_id = ?";
  if (f.owner) sql += " AND owner_user_id = ?";
  if (!f.decision_role.empty()) sql += " AND decision_role = ?";
  if (f.after_id) sql += " AND id < ?";
  sql += visibility_sql(v);
  sql += " ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  if (f.account) q.bind_at(i++, *f.account);
  if (f.owner) q.bind_at(i++, *f.owner);
  if (!f.decision_role.empty()) q.bind_at(i++, f.decision_role);
  if (f.after_id) q.bind_at(i++, *f.after_id);
  bind_visibility(q, i, shop, "contact", v);
  q.bind_at(i++, f.limit);
  return collect<ContactRecord>(q, read_contact);
}

// ---- leads ---------------------------------------------------------------------------------

Result<int64_t> insert_lead(Connection& db, const LeadRecord& r) {
  Query q(db,
          "INSERT INTO leads (shop_id, name, company, company_key, title, email, email_key, "
          "phone, phone_key, industry, size, region, source, source_detail, campaign_id, status, "
          "fit_score, engagement_score, score, owner_user_id, customer_id, disqualify_reason, "
          "converted_at, converted_account_id, converted_contact_id, converted_opportunity_id, "
          "attributes, external_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.company, r.company_key, r.title, r.email, r.email_key, r.phone,
         r.phone_key, r.industry, r.size, r.region, r.source, r.source_detail, r.campaign_id,
         r.status, r.fit_score, r.engagement_score, r.score, r.owner_user_id, r.customer_id,
         r.disqualify_reason, r.converted_at, r.converted_account_id, r.converted_contact_id,
         r.converted_opportunity_id, r.attributes, r.external_id, r.created_at, r.updated_at);
  return q.insert_row("leads");
}

Status update_lead(Connection& db, const LeadRecord& r) {
  Query q(db,
          "UPDATE leads SET name = ?, company = ?, company_key = ?, title = ?, email = ?, "
          "email_key = ?, phone = ?, phone_key = ?, industry = ?, size = ?, region = ?, "
          "source = ?, source_detail = ?, campaign_id = ?, status = ?, fit_score = ?, "
          "engagement_score = ?, score = ?, owner_user_id = ?, customer_id = ?, "
          "disqualify_reason = ?, converted_at = ?, converted_account_id = ?, "
          "converted_contact_id = ?, converted_opportunity_id = ?, attributes = ?, "
          "external_id = ?, updated_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.company, r.company_key, r.title, r.email, r.email_key, r.phone, r.phone_key,
         r.industry, r.size, r.region, r.source, r.source_detail, r.campaign_id, r.status,
         r.fit_score, r.engagement_score, r.score, r.owner_user_id, r.customer_id,
         r.disqualify_reason, r.converted_at, r.converted_account_id, r.converted_contact_id,
         r.converted_opportunity_id, r.attributes, r.external_id, r.updated_at, r.id, r.shop_id);
  return q.run();
}

Result<std::optional<LeadRecord>> find_lead(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string("SELECT ") + kLeadColumns + "FROM leads WHERE id = ? AND shop_id = ?");
  q.bind(id, shop);
  return first<LeadRecord>(q, read_lead);
}

Result<std::optional<LeadRecord>> find_lead_by_external(Connection& db, int64_t shop,
                                                        std::string_view external_id) {
  Query q(db, std::string("SELECT ") + kLeadColumns +
                  "FROM leads WHERE shop_id = ? AND external_id = ?");
  q.bind(shop, external_id);
  return first<LeadRecord>(q, read_lead);
}

Result<std::vector<LeadRecord>> find_leads_by_keys(Connection& db, int64_t shop,
                                                   std::string_view email_key,
                                                   std::string_view phone_key,
                                                   std::string_view company_key) {
  // Three indexed probes (email, phone; company is rarer and scans the shop's
  // leads only when given), united.
  Query q(db, std::string("SELECT ") + kLeadColumns +
                  "FROM leads WHERE id IN (SELECT id FROM leads WHERE shop_id = ? AND "
                  "email_key = ? AND email_key <> '' UNION SELECT id FROM leads WHERE shop_id = ? "
                  "AND phone_key = ? AND phone_key <> '' UNION SELECT id FROM leads WHERE "
                  "shop_id = ? AND company_key = ? AND company_key <> '') ORDER BY id DESC LIMIT "
                  "20");
  q.bind(shop, email_key, shop, phone_key, shop, company_key);
  return collect<LeadRecord>(q, read_lead);
}

Result<std::vector<LeadRecord>> list_leads(Connection& db, int64_t shop, const LeadFilter& f,
                                           const RecordVisibility& v) {
  std::string sql = std::string("SELECT ") + kLeadColumns + "FROM leads WHERE shop_id = ?";
  if (!f.statuses.empty()) {
    sql += " AND status IN (";
    for (size_t i = 0; i < f.statuses.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  if (f.owner) sql += " AND owner_user_id = ?";
  if (!f.source.empty()) sql += " AND source = ?";
  if (f.min_score) sql += " AND score >= ?";
  if (f.after_id) sql += " AND id < ?";
  sql += visibility_sql(v);
  sql += " ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  for (const auto& s : f.statuses) q.bind_at(i++, s);
  if (f.owner) q.bind_at(i++, *f.owner);
  if (!f.source.empty()) q.bind_at(i++, f.source);
  if (f.min_score) q.bind_at(i++, *f.min_score);
  if (f.after_id) q.bind_at(i++, *f.after_id);
  bind_visibility(q, i, shop, "lead", v);
  q.bind_at(i++, f.limit);
  return collect<LeadRecord>(q, read_lead);
}

Result<std::vector<int64_t>> list_open_lead_ids(Connection& db, int64_t shop) {
  Query q(db, "SELECT id FROM leads WHERE shop_id = ? AND status <> 'converted' ORDER BY id");
  q.bind(shop);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

// ---- pipelines and stages ---------------------------------------------------------------

Result<int64_t> insert_pipeline(Connection& db, const PipelineRecord& r) {
  Query q(db,
          "INSERT INTO pipelines (shop_id, name, is_default, created_at, updated_at) VALUES (?, "
          "?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.is_default, r.created_at, r.updated_at);
  return q.insert_row("pipelines");
}

Status update_pipeline(Connection& db, const PipelineRecord& r) {
  Query q(db,
          "UPDATE pipelines SET name = ?, is_default = ?, updated_at = ? WHERE id = ? AND "
          "shop_id = ?");
  q.bind(r.name, r.is_default, r.updated_at, r.id, r.shop_id);
  return q.run();
}

Result<std::optional<PipelineRecord>> find_pipeline(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string("SELECT ") + kPipelineColumns +
                  "FROM pipelines WHERE id = ? AND shop_id = ?");
  q.bind(id, shop);
  return first<PipelineRecord>(q, read_pipeline);
}

Result<std::optional<PipelineRecord>> find_default_pipeline(Connection& db, int64_t shop) {
  Query q(db, std::string("SELECT ") + kPipelineColumns +
                  "FROM pipelines WHERE shop_id = ? ORDER BY is_default DESC, id LIMIT 1");
  q.bind(shop);
  return first<PipelineRecord>(q, read_pipeline);
}

Result<std::vector<PipelineRecord>> list_pipelines(Connection& db, int64_t shop) {
  Query q(db, std::string("SELECT ") + kPipelineColumns +
                  "FROM pipelines WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  return collect<PipelineRecord>(q, read_pipeline);
}

Status clear_default_pipeline(Connection& db, int64_t shop, int64_t keep) {
  Query q(db, "UPDATE pipelines SET is_default = 0 WHERE shop_id = ? AND id <> ? AND is_default");
  q.bind(shop, keep);
  return q.run();
}

Result<int64_t> insert_stage(Connection& db, const StageRecord& r) {
  Query q(db,
          "INSERT INTO pipeline_stages (shop_id, pipeline_id, name, position, probability, kind, "
          "required_fields, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.pipeline_id, r.name, r.position, r.probability, r.kind, r.required_fields,
         r.active);
  return q.insert_row("pipeline_stages");
}

Status update_stage(Connection& db, const StageRecord& r) {
  Query q(db,
          "UPDATE pipeline_stages SET name = ?, position = ?, probability = ?, kind = ?, "
          "required_fields = ?, active = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.position, r.probability, r.kind, r.required_fields, r.active, r.id, r.shop_id);
  return q.run();
}

Result<std::optional<StageRecord>> find_stage(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string("SELECT ") + kStageColumns +
                  "FROM pipeline_stages WHERE id = ? AND shop_id = ?");
  q.bind(id, shop);
  return first<StageRecord>(q, read_stage);
}

Result<std::vector<StageRecord>> list_stages(Connection& db, int64_t shop, int64_t pipeline) {
  Query q(db, std::string("SELECT ") + kStageColumns +
                  "FROM pipeline_stages WHERE pipeline_id = ? AND shop_id = ? ORDER BY position, "
                  "id");
  q.bind(pipeline, shop);
  return collect<StageRecord>(q, read_stage);
}

Result<int64_t> count_stage_opportunities(Connection& db, int64_t shop, int64_t stage) {
  Query q(db,
          "SELECT (SELECT COUNT(*) FROM opportunities WHERE shop_id = ? AND stage_id = ?) + "
          "(SELECT COUNT(*) FROM opportunity_stage_history WHERE shop_id = ? AND (to_stage_id = ? "
          "OR from_stage_id = ?))");
  q.bind(shop, stage, shop, stage, stage);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Status delete_stage(Connection& db, int64_t shop, int64_t stage) {
  Query q(db, "DELETE FROM pipeline_stages WHERE id = ? AND shop_id = ?");
  q.bind(stage, shop);
  return q.run();
}

// ---- opportunities -----------------------------------------------------------------------

Result<int64_t> insert_opportunity(Connection& db, const OpportunityRecord& r) {
  Query q(db,
          "INSERT INTO opportunities (shop_id, pipeline_id, stage_id, account_id, "
          "primary_contact_id, lead_id, name, amount_minor, currency, expected_close_date, "
          "owner_user_id, status, forecast_category, next_step, source, close_reason, closed_at, "
          "stage_entered_at, last_activity_at, attributes, external_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.pipeline_id, r.stage_id, r.account_id, r.primary_contact_id, r.lead_id,
         r.name, r.amount_minor, r.currency, r.expected_close_date, r.owner_user_id, r.status,
         r.forecast_category, r.next_step, r.source, r.close_reason, r.closed_at,
         r.stage_entered_at, r.last_activity_at, r.attributes, r.external_id, r.created_at,
         r.updated_at);
  return q.insert_row("opportunities");
}

Status update_opportunity(Connection& db, const OpportunityRecord& r) {
  Query q(db,
          "UPDATE opportunities SET pipeline_id = ?, stage_id = ?, account_id = ?, "
          "primary_contact_id = ?, lead_id = ?, name = ?, amount_minor = ?, currency = ?, "
          "expected_close_date = ?, owner_user_id = ?, status = ?, forecast_category = ?, "
          "next_step = ?, source = ?, close_reason = ?, closed_at = ?, stage_entered_at = ?, "
          "last_activity_at = ?, attributes = ?, external_id = ?, updated_at = ?, deleted_at = ? "
          "WHERE id = ? AND shop_id = ?");
  q.bind(r.pipeline_id, r.stage_id, r.account_id, r.primary_contact_id, r.lead_id, r.name,
         r.amount_minor, r.currency, r.expected_close_date, r.owner_user_id, r.status,
         r.forecast_category, r.next_step, r.source, r.close_reason, r.closed_at,
         r.stage_entered_at, r.last_activity_at, r.attributes, r.external_id, r.updated_at,
         r.deleted_at, r.id, r.shop_id);
  return q.run();
}

Result<std::optional<OpportunityRecord>> find_opportunity(Connection& db, int64_t shop,
                                                          int64_t id) {
  Query q(db, std::string("SELECT ") + kOpportunityColumns +
                  "FROM opportunities WHERE id = ? AND shop_id = ? AND deleted_at IS NULL");
  q.bind(id, shop);
  return first<OpportunityRecord>(q, read_opportunity_record);
}

Result<std::optional<OpportunityRecord>> find_opportunity_by_external(
    Connection& db, int64_t shop, std::string_view external_id) {
  Query q(db, std::string("SELECT ") + kOpportunityColumns +
                  "FROM opportunities WHERE shop_id = ? AND external_id = ?");
  q.bind(shop, external_id);
  return first<OpportunityRecord>(q, read_opportunity_record);
}

Result<std::vector<OpportunityRecord>> list_opportunities(Connection& db, int64_t shop,
                                                          const OpportunityFilter& f,
                                                          const RecordVisibility& v) {
  std::string sql = std::string("SELECT ") + kOpportunityColumns +
                    "FROM opportunities WHERE shop_id = ? AND deleted_at IS NULL";
  if (f.status) sql += " AND status = ?";
  if (!f.stages.empty()) {
    sql += " AND stage_id IN (";
    for (size_t i = 0; i < f.stages.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  if (f.pipeline) sql += " AND pipeline_id = ?";
  if (f.owner) sql += " AND owner_user_id = ?";
  if (f.account) sql += " AND account_id = ?";
  if (f.close_from) sql += " AND expected_close_date >= ?";
  if (f.close_to) sql += " AND expected_close_date <= ?";
  if (f.after_id) sql += " AND id < ?";
  sql += visibility_sql(v);
  sql += " ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  if (f.status) q.bind_at(i++, *f.status);
  for (int64_t s : f.stages) q.bind_at(i++, s);
  if (f.pipeline) q.bind_at(i++, *f.pipeline);
  if (f.owner) q.bind_at(i++, *f.owner);
  if (f.account) q.bind_at(i++, *f.account);
  if (f.close_from) q.bind_at(i++, *f.close_from);
  if (f.close_to) q.bind_at(i++, *f.close_to);
  if (f.after_id) q.bind_at(i++, *f.after_id);
  bind_visibility(q, i, shop, "opportunity", v);
  q.bind_at(i++, f.limit);
  return collect<OpportunityRecord>(q, read_opportunity_record);
}

Result<std::vector<StageTotal>> open_stage_totals(Connection& db, int64_t shop, int64_t pipeline,
                                                  const RecordVisibility& v) {
  std::string sql =
      "SELECT stage_id, COUNT(*), COALESCE(SUM(amount_minor), 0) FROM opportunities WHERE "
      "shop_id = ? AND status = 'open' AND pipeline_id = ? AND deleted_at IS NULL";
  sql += visibility_sql(v);
  sql += " GROUP BY stage_id";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  q.bind_at(i++, pipeline);
  bind_visibility(q, i, shop, "opportunity", v);
  return collect<StageTotal>(q, [](const Query& r) {
    return StageTotal{r.i64(0), r.i64(1), r.i64(2)};
  });
}

Status insert_stage_history(Connection& db, const StageHistoryRecord& r) {
  Query q(db,
          "INSERT INTO opportunity_stage_history (shop_id, opportunity_id, from_stage_id, "
          "to_stage_id, amount_minor, probability, actor, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?)");
  q.bind(r.shop_id, r.opportunity_id, r.from_stage_id, r.to_stage_id, r.amount_minor, r.probability,
         r.actor, r.moved_at);
  return q.run();
}

Result<std::vector<StageHistoryRecord>> list_stage_history(Connection& db, int64_t shop,
                                                           int64_t opportunity) {
  Query q(db,
          "SELECT id, shop_id, opportunity_id, from_stage_id, to_stage_id, amount_minor, "
          "probability, actor, moved_at FROM opportunity_stage_history WHERE opportunity_id = ? "
          "AND shop_id = ? ORDER BY moved_at, id");
  q.bind(opportunity, shop);
  return collect<StageHistoryRecord>(q, [](const Query& r) {
    StageHistoryRecord h;
    h.id = r.i64(0);
    h.shop_id = r.i64(1);
    h.opportunity_id = r.i64(2);
    h.from_stage_id = r.opt_i64(3);
    h.to_stage_id = r.i64(4);
    h.amount_minor = r.i64(5);
    h.probability = r.i64(6);
    h.actor = r.text(7);
    h.moved_at = r.i64(8);
    return h;
  });
}

Status replace_opportunity_lines(Connection& db, int64_t shop, int64_t opportunity,
                                 const std::vector<OpportunityLineRecord>& lines) {
  {
    Query del(db, "DELETE FROM opportunity_lines WHERE opportunity_id = ? AND shop_id = ?");
    del.bind(opportunity, shop);
    GX_RETURN_IF_ERROR(del.run());
  }
  for (const auto& l : lines) {
    Query q(db,
            "INSERT INTO opportunity_lines (shop_id, opportunity_id, product_id, sku, name, "
            "quantity, unit_price_minor, discount_minor, position) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, ?)");
    q.bind(shop, opportunity, l.product_id, l.sku, l.name, l.quantity, l.unit_price_minor,
           l.discount_minor, l.position);
    GX_RETURN_IF_ERROR(q.run());
  }
  return Status::ok();
}

Result<std::vector<OpportunityLineRecord>> list_opportunity_lines(Connection& db, int64_t shop,
                                                                  int64_t opportunity) {
  Query q(db,
          "SELECT id, shop_id, opportunity_id, product_id, sku, name, quantity, "
          "unit_price_minor, discount_minor, position FROM opportunity_lines WHERE "
          "opportunity_id = ? AND shop_id = ? ORDER BY position, id");
  q.bind(opportunity, shop);
  return collect<OpportunityLineRecord>(q, [](const Query& r) {
    OpportunityLineRecord l;
    l.id = r.i64(0);
    l.shop_id = r.i64(1);
    l.opportunity_id = r.i64(2);
    l.product_id = r.opt_i64(3);
    l.sku = r.text(4);
    l.name = r.text(5);
    l.quantity = r.i64(6);
    l.unit_price_minor = r.i64(7);
    l.discount_minor = r.i64(8);
    l.position = r.i64(9);
    return l;
  });
}

// ---- competitors -------------------------------------------------------------------------

Result<int64_t> insert_competitor(Connection& db, const CompetitorRecord& r) {
  Query q(db,
          "INSERT INTO competitors (shop_id, name, website, products, price_positioning, "
          "strengths, weaknesses, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?)");
  q.bind(r.shop_id, r.name, r.website, r.products, r.price_positioning, r.strengths, r.weaknesses,
         r.notes, r.created_at, r.updated_at);
  return q.insert_row("competitors");
}

Status update_competitor(Connection& db, const CompetitorRecord& r) {
  Query q(db,
          "UPDATE competitors SET name = ?, website = ?, products = ?, price_positioning = ?, "
          "strengths = ?, weaknesses = ?, notes = ?, updated_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.website, r.products, r.price_positioning, r.strengths, r.weaknesses, r.notes,
         r.updated_at, r.id, r.shop_id);
  return q.run();
}

Result<std::optional<CompetitorRecord>> find_competitor(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string("SELECT ") + kCompetitorColumns +
                  "FROM competitors WHERE id = ? AND shop_id = ?");
  q.bind(id, shop);
  return first<CompetitorRecord>(q, read_competitor);
}

Result<std::optional<CompetitorRecord>> find_competitor_by_name(Connection& db, int64_t shop,
                                                                std::string_view name) {
  Query q(db, std::string("SELECT ") + kCompetitorColumns +
                  "FROM competitors WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  return first<CompetitorRecord>(q, read_competitor);
}

Result<std::vector<CompetitorRecord>> list_competitors(Connection& db, int64_t shop) {
  Query q(db, std::string("SELECT ") + kCompetitorColumns +
                  "FROM competitors WHERE shop_id = ? ORDER BY name");
  q.bind(shop);
  return collect<CompetitorRecord>(q, read_competitor);
}

Result<std::vector<int64_t>> competitor_opportunity_ids(Connection& db, int64_t shop,
                                                        int64_t competitor) {
  Query q(db,
          "SELECT opportunity_id FROM opportunity_competitors WHERE competitor_id = ? AND "
          "shop_id = ? ORDER BY opportunity_id");
  q.bind(competitor, shop);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

Status delete_competitor(Connection& db, int64_t shop, int64_t id) {
  {
    Query q(db, "DELETE FROM opportunity_competitors WHERE competitor_id = ? AND shop_id = ?");
    q.bind(id, shop);
    GX_RETURN_IF_ERROR(q.run());
  }
  Query q(db, "DELETE FROM competitors WHERE id = ? AND shop_id = ?");
  q.bind(id, shop);
  return q.run();
}

Status upsert_opportunity_competitor(Connection& db, const OpportunityCompetitorRecord& r) {
  Query q(db,
          "INSERT INTO opportunity_competitors (opportunity_id, competitor_id, shop_id, notes) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (opportunity_id, competitor_id) DO UPDATE SET notes = "
          "excluded.notes");
  q.bind(r.opportunity_id, r.competitor_id, r.shop_id, r.notes);
  return q.run();
}

Result<bool> delete_opportunity_competitor(Connection& db, int64_t shop, int64_t opportunity,
                                           int64_t competitor) {
  Query q(db,
          "DELETE FROM opportunity_competitors WHERE opportunity_id = ? AND competitor_id = ? AND "
          "shop_id = ?");
  q.bind(opportunity, competitor, shop);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<std::vector<OpportunityCompetitorRecord>> list_opportunity_competitors(Connection& db,
                                                                              int64_t shop,
                                                                              int64_t opportunity) {
  Query q(db,
          "SELECT oc.opportunity_id, oc.competitor_id, oc.shop_id, oc.notes, c.name FROM "
          "opportunity_competitors oc JOIN competitors c ON c.id = oc.competitor_id WHERE "
          "oc.opportunity_id = ? AND oc.shop_id = ? ORDER BY c.name");
  q.bind(opportunity, shop);
  return collect<OpportunityCompetitorRecord>(q, [](const Query& r) {
    return OpportunityCompetitorRecord{r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4)};
  });
}

// ---- activities -----------------------------------------------------------------------

Result<int64_t> insert_sales_activity(Connection& db, const SalesActivityRecord& r) {
  Query q(db,
          "INSERT INTO sales_activities (shop_id, kind, subject, body, outcome, duration_s, "
          "account_id, contact_id, opportunity_id, lead_id, note_id, user_id, occurred_at, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.kind, r.subject, r.body, r.outcome, r.duration_s, r.account_id, r.contact_id,
         r.opportunity_id, r.lead_id, r.note_id, r.user_id, r.occurred_at, r.created_at);
  return q.insert_row("sales_activities");
}

Result<std::optional<SalesActivityRecord>> find_sales_activity(Connection& db, int64_t shop,
                                                               int64_t id) {
  Query q(db, std::string("SELECT ") + kActivityColumns +
                  "FROM sales_activities WHERE id = ? AND shop_id = ?");
  q.bind(id, shop);
  return first<SalesActivityRecord>(q, read_activity);
}

Result<std::vector<SalesActivityRecord>> list_sales_activities(Connection& db, int64_t shop,
                                                               const SalesActivityFilter& f) {
  std::string sql =
      std::string("SELECT ") + kActivityColumns + "FROM sales_activities WHERE shop_id = ?";
  if (f.account) sql += " AND account_id = ?";
  if (f.contact) sql += " AND contact_id = ?";
  if (f.opportunity) sql += " AND opportunity_id = ?";
  if (f.lead) sql += " AND lead_id = ?";
  if (f.user) sql += " AND user_id = ?";
  if (f.after_id) sql += " AND id < ?";
  sql += " ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  if (f.account) q.bind_at(i++, *f.account);
  if (f.contact) q.bind_at(i++, *f.contact);
  if (f.opportunity) q.bind_at(i++, *f.opportunity);
  if (f.lead) q.bind_at(i++, *f.lead);
  if (f.user) q.bind_at(i++, *f.user);
  if (f.after_id) q.bind_at(i++, *f.after_id);
  q.bind_at(i++, f.limit);
  return collect<SalesActivityRecord>(q, read_activity);
}

Result<int64_t> relink_lead_records(Connection& db, int64_t shop, int64_t lead,
                                    std::optional<int64_t> account, std::optional<int64_t> contact,
                                    std::optional<int64_t> opportunity) {
  Query q(db,
          "UPDATE sales_activities SET account_id = COALESCE(account_id, ?), contact_id = "
          "COALESCE(contact_id, ?), opportunity_id = COALESCE(opportunity_id, ?) WHERE lead_id = "
          "? AND shop_id = ?");
  q.bind(account, contact, opportunity, lead, shop);
  GX_RETURN_IF_ERROR(q.run());
  const int64_t touched = q.changes();
  Query t(db,
          "UPDATE tasks SET account_id = COALESCE(account_id, ?), contact_id = "
          "COALESCE(contact_id, ?), opportunity_id = COALESCE(opportunity_id, ?) WHERE lead_id = "
          "? AND shop_id = ?");
  t.bind(account, contact, opportunity, lead, shop);
  GX_RETURN_IF_ERROR(t.run());
  return touched;
}

Result<std::optional<int64_t>> latest_lead_activity(Connection& db, int64_t shop, int64_t lead) {
  Query q(db, "SELECT MAX(occurred_at) FROM sales_activities WHERE lead_id = ? AND shop_id = ?");
  q.bind(lead, shop);
  if (q.next()) return q.opt_i64(0);
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<int64_t>();
}

Status set_task_sales_links(Connection& db, int64_t shop, int64_t task,
                            std::optional<int64_t> account, std::optional<int64_t> contact,
                            std::optional<int64_t> opportunity, std::optional<int64_t> lead) {
  Query q(db,
          "UPDATE tasks SET account_id = ?, contact_id = ?, opportunity_id = ?, lead_id = ? "
          "WHERE id = ? AND shop_id = ?");
  q.bind(account, contact, opportunity, lead, task, shop);
  return q.run();
}

Result<SalesTaskLinks> find_task_sales_links(Connection& db, int64_t shop, int64_t task) {
  Query q(db,
          "SELECT account_id, contact_id, opportunity_id, lead_id FROM tasks WHERE id = ? AND "
          "shop_id = ?");
  q.bind(task, shop);
  SalesTaskLinks l;
  if (q.next()) {
    l.account = q.opt_i64(0);
    l.contact = q.opt_i64(1);
    l.opportunity = q.opt_i64(2);
    l.lead = q.opt_i64(3);
  }
  GX_RETURN_IF_ERROR(q.status());
  return l;
}

Result<std::vector<int64_t>> list_sales_task_ids(Connection& db, int64_t shop,
                                                 const SalesTaskLinks& on,
                                                 std::optional<std::string> status, int limit) {
  std::string sql = "SELECT id FROM tasks WHERE shop_id = ?";
  if (on.account) sql += " AND account_id = ?";
  if (on.contact) sql += " AND contact_id = ?";
  if (on.opportunity) sql += " AND opportunity_id = ?";
  if (on.lead) sql += " AND lead_id = ?";
  if (!on.account && !on.contact && !on.opportunity && !on.lead)
    sql +=
        " AND (account_id IS NOT NULL OR contact_id IS NOT NULL OR opportunity_id IS NOT NULL "
        "OR lead_id IS NOT NULL)";
  if (status) sql += " AND status = ?";
  sql += " ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  if (on.account) q.bind_at(i++, *on.account);
  if (on.contact) q.bind_at(i++, *on.contact);
  if (on.opportunity) q.bind_at(i++, *on.opportunity);
  if (on.lead) q.bind_at(i++, *on.lead);
  if (status) q.bind_at(i++, *status);
  q.bind_at(i++, limit);
  return collect<int64_t>(q, [](const Query& r) { return r.i64(0); });
}

Result<EngagementCounts> engagement_counts(Connection& db, int64_t shop,
                                           std::optional<int64_t> customer, int64_t lead,
                                           int64_t since) {
  EngagementCounts c;
  if (customer) {
    {
      Query q(db,
              "SELECT COUNT(*) FROM events WHERE customer_id = ? AND occurred_at >= ? AND "
              "shop_id = ?");
      q.bind(*customer, since, shop);
      GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
      c.events = n.value_or(0);
    }
    Query q(db,
            "SELECT COUNT(*) FROM messages WHERE customer_id = ? AND due_at >= ? AND shop_id = ? "
            "AND (opened_at IS NOT NULL OR clicked_at IS NOT NULL)");
    q.bind(*customer, since, shop);
    GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
    c.messages = n.value_or(0);
  }
  Query q(db,
          "SELECT COUNT(*) FROM sales_activities WHERE lead_id = ? AND occurred_at >= ? AND "
          "shop_id = ?");
  q.bind(lead, since, shop);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  c.activities = n.value_or(0);
  return c;
}

}  // namespace guanxi::store
