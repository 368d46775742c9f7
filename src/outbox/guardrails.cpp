#include "outbox/guardrails.hpp"

#include <algorithm>

#include "outbox/fact_batch.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::outbox {

namespace {
using std::chrono::minutes;

// Minutes since local midnight of t.
minutes local_minutes(const ShopZone& zone, Timestamp t) {
  const LocalDays day = zone.local_day(t);
  const Timestamp midnight = zone.at_local(day, minutes(0));
  return std::chrono::duration_cast<minutes>(t - midnight);
}

bool in_quiet(const QuietHours& q, minutes m) {
  if (q.start == q.end) return false;
  if (q.start < q.end) return m >= q.start && m < q.end;
  return m >= q.start || m < q.end;  // spans midnight (21:00-09:00)
}

}  // namespace

std::string_view address_identity(std::string_view channel) {
  if (channel == "sms") return "phone";
  if (channel == "email") return "email";
  if (channel == "wechat") return "wechat_openid";
  return "";
}

Timestamp after_quiet_hours(const QuietHours& q, const ShopZone& zone, Timestamp t) {
  const minutes m = local_minutes(zone, t);
  if (!in_quiet(q, m)) return t;
  LocalDays day = zone.local_day(t);
  // Quiet hours that span midnight end tomorrow when we are before midnight.
  if (q.start > q.end && m >= q.start) day += std::chrono::days(1);
  return zone.at_local(day, q.end);
}

namespace {

// The guardrails' questions about one customer, answered by a FactBatch when
// it holds the customer, else by the store.
class Facts {
 public:
  Facts(store::Connection& db, const GuardrailInput& in) : db_(db), in_(in) {
    if (in.facts != nullptr) batch_ = in.facts->find(in.customer_id);
    if (batch_ != nullptr) channel_ = FactBatch::channel_index(in.channel);
    if (channel_ < 0) batch_ = nullptr;
  }

  Result<std::string> address(std::string_view identity) {
    if (batch_ != nullptr) return batch_->address[index()];
    return store::customer_identity(db_, in_.customer_id, identity);
  }
  Result<bool> suppressed(const std::string& address) {
    if (batch_ != nullptr) return batch_->suppressed[index()];
    GX_ASSIGN_OR_RETURN(auto s, store::find_suppression(db_, in_.shop_id, in_.channel, address));
    return s.has_value();
  }
  Result<std::optional<std::string>> consent() {
    if (batch_ != nullptr) {
      if (!batch_->live) return std::optional<std::string>();
      return std::optional<std::string>(batch_->consent[index()]);
    }
    return store::customer_consent(db_, in_.shop_id, in_.customer_id, in_.channel);
  }
  Result<bool> template_sent(int64_t template_id, int64_t from, int64_t until) {
    if (batch_ != nullptr && in_.facts->covers(from, until)) {
      return std::any_of(batch_->sent.begin(), batch_->sent.end(), [&](const FactBatch::Sent& m) {
        return m.template_id == template_id && m.due_at >= from && m.due_at <= until;
      });
    }
    return store::template_sent_in_window(db_, in_.customer_id, template_id, from, until);
  }
  Result<int64_t> count(std::string_view channel, int64_t from, int64_t until) {
    if (batch_ != nullptr && in_.facts->covers(from, until)) {
      return std::count_if(batch_->sent.begin(), batch_->sent.end(), [&](const FactBatch::Sent& m) {
        return m.channel == channel && m.klass == in_.klass && m.due_at >= from &&
               m.due_at <= until;
      });
    }
    return store::count_messages_in_window(db_, in_.customer_id, channel, in_.klass, from, until);
  }

 private:
  size_t index() const { return static_cast<size_t>(channel_); }

  store::Connection& db_;
  const GuardrailInput& in_;
  const FactBatch::Facts* batch_ = nullptr;
  int channel_ = -1;
};

}  // namespace

Result<GuardrailDecision> check_guardrails(store::Connection& db, const CareSettings& settings,
                                           const ShopZone& zone, const GuardrailInput& in,
                                           GuardrailStage stage) {
  GuardrailDecision d;
  d.due = in.due;
  if (in.klass == "system") return d;
  Facts facts(db, in);
  const std::string_view identity = address_identity(in.channel);
  if (!identity.empty()) {
    GX_ASSIGN_OR_RETURN(d.address, facts.address(identity));
    if (d.address.empty()) {
      d.reason = "no_address";
      return d;
    }
    GX_ASSIGN_OR_RETURN(bool suppressed, facts.suppressed(d.address));
    if (suppressed) {
      d.reason = "suppressed_address";
      return d;
    }
    GX_ASSIGN_OR_RETURN(auto consent, facts.consent());
    if (!consent) {
      d.reason = "no_customer";
      return d;
    }
    if (*consent == "denied" ||
        (in.klass == "marketing" && settings.marketing_requires_opt_in && *consent != "granted")) {
      d.reason = "no_consent";
      return d;
    }
  }
  d.due = after_quiet_hours(settings.quiet_hours, zone, in.due);
  if (stage == GuardrailStage::kDispatch) return d;

  const int64_t due_ms = to_millis(d.due);
  if (in.template_id && settings.dedupe_hours > 0) {
    const int64_t window = int64_t{settings.dedupe_hours} * 3'600'000;
    GX_ASSIGN_OR_RETURN(bool dup,
                        facts.template_sent(*in.template_id, due_ms - window, due_ms + window));
    if (dup) {
      d.reason = "duplicate";
      return d;
    }
  }
  for (const Cap& cap : settings.caps) {
    if (cap.klass != in.klass) continue;
    if (cap.channel != "*" && cap.channel != in.channel) continue;
    const int64_t window = int64_t{cap.days} * 86'400'000;
    const int64_t from = due_ms - window + 1;
    const int64_t until = due_ms + window - 1;
    int64_t n = 0;
    if (cap.channel == "*") {
      for (std::string_view c : FactBatch::kChannels) {
        GX_ASSIGN_OR_RETURN(int64_t k, facts.count(c, from, until));
        n += k;
      }
    } else {
      GX_ASSIGN_OR_RETURN(n, facts.count(in.channel, from, until));
    }
    if (n >= cap.max) {
      d.reason = "frequency_cap";
      return d;
    }
  }
  return d;
}

// The longest window (either side of a due time) the guardrails look at.
int64_t guardrail_window_ms(const CareSettings& settings) {
  int64_t w = int64_t{settings.dedupe_hours} * 3'600'000;
  for (const Cap& cap : settings.caps) w = std::max(w, int64_t{cap.days} * 86'400'000);
  return w;
}

}  // namespace guanxi::outbox
