#include "outbox/outbox.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <mutex>

#include "channel/message_template.hpp"
#include "outbox/fact_batch.hpp"
#include "outbox/guardrails.hpp"
#include "store/care_scan.hpp"
#include "store/change_feed.hpp"
#include "store/query.hpp"

namespace guanxi::outbox {

const std::vector<std::string>& template_variables() {
  static const std::vector<std::string> vars = {
      "customer.name",      "customer.tier",  "customer.points",    "shop.name",
      "coupon.code",        "coupon.amount",  "coupon.valid_until", "product.name",
      "product.sku",        "points.balance", "points.amount",      "holiday.name",
      "unsubscribe_url",    "journey.name",   "campaign.name",      "recommendation.name",
      "recommendation.sku", "csat.url",       "ticket.id",          "ticket.subject"};
  return vars;
}

std::string new_message_key() {
  static const int init = sodium_init();
  (void)init;
  // 48 bits of milliseconds, then 80 random bits: unguessable, yet keys of
  // messages written together sort together, so the unique index takes them
  // at its end instead of dirtying a random page per message.
  unsigned char bytes[16];
  const auto ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  // Random bytes come from a per-thread pool: one getrandom() per 400 keys.
  thread_local std::array<unsigned char, 4000> pool;
  thread_local size_t used = pool.size();
  if (used + 10 > pool.size()) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::copy_n(pool.begin() + static_cast<std::ptrdiff_t>(used), 10, bytes + 6);
  std::fill_n(pool.begin() + static_cast<std::ptrdiff_t>(used), 10, 0);  // used once only
  used += 10;
  static const char* hex = "0123456789abcdef";
  std::string key = "m_";
  for (unsigned char b : bytes) {
    key += hex[b >> 4];
    key += hex[b & 15];
  }
  return key;
}

Result<std::string> render_text(std::string_view text, const Json& vars) {
  return channel::render_template(text, vars);
}

namespace {

// Best sellers per (shop, category), kept an hour: the recommendation of a
// message must not scan the order items once per customer.
class TopProductCache {
 public:
  Result<std::vector<store::ProductRef>> get(store::Connection& db, int64_t shop,
                                             const std::string& category) {
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find({shop, category});
      if (it != entries_.end() && it->second.expires > now) return it->second.products;
    }
    GX_ASSIGN_OR_RETURN(auto products, store::top_products(db, shop, category, kKeep));
    std::lock_guard lock(mu_);
    entries_[{shop, category}] = Entry{now + std::chrono::hours(1), products};
    return products;
  }

 private:
  static constexpr int kKeep = 20;
  struct Entry {
    std::chrono::steady_clock::time_point expires;
    std::vector<store::ProductRef> products;
  };
  std::mutex mu_;
  std::map<std::pair<int64_t, std::string>, Entry> entries_;
};

TopProductCache& top_product_cache() {
  static TopProductCache cache;
  return cache;
}

// A product to suggest: the best seller of the category of the customer's
// latest purchase that the customer has not bought, else the shop's.
Result<std::optional<store::ProductRef>> recommend(store::Connection& db, int64_t shop,
                                                   int64_t customer) {
  GX_ASSIGN_OR_RETURN(auto last, store::last_purchased_product(db, customer));
  std::vector<std::string> categories;
  if (last && !last->category.empty()) categories.push_back(last->category);
  categories.emplace_back();  // the whole shop
  for (const auto& category : categories) {
    GX_ASSIGN_OR_RETURN(auto top, top_product_cache().get(db, shop, category));
    for (const auto& p : top) {
      GX_ASSIGN_OR_RETURN(bool bought, store::customer_bought_sku(db, customer, p.sku));
      if (!bought) return std::optional<store::ProductRef>(p);
    }
  }
  return std::optional<store::ProductRef>();
}

}  // namespace

Result<Json> customer_template_vars(store::Connection& db, const domain::Shop& shop,
                                    int64_t customer, bool with_recommendation,
                                    const FactBatch* batch) {
  const FactBatch::Facts* known = batch != nullptr ? batch->find(customer) : nullptr;
  std::optional<store::CustomerCareFacts> facts;
  if (known != nullptr && known->live) {
    facts = store::CustomerCareFacts{known->name, known->tier, known->points};
  } else {
    GX_ASSIGN_OR_RETURN(facts, store::customer_care_facts(db, shop.id, customer));
  }
  if (!facts) return Status::not_found("customer " + std::to_string(customer) + " does not exist");
  Json vars = Json::object();
  vars["shop"] = Json{{"name", shop.name}};
  vars["customer"] = Json{{"name", facts->name}, {"tier", facts->tier}, {"points", facts->points}};
  if (with_recommendation) {
    GX_ASSIGN_OR_RETURN(auto product, recommend(db, shop.id, customer));
    // Without any sales to go by, the variable stays unset and a template
    // using it is suppressed with render_error rather than sent half-filled.
    if (product) vars["recommendation"] = Json{{"name", product->name}, {"sku", product->sku}};
  }
  return vars;
}

bool uses_recommendation(const store::TemplateRecord& t) {
  return t.body.find("recommendation.") != std::string::npos ||
         t.subject.find("recommendation.") != std::string::npos ||
         t.params.find("recommendation.") != std::string::npos;
}

