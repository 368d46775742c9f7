// The outbox: every decision to send becomes a message row written in the
// caller's transaction (the journey or campaign state change that decided
// it), after the guardrails. A message the guardrails refuse is still written,
// with status 'suppressed' and the reason, so every decision is accounted for.
// The Dispatcher sends queued rows later.
//
// Templates are rendered here, per customer, with the variables
//   customer.name, customer.tier, customer.points, shop.name,
//   coupon.code, coupon.amount, coupon.valid_until, product.name, product.sku,
//   points.balance, points.amount, holiday.name, unsubscribe_url,
//   recommendation.name, recommendation.sku (a related product to suggest),
//   csat.url, ticket.id, ticket.subject (the service desk's satisfaction survey)
// (`vars` from the caller add to or override the customer's own).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "outbox/settings.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::outbox {

class FactBatch;

// The variables a template may use (checked when a template is saved).
const std::vector<std::string>& template_variables();

struct MessageDraft {
  int64_t customer_id = 0;
  const store::TemplateRecord* tmpl = nullptr;  // required
  std::string klass;           // "" = the template's class; "system" skips guardrails
  Json vars = Json::object();  // extra template variables (coupon, product, ...)
  std::string source;          // journey | campaign | api
  std::optional<int64_t> source_id;
  std::optional<int64_t> run_id;
  std::string variant;
  std::optional<Timestamp> due;  // default: now
  std::string to_override;       // webhook steps: the URL-less payload target ("" = provider's)
  FactBatch* facts = nullptr;    // prefetched facts of a batch (null: ask the store)
  // Planning (journey date triggers decided off the writer): the message is
  // appended here instead of written, and message_id is 0. Null: written now.
  std::vector<store::MessageRecord>* defer = nullptr;
};

struct EnqueueResult {
  int64_t message_id = 0;
  std::string status;  // queued | suppressed
  std::string reason;
  Timestamp due{};
};

Result<EnqueueResult> enqueue_message(domain::WriteContext& w, const CareSettings& settings,
                                      const MessageDraft& draft);

// The customer's variables for templates (customer.*, shop.*; with
// `with_recommendation` also recommendation.name/.sku: the best seller of the
// category of the customer's latest purchase not yet bought, else the shop's).
Result<Json> customer_template_vars(store::Connection& db, const domain::Shop& shop,
                                    int64_t customer, bool with_recommendation,
                                    const FactBatch* facts = nullptr);
// Whether a template uses recommendation.* (worth the extra reads).
bool uses_recommendation(const store::TemplateRecord& t);
// Renders one template text with variables (mustache, no HTML escaping).
Result<std::string> render_text(std::string_view text, const Json& vars);

// Puts a dead or failed message back in the queue, due now, with a fresh
// attempt count (its history stays in the change feed); the dispatcher checks
// consent and suppression again when it sends. 409 for any other status.
Result<store::MessageRecord> retry_message(domain::WriteContext& w, int64_t id);

// A new unguessable idempotency key ("m_" + 32 hex digits); it doubles as the
// unsubscribe token of the message.
std::string new_message_key();

}  // namespace guanxi::outbox
