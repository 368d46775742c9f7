#include "api/testing/callsim.hpp"

#include <chrono>
#include <map>

#include "api/render_callcenter.hpp"
#include "cti/event_json.hpp"

namespace guanxi::api::testing {

namespace {

using callcenter::CallId;
using callcenter::Decisions;

constexpr CallId kFirstOutbound = CallId{1} << 62;

Status failed(const std::string& what, const HttpResponse& r) {
  return Status::io_error(what + ": HTTP " + std::to_string(r.status) + " " + r.body);
}

// Simulation ids <-> the server's.
struct IdMap {
  std::map<int64_t, int64_t> queue, agent;  // sim -> server
  std::map<int64_t, int64_t> queue_back, agent_back;
  int64_t list_sim = 1;
  int64_t list_server = 0;
  int64_t call_base = 0;  // server call id = base + sim id (inbound)

  static int64_t at(const std::map<int64_t, int64_t>& m, int64_t id) {
    const auto it = m.find(id);
    return it == m.end() ? id : it->second;
  }
};

class HttpPort final : public callcenter::CtiPort {
 public:
  HttpPort(HttpClient& client, const IdMap& ids) : client_(client), ids_(ids) {}

  Result<Decisions> send(const callcenter::CtiEvent& event) override {
    Json j = cti::cti_event_to_json(event);
    if (j.contains("call_id")) {
      const int64_t id = j["call_id"].get<int64_t>();
      j["call_id"] = id < kFirstOutbound ? ids_.call_base + id : id;
    }
    if (j.contains("queue_id")) j["queue_id"] = IdMap::at(ids_.queue, j["queue_id"]);
    if (j.contains("to_queue_id")) j["to_queue_id"] = IdMap::at(ids_.queue, j["to_queue_id"]);
    if (j.contains("agent_id")) j["agent_id"] = IdMap::at(ids_.agent, j["agent_id"]);
    if (j.contains("dedicated_agent_id")) {
      j["dedicated_agent_id"] = IdMap::at(ids_.agent, j["dedicated_agent_id"]);
    }
    const HttpResponse r = client_.post("/api/v1/cti/events", j);
    ++events_;
    if (r.status != 200) return failed("CTI event " + j.dump() + " was refused", r);
    const Json body = r.json();
    next_due_.reset();
    if (body.contains("next_due") && body["next_due"].is_string()) {
      GX_ASSIGN_OR_RETURN(next_due_, parse_iso8601(body["next_due"].get<std::string>()));
    }
    GX_ASSIGN_OR_RETURN(Decisions decisions, cti::decisions_from_json(body["decisions"]));
    for (auto& d : decisions) {
      if (d.call != 0 && d.call < kFirstOutbound) d.call -= ids_.call_base;
      if (d.agent != 0) d.agent = IdMap::at(ids_.agent_back, d.agent);
      if (d.queue != 0) d.queue = IdMap::at(ids_.queue_back, d.queue);
      if (d.list == ids_.list_server && d.list != 0) d.list = ids_.list_sim;
    }
    return decisions;
  }

  std::optional<Timestamp> next_due() override { return next_due_; }
  int64_t events() const { return events_; }

