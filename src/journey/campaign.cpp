#include "journey/campaign.hpp"

#include <fmt/format.h>

#include "domain/shops.hpp"
#include "journey/internal.hpp"
#include "outbox/outbox.hpp"
#include "outbox/settings.hpp"
#include "segment/engine.hpp"
#include "store/change_feed.hpp"
#include "store/query.hpp"

namespace guanxi::journey {

namespace {

using internal::append;
using internal::fail_at;
using std::chrono::minutes;

struct Variant {
  std::string key;
  std::string tmpl;
  int weight = 0;
};

struct CampaignDef {
  std::string segment;
  std::vector<Variant> variants;
  int control_pct = 0;
  minutes window_start{0}, window_end{0};  // equal = all day
  int throttle = 0;
  int attribution_days = 7;
  std::string klass = "marketing";
};

Result<minutes> tod(const std::string& text, const std::string& ptr) {
  auto t = outbox::parse_time_of_day(text);
  if (!t.ok()) return fail_at(ptr, t.status().message());
  return *t;
}

Result<CampaignDef> parse_def(const Json& j) {
  if (!j.is_object()) return fail_at("/", "a campaign definition is a JSON object");
  CampaignDef d;
  JsonFields f(j);
  d.segment = f.string("segment", JsonFields::Need::kRequired).value_or("");
  const Json* variants = f.array("variants", JsonFields::Need::kRequired);
  d.control_pct = static_cast<int>(f.int64("control_pct").value_or(0));
  const Json* window = f.object("send_window");
  d.throttle = static_cast<int>(f.int64("throttle_per_minute").value_or(0));
  d.attribution_days = static_cast<int>(f.int64("attribution_days").value_or(7));
  d.klass = f.string("class").value_or("marketing");
  GX_RETURN_IF_ERROR(f.finish());
  if (d.control_pct < 0 || d.control_pct > 50) return fail_at("/control_pct", "must be 0..50");
  if (d.throttle < 0 || d.throttle > 1'000'000)
    return fail_at("/throttle_per_minute", "must be 0..1000000");
  if (d.attribution_days < 1 || d.attribution_days > 90)
    return fail_at("/attribution_days", "must be 1..90");
  if (d.klass != "marketing" && d.klass != "care")
    return fail_at("/class", "must be marketing or care");
  if (variants->empty() || variants->size() > 10) return fail_at("/variants", "1 to 10 variants");
  for (size_t i = 0; i < variants->size(); ++i) {
    const std::string p = fmt::format("/variants/{}", i);
    if (!(*variants)[i].is_object()) return fail_at(p, "must be an object");
    JsonFields vf((*variants)[i], p);
    Variant v;
    v.key = vf.string("key", JsonFields::Need::kRequired).value_or("");
    v.tmpl = vf.string("template", JsonFields::Need::kRequired).value_or("");
    v.weight = static_cast<int>(vf.int64("weight").value_or(1));
    GX_RETURN_IF_ERROR(vf.finish());
    if (v.key.empty() || v.key.size() > 20 || v.key == "control")
      return fail_at(p + "/key", "1-20 bytes, not 'control'");
    for (const auto& o : d.variants) {
      if (o.key == v.key) return fail_at(p + "/key", "repeats another variant");
    }
    if (v.weight < 1 || v.weight > 100) return fail_at(p + "/weight", "must be 1..100");
    d.variants.push_back(v);
  }
  if (window) {
    JsonFields wf(*window, "/send_window");
    auto s = wf.string("start", JsonFields::Need::kRequired);
    auto e = wf.string("end", JsonFields::Need::kRequired);
    GX_RETURN_IF_ERROR(wf.finish());
    GX_ASSIGN_OR_RETURN(d.window_start, tod(*s, "/send_window/start"));
    GX_ASSIGN_OR_RETURN(d.window_end, tod(*e, "/send_window/end"));
  }
  return d;
}

// Stable bucket 0..9999 of (campaign, customer).
uint64_t bucket(int64_t campaign, int64_t customer) {
  uint64_t x =
      static_cast<uint64_t>(campaign) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(customer);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x % 10000;
}

std::string assign_variant(const CampaignDef& d, int64_t campaign, int64_t customer) {
  const uint64_t b = bucket(campaign, customer);
  if (b < static_cast<uint64_t>(d.control_pct) * 100) return "control";
  int total = 0;
  for (const auto& v : d.variants) total += v.weight;
  // Re-spread the non-control part over the variants by weight.
  const uint64_t rest = (b - static_cast<uint64_t>(d.control_pct) * 100) *
                        static_cast<uint64_t>(total) /
                        (10000 - static_cast<uint64_t>(d.control_pct) * 100);
  uint64_t acc = 0;
  for (const auto& v : d.variants) {
    acc += static_cast<uint64_t>(v.weight);
    if (rest < acc) return v.key;
  }
  return d.variants.back().key;
}

bool in_window(const CampaignDef& d, minutes m) {
  if (d.window_start == d.window_end) return true;
  if (d.window_start < d.window_end) return m >= d.window_start && m < d.window_end;
  return m >= d.window_start || m < d.window_end;
}

// The first instant at or after t inside the send window.
Timestamp into_window(const CampaignDef& d, const ShopZone& zone, Timestamp t) {
  const LocalDays day = zone.local_day(t);
  const auto m = std::chrono::duration_cast<minutes>(t - zone.at_local(day, minutes(0)));
  if (in_window(d, m)) return t;
  if (d.window_start > d.window_end || m < d.window_start) {
    if (m < d.window_start) return zone.at_local(day, d.window_start);
  }
  return zone.at_local(day + std::chrono::days(1), d.window_start);
}

}  // namespace

Status check_campaign_definition(store::Connection& db, int64_t shop, const Json& def) {
  GX_ASSIGN_OR_RETURN(auto d, parse_def(def));
  for (size_t i = 0; i < d.variants.size(); ++i) {
    GX_ASSIGN_OR_RETURN(auto t, store::find_template_by_name(db, shop, d.variants[i].tmpl));
    if (!t)
      return fail_at(fmt::format("/variants/{}/template", i),
                     "no template named '" + d.variants[i].tmpl + "'");
  }
  store::Query q(db, "SELECT 1 FROM segments WHERE shop_id = ? AND name = ?");
  q.bind(shop, d.segment);
  if (!q.next()) {
    GX_RETURN_IF_ERROR(q.status());
    return fail_at("/segment", "no segment named '" + d.segment + "'");
  }
  return Status::ok();
}

Result<store::CampaignRecord> create_campaign(domain::WriteContext& w, const std::string& name,
                                              const Json& definition,
                                              std::optional<Timestamp> scheduled_at) {
  if (name.empty() || name.size() > 100) return fail_at("name", "must be 1-100 bytes");
  GX_RETURN_IF_ERROR(check_campaign_definition(w.db, w.shop.id, definition));
  store::Query q(w.db, "SELECT 1 FROM campaigns WHERE shop_id = ? AND name = ?");
  q.bind(w.shop.id, name);
  if (q.next()) return Status::conflict("a campaign named '" + name + "' exists");
  GX_RETURN_IF_ERROR(q.status());
  store::CampaignRecord c;
  c.shop_id = w.shop.id;
  c.name = name;
  c.status = scheduled_at ? "scheduled" : "draft";
  c.definition = definition.dump();
  if (scheduled_at) c.scheduled_at = to_millis(*scheduled_at);
  c.created_by = w.actor;
  c.created_at = to_millis(w.clock.now());
  c.updated_at = c.created_at;
  GX_ASSIGN_OR_RETURN(c.id, store::insert_campaign(w.db, c));
  GX_RETURN_IF_ERROR(append(w, "campaign_created", c.id, Json{{"name", name}}));
  return c;
}

Result<store::CampaignRecord> schedule_campaign(domain::WriteContext& w, int64_t id,
                                                std::optional<Timestamp> at) {
  GX_ASSIGN_OR_RETURN(auto c, store::find_campaign(w.db, w.shop.id, id));
  if (!c) return Status::not_found("campaign " + std::to_string(id) + " does not exist");
  if (c->status != "draft" && c->status != "scheduled")
    return Status::conflict("campaign is " + c->status +
                            "; only a draft or scheduled one can be scheduled");
  GX_RETURN_IF_ERROR(check_campaign_definition(w.db, w.shop.id, parse_json(c->definition).value()));
  c->status = "scheduled";
  c->scheduled_at = to_millis(at.value_or(w.clock.now()));
  c->updated_at = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::update_campaign(w.db, *c));
  GX_RETURN_IF_ERROR(append(w, "campaign_scheduled", c->id, Json{{"at", *c->scheduled_at}}));
  return *c;
}

