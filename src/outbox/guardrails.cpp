#include "outbox/guardrails.hpp"

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

Result<GuardrailDecision> check_guardrails(store::Connection& db, const CareSettings& settings,
                                           const ShopZone& zone, const GuardrailInput& in,
                                           GuardrailStage stage) {
  GuardrailDecision d;
  d.due = in.due;
  if (in.klass == "system") return d;
  const std::string_view identity = address_identity(in.channel);
  if (!identity.empty()) {
    GX_ASSIGN_OR_RETURN(d.address, store::customer_identity(db, in.customer_id, identity));
    if (d.address.empty()) {
      d.reason = "no_address";
      return d;
    }
    GX_ASSIGN_OR_RETURN(auto suppressed,
                        store::find_suppression(db, in.shop_id, in.channel, d.address));
    if (suppressed) {
      d.reason = "suppressed_address";
      return d;
    }
    GX_ASSIGN_OR_RETURN(auto consent,
                        store::customer_consent(db, in.shop_id, in.customer_id, in.channel));
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
                        store::template_sent_in_window(db, in.customer_id, *in.template_id,
                                                       due_ms - window, due_ms + window));
    if (dup) {
      d.reason = "duplicate";
      return d;
    }
  }
  for (const Cap& cap : settings.caps) {
    if (cap.klass != in.klass) continue;
    if (cap.channel != "*" && cap.channel != in.channel) continue;
    const int64_t window = int64_t{cap.days} * 86'400'000;
    int64_t n = 0;
    if (cap.channel == "*") {
      for (const char* c : {"sms", "email", "wechat"}) {
        GX_ASSIGN_OR_RETURN(
            int64_t k, store::count_messages_in_window(db, in.customer_id, c, in.klass,
                                                       due_ms - window + 1, due_ms + window - 1));
        n += k;
      }
    } else {
      GX_ASSIGN_OR_RETURN(
          n, store::count_messages_in_window(db, in.customer_id, in.channel, in.klass,
                                             due_ms - window + 1, due_ms + window - 1));
    }
    if (n >= cap.max) {
      d.reason = "frequency_cap";
      return d;
    }
  }
  return d;
}

}  // namespace guanxi::outbox
