// What comes back from customers and providers: unsubscribes (an SMS reply
// such as TD/T/退订, the email List-Unsubscribe one-click link), delivery
// receipts, opens and clicks, and the suppression list kept by hand.
//
// An unsubscribe on a channel sets the customer's consent for it to 'denied'
// (so every later marketing and care send on that channel is refused by the
// guardrails), puts the address on the suppression list, marks the message,
// and appends an `unsubscribed` change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "domain/context.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::outbox {

// Whether an SMS reply asks to stop: TD, T, N, 退订, 取消, STOP, UNSUBSCRIBE,
// QX, TDTD (case-insensitive, surrounding spaces and punctuation ignored).
bool is_unsubscribe_reply(std::string_view text);

struct InboundResult {
  bool unsubscribed = false;
  std::string phone;               // normalized (E.164)
  std::vector<int64_t> customers;  // customers with that phone
};
// An SMS reply from `from` (any phone format). Idempotent.
Result<InboundResult> handle_sms_reply(domain::WriteContext& w, std::string_view from,
                                       std::string_view text);

// The one-click unsubscribe of a message's link (token = its idempotency key).
// not_found for an unknown token. Idempotent.
Result<store::MessageRecord> unsubscribe_by_token(domain::WriteContext& w, std::string_view token);
// A message's facts for the unsubscribe page, without changing anything.
Result<store::MessageRecord> message_by_token(domain::ReadContext& r, std::string_view token);

// A provider receipt: the message by idempotency key or provider id; event is
// delivered | failed | opened | clicked. Unknown messages are not_found.
struct Receipt {
  std::string idempotency_key;
  std::string provider_message_id;
  std::string event;
  std::string error;
  std::optional<Timestamp> at;
};
Result<store::MessageRecord> record_receipt(domain::WriteContext& w, const Receipt& receipt);

// Manual suppression list. The address is normalized for the channel.
Result<bool> add_suppression(domain::WriteContext& w, std::string_view channel,
                             std::string_view address, std::string_view reason);
Result<bool> remove_suppression(domain::WriteContext& w, std::string_view channel,
                                std::string_view address);
Result<std::string> normalize_address(std::string_view channel, std::string_view address);

}  // namespace guanxi::outbox
