#include "store/outbox_table.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr const char* kTemplateSelect =
    "SELECT id, shop_id, name, channel, class, subject, body, provider_template, params, "
    "created_at, updated_at FROM message_templates ";

TemplateRecord read_template(const Query& q) {
  TemplateRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.channel = q.text(3);
  r.klass = q.text(4);
  r.subject = q.text(5);
  r.body = q.text(6);
  r.provider_template = q.text(7);
  r.params = q.text(8);
  r.created_at = q.i64(9);
  r.updated_at = q.i64(10);
  return r;
}

constexpr const char* kMessageSelect =
    "SELECT id, shop_id, customer_id, channel, class, template_id, to_address, subject, body, "
    "provider_template, params, source, source_id, run_id, variant, idempotency_key, status, "
    "reason, due_at, next_attempt_at, lease_until, attempts, provider, provider_message_id, "
    "created_at, sent_at, delivered_at, opened_at, clicked_at, unsubscribed_at FROM messages ";

MessageRecord read_message(const Query& q) {
  MessageRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.customer_id = q.opt_i64(2);
  r.channel = q.text(3);
  r.klass = q.text(4);
  r.template_id = q.opt_i64(5);
  r.to_address = q.text(6);
  r.subject = q.text(7);
  r.body = q.text(8);
  r.provider_template = q.text(9);
  r.params = q.text(10);
  r.source = q.text(11);
  r.source_id = q.opt_i64(12);
  r.run_id = q.opt_i64(13);
  r.variant = q.text(14);
  r.idempotency_key = q.text(15);
  r.status = q.text(16);
  r.reason = q.text(17);
  r.due_at = q.i64(18);
  r.next_attempt_at = q.opt_i64(19);
  r.lease_until = q.opt_i64(20);
  r.attempts = q.i64(21);
  r.provider = q.text(22);
  r.provider_message_id = q.text(23);
  r.created_at = q.i64(24);
  r.sent_at = q.opt_i64(25);
  r.delivered_at = q.opt_i64(26);
  r.opened_at = q.opt_i64(27);
  r.clicked_at = q.opt_i64(28);
  r.unsubscribed_at = q.opt_i64(29);
  return r;
}

constexpr const char* kCampaignSelect =
    "SELECT id, shop_id, name, status, definition, scheduled_at, started_at, finished_at, "
    "created_by, created_at, updated_at FROM campaigns ";

CampaignRecord read_campaign(const Query& q) {
  CampaignRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.status = q.text(3);
  r.definition = q.text(4);
  r.scheduled_at = q.opt_i64(5);
  r.started_at = q.opt_i64(6);
  r.finished_at = q.opt_i64(7);
  r.created_by = q.text(8);
  r.created_at = q.i64(9);
  r.updated_at = q.i64(10);
  return r;
}

std::string_view consent_column(std::string_view channel) {
  if (channel == "sms") return "consent_sms";
  if (channel == "email") return "consent_email";
  if (channel == "wechat") return "consent_wechat";
  return "";
}

}  // namespace

// ---- templates ----

Result<int64_t> insert_template(Connection& db, const TemplateRecord& r) {
  Query q(db,
          "INSERT INTO message_templates (shop_id, name, channel, class, subject, body, "
          "provider_template, params, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)");
  q.bind(r.shop_id, r.name, r.channel, r.klass, r.subject, r.body, r.provider_template, r.params,
         r.created_at, r.updated_at);
  return q.insert_row("message_templates");
}

Status update_template(Connection& db, const TemplateRecord& r) {
  Query q(db,
          "UPDATE message_templates SET name = ?, channel = ?, class = ?, subject = ?, body = ?, "
          "provider_template = ?, params = ?, updated_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.channel, r.klass, r.subject, r.body, r.provider_template, r.params, r.updated_at,
         r.id, r.shop_id);
  return q.run();
}