Result<store::CampaignRecord> cancel_campaign(domain::WriteContext& w, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto c, store::find_campaign(w.db, w.shop.id, id));
  if (!c) return Status::not_found("campaign " + std::to_string(id) + " does not exist");
  if (c->status == "cancelled") return Status::conflict("campaign is already cancelled");
  const int64_t now = to_millis(w.clock.now());
  store::Query q(w.db,
                 "UPDATE messages SET status = 'cancelled', reason = 'campaign cancelled' WHERE "
                 "source = 'campaign' AND source_id = ? AND status IN ('queued', 'held')");
  q.bind(c->id);
  GX_RETURN_IF_ERROR(q.run());
  // A done campaign (every member assigned) can still be stopped while messages wait.
  if (c->status == "done" && q.changes() == 0)
    return Status::conflict("campaign is already done; every message has been sent");
  c->status = "cancelled";
  c->finished_at = now;
  c->updated_at = now;
  GX_RETURN_IF_ERROR(store::update_campaign(w.db, *c));
  GX_RETURN_IF_ERROR(append(w, "campaign_cancelled", c->id, Json::object()));
  return *c;
}

Result<store::CampaignRecord> pause_campaign(domain::WriteContext& w, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto c, store::find_campaign(w.db, w.shop.id, id));
  if (!c) return Status::not_found("campaign " + std::to_string(id) + " does not exist");
  if (c->status != "scheduled" && c->status != "running" && c->status != "done")
    return Status::conflict("campaign is " + c->status +
                            "; only a scheduled, running or sending one can be paused");
  store::Query hold(w.db,
                    "UPDATE messages SET status = 'held', next_attempt_at = NULL WHERE source = "
                    "'campaign' AND source_id = ? AND status = 'queued'");
  hold.bind(c->id);
  GX_RETURN_IF_ERROR(hold.run());
  const int64_t held = hold.changes();
  if (c->status == "done" && held == 0)
    return Status::conflict("campaign is done; every message has been sent");
  c->status = "paused";
  c->updated_at = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::update_campaign(w.db, *c));
  GX_RETURN_IF_ERROR(append(w, "campaign_paused", c->id, Json{{"held", held}}));
  return *c;
}

