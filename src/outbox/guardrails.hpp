// Guardrails: the one check every message passes, across every journey and
// campaign together, when it is enqueued and again when it is dispatched
// ("care, never harass"). In order:
//
//   1. address      the customer has an address for the channel   -> no_address
//   2. suppression  the address is not on the suppression list    -> suppressed_address
//   3. consent      not 'denied' (marketing: 'granted' when the
//                   shop requires opt-in)                         -> no_consent
//   4. dedupe       the same template did not go to the customer
//                   within dedupe_hours                           -> duplicate
//   5. quiet hours  a due time inside quiet hours moves to their
//                   end (deferred, never dropped)
//   6. caps         per (class, channel) frequency caps at the
//                   deferred due time                             -> frequency_cap
//
// At dispatch only 1-3 and 5 are checked again (the message itself counts
// toward caps and dedupe). Messages of class 'system' (webhooks of journey
// steps) are not addressed to the customer and skip every check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/time.hpp"
#include "outbox/settings.hpp"
#include "store/database.hpp"

namespace guanxi::outbox {

class FactBatch;

struct GuardrailInput {
  int64_t shop_id = 0;
  int64_t customer_id = 0;
  std::string_view channel;  // sms | email | wechat | webhook
  std::string_view klass;    // marketing | care | system
  std::optional<int64_t> template_id;
  Timestamp due{};
  // Prefetched facts (null: ask the store); the customer may be missing from it.
  const FactBatch* facts = nullptr;
};

struct GuardrailDecision {
  std::string reason;   // "" = may send
  Timestamp due{};      // after quiet hours
  std::string address;  // phone / email / openid for the channel
  bool allowed() const { return reason.empty(); }
};

enum class GuardrailStage { kEnqueue, kDispatch };

Result<GuardrailDecision> check_guardrails(store::Connection& db, const CareSettings& settings,
                                           const ShopZone& zone, const GuardrailInput& in,
                                           GuardrailStage stage);

// The longest window either side of a due time that the dedupe and cap checks
// count messages in (what a FactBatch must hold).
int64_t guardrail_window_ms(const CareSettings& settings);

// The first instant at or after `t` outside the quiet hours (t itself when
// there are none or t is outside them).
Timestamp after_quiet_hours(const QuietHours& q, const ShopZone& zone, Timestamp t);

// The identity type that addresses a channel ("phone", "email", "wechat_openid"; "" for webhook).
std::string_view address_identity(std::string_view channel);

}  // namespace guanxi::outbox
