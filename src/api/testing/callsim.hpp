// The call simulator over HTTP: sets up the simulation's queues, agents and
// outbound list in a running Guanxi through the API (reusing those a previous
// run created, by name), runs callcenter::CallSimulation with a CtiPort that
// posts every event to /api/v1/cti/events, then reads
// /api/v1/callcenter/stats for the simulated period and compares it with the
// statistics of the simulated truth rendered the same way. Used by
// `guanxi callsim`, the API tests (acceptance 3) and bench/cti.
#pragma once

#include <string>
#include <vector>

#include "api/testing/http_client.hpp"
#include "callcenter/simulator.hpp"
#include "core/json.hpp"

namespace guanxi::api::testing {

struct CallsimReport {
  Json api;    // the statistics API's answer (queues and agents of the simulation only)
  Json truth;  // the simulated truth's statistics, ids as the server's
  std::vector<std::string> differences;  // "total.answered: api 812, truth 811"
  std::vector<std::string> violations;   // decisions the simulation could not follow
  int64_t events = 0;                    // CTI events posted
  int64_t calls = 0;                     // inbound calls simulated
  double seconds = 0;                    // wall time of the run
  bool matches() const { return differences.empty() && violations.empty(); }
};

// Runs one simulated day against the server `client` talks to (with a key
// allowed callcenter.write and cti.write). Errors: the setup or an event
// the server rejected (with the event).
Result<CallsimReport> run_callsim(HttpClient& client, const callcenter::SimConfig& config);

}  // namespace guanxi::api::testing