Result<store::CampaignRecord> resume_campaign(domain::WriteContext& w, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto c, store::find_campaign(w.db, w.shop.id, id));
  if (!c) return Status::not_found("campaign " + std::to_string(id) + " does not exist");
  if (c->status != "paused")
    return Status::conflict("campaign is " + c->status + "; only a paused one can be resumed");
  GX_ASSIGN_OR_RETURN(Json json, parse_json(c->definition));
  GX_ASSIGN_OR_RETURN(auto def, parse_def(json));
  const Timestamp now = w.clock.now();
  std::vector<std::pair<int64_t, int64_t>> held;  // (id, due_at) in send order
  {
    store::Query q(w.db,
                   "SELECT id, due_at FROM messages WHERE source = 'campaign' AND source_id = ? "
                   "AND status = 'held' ORDER BY due_at, id");
    q.bind(c->id);
    while (q.next()) held.emplace_back(q.i64(0), q.i64(1));
    GX_RETURN_IF_ERROR(q.status());
  }
  const auto interval = std::chrono::milliseconds(def.throttle > 0 ? 60'000 / def.throttle : 0);
  Timestamp t = now;
  for (const auto& [message, due] : held) {
    t = into_window(def, w.zone, std::max(t, from_millis(due)));
    store::Query q(w.db,
                   "UPDATE messages SET status = 'queued', due_at = ?, next_attempt_at = ? WHERE "
                   "id = ? AND status = 'held'");
    q.bind(to_millis(t), to_millis(t), message);
    GX_RETURN_IF_ERROR(q.run());
    t += interval;
  }
  // Back to where it was: members all assigned (done), assigning, or not started.
  c->status = c->finished_at ? "done" : c->started_at ? "running" : "scheduled";
  c->updated_at = to_millis(now);
  GX_RETURN_IF_ERROR(store::update_campaign(w.db, *c));
  GX_RETURN_IF_ERROR(
      append(w, "campaign_resumed", c->id, Json{{"requeued", static_cast<int64_t>(held.size())}}));
  return *c;
}