Result<bool> delete_template(Connection& db, int64_t shop, int64_t id) {
  Query q(db, "DELETE FROM message_templates WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<std::optional<TemplateRecord>> find_template(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string(kTemplateSelect) + "WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return first<TemplateRecord>(q, read_template);
}

Result<std::optional<TemplateRecord>> find_template_by_name(Connection& db, int64_t shop,
                                                            std::string_view name) {
  Query q(db, std::string(kTemplateSelect) + "WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  return first<TemplateRecord>(q, read_template);
}

Result<std::vector<TemplateRecord>> list_templates(Connection& db, int64_t shop) {
  Query q(db, std::string(kTemplateSelect) + "WHERE shop_id = ? ORDER BY name");
  q.bind(shop);
  return collect<TemplateRecord>(q, read_template);
}

// ---- messages ----

Result<int64_t> insert_message(Connection& db, const MessageRecord& r) {
  Query q(db,
          "INSERT INTO messages (shop_id, customer_id, channel, class, template_id, to_address, "
          "subject, body, provider_template, params, source, source_id, run_id, variant, "
          "idempotency_key, status, reason, due_at, next_attempt_at, created_at) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.customer_id, r.channel, r.klass, r.template_id, r.to_address, r.subject,
         r.body, r.provider_template, r.params, r.source, r.source_id, r.run_id, r.variant,
         r.idempotency_key, r.status, r.reason, r.due_at, r.next_attempt_at, r.created_at);
  return q.insert_row("messages");
}

Status insert_messages(Connection& db, const std::vector<MessageRecord>& rows) {
  return insert_rows(db,
                     "INTO messages (shop_id, customer_id, channel, class, "
                     "template_id, to_address, subject, body, provider_template, params, source, "
                     "source_id, run_id, variant, idempotency_key, status, reason, due_at, "
                     "next_attempt_at, created_at)",
                     20, rows, [](Query& q, int first, const MessageRecord& r) {
                       q.bind_from(first, r.shop_id, r.customer_id, r.channel, r.klass,
                                   r.template_id, r.to_address, r.subject, r.body,
                                   r.provider_template, r.params, r.source, r.source_id, r.run_id,
                                   r.variant, r.idempotency_key, r.status, r.reason, r.due_at,
                                   r.next_attempt_at, r.created_at);
                     });
}

Result<std::optional<MessageRecord>> find_message(Connection& db, int64_t id) {
  Query q(db, std::string(kMessageSelect) + "WHERE id = ?");
  q.bind(id);
  return first<MessageRecord>(q, read_message);
}

Result<std::optional<MessageRecord>> find_message_by_key(Connection& db, std::string_view key) {
  Query q(db, std::string(kMessageSelect) + "WHERE idempotency_key = ?");
  q.bind(key);
  return first<MessageRecord>(q, read_message);
}

Result<std::optional<MessageRecord>> find_message_by_provider_id(Connection& db,
                                                                 std::string_view provider_id) {
  Query q(db, std::string(kMessageSelect) + "WHERE provider_message_id = ? AND ? <> ''");
  q.bind(provider_id, provider_id);
  return first<MessageRecord>(q, read_message);
}

Result<std::vector<MessageRecord>> customer_messages(Connection& db, int64_t shop, int64_t customer,
                                                     int limit) {
  Query q(db, std::string(kMessageSelect) +
                  "WHERE customer_id = ? AND shop_id = ? ORDER BY due_at DESC, id DESC LIMIT ?");
  q.bind(customer, shop, limit);
  return collect<MessageRecord>(q, read_message);
}

Result<std::vector<MessageRecord>> list_messages(Connection& db, int64_t shop,
                                                 std::string_view status, std::string_view source,
                                                 std::optional<int64_t> source_id,
                                                 std::optional<int64_t> before_id, int limit) {
  Query q(db, std::string(kMessageSelect) +
                  "WHERE shop_id = ? AND (? = '' OR status = ?) AND (? = '' OR source = ?) AND "
                  "(? IS NULL OR source_id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC "
                  "LIMIT ?");
  q.bind(shop, status, status, source, source, source_id, source_id, before_id, before_id, limit);
  return collect<MessageRecord>(q, read_message);
}

Status for_each_source_message(Connection& db, int64_t shop, std::string_view source,
                               int64_t source_id, int64_t after_id,
                               const std::function<Status(const MessageRecord&)>& fn) {
  Query q(db, std::string(kMessageSelect) +
                  "WHERE shop_id = ? AND source = ? AND source_id = ? AND id > ? "
                  "ORDER BY due_at, id");
  q.bind(shop, source, source_id, after_id);
  while (q.next()) GX_RETURN_IF_ERROR(fn(read_message(q)));
  return q.status();
}

Result<int64_t> last_message_id(Connection& db) {
  Query q(db, "SELECT COALESCE(MAX(id), 0) FROM messages");
  GX_ASSIGN_OR_RETURN(auto v, q.single_int64());
  return v.value_or(0);
}

Result<std::vector<MessageRecord>> due_messages(Connection& db, int64_t now, int limit) {
  Query q(db, std::string(kMessageSelect) +
                  "WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
                  "LIMIT ?");
  q.bind(now, limit);
  return collect<MessageRecord>(q, read_message);
}

Status lease_messages(Connection& db, std::span<const int64_t> ids, int64_t lease_until) {
  for (int64_t id : ids) {
    // A finished statement is reset by a new Query (cached), not by bind().
    Query q(db,
            "UPDATE messages SET status = 'sending', lease_until = ?, attempts = attempts + 1 "
            "WHERE id = ? AND status = 'queued'");
    q.bind(lease_until, id);
    GX_RETURN_IF_ERROR(q.run());
  }
  return Status::ok();
}

Result<int64_t> requeue_expired_leases(Connection& db, int64_t now) {
  Query q(db,
          "UPDATE messages SET status = 'queued', lease_until = NULL WHERE status = 'sending' AND "
          "lease_until < ?");
  q.bind(now);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes();
}

Result<int64_t> requeue_all_leases(Connection& db) {
  Query q(db, "UPDATE messages SET status = 'queued', lease_until = NULL WHERE status = 'sending'");
  GX_RETURN_IF_ERROR(q.run());
  return q.changes();
}

Result<std::optional<int64_t>> next_message_due(Connection& db) {
  Query q(db, "SELECT MIN(next_attempt_at) FROM messages WHERE status = 'queued'");
  if (q.next()) return q.opt_i64(0);
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<int64_t>();
}

Status mark_message_sent(Connection& db, int64_t id, std::string_view provider,
                         std::string_view provider_message_id, int64_t now) {
  Query q(db,
          "UPDATE messages SET status = 'sent', provider = ?, provider_message_id = ?, sent_at = "
          "?, lease_until = NULL, reason = '' WHERE id = ?");
  q.bind(provider, provider_message_id, now, id);
  return q.run();
}

Status mark_message_retry(Connection& db, int64_t id, std::string_view reason,
                          int64_t next_attempt_at) {
  Query q(db,
          "UPDATE messages SET status = 'queued', reason = ?, next_attempt_at = ?, lease_until = "
          "NULL WHERE id = ?");
  q.bind(reason, next_attempt_at, id);
  return q.run();
}

Status mark_message_deferred(Connection& db, int64_t id, int64_t next_attempt_at) {
  Query q(db,
          "UPDATE messages SET status = 'queued', next_attempt_at = ?, lease_until = NULL, "
          "attempts = MAX(attempts - 1, 0) WHERE id = ?");
  q.bind(next_attempt_at, id);
  return q.run();
}

Status mark_message_final(Connection& db, int64_t id, std::string_view status,
                          std::string_view reason, int64_t now) {
  (void)now;
  Query q(db, "UPDATE messages SET status = ?, reason = ?, lease_until = NULL WHERE id = ?");
  q.bind(status, reason, id);
  return q.run();
}

Status mark_message_delivered(Connection& db, int64_t id, int64_t at) {
  Query q(db,
          "UPDATE messages SET status = 'delivered', delivered_at = COALESCE(delivered_at, ?) "
          "WHERE id = ? AND status IN ('sent', 'delivered')");
  q.bind(at, id);
  return q.run();
}

Status mark_message_event_time(Connection& db, int64_t id, std::string_view column, int64_t at) {
  // Column names come from this fixed list only, never from input.
  const char* sql = nullptr;
  if (column == "opened_at")
    sql = "UPDATE messages SET opened_at = COALESCE(opened_at, ?) WHERE id = ?";
  else if (column == "clicked_at")
    sql = "UPDATE messages SET clicked_at = COALESCE(clicked_at, ?) WHERE id = ?";
  else if (column == "unsubscribed_at")
    sql = "UPDATE messages SET unsubscribed_at = COALESCE(unsubscribed_at, ?) WHERE id = ?";
  else
    return Status::internal("unknown message event column " + std::string(column));
  Query q(db, sql);
  q.bind(at, id);
  return q.run();
}

// ---- guardrails ----

Result<int64_t> count_messages_in_window(Connection& db, int64_t customer, std::string_view channel,
                                         std::string_view klass, int64_t from, int64_t until) {
  Query q(db,
          "SELECT COUNT(*) FROM messages WHERE customer_id = ? AND due_at BETWEEN ? AND ? AND "
          "channel = ? AND class = ? AND status IN ('queued', 'held', 'sending', 'sent', "
          "'delivered')");
  q.bind(customer, from, until, channel, klass);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Result<bool> template_sent_in_window(Connection& db, int64_t customer, int64_t template_id,
                                     int64_t from, int64_t until) {
  Query q(db,
          "SELECT 1 FROM messages WHERE customer_id = ? AND due_at BETWEEN ? AND ? AND "
          "template_id = ? AND status IN ('queued', 'held', 'sending', 'sent', 'delivered') "
          "LIMIT 1");
  q.bind(customer, from, until, template_id);
  if (q.next()) return true;
  GX_RETURN_IF_ERROR(q.status());
  return false;
}

Result<std::string> customer_identity(Connection& db, int64_t customer, std::string_view type) {
  Query q(db,
          "SELECT value FROM identities WHERE customer_id = ? AND type = ? ORDER BY created_at, "
          "value LIMIT 1");
  q.bind(customer, type);
  if (q.next()) return q.text(0);
  GX_RETURN_IF_ERROR(q.status());
  return std::string();
}

Result<std::optional<std::string>> customer_consent(Connection& db, int64_t shop, int64_t customer,
                                                    std::string_view channel) {
  const std::string_view column = consent_column(channel);
  if (column.empty()) return Status::internal("no consent for channel " + std::string(channel));
  Query q(db, "SELECT " + std::string(column) +
                  " FROM customers WHERE id = ? AND shop_id = ? AND merged_into IS NULL");
  q.bind(customer, shop);
  return first<std::string>(q, [](const Query& row) { return row.text(0); });
}

Status set_customer_consent(Connection& db, int64_t shop, int64_t customer,
                            std::string_view channel, std::string_view consent, int64_t now) {
  const std::string_view column = consent_column(channel);
  if (column.empty()) return Status::internal("no consent for channel " + std::string(channel));
  Query q(db, "UPDATE customers SET " + std::string(column) +
                  " = ?, updated_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(consent, now, customer, shop);
  return q.run();
}

Result<std::vector<int64_t>> customers_with_identity(Connection& db, int64_t shop,
                                                     std::string_view type,
                                                     std::string_view value) {
  Query q(db,
          "SELECT i.customer_id FROM identities i JOIN customers c ON c.id = i.customer_id "
          "WHERE i.shop_id = ? AND i.type = ? AND i.value = ? AND c.merged_into IS NULL");
  q.bind(shop, type, value);
  return collect<int64_t>(q, [](const Query& row) { return row.i64(0); });
}

Result<bool> insert_suppression(Connection& db, const SuppressionRecord& r) {
  Query q(db,
          "INSERT INTO suppressions (shop_id, channel, address, reason, source, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, channel, address) DO NOTHING");
  q.bind(r.shop_id, r.channel, r.address, r.reason, r.source, r.created_at);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() == 1;
}

Result<bool> delete_suppression(Connection& db, int64_t shop, std::string_view channel,
                                std::string_view address) {
  Query q(db, "DELETE FROM suppressions WHERE shop_id = ? AND channel = ? AND address = ?");
  q.bind(shop, channel, address);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

namespace {
SuppressionRecord read_suppression(const Query& q) {
  return SuppressionRecord{q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.i64(5)};
}
}  // namespace

Result<std::optional<SuppressionRecord>> find_suppression(Connection& db, int64_t shop,
                                                          std::string_view channel,
                                                          std::string_view address) {
  Query q(db,
          "SELECT shop_id, channel, address, reason, source, created_at FROM suppressions WHERE "
          "shop_id = ? AND channel = ? AND address = ?");
  q.bind(shop, channel, address);
  return first<SuppressionRecord>(q, read_suppression);
}

Result<std::vector<SuppressionRecord>> list_suppressions(Connection& db, int64_t shop,
                                                         std::string_view channel, int limit,
                                                         int offset) {
  Query q(db,
          "SELECT shop_id, channel, address, reason, source, created_at FROM suppressions WHERE "
          "shop_id = ? AND (? = '' OR channel = ?) ORDER BY created_at DESC, address LIMIT ? "
          "OFFSET ?");
  q.bind(shop, channel, channel, limit, offset);
  return collect<SuppressionRecord>(q, read_suppression);
}

// ---- campaigns ----

Result<int64_t> insert_campaign(Connection& db, const CampaignRecord& r) {
  Query q(
      db,
      "INSERT INTO campaigns (shop_id, name, status, definition, scheduled_at, started_at, "
      "finished_at, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ");
  q.bind(r.shop_id, r.name, r.status, r.definition, r.scheduled_at, r.started_at, r.finished_at,
         r.created_by, r.created_at, r.updated_at);
  return q.insert_row("campaigns");
}

Status update_campaign(Connection& db, const CampaignRecord& r) {
  Query q(db,
          "UPDATE campaigns SET name = ?, status = ?, definition = ?, scheduled_at = ?, "
          "started_at = ?, finished_at = ?, updated_at = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.status, r.definition, r.scheduled_at, r.started_at, r.finished_at, r.updated_at,
         r.id, r.shop_id);
  return q.run();
}

Result<std::optional<CampaignRecord>> find_campaign(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string(kCampaignSelect) + "WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return first<CampaignRecord>(q, read_campaign);
}

Result<std::vector<CampaignRecord>> list_campaigns(Connection& db, int64_t shop,
                                                   std::string_view status) {
  Query q(db, std::string(kCampaignSelect) +
                  "WHERE shop_id = ? AND (? = '' OR status = ?) ORDER BY id DESC");
  q.bind(shop, status, status);
  return collect<CampaignRecord>(q, read_campaign);
}

Result<std::vector<CampaignRecord>> due_campaigns(Connection& db, int64_t now) {
  Query q(db, std::string(kCampaignSelect) +
                  "WHERE (status = 'scheduled' AND scheduled_at <= ?) OR status = 'running' "
                  "ORDER BY id");
  q.bind(now);
  return collect<CampaignRecord>(q, read_campaign);
}

Result<bool> insert_campaign_member(Connection& db, int64_t campaign, int64_t customer,
                                    std::string_view variant, std::optional<int64_t> message,
                                    int64_t now) {
  Query q(db,
          "INSERT INTO campaign_members (campaign_id, customer_id, variant, message_id, "
          "assigned_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id, customer_id) DO NOTHING");
  q.bind(campaign, customer, variant, message, now);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() == 1;
}

Result<int64_t> count_campaign_members(Connection& db, int64_t campaign) {
  Query q(db, "SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ?");
  q.bind(campaign);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Result<std::vector<CampaignVariantRow>> campaign_variant_rows(Connection& db, int64_t campaign) {
  Query q(db,
          "SELECT cm.variant, COUNT(*), "
          "SUM(m.status IN ('queued', 'held', 'sending')), SUM(m.status = 'sent'), "
          "SUM(m.status = 'delivered'), SUM(m.status IN ('failed', 'dead')), "
          "SUM(m.status = 'suppressed'), SUM(m.opened_at IS NOT NULL), "
          "SUM(m.clicked_at IS NOT NULL), SUM(m.unsubscribed_at IS NOT NULL) "
          "FROM campaign_members cm LEFT JOIN messages m ON m.id = cm.message_id "
          "WHERE cm.campaign_id = ? GROUP BY cm.variant ORDER BY cm.variant");
  q.bind(campaign);
  return collect<CampaignVariantRow>(q, [](const Query& row) {
    CampaignVariantRow r;
    r.variant = row.text(0);
    r.members = row.i64(1);
    r.queued = row.i64(2);
    r.sent = row.i64(3);
    r.delivered = row.i64(4);
    r.failed = row.i64(5);
    r.suppressed = row.i64(6);
    r.opened = row.i64(7);
    r.clicked = row.i64(8);
    r.unsubscribed = row.i64(9);
    return r;
  });
}

Result<std::vector<CampaignSuppression>> campaign_suppressions(Connection& db, int64_t campaign) {
  Query q(db,
          "SELECT cm.variant, m.reason, COUNT(*) FROM campaign_members cm JOIN messages m ON m.id "
          "= cm.message_id WHERE cm.campaign_id = ? AND m.status = 'suppressed' GROUP BY "
          "cm.variant, m.reason ORDER BY cm.variant, m.reason");
  q.bind(campaign);
  return collect<CampaignSuppression>(q, [](const Query& row) {
    return CampaignSuppression{row.text(0), row.text(1), row.i64(2)};
  });
}

Result<std::vector<CampaignConversionRow>> campaign_conversions(Connection& db, int64_t campaign,
                                                                int64_t control_touch,
                                                                int64_t window_ms) {
  std::unordered_map<std::string, CampaignConversionRow> rows;
  {
    Query q(db,
            "SELECT cm.variant, COUNT(*) FROM campaign_members cm LEFT JOIN messages m ON m.id = "
            "cm.message_id WHERE cm.campaign_id = ? AND (cm.variant = 'control' OR m.sent_at IS "
            "NOT NULL) GROUP BY cm.variant");
    q.bind(campaign);
    while (q.next()) {
      auto& r = rows[q.text(0)];
      r.variant = q.text(0);
      r.reached = q.i64(1);
    }
    GX_RETURN_IF_ERROR(q.status());
  }
  Query q(db,
          "WITH touch AS ("
          " SELECT cm.customer_id AS customer_id, cm.variant AS variant, m.id AS mid,"
          "  CASE WHEN cm.variant = 'control' THEN ? ELSE m.sent_at END AS t"
          " FROM campaign_members cm LEFT JOIN messages m ON m.id = cm.message_id"
          " WHERE cm.campaign_id = ?),"
          " conv AS ("
          " SELECT touch.variant AS variant, o.customer_id AS customer_id,"
          "  o.paid_amount - o.refunded_amount AS revenue,"
          "  CASE WHEN touch.mid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM messages m2 WHERE"
          "   m2.customer_id = o.customer_id AND m2.id <> touch.mid AND m2.sent_at > touch.t AND"
          "   m2.sent_at <= o.paid_at) THEN 1 ELSE 0 END AS last_touch"
          " FROM touch JOIN orders o ON o.customer_id = touch.customer_id"
          " WHERE touch.t IS NOT NULL AND o.paid_at > touch.t AND o.paid_at <= touch.t + ?"
          "  AND o.status NOT IN ('cancelled', 'refunded'))"
          " SELECT variant, COUNT(DISTINCT customer_id), COUNT(*), SUM(revenue),"
          "  SUM(last_touch), SUM(CASE WHEN last_touch = 1 THEN revenue ELSE 0 END)"
          " FROM conv GROUP BY variant");
  q.bind(control_touch, campaign, window_ms);
  while (q.next()) {
    auto& r = rows[q.text(0)];
    r.variant = q.text(0);
    r.converted = q.i64(1);
    r.orders = q.i64(2);
    r.revenue = q.i64(3);
    r.attributed_orders = q.i64(4);
    r.attributed_revenue = q.i64(5);
  }
  GX_RETURN_IF_ERROR(q.status());
  std::vector<CampaignConversionRow> out;
  out.reserve(rows.size());
  for (auto& [_, r] : rows) out.push_back(std::move(r));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.variant < b.variant; });
  return out;
}

}  // namespace guanxi::store
