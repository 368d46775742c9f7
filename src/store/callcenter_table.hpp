// SQL for the call center: queues, agents' call settings, IVR menus, the call
// log (calls and the CTI events received), the agents' state timeline and
// outbound lists. Every function runs on the caller's connection (writes
// inside the caller's transaction) and is scoped by shop. The rules are the
// call center's (src/cti); these functions only read and write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// ---- queues and agents ------------------------------------------------------------

struct CallQueueRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string skill;
  int64_t min_level = 1;
  int64_t priority = 0;
  std::optional<int64_t> overflow_to;
  int64_t overflow_after_s = 0;
  std::optional<int64_t> callback_offer_after_s;
  int64_t service_level_s = 20;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Inserts a queue (id ignored); a taken name fails UNIQUE (shop_id, name).
Result<int64_t> insert_call_queue(Connection& db, const CallQueueRecord& r);
// Writes every mutable column of queue `r.id`.
Status update_call_queue(Connection& db, const CallQueueRecord& r);
Result<std::optional<CallQueueRecord>> find_call_queue(Connection& db, int64_t shop, int64_t queue);
Result<std::optional<int64_t>> find_call_queue_by_name(Connection& db, int64_t shop,
                                                       std::string_view name);
// By id.
Result<std::vector<CallQueueRecord>> list_call_queues(Connection& db, int64_t shop);

struct AgentCallSettingsRecord {
  int64_t agent_id = 0;
  int64_t shop_id = 0;
  bool blended = false;
  int64_t wrap_up_s = 0;
};
Status put_agent_call_settings(Connection& db, const AgentCallSettingsRecord& r);
// By agent id.
Result<std::vector<AgentCallSettingsRecord>> list_agent_call_settings(Connection& db, int64_t shop);

// ---- IVR menus ----------------------------------------------------------------------

struct IvrMenuRecord {
  std::string name;
  std::string menu;  // JSON text
  int64_t updated_at = 0;
};
Status put_ivr_menu(Connection& db, int64_t shop, const IvrMenuRecord& r);
Result<std::optional<IvrMenuRecord>> find_ivr_menu(Connection& db, int64_t shop,
                                                   std::string_view name);
// By name.
Result<std::vector<IvrMenuRecord>> list_ivr_menus(Connection& db, int64_t shop);

// ---- calls, CTI events, agent states ----------------------------------------------

struct CallRecord {
  int64_t shop_id = 0;
  int64_t call_id = 0;
  std::string direction = "inbound";  // inbound | outbound
  std::string number;
  std::optional<int64_t> customer_id;
  bool vip = false;
  std::optional<int64_t> dedicated_agent_id;
  int64_t queue_id = 0;
  std::optional<int64_t> agent_id;
  std::string ivr_path = "[]";
  int64_t offered_at = 0;
  std::optional<int64_t> answered_at;
  std::optional<int64_t> ended_at;
  std::optional<int64_t> wrap_up_end_at;
  std::string outcome = "waiting";
  int64_t transfers = 0;
  std::string recording_url;
  std::optional<int64_t> list_id;
  std::optional<int64_t> entry_index;
  int64_t updated_at = 0;
};

// Inserts the call or replaces every column of the stored one.
Status upsert_call(Connection& db, const CallRecord& r);
Status set_call_wrap_up_end(Connection& db, int64_t shop, int64_t call, int64_t at);
Result<std::optional<CallRecord>> find_call(Connection& db, int64_t shop, int64_t call);
// Calls whose outcome is waiting, ringing or talking, by id.
Result<std::vector<CallRecord>> list_live_calls(Connection& db, int64_t shop);
// The largest call id at or above `from`, if any (outbound numbering after a restart).
Result<std::optional<int64_t>> max_call_id_from(Connection& db, int64_t shop, int64_t from);

// The call-log search; absent members do not filter. Newest first (offered_at,
// then call id, descending), from `before` (a cursor: call ids of the same
// offered_at are compared) for `limit` rows.
struct CallSearch {
  std::optional<std::string> number;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> agent_id;
  std::optional<int64_t> queue_id;
  std::optional<std::string> outcome;
  std::optional<std::string> direction;
  std::optional<int64_t> from;  // offered_at >= from
  std::optional<int64_t> to;    // offered_at < to
  std::optional<int64_t> before_offered_at;
  std::optional<int64_t> before_call_id;
  int limit = 50;
};
Result<std::vector<CallRecord>> search_calls(Connection& db, int64_t shop, const CallSearch& s);
// Every call offered in [from, to), by id (statistics).
Result<std::vector<CallRecord>> list_calls_offered(Connection& db, int64_t shop, int64_t from,
                                                   int64_t to);

struct CallEventRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string event_key;
  std::optional<int64_t> call_id;
  std::string kind;
  int64_t at = 0;
  std::string body;       // JSON
  std::string decisions;  // JSON array
  int64_t received_at = 0;
};
// Inserts the event unless its key is already stored: nullopt then.
Result<std::optional<int64_t>> insert_call_event(Connection& db, const CallEventRecord& r);
Result<std::optional<CallEventRecord>> find_call_event(Connection& db, int64_t shop,
                                                       std::string_view event_key);
// The events of a call in the order received.
Result<std::vector<CallEventRecord>> list_call_events(Connection& db, int64_t shop, int64_t call);
// The time of the shop's latest event, if any.
Result<std::optional<int64_t>> last_call_event_at(Connection& db, int64_t shop);

struct AgentStateRecord {
  int64_t agent_id = 0;
  std::string state;
  int64_t at = 0;
};
Status insert_agent_state(Connection& db, int64_t shop, const AgentStateRecord& r);
// Every state change before `to`, by time then insertion.
Result<std::vector<AgentStateRecord>> list_agent_states(Connection& db, int64_t shop, int64_t to);

// ---- outbound lists -------------------------------------------------------------------

struct OutboundListRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  int64_t queue_id = 0;
  std::optional<int64_t> segment_id;
  int64_t window_start = 0;
  int64_t window_end = 1440;
  int64_t created_at = 0;
};
struct OutboundEntryRecord {
  int64_t list_id = 0;
  int64_t position = 0;
  std::string number;
  std::optional<int64_t> customer_id;
  std::string outcome = "pending";
  std::optional<int64_t> call_id;
};
Result<int64_t> insert_outbound_list(Connection& db, const OutboundListRecord& r);
Status insert_outbound_entry(Connection& db, const OutboundEntryRecord& r);
Result<std::optional<int64_t>> find_outbound_list_by_name(Connection& db, int64_t shop,
                                                          std::string_view name);
Result<std::optional<OutboundListRecord>> find_outbound_list(Connection& db, int64_t shop,
                                                             int64_t list);
Result<std::vector<OutboundListRecord>> list_outbound_lists(Connection& db, int64_t shop);
Result<std::vector<OutboundEntryRecord>> list_outbound_entries(Connection& db, int64_t list);
Status set_outbound_entry_outcome(Connection& db, int64_t list, int64_t position,
                                  std::string_view outcome, std::optional<int64_t> call);

}  // namespace guanxi::store