Result<int64_t> work_campaigns(store::Database& db, store::Writer& writer, const Clock& clock,
                               segment::SegmentEngine& segments, store::Connection& reader) {
  (void)db;
  const Timestamp now = clock.now();
  GX_ASSIGN_OR_RETURN(auto due, store::due_campaigns(reader, to_millis(now)));
  int64_t worked = 0;
  for (auto& c : due) {
    GX_ASSIGN_OR_RETURN(auto shop, domain::find_shop(reader, c.shop_id));
    if (!shop) continue;
    GX_ASSIGN_OR_RETURN(auto zone, ShopZone::load(shop->time_zone));
    GX_ASSIGN_OR_RETURN(Json json, parse_json(c.definition));
    GX_ASSIGN_OR_RETURN(auto def, parse_def(json));
    // The audience: the segment's members now (resumed runs take them again;
    // members already assigned are skipped).
    std::vector<int64_t> members;
    GX_ASSIGN_OR_RETURN(auto segs, segments.list_segments(c.shop_id));
    std::optional<int64_t> seg_id;
    for (const auto& s : segs) {
      if (s.name == def.segment) seg_id = s.id;
    }
    if (seg_id) {
      std::optional<int64_t> after;
      for (;;) {
        GX_ASSIGN_OR_RETURN(auto page, segments.segment_members(c.shop_id, *seg_id, after, 10000));
        members.insert(members.end(), page.ids.begin(), page.ids.end());
        if (!page.next) break;
        after = page.next;
      }
    }
    const Timestamp start = c.started_at ? from_millis(*c.started_at) : now;
    const int64_t interval_ms = def.throttle > 0 ? 60'000 / def.throttle : 0;
    // Due times: throttled slots inside the send window, in member order.
    std::vector<Timestamp> due_at(members.size());
    Timestamp t = into_window(def, zone, start);
    for (size_t i = 0; i < members.size(); ++i) {
      const std::string v = assign_variant(def, c.id, members[i]);
      if (v == "control") {
        due_at[i] = start;
        continue;
      }
      t = into_window(def, zone, t);
      due_at[i] = t;
      t += std::chrono::milliseconds(interval_ms);
    }
    size_t i = 0;
    bool stopped = false;  // paused or cancelled meanwhile
    do {
      const size_t end = std::min(members.size(), i + 2000);
      if (Status job_status = writer.run([&](store::Connection& conn) -> Status {
            domain::WriteContext w{conn, clock, *shop, zone, "campaign:" + std::to_string(c.id)};
            GX_ASSIGN_OR_RETURN(auto current, store::find_campaign(conn, c.shop_id, c.id));
            if (!current || (current->status != "scheduled" && current->status != "running")) {
              stopped = true;
              return Status::ok();
            }
            GX_ASSIGN_OR_RETURN(auto settings, outbox::load_care_settings(conn, c.shop_id));
            std::map<std::string, store::TemplateRecord> templates;
            for (const auto& v : def.variants) {
              GX_ASSIGN_OR_RETURN(auto tr, store::find_template_by_name(conn, c.shop_id, v.tmpl));
              if (!tr) return Status::not_found("campaign template '" + v.tmpl + "' was deleted");
              templates[v.key] = *tr;
            }
            if (i == 0 && !c.started_at) {
              c.status = "running";
              c.started_at = to_millis(start);
              c.updated_at = to_millis(now);
              GX_RETURN_IF_ERROR(store::update_campaign(conn, c));
              GX_RETURN_IF_ERROR(
                  append(w, "campaign_started", c.id, Json{{"members", members.size()}}));
            }
            for (size_t k = i; k < end; ++k) {
              const std::string v = assign_variant(def, c.id, members[k]);
              store::Query exists(
                  conn, "SELECT 1 FROM campaign_members WHERE campaign_id = ? AND customer_id = ?");
              exists.bind(c.id, members[k]);
              if (exists.next()) continue;
              GX_RETURN_IF_ERROR(exists.status());
              std::optional<int64_t> message;
              if (v != "control") {
                outbox::MessageDraft d;
                d.customer_id = members[k];
                d.tmpl = &templates[v];
                d.klass = def.klass;
                d.vars = Json{{"campaign", {{"name", c.name}}}};
                d.source = "campaign";
                d.source_id = c.id;
                d.variant = v;
                d.due = due_at[k];
                GX_ASSIGN_OR_RETURN(auto r, outbox::enqueue_message(w, settings, d));
                message = r.message_id;
              }
              GX_RETURN_IF_ERROR(
                  store::insert_campaign_member(conn, c.id, members[k], v, message, to_millis(now))
                      .status());
            }
            if (end == members.size()) {
              c.status = "done";
              c.finished_at = to_millis(now);
              c.updated_at = c.finished_at.value();
              GX_RETURN_IF_ERROR(store::update_campaign(conn, c));
              GX_RETURN_IF_ERROR(
                  append(w, "campaign_assigned", c.id, Json{{"members", members.size()}}));
            }
            return Status::ok();
          });
          !job_status.is_ok())
        return job_status;
      i = end;
    } while (i < members.size() && !stopped);
    ++worked;
  }
  return worked;
}