 private:
  HttpClient& client_;
  const IdMap& ids_;
  std::optional<Timestamp> next_due_;
  int64_t events_ = 0;
};

// Finds resources of a list by name.
Result<std::map<std::string, int64_t>> ids_by_name(HttpClient& client, const std::string& path) {
  const HttpResponse r = client.get(path);
  if (r.status != 200) return failed("GET " + path, r);
  std::map<std::string, int64_t> out;
  const Json body = r.json();
  for (const Json& item : body["items"]) {
    out[item["name"].get<std::string>()] = item["id"].get<int64_t>();
  }
  return out;
}

Result<IdMap> set_up(HttpClient& client, const callcenter::SimSetup& setup, uint64_t seed) {
  IdMap ids;
  GX_ASSIGN_OR_RETURN(auto queues, ids_by_name(client, "/api/v1/queues"));
  // Twice: the queues first, then their overflow targets (which must exist).
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& q : setup.queues) {
      const std::string name = "sim-" + q.name;
      Json body = {{"name", name},
                   {"skill", q.skill},
                   {"min_level", q.min_level},
                   {"priority", q.priority},
                   {"overflow_after_s", q.overflow_after.count()},
                   {"service_level_s", q.service_level.count()}};
      if (q.callback_offer_after) body["callback_offer_after_s"] = q.callback_offer_after->count();
      if (pass == 1 && q.overflow_to) body["overflow_to"] = ids.queue.at(*q.overflow_to);
      HttpResponse r;
      if (const auto it = queues.find(name); it != queues.end()) {
        r = client.request("PUT", "/api/v1/queues/" + std::to_string(it->second), body.dump());
      } else {
        r = client.post("/api/v1/queues", body);
      }
      if (r.status != 200 && r.status != 201) return failed("setting up queue " + name, r);
      const int64_t id = r.json()["id"].get<int64_t>();
      queues[name] = id;
      ids.queue[q.id] = id;
      ids.queue_back[id] = q.id;
    }
  }
  GX_ASSIGN_OR_RETURN(auto agents, ids_by_name(client, "/api/v1/agents"));
  for (const auto& a : setup.agents) {
    const std::string name = "sim-" + a.name;
    Json skills = Json::object();
    for (const auto& s : a.skills) skills[s.name] = s.level;
    const Json body = {{"name", name},
                       {"skills", skills},
                       {"blended", a.blended},
                       {"wrap_up_s", a.wrap_up.count()}};
    HttpResponse r;
    if (const auto it = agents.find(name); it != agents.end()) {
      r = client.patch("/api/v1/agents/" + std::to_string(it->second), body);
    } else {
      r = client.post("/api/v1/agents", body);
    }
    if (r.status != 200 && r.status != 201) return failed("setting up agent " + name, r);
    const int64_t id = r.json()["id"].get<int64_t>();
    if (r.json()["state"] != "offline") {
      return Status::conflict("agent " + name + " is " + r.json()["state"].get<std::string>() +
                              ": a simulation starts with every agent logged out");
    }
    ids.agent[a.id] = id;
    ids.agent_back[id] = a.id;
  }
  const int64_t start_ms = to_millis(setup.start);
  if (!setup.outbound.entries.empty()) {
    Json entries = Json::array();
    for (const auto& e : setup.outbound.entries) entries.push_back({{"number", e.number}});
    const auto& window = setup.outbound.entries.front().allowed;
    const Json body = {
        {"name", "sim-list-" + std::to_string(seed) + "-" + std::to_string(start_ms)},
        {"queue_id", ids.queue.at(setup.outbound.queue)},
        {"allowed_hours",
         {callcenter::format_minute_of_day(window.start_minute),
          callcenter::format_minute_of_day(window.end_minute)}},
        {"entries", entries}};
    const HttpResponse r = client.post("/api/v1/outbound-lists", body);
    if (r.status != 201) return failed("creating the outbound list", r);
    ids.list_sim = setup.outbound.id;
    ids.list_server = r.json()["id"].get<int64_t>();
  }
  ids.call_base = start_ms * 1'000'000;
  return ids;
}

// Statistics ids -> the server's.
void map_report(callcenter::StatsReport& r, const IdMap& ids) {
  for (auto& q : r.queues) q.queue = IdMap::at(ids.queue, q.queue);
  for (auto& a : r.agents) a.agent = IdMap::at(ids.agent, a.agent);
}

void compare(const std::string& where, const Json& api, const Json& truth,
             std::vector<std::string>& out) {
  if (api == truth) return;
  if (api.is_object() && truth.is_object()) {
    for (const auto& [key, value] : truth.items()) {
      compare(where + "." + key, api.contains(key) ? api[key] : Json(), value, out);
    }
    return;
  }
  out.push_back(where + ": api " + api.dump() + ", truth " + truth.dump());
}

