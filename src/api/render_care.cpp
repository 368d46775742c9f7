#include "api/render_care.hpp"

#include <array>
#include <string_view>

#include "api/render.hpp"

namespace guanxi::api {

namespace {

constexpr std::string_view kMask = "********";
constexpr std::array<std::string_view, 7> kSecretKeys = {
    "password", "secret", "secret_key", "token", "app_secret", "api_key", "secret_id"};

bool is_secret_key(std::string_view key) {
  for (auto k : kSecretKeys)
    if (k == key) return true;
  return false;
}

std::optional<Timestamp> from_ms(const std::optional<int64_t>& ms) {
  return ms ? std::optional<Timestamp>(from_millis(*ms)) : std::nullopt;
}

Json parsed_or_text(const std::string& text) {
  auto j = parse_json(text);
  return j.ok() ? *j : Json(text);
}

}  // namespace

Json render_journey(const store::JourneyRecord& j, const ShopZone& zone, bool with_definition) {
  Json out = {{"id", j.id},
              {"name", j.name},
              {"status", j.status},
              {"version", j.version},
              {"template_key", j.template_key.empty() ? Json(nullptr) : Json(j.template_key)},
              {"created_by", j.created_by}};
  put_time(out, "created_at", from_millis(j.created_at), zone);
  put_time(out, "updated_at", from_millis(j.updated_at), zone);
  if (with_definition) out["definition"] = parsed_or_text(j.definition);
  return out;
}

Json render_journey_stats(const journey::JourneyStats& s) {
  Json steps = Json::array();
  for (const auto& st : s.steps)
    steps.push_back(
        {{"step", st.step}, {"type", st.type}, {"waiting", st.waiting}, {"outcomes", st.outcomes}});
  return {{"runs", s.runs}, {"steps", std::move(steps)}};
}

Json render_journey_run(const store::JourneyRunRecord& r, const ShopZone& zone) {
  Json out = {{"id", r.id},
              {"journey_id", r.journey_id},
              {"version", r.version},
              {"customer_id", r.customer_id},
              {"occurrence", r.occurrence},
              {"status", r.status},
              {"step", r.step},
              {"wait_event", r.wait_event.empty() ? Json(nullptr) : Json(r.wait_event)},
              {"variant", r.variant.empty() ? Json(nullptr) : Json(r.variant)},
              {"exit_reason", r.exit_reason.empty() ? Json(nullptr) : Json(r.exit_reason)},
              {"context", parsed_or_text(r.context)}};
  put_time(out, "wake_at", from_ms(r.wake_at), zone);
  put_time(out, "started_at", from_millis(r.started_at), zone);
  put_time(out, "updated_at", from_millis(r.updated_at), zone);
  return out;
}

Json render_campaign(const store::CampaignRecord& c, const ShopZone& zone) {
  Json out = {{"id", c.id},
              {"name", c.name},
              {"status", c.status},
              {"definition", parsed_or_text(c.definition)},
              {"created_by", c.created_by}};
  put_time(out, "scheduled_at", from_ms(c.scheduled_at), zone);
  put_time(out, "started_at", from_ms(c.started_at), zone);
  put_time(out, "finished_at", from_ms(c.finished_at), zone);
  put_time(out, "created_at", from_millis(c.created_at), zone);
  return out;
}

Json render_message(const store::MessageRecord& m, const ShopZone& zone, bool with_body) {
  Json out = {{"id", m.id},
              {"customer_id", optional_value(m.customer_id)},
              {"channel", m.channel},
              {"class", m.klass},
              {"template_id", optional_value(m.template_id)},
              {"to", m.to_address},
              {"source", m.source},
              {"source_id", optional_value(m.source_id)},
              {"run_id", optional_value(m.run_id)},
              {"variant", m.variant.empty() ? Json(nullptr) : Json(m.variant)},
              {"idempotency_key", m.idempotency_key},
              {"status", m.status},
              {"reason", m.reason.empty() ? Json(nullptr) : Json(m.reason)},
              {"attempts", m.attempts},
              {"provider", m.provider.empty() ? Json(nullptr) : Json(m.provider)},
              {"provider_message_id",
               m.provider_message_id.empty() ? Json(nullptr) : Json(m.provider_message_id)}};
  if (with_body) {
    out["subject"] = m.subject;
    out["body"] = m.body;
    out["provider_template"] = m.provider_template;
    out["params"] = parsed_or_text(m.params);
  }
  put_time(out, "due_at", from_millis(m.due_at), zone);
  put_time(out, "next_attempt_at", from_ms(m.next_attempt_at), zone);
  put_time(out, "sent_at", from_ms(m.sent_at), zone);
  put_time(out, "delivered_at", from_ms(m.delivered_at), zone);
  put_time(out, "opened_at", from_ms(m.opened_at), zone);
  put_time(out, "clicked_at", from_ms(m.clicked_at), zone);
  put_time(out, "unsubscribed_at", from_ms(m.unsubscribed_at), zone);
  put_time(out, "created_at", from_millis(m.created_at), zone);
  return out;
}

Json render_suppression(const store::SuppressionRecord& s, const ShopZone& zone) {
  Json out = {
      {"channel", s.channel}, {"address", s.address}, {"reason", s.reason}, {"source", s.source}};
  put_time(out, "created_at", from_millis(s.created_at), zone);
  return out;
}

Json render_simulation(const journey::SimulationResult& r, const ShopZone& zone) {
  Json sample = Json::array();
  for (const auto& m : r.sample) {
    Json one = {{"customer_id", m.customer_id},
                {"customer_name", m.customer_name},
                {"channel", m.channel},
                {"template", m.template_name},
                {"to", m.to},
                {"status", m.status},
                {"reason", m.reason.empty() ? Json(nullptr) : Json(m.reason)},
                {"subject", m.subject},
                {"body", m.body}};
    put_time(one, "due_at", m.due, zone);
    sample.push_back(std::move(one));
  }
  return {{"journey_id", r.journey_id}, {"journey", r.journey_name}, {"entered", r.entered},
          {"messages", r.messages},     {"by_status", r.by_status},  {"by_day", r.by_day},
          {"sample", std::move(sample)}};
}

Json mask_provider_secrets(Json settings) {
  if (settings.is_object()) {
    for (auto it = settings.begin(); it != settings.end(); ++it) {
      if (it->is_string() && is_secret_key(it.key()) && !it->get<std::string>().empty())
        *it = kMask;
      else
        *it = mask_provider_secrets(std::move(*it));
    }
  } else if (settings.is_array()) {
    for (auto& v : settings) v = mask_provider_secrets(std::move(v));
  }
  return settings;
}

void restore_provider_secrets(Json& incoming, const Json& stored) {
  if (!incoming.is_object() || !stored.is_object()) return;
  for (auto it = incoming.begin(); it != incoming.end(); ++it) {
    const auto old = stored.find(it.key());
    if (old == stored.end()) continue;
    if (it->is_string() && *it == kMask && is_secret_key(it.key()))
      *it = *old;
    else
      restore_provider_secrets(*it, *old);
  }
}

}  // namespace guanxi::api
