#include "outbox/feedback.hpp"

#include <algorithm>

#include "domain/customers.hpp"
#include "outbox/guardrails.hpp"
#include "store/change_feed.hpp"

namespace guanxi::outbox {

namespace {

Status append(domain::WriteContext& w, std::string_view kind, std::optional<int64_t> customer,
              std::optional<int64_t> entity, const Json& payload) {
  store::ChangeRecord c;
  c.shop_id = w.shop.id;
  c.kind = std::string(kind);
  c.customer_id = customer;
  c.entity_id = entity;
  c.payload = payload.dump();
  c.actor = w.actor;
  c.created_at = to_millis(w.clock.now());
  return store::append_change(w.db, c).status();
}

// Denies consent on the channel for the customer and suppresses the address.
Status unsubscribe_customer(domain::WriteContext& w, int64_t customer, std::string_view channel,
                            std::string_view address, std::string_view source,
                            std::optional<int64_t> message) {
  const int64_t now = to_millis(w.clock.now());
  if (channel == "sms" || channel == "email" || channel == "wechat") {
    GX_RETURN_IF_ERROR(
        store::set_customer_consent(w.db, w.shop.id, customer, channel, "denied", now));
  }
  if (!address.empty()) {
    GX_RETURN_IF_ERROR(
        store::insert_suppression(w.db, {w.shop.id, std::string(channel), std::string(address),
                                         "unsubscribe", std::string(source), now})
            .status());
  }
  return append(w, "unsubscribed", customer, message,
                Json{{"channel", channel}, {"source", source}});
}

std::string upper_trimmed(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x80 && (std::isspace(u) || std::ispunct(u))) continue;
    out += u < 0x80 ? static_cast<char>(std::toupper(u)) : ch;
  }
  // Full-width punctuation and spaces around Chinese replies.
  for (std::string_view junk : {"\xE3\x80\x82", "\xEF\xBC\x8C", "\xEF\xBC\x81", "\xE3\x80\x80"}) {
    for (size_t p = out.find(junk); p != std::string::npos; p = out.find(junk))
      out.erase(p, junk.size());
  }
  return out;
}

}  // namespace

bool is_unsubscribe_reply(std::string_view text) {
  static const std::string_view kWords[] = {
      "TD",
      "T",
      "N",
      "QX",
      "TDTD",
      "STOP",
      "UNSUBSCRIBE",
      "0000",
      "\xE9\x80\x80\xE8\xAE\xA2",                           // 退订
      "\xE5\x8F\x96\xE6\xB6\x88",                           // 取消
      "\xE9\x80\x80\xE8\xAE\xA2\xE7\x9F\xAD\xE4\xBF\xA1"};  // 退订短信
  const std::string t = upper_trimmed(text);
  return std::find(std::begin(kWords), std::end(kWords), t) != std::end(kWords);
}

Result<std::string> normalize_address(std::string_view channel, std::string_view address) {
  domain::IdentityInput in;
  if (channel == "sms") {
    in.type = domain::IdentityType::kPhone;
  } else if (channel == "email") {
    in.type = domain::IdentityType::kEmail;
  } else if (channel == "wechat") {
    in.type = domain::IdentityType::kWechatOpenid;
  } else {
    return Status::invalid("channel must be sms, email or wechat");
  }
  in.value = std::string(address);
  GX_ASSIGN_OR_RETURN(auto id, domain::normalize_identity(in));
  return id.value;
}

Result<InboundResult> handle_sms_reply(domain::WriteContext& w, std::string_view from,
                                       std::string_view text) {
  InboundResult out;
  GX_ASSIGN_OR_RETURN(out.phone, normalize_address("sms", from));
  if (!is_unsubscribe_reply(text)) return out;
  out.unsubscribed = true;
  GX_ASSIGN_OR_RETURN(out.customers,
                      store::customers_with_identity(w.db, w.shop.id, "phone", out.phone));
  const int64_t now = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::insert_suppression(
                         w.db, {w.shop.id, "sms", out.phone, "unsubscribe", "sms_reply", now})
                         .status());
  GX_RETURN_IF_ERROR(append(w, "suppression_added", std::nullopt, std::nullopt,
                            Json{{"channel", "sms"}, {"source", "sms_reply"}}));
  for (int64_t c : out.customers)
    GX_RETURN_IF_ERROR(unsubscribe_customer(w, c, "sms", out.phone, "sms_reply", std::nullopt));
  return out;
}

