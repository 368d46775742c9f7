// SQL for sending: message templates, the outbox of messages (every send
// decision and its delivery history), suppression lists, the guardrail
// queries (frequency caps, de-duplication, addresses, consent), and campaigns
// with their members. Every function runs on the caller's connection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

struct TemplateRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string channel;
  std::string klass;  // marketing | care
  std::string subject;
  std::string body;
  std::string provider_template;
  std::string params;  // JSON object
  int64_t created_at = 0;
  int64_t updated_at = 0;
};
Result<int64_t> insert_template(Connection& db, const TemplateRecord& r);
Status update_template(Connection& db, const TemplateRecord& r);
Result<bool> delete_template(Connection& db, int64_t shop, int64_t id);
Result<std::optional<TemplateRecord>> find_template(Connection& db, int64_t shop, int64_t id);
Result<std::optional<TemplateRecord>> find_template_by_name(Connection& db, int64_t shop,
                                                            std::string_view name);
Result<std::vector<TemplateRecord>> list_templates(Connection& db, int64_t shop);

struct MessageRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::optional<int64_t> customer_id;
  std::string channel;
  std::string klass;
  std::optional<int64_t> template_id;
  std::string to_address;
  std::string subject;
  std::string body;
  std::string provider_template;
  std::string params = "{}";
  std::string source;  // journey | campaign | api
  std::optional<int64_t> source_id;
  std::optional<int64_t> run_id;
  std::string variant;
  std::string idempotency_key;
  std::string status;
  std::string reason;
  int64_t due_at = 0;
  std::optional<int64_t> next_attempt_at;
  std::optional<int64_t> lease_until;
  int64_t attempts = 0;
  std::string provider;
  std::string provider_message_id;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
  std::optional<int64_t> delivered_at;
  std::optional<int64_t> opened_at;
  std::optional<int64_t> clicked_at;
  std::optional<int64_t> unsubscribed_at;
};
Result<int64_t> insert_message(Connection& db, const MessageRecord& r);
// Inserts messages in multi-row statements (ids chosen by the store, in
// order). On failure some may be inserted: roll the transaction back.
Status insert_messages(Connection& db, const std::vector<MessageRecord>& rows);
Result<std::optional<MessageRecord>> find_message(Connection& db, int64_t id);
Result<std::optional<MessageRecord>> find_message_by_key(Connection& db, std::string_view key);
Result<std::optional<MessageRecord>> find_message_by_provider_id(Connection& db,
                                                                 std::string_view provider_id);
// A customer's messages, newest first.
Result<std::vector<MessageRecord>> customer_messages(Connection& db, int64_t shop, int64_t customer,
                                                     int limit);
// The shop's messages (newest first), optionally by status / source.
Result<std::vector<MessageRecord>> list_messages(Connection& db, int64_t shop,
                                                 std::string_view status, std::string_view source,
                                                 std::optional<int64_t> source_id,
                                                 std::optional<int64_t> before_id, int limit);
// Calls fn for each message of one source (journey / campaign id) with an id
// above `after_id`, by due time; stops at fn's first error.
Status for_each_source_message(Connection& db, int64_t shop, std::string_view source,
                               int64_t source_id, int64_t after_id,
                               const std::function<Status(const MessageRecord&)>& fn);
// The largest message id (0 when the outbox is empty).
Result<int64_t> last_message_id(Connection& db);

// Queued messages due at `now` (next_attempt_at <= now), earliest first.
Result<std::vector<MessageRecord>> due_messages(Connection& db, int64_t now, int limit);
// Marks queued messages as being sent until `lease_until`, counting an attempt.
Status lease_messages(Connection& db, std::span<const int64_t> ids, int64_t lease_until);
// Messages left 'sending' whose lease ended before `now` go back to 'queued'
// (a crash while sending); returns how many.
Result<int64_t> requeue_expired_leases(Connection& db, int64_t now);
// Every 'sending' message back to 'queued' (at start, when this process is the only dispatcher).
Result<int64_t> requeue_all_leases(Connection& db);
Result<std::optional<int64_t>> next_message_due(Connection& db);

// Status transitions; each sets the fields it names.
Status mark_message_sent(Connection& db, int64_t id, std::string_view provider,
                         std::string_view provider_message_id, int64_t now);
Status mark_message_retry(Connection& db, int64_t id, std::string_view reason,
                          int64_t next_attempt_at);
Status mark_message_deferred(Connection& db, int64_t id, int64_t next_attempt_at);
Status mark_message_final(Connection& db, int64_t id, std::string_view status,
                          std::string_view reason, int64_t now);
// Receipt facts: status 'delivered' / 'failed', or opened / clicked / unsubscribed times.
Status mark_message_delivered(Connection& db, int64_t id, int64_t at);
Status mark_message_event_time(Connection& db, int64_t id, std::string_view column, int64_t at);

