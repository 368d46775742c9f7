// Journeys as records: create (draft), edit (each edit of the definition is a
// new version; running customers finish on the version they started), status
// changes (draft -> active <-> paused -> archived), statistics per step, and
// the built-in care templates of the seed material, off by default and
// switched on with one call (which also creates their message templates).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "journey/definition.hpp"
#include "store/journey_table.hpp"

namespace guanxi::journey {

// Parses a definition, checking rules with the segment language.
Result<JourneyDef> parse_definition(const Json& json);

struct JourneyInput {
  std::string name;
  Json definition;
  std::string template_key;
};
Result<store::JourneyRecord> create_journey(domain::WriteContext& w, const JourneyInput& in);
// Replaces the definition (a new version) and/or the name.
Result<store::JourneyRecord> update_journey(domain::WriteContext& w, int64_t id,
                                            const std::optional<std::string>& name,
                                            const std::optional<Json>& definition);
// draft | active | paused | archived. Activating checks that every template
// the journey sends exists. Archiving exits every waiting run.
Result<store::JourneyRecord> set_journey_status(domain::WriteContext& w, int64_t id,
                                                std::string_view status);
Result<store::JourneyRecord> get_journey(domain::ReadContext& r, int64_t id);
// By name, else by built-in template key ("birthday"), else by id.
Result<store::JourneyRecord> find_journey(domain::ReadContext& r, std::string_view id_or_name);

struct StepStats {
  std::string step;
  std::string type;
  int64_t waiting = 0;             // runs resting here now
  Json outcomes = Json::object();  // outcome -> count ("ok", "suppressed:frequency_cap", ...)
};
struct JourneyStats {
  Json runs = Json::object();  // status -> count
  std::vector<StepStats> steps;
};
Result<JourneyStats> journey_stats(domain::ReadContext& r, const store::JourneyRecord& j);

// ---- built-in care templates ----
struct CareTemplate {
  std::string key;
  std::string name;  // Chinese journey name
  std::string name_en;
  std::string description;  // what it does, for the gallery
  Json definition;
  // Message templates it sends: {"name", "channel", "class", "body", "subject"?}.
  Json message_templates;
};
const std::vector<CareTemplate>& care_templates();
// Creates the journey from a template (and its missing message templates)
// and activates it; an already created one is activated again.
Result<store::JourneyRecord> enable_care_template(domain::WriteContext& w, std::string_view key);

}  // namespace guanxi::journey