Result<store::MessageRecord> message_by_token(domain::ReadContext& r, std::string_view token) {
  GX_ASSIGN_OR_RETURN(auto m, store::find_message_by_key(r.db, token));
  if (!m || m->shop_id != r.shop.id) return Status::not_found("unknown unsubscribe link");
  return *m;
}

Result<store::MessageRecord> unsubscribe_by_token(domain::WriteContext& w, std::string_view token) {
  GX_ASSIGN_OR_RETURN(auto m, store::find_message_by_key(w.db, token));
  if (!m || m->shop_id != w.shop.id) return Status::not_found("unknown unsubscribe link");
  if (m->unsubscribed_at) return *m;
  const int64_t now = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::mark_message_event_time(w.db, m->id, "unsubscribed_at", now));
  if (m->customer_id)
    GX_RETURN_IF_ERROR(
        unsubscribe_customer(w, *m->customer_id, m->channel, m->to_address, "link", m->id));
  m->unsubscribed_at = now;
  return *m;
}

Result<store::MessageRecord> record_receipt(domain::WriteContext& w, const Receipt& receipt) {
  std::optional<store::MessageRecord> m;
  if (!receipt.idempotency_key.empty()) {
    GX_ASSIGN_OR_RETURN(m, store::find_message_by_key(w.db, receipt.idempotency_key));
  } else if (!receipt.provider_message_id.empty()) {
    GX_ASSIGN_OR_RETURN(m, store::find_message_by_provider_id(w.db, receipt.provider_message_id));
  }
  if (!m || m->shop_id != w.shop.id) return Status::not_found("no message matches the receipt");
  const int64_t at = to_millis(receipt.at.value_or(w.clock.now()));
  std::string kind;
  if (receipt.event == "delivered") {
    GX_RETURN_IF_ERROR(store::mark_message_delivered(w.db, m->id, at));
    kind = "message_delivered";
  } else if (receipt.event == "failed") {
    GX_RETURN_IF_ERROR(store::mark_message_final(
        w.db, m->id, "failed", receipt.error.empty() ? "provider receipt" : receipt.error, at));
    kind = "message_failed";
  } else if (receipt.event == "opened") {
    GX_RETURN_IF_ERROR(store::mark_message_event_time(w.db, m->id, "opened_at", at));
    kind = "message_opened";
  } else if (receipt.event == "clicked") {
    GX_RETURN_IF_ERROR(store::mark_message_event_time(w.db, m->id, "clicked_at", at));
    kind = "message_clicked";
  } else {
    Location loc;
    loc.field = "event";
    return Status::invalid("event must be delivered, failed, opened or clicked", loc);
  }
  GX_RETURN_IF_ERROR(append(w, kind, m->customer_id, m->id, Json{{"channel", m->channel}}));
  GX_ASSIGN_OR_RETURN(auto updated, store::find_message(w.db, m->id));
  return *updated;
}

Result<bool> add_suppression(domain::WriteContext& w, std::string_view channel,
                             std::string_view address, std::string_view reason) {
  GX_ASSIGN_OR_RETURN(auto norm, normalize_address(channel, address));
  GX_ASSIGN_OR_RETURN(
      bool added,
      store::insert_suppression(w.db, {w.shop.id, std::string(channel), norm, std::string(reason),
                                       w.actor, to_millis(w.clock.now())}));
  // In the change feed without the address (which would put PII there).
  if (added) {
    GX_RETURN_IF_ERROR(append(w, "suppression_added", std::nullopt, std::nullopt,
                              Json{{"channel", channel}, {"reason", reason}}));
  }
  return added;
}

Result<bool> remove_suppression(domain::WriteContext& w, std::string_view channel,
                                std::string_view address) {
  GX_ASSIGN_OR_RETURN(auto norm, normalize_address(channel, address));
  GX_ASSIGN_OR_RETURN(bool removed, store::delete_suppression(w.db, w.shop.id, channel, norm));
  if (removed) {
    GX_RETURN_IF_ERROR(
        append(w, "suppression_removed", std::nullopt, std::nullopt, Json{{"channel", channel}}));
  }
  return removed;
}

}  // namespace guanxi::outbox