namespace {

// Merges b into a (objects recursively, other values replace).
void merge_into(Json& a, const Json& b) {
  for (const auto& [k, v] : b.items()) {
    if (v.is_object() && a.contains(k) && a[k].is_object())
      merge_into(a[k], v);
    else
      a[k] = v;
  }
}

}  // namespace

Result<EnqueueResult> enqueue_message(domain::WriteContext& w, const CareSettings& settings,
                                      const MessageDraft& draft) {
  if (draft.tmpl == nullptr) return Status::internal("enqueue_message without a template");
  const store::TemplateRecord& t = *draft.tmpl;
  const int64_t now = to_millis(w.clock.now());
  store::MessageRecord m;
  m.shop_id = w.shop.id;
  m.customer_id = draft.customer_id;
  m.channel = t.channel;
  m.klass = draft.klass.empty() ? t.klass : draft.klass;
  m.template_id = t.id;
  m.source = draft.source;
  m.source_id = draft.source_id;
  m.run_id = draft.run_id;
  m.variant = draft.variant;
  m.idempotency_key = new_message_key();
  m.created_at = now;
  auto write = [&](store::MessageRecord&& row) -> Result<int64_t> {
    if (draft.defer == nullptr) return store::insert_message(w.db, row);
    draft.defer->push_back(std::move(row));
    return int64_t{0};
  };

  GuardrailInput in;
  in.shop_id = w.shop.id;
  in.customer_id = draft.customer_id;
  in.channel = m.channel;
  in.klass = m.klass;
  in.template_id = t.id;
  in.due = draft.due.value_or(w.clock.now());
  in.facts = draft.facts;
  GX_ASSIGN_OR_RETURN(auto decision,
                      check_guardrails(w.db, settings, w.zone, in, GuardrailStage::kEnqueue));
  m.due_at = to_millis(decision.due);
  m.to_address = decision.address;
  if (!draft.to_override.empty()) m.to_address = draft.to_override;

  EnqueueResult out;
  out.due = decision.due;
  if (!decision.allowed()) {
    m.status = "suppressed";
    m.reason = decision.reason;
    out.status = m.status;
    out.reason = m.reason;
    GX_ASSIGN_OR_RETURN(out.message_id, write(std::move(m)));
    return out;
  }

  GX_ASSIGN_OR_RETURN(Json vars, customer_template_vars(w.db, w.shop, draft.customer_id,
                                                        uses_recommendation(t), draft.facts));
  merge_into(vars, draft.vars);
  vars["unsubscribe_url"] = settings.public_url + "/api/v1/unsubscribe/" + m.idempotency_key;
  // A template that cannot be rendered for this customer (a variable without
  // a value) is recorded as suppressed with the reason, never sent half-filled.
  Status rendered = [&]() -> Status {
    GX_ASSIGN_OR_RETURN(m.body, render_text(t.body, vars));
    GX_ASSIGN_OR_RETURN(m.subject, render_text(t.subject, vars));
    if (t.params.empty() || t.params == "{}") {
      m.params = "{}";  // most templates: no provider parameters to render
      return Status::ok();
    }
    GX_ASSIGN_OR_RETURN(Json param_texts, parse_json(t.params));
    Json params = Json::object();
    for (const auto& [k, v] : param_texts.items()) {
      if (!v.is_string()) continue;
      GX_ASSIGN_OR_RETURN(params[k], render_text(v.get<std::string>(), vars));
    }
    m.params = params.dump();
    return Status::ok();
  }();
  m.provider_template = t.provider_template;
  if (!rendered.is_ok()) {
    m.status = "suppressed";
    m.reason = "render_error: " + rendered.message();
    out.status = m.status;
    out.reason = m.reason;
    GX_ASSIGN_OR_RETURN(out.message_id, write(std::move(m)));
    return out;
  }
  m.status = "queued";
  m.next_attempt_at = m.due_at;
  out.status = m.status;
  if (draft.facts != nullptr)
    draft.facts->note_enqueued(m.customer_id.value_or(0), m.channel, m.klass, m.template_id,
                               m.due_at);
  GX_ASSIGN_OR_RETURN(out.message_id, write(std::move(m)));
  return out;
}

Result<store::MessageRecord> retry_message(domain::WriteContext& w, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto m, store::find_message(w.db, id));
  if (!m || m->shop_id != w.shop.id)
    return Status::not_found("message " + std::to_string(id) + " does not exist");
  if (m->status != "dead" && m->status != "failed")
    return Status::conflict("message is " + m->status +
                            "; only a dead or failed message can be retried");
  const int64_t now = to_millis(w.clock.now());
  store::Query q(w.db,
                 "UPDATE messages SET status = 'queued', reason = '', attempts = 0, due_at = ?, "
                 "next_attempt_at = ?, lease_until = NULL WHERE id = ?");
  q.bind(now, now, id);
  GX_RETURN_IF_ERROR(q.run());
  store::ChangeRecord c;
  c.shop_id = w.shop.id;
  c.kind = "message_retried";
  c.customer_id = m->customer_id;
  c.entity_id = id;
  c.payload = Json{{"previous_status", m->status}, {"reason", m->reason}}.dump();
  c.actor = w.actor;
  c.created_at = now;
  GX_RETURN_IF_ERROR(store::append_change(w.db, c).status());
  GX_ASSIGN_OR_RETURN(auto after, store::find_message(w.db, id));
  if (!after) return Status::internal("retried message vanished");
  return *after;
}

}  // namespace guanxi::outbox
