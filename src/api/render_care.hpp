// Care automation records -> response JSON (journeys, runs, campaigns,
// messages, suppressions, simulations), with the conventions of render.hpp.
// Message templates render through outbox::render_template_record.
#pragma once

#include "core/json.hpp"
#include "core/time.hpp"
#include "journey/journeys.hpp"
#include "journey/simulate.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::api {

// With the definition (a JSON document) when `with_definition`.
Json render_journey(const store::JourneyRecord& j, const ShopZone& zone, bool with_definition);
Json render_journey_stats(const journey::JourneyStats& s);
Json render_journey_run(const store::JourneyRunRecord& r, const ShopZone& zone);
Json render_campaign(const store::CampaignRecord& c, const ShopZone& zone);
// Without the body unless `with_body` (lists stay small).
Json render_message(const store::MessageRecord& m, const ShopZone& zone, bool with_body);
Json render_suppression(const store::SuppressionRecord& s, const ShopZone& zone);
Json render_simulation(const journey::SimulationResult& r, const ShopZone& zone);

// Care settings with secrets ("password", "secret", "secret_key", "token",
// "app_secret", "api_key") replaced by "********".
Json mask_provider_secrets(Json settings);
// Puts back the stored secret wherever an incoming value is "********".
void restore_provider_secrets(Json& incoming, const Json& stored);

}  // namespace guanxi::api