// The rows of `rows` whose `key` is one of the truth's, by that key.
std::map<int64_t, Json> rows_by(const Json& rows, const std::string& key) {
  std::map<int64_t, Json> out;
  for (const Json& row : rows) out[row[key].get<int64_t>()] = row;
  return out;
}

}  // namespace

Result<CallsimReport> run_callsim(HttpClient& client, const callcenter::SimConfig& given) {
  callcenter::SimConfig config = given;
  {
    const HttpResponse shop = client.get("/api/v1/shop");
    if (shop.status != 200) return failed("GET /api/v1/shop", shop);
    GX_ASSIGN_OR_RETURN(config.router.zone,
                        ShopZone::load(shop.json().value("time_zone", "Asia/Shanghai")));
  }
  config.router.stats_interval = std::chrono::minutes(15);
  GX_ASSIGN_OR_RETURN(callcenter::CallSimulation sim, callcenter::CallSimulation::create(config));
  GX_ASSIGN_OR_RETURN(IdMap ids, set_up(client, sim.setup(), config.seed));

  const auto started = std::chrono::steady_clock::now();
  HttpPort port(client, ids);
  GX_RETURN_IF_ERROR(sim.run(port));
  CallsimReport report;
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.events = port.events();
  report.calls = config.calls;
  report.violations = sim.violations();

  const callcenter::SimTruth truth = sim.truth();
  callcenter::StatsReport expected = callcenter::truth_stats(
      truth, sim.setup().queues, config.router.zone, config.router.stats_interval);
  map_report(expected, ids);
  report.truth = render_call_stats(expected, config.router.zone);
  report.truth.erase("as_of");

  const std::string target =
      "/api/v1/callcenter/stats?interval=15min&from=" + format_utc_iso8601(sim.setup().start) +
      "&to=" + format_utc_iso8601(truth.end);
  const HttpResponse r = client.get(target);
  if (r.status != 200) return failed("GET " + target, r);
  const Json api = r.json();
  report.api = {{"total", api["total"]},
                {"queues", Json::array()},
                {"agents", Json::array()},
                {"intervals", api["intervals"]}};
  const auto api_queues = rows_by(api["queues"], "queue_id");
  for (const Json& row : report.truth["queues"]) {
    const auto it = api_queues.find(row["queue_id"].get<int64_t>());
    report.api["queues"].push_back(it == api_queues.end() ? Json() : it->second);
  }
  const auto api_agents = rows_by(api["agents"], "agent_id");
  for (const Json& row : report.truth["agents"]) {
    const auto it = api_agents.find(row["agent_id"].get<int64_t>());
    report.api["agents"].push_back(it == api_agents.end() ? Json() : it->second);
  }
  compare("total", report.api["total"], report.truth["total"], report.differences);
  for (size_t i = 0; i < report.truth["queues"].size(); ++i) {
    compare("queues[" + std::to_string(i) + "]", report.api["queues"][i], report.truth["queues"][i],
            report.differences);
  }
  for (size_t i = 0; i < report.truth["agents"].size(); ++i) {
    compare("agents[" + std::to_string(i) + "]", report.api["agents"][i], report.truth["agents"][i],
            report.differences);
  }
  if (report.api["intervals"] != report.truth["intervals"]) {
    const size_t n = std::max(report.api["intervals"].size(), report.truth["intervals"].size());
    for (size_t i = 0; i < n; ++i) {
      const Json a = i < report.api["intervals"].size() ? report.api["intervals"][i] : Json();
      const Json t = i < report.truth["intervals"].size() ? report.truth["intervals"][i] : Json();
      compare("intervals[" + std::to_string(i) + "]", a, t, report.differences);
    }
  }
  return report;
}

}  // namespace guanxi::api::testing
