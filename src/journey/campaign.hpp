// Campaigns: one-off or scheduled sends to a segment, with A/B variants, a
// holdout control group, a send window and a throttle. Definition (JSON):
//
//   {"segment": "高价值客户",                 // a stored segment's name
//    "variants": [{"key": "A", "template": "双11短信A", "weight": 50},
//                 {"key": "B", "template": "双11短信B", "weight": 50}],
//    "control_pct": 10,                        // held out, never sent (0..50)
//    "send_window": {"start": "10:00", "end": "20:00"},   // shop time
//    "throttle_per_minute": 600,               // 0 = no throttle
//    "attribution_days": 7, "class": "marketing"}
//
// When a campaign starts, the segment's members at that moment are assigned
// (a stable hash of campaign and customer picks control or a variant by
// weight); each variant member gets a message through the outbox guardrails,
// due at the next throttled slot inside the window. Assignment and message
// are written in one transaction, so a restart resumes without doubles.
//
// Results per variant: targeted, suppressed by reason, sent, delivered,
// failed, opened, clicked, unsubscribed; conversions and revenue of purchases
// within attribution_days after the message (after the start for control),
// attributed last-touch; and uplift of the conversion rate over control.
#pragma once

#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "store/database.hpp"
#include "store/outbox_table.hpp"
#include "store/writer.hpp"

namespace guanxi::segment {
class SegmentEngine;
}

namespace guanxi::journey {

// Validates a definition (errors name the JSON pointer).
Status check_campaign_definition(store::Connection& db, int64_t shop, const Json& def);

// Creates a draft, or a scheduled campaign when `scheduled_at` is given.
Result<store::CampaignRecord> create_campaign(domain::WriteContext& w, const std::string& name,
                                              const Json& definition,
                                              std::optional<Timestamp> scheduled_at);
// Schedules a draft (now when `at` is absent) or cancels (queued and held messages are
// cancelled; a done campaign only while some still wait).
Result<store::CampaignRecord> schedule_campaign(domain::WriteContext& w, int64_t id,
                                                std::optional<Timestamp> at);
Result<store::CampaignRecord> cancel_campaign(domain::WriteContext& w, int64_t id);
// Pauses a scheduled or running campaign, or a done one with messages still
// queued: no more members are assigned and its queued messages are held
// (status 'held'; the caps still count them). 409 for any other status.
Result<store::CampaignRecord> pause_campaign(domain::WriteContext& w, int64_t id);
// Resumes a paused campaign: held messages go back to the queue, spread from
// now (or their old due time, if later) at the campaign's throttle inside its
// send window, so that a pause never turns into a burst; assignment goes on.
Result<store::CampaignRecord> resume_campaign(domain::WriteContext& w, int64_t id);

// Starts due campaigns and assigns their members (called by the JourneyEngine
// each round). Returns how many campaigns it worked on.
Result<int64_t> work_campaigns(store::Database& db, store::Writer& writer, const Clock& clock,
                               segment::SegmentEngine& segments, store::Connection& reader);

Result<Json> campaign_report(domain::ReadContext& r, const store::CampaignRecord& c);

}  // namespace guanxi::journey