Result<Json> campaign_report(domain::ReadContext& r, const store::CampaignRecord& c) {
  GX_ASSIGN_OR_RETURN(Json json, parse_json(c.definition));
  GX_ASSIGN_OR_RETURN(auto def, parse_def(json));
  GX_ASSIGN_OR_RETURN(auto rows, store::campaign_variant_rows(r.db, c.id));
  GX_ASSIGN_OR_RETURN(auto supp, store::campaign_suppressions(r.db, c.id));
  const int64_t window = int64_t{def.attribution_days} * 86'400'000;
  GX_ASSIGN_OR_RETURN(auto conv,
                      store::campaign_conversions(r.db, c.id, c.started_at.value_or(0), window));
  Json variants = Json::array();
  double control_rate = -1;
  for (const auto& cv : conv) {
    if (cv.variant == "control" && cv.reached > 0)
      control_rate = static_cast<double>(cv.converted) / static_cast<double>(cv.reached);
  }
  for (const auto& row : rows) {
    Json v{{"variant", row.variant},       {"targeted", row.members},
           {"queued", row.queued},         {"sent", row.sent + row.delivered},
           {"delivered", row.delivered},   {"failed", row.failed},
           {"suppressed", row.suppressed}, {"opened", row.opened},
           {"clicked", row.clicked},       {"unsubscribed", row.unsubscribed}};
    Json reasons = Json::object();
    for (const auto& s : supp) {
      if (s.variant == row.variant) reasons[s.reason] = s.count;
    }
    v["suppressed_by_reason"] = reasons;
    int64_t reached = 0;
    for (const auto& cv : conv) {
      if (cv.variant != row.variant) continue;
      reached = cv.reached;
      v["reached"] = cv.reached;
      v["converted"] = cv.converted;
      v["orders"] = cv.orders;
      v["revenue"] = cv.revenue;
      v["attributed_orders"] = cv.attributed_orders;
      v["attributed_revenue"] = cv.attributed_revenue;
      const double rate =
          cv.reached > 0 ? static_cast<double>(cv.converted) / static_cast<double>(cv.reached) : 0;
      v["conversion_rate"] = rate;
      if (row.variant != "control" && control_rate >= 0) {
        v["uplift"] = rate - control_rate;  // absolute, in conversion-rate points
        v["uplift_relative"] =
            control_rate > 0 ? Json((rate - control_rate) / control_rate) : Json(nullptr);
        v["incremental_conversions"] = (rate - control_rate) * static_cast<double>(cv.reached);
      }
    }
    if (reached == 0) {
      v["reached"] = 0;
      v["converted"] = 0;
      v["orders"] = 0;
      v["revenue"] = 0;
      v["attributed_orders"] = 0;
      v["attributed_revenue"] = 0;
      v["conversion_rate"] = 0.0;
    }
    variants.push_back(v);
  }
  return Json{{"campaign_id", c.id},
              {"name", c.name},
              {"status", c.status},
              {"attribution_days", def.attribution_days},
              {"control_conversion_rate", control_rate >= 0 ? Json(control_rate) : Json(nullptr)},
              {"variants", variants}};
}

}  // namespace guanxi::journey