// ---- guardrail queries ----
// Messages counted against caps for (customer, channel, class) whose due time
// is in [from, until]: queued, sending, sent or delivered.
Result<int64_t> count_messages_in_window(Connection& db, int64_t customer, std::string_view channel,
                                         std::string_view klass, int64_t from, int64_t until);
// Whether the template went to the customer (not suppressed/cancelled) with a due time in [from,
// until].
Result<bool> template_sent_in_window(Connection& db, int64_t customer, int64_t template_id,
                                     int64_t from, int64_t until);
// The first identity value of a type for the customer ("" when none).
Result<std::string> customer_identity(Connection& db, int64_t customer, std::string_view type);
// The customer's consent column for a channel ('sms', 'email', 'wechat'):
// 'granted' | 'denied' | 'unknown'; nullopt when the customer is absent or merged.
Result<std::optional<std::string>> customer_consent(Connection& db, int64_t shop, int64_t customer,
                                                    std::string_view channel);
Status set_customer_consent(Connection& db, int64_t shop, int64_t customer,
                            std::string_view channel, std::string_view consent, int64_t now);
// Live customers of the shop with this identity (type, value).
Result<std::vector<int64_t>> customers_with_identity(Connection& db, int64_t shop,
                                                     std::string_view type, std::string_view value);

struct SuppressionRecord {
  int64_t shop_id = 0;
  std::string channel;
  std::string address;
  std::string reason;
  std::string source;
  int64_t created_at = 0;
};
// Inserts or keeps the existing entry; true when inserted.
Result<bool> insert_suppression(Connection& db, const SuppressionRecord& r);
Result<bool> delete_suppression(Connection& db, int64_t shop, std::string_view channel,
                                std::string_view address);
Result<std::optional<SuppressionRecord>> find_suppression(Connection& db, int64_t shop,
                                                          std::string_view channel,
                                                          std::string_view address);
Result<std::vector<SuppressionRecord>> list_suppressions(Connection& db, int64_t shop,
                                                         std::string_view channel, int limit,
                                                         int offset);

// ---- campaigns ----
struct CampaignRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string status;  // draft | scheduled | running | done | cancelled
  std::string definition;
  std::optional<int64_t> scheduled_at;
  std::optional<int64_t> started_at;
  std::optional<int64_t> finished_at;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};
Result<int64_t> insert_campaign(Connection& db, const CampaignRecord& r);
Status update_campaign(Connection& db, const CampaignRecord& r);
Result<std::optional<CampaignRecord>> find_campaign(Connection& db, int64_t shop, int64_t id);
Result<std::vector<CampaignRecord>> list_campaigns(Connection& db, int64_t shop,
                                                   std::string_view status);
// Campaigns of any shop that are scheduled at or before `now`.
Result<std::vector<CampaignRecord>> due_campaigns(Connection& db, int64_t now);

Result<bool> insert_campaign_member(Connection& db, int64_t campaign, int64_t customer,
                                    std::string_view variant, std::optional<int64_t> message,
                                    int64_t now);
Result<int64_t> count_campaign_members(Connection& db, int64_t campaign);

// Per variant: members, and the message statuses of their messages.
struct CampaignVariantRow {
  std::string variant;
  int64_t members = 0;
  int64_t queued = 0, sent = 0, delivered = 0, failed = 0, suppressed = 0;
  int64_t opened = 0, clicked = 0, unsubscribed = 0;
};
Result<std::vector<CampaignVariantRow>> campaign_variant_rows(Connection& db, int64_t campaign);
// Suppressed messages per (variant, reason).
struct CampaignSuppression {
  std::string variant;
  std::string reason;
  int64_t count = 0;
};
Result<std::vector<CampaignSuppression>> campaign_suppressions(Connection& db, int64_t campaign);
// Conversions per variant over the members that were reached: a variant
// member whose message was sent (touch = its sent time) or a control member
// (touch = `control_touch`, the campaign's start). A conversion is a purchase
// (paid, not cancelled or refunded) paid in (touch, touch + window]; revenue
// is paid - refunded. `attributed_*` count only purchases whose last touch is
// this message: no other message reached the customer between the two.
struct CampaignConversionRow {
  std::string variant;
  int64_t reached = 0;    // members with a touch
  int64_t converted = 0;  // reached members with at least one purchase in the window
  int64_t orders = 0;
  int64_t revenue = 0;
  int64_t attributed_orders = 0;
  int64_t attributed_revenue = 0;
};
Result<std::vector<CampaignConversionRow>> campaign_conversions(Connection& db, int64_t campaign,
                                                                int64_t control_touch,
                                                                int64_t window_ms);

}  // namespace guanxi::store
