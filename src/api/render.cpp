#include "api/render.hpp"

namespace guanxi::api {

namespace {

Json utc(const std::optional<Timestamp>& t) {
  return t ? Json(format_utc_iso8601(*t)) : Json(nullptr);
}

Json render_stats(const domain::OrderStats& s, const domain::Shop& shop, const ShopZone& zone) {
  Json j = {
      {"currency", shop.currency},
      {"order_count", s.order_count},
      {"purchase_count", s.purchase_count},
      {"total_paid", s.total_paid},
      {"total_refunded", s.total_refunded},
      {"net_revenue", s.net_revenue},
      {"refund_count", s.refund_count},
      {"average_order_value", s.average_order_value},
      {"days_since_last_order", optional_value(s.days_since_last_order)},
  };
  put_time(j, "first_order_at", s.first_order_at, zone);
  put_time(j, "last_order_at", s.last_order_at, zone);
  return j;
}

}  // namespace

void put_time(Json& obj, const std::string& key, const std::optional<Timestamp>& t,
              const ShopZone& zone) {
  obj[key] = utc(t);
  obj[key + "_local"] = t ? Json(zone.format_local(*t)) : Json(nullptr);
}

std::string_view outcome_name(domain::UpsertOutcome o) {
  switch (o) {
    case domain::UpsertOutcome::kCreated:
      return "created";
    case domain::UpsertOutcome::kUpdated:
      return "updated";
    case domain::UpsertOutcome::kUnchanged:
      break;
  }
  return "unchanged";
}

Json render_identity(const domain::Identity& i) {
  return {{"type", domain::identity_type_name(i.type)}, {"value", i.value}};
}

Json render_customer(const domain::Customer& c, const ShopZone& zone) {
  Json j = {
      {"id", c.id},
      {"name", c.name},
      {"gender", domain::gender_name(c.gender)},
      {"birthday", c.birthday ? Json(c.birthday->to_string()) : Json(nullptr)},
      {"birthday_lunar", c.birthday && c.birthday->lunar},
      {"province", c.province},
      {"city", c.city},
      {"source_channel", c.source_channel},
      {"owner_user_id", optional_value(c.owner_user_id)},
      {"csr_user_id", optional_value(c.csr_user_id)},
      {"consent",
       {{"sms", domain::consent_name(c.consent_sms)},
        {"email", domain::consent_name(c.consent_email)},
        {"wechat", domain::consent_name(c.consent_wechat)}}},
      {"attributes", c.attributes},
      {"tier", c.tier},
  };
  put_time(j, "signup_at", c.signup_at, zone);
  put_time(j, "created_at", c.created_at, zone);
  put_time(j, "updated_at", c.updated_at, zone);
  return j;
}

Json render_customer_360(const domain::Customer360& c, const domain::Shop& shop,
                         const ShopZone& zone) {
  Json j = Json::object();
  j["profile"] = render_customer(c.profile, zone);
  if (c.requested_id != c.profile.id) j["resolved_from"] = c.requested_id;
  Json& identities = j["identities"] = Json::array();
  for (const auto& i : c.identities) identities.push_back(render_identity(i));
  j["stats"] = render_stats(c.stats, shop, zone);
  Json& orders = j["recent_orders"] = Json::array();
  for (const auto& o : c.recent_orders) orders.push_back(render_order(o, zone));
  Json& notes = j["notes"] = Json::array();
  for (const auto& n : c.notes) notes.push_back(render_note(n, zone));
  Json& tags = j["tags"] = Json::array();
  for (const auto& t : c.tags) tags.push_back(render_tag(t, zone));
  Json& tickets = j["tickets"] = Json::array();
  for (const auto& t : c.tickets) {
    Json tj = {{"id", t.id},
               {"subject", t.subject},
               {"type", t.type},
               {"channel", t.channel},
               {"priority", t.priority},
               {"status", t.status},
               {"sla_state", t.sla_state},
               {"assignee_agent_id", optional_value(t.assignee_agent_id)}};
    put_time(tj, "created_at", t.created_at, zone);
    put_time(tj, "resolved_at", t.resolved_at, zone);
    tickets.push_back(std::move(tj));
  }
  Json& timeline = j["timeline"] = Json::array();
  for (const auto& e : c.timeline) {
    Json ej = {{"kind", e.kind}, {"id", e.id}, {"title", e.title}, {"detail", e.detail}};
    put_time(ej, "at", e.at, zone);
    timeline.push_back(std::move(ej));
  }
  Json& merges = j["merges"] = Json::array();
  for (const auto& m : c.merges) {
    merges.push_back({{"survivor", m.survivor},
                      {"merged", m.merged},
                      {"actor", m.actor},
                      {"reason", m.reason},
                      {"details", m.details},
                      {"at", format_utc_iso8601(m.at)}});
  }
  j["merged_ids"] = c.merged_ids;
  return j;
}

Json render_order(const domain::Order& o, const ShopZone& zone) {
  Json j = {
      {"id", o.id},
      {"platform", o.platform},
      {"external_id", o.external_id},
      {"customer_id", o.customer_id},
      {"status", domain::order_status_name(o.status)},
      {"currency", o.currency},
      {"goods_amount", o.goods_amount},
      {"discount_amount", o.discount_amount},
      {"shipping_fee", o.shipping_fee},
      {"paid_amount", o.paid_amount},
      {"refunded_amount", o.refunded_amount},
      {"coupon_code", o.coupon_code},
      {"refund_reason", o.refund_reason},
      {"receiver_name", o.receiver_name},
      {"receiver_phone", o.receiver_phone},
      {"receiver_address", o.receiver_address},
  };
  put_time(j, "created_at", o.created_at, zone);
  put_time(j, "paid_at", o.paid_at, zone);
  put_time(j, "shipped_at", o.shipped_at, zone);
  put_time(j, "completed_at", o.completed_at, zone);
  j["updated_at"] = format_utc_iso8601(o.updated_at);
  Json& items = j["items"] = Json::array();
  for (const auto& it : o.items) {
    items.push_back({{"line_no", it.line_no},
                     {"sku", it.sku},
                     {"product_name", it.product_name},
                     {"category", it.category},
                     {"quantity", it.quantity},
                     {"unit_price", it.unit_price}});
  }
  return j;
}

Json render_note(const domain::Note& n, const ShopZone& zone) {
  Json j = {
      {"id", n.id},
      {"customer_id", n.customer_id},
      {"type", domain::note_type_name(n.type)},
      {"direction", n.direction},
      {"author", n.author},
      {"summary", n.summary},
  };
  put_time(j, "occurred_at", n.occurred_at, zone);
  j["created_at"] = format_utc_iso8601(n.created_at);
  j["agent_id"] = optional_value(n.agent_id);
  j["duration_s"] = optional_value(n.duration_s);
  j["outcome"] = n.outcome;
  put_time(j, "next_follow_up_at", n.next_follow_up_at, zone);
  j["ticket_id"] = optional_value(n.ticket_id);
  return j;
}

Json render_tag(const domain::CustomerTag& t, const ShopZone& zone) {
  Json j = {{"name", t.name}, {"source", t.source}};
  put_time(j, "added_at", t.added_at, zone);
  return j;
}

Json render_merge(const domain::MergeOutcome& m) {
  return {{"survivor", m.survivor}, {"merged", m.merged}, {"conflicts", m.conflicts}};
}

Json render_event_outcome(const domain::EventOutcome& e) {
  return {{"duplicate", e.duplicate},
          {"customer_id", optional_value(e.customer_id)},
          {"customers_merged", e.customers_merged}};
}

Json render_shop(const domain::Shop& s) {
  return {{"id", s.id}, {"name", s.name}, {"time_zone", s.time_zone}, {"currency", s.currency}};
}

Json render_api_key(const domain::ApiKey& k) {
  return {
      {"id", k.id},
      {"name", k.name},
      {"role", k.role},
      {"prefix", k.prefix},
      {"created_at", format_utc_iso8601(k.created_at)},
      {"last_used_at", k.last_used_at ? Json(format_utc_iso8601(*k.last_used_at)) : Json(nullptr)},
      {"revoked_at", k.revoked_at ? Json(format_utc_iso8601(*k.revoked_at)) : Json(nullptr)},
  };
}

}  // namespace guanxi::api
