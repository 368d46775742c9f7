#include "store/callcenter_table.hpp"

#include "store/not_null.hpp"
#include "store/query.hpp"

namespace guanxi::store {

namespace {

using detail::not_null;

constexpr const char* kQueueSelect =
    "SELECT id, shop_id, name, skill, min_level, priority, overflow_to, overflow_after_s, "
    "callback_offer_after_s, service_level_s, created_at, updated_at FROM call_queues ";

CallQueueRecord read_queue(const Query& q) {
  CallQueueRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.skill = q.text(3);
  r.min_level = q.i64(4);
  r.priority = q.i64(5);
  r.overflow_to = q.opt_i64(6);
  r.overflow_after_s = q.i64(7);
  r.callback_offer_after_s = q.opt_i64(8);
  r.service_level_s = q.i64(9);
  r.created_at = q.i64(10);
  r.updated_at = q.i64(11);
  return r;
}

constexpr const char* kCallSelect =
    "SELECT shop_id, call_id, direction, number, customer_id, vip, dedicated_agent_id, queue_id, "
    "agent_id, ivr_path, offered_at, answered_at, ended_at, wrap_up_end_at, outcome, transfers, "
    "recording_url, list_id, entry_index, updated_at FROM calls ";

CallRecord read_call(const Query& q) {
  CallRecord r;
  r.shop_id = q.i64(0);
  r.call_id = q.i64(1);
  r.direction = q.text(2);
  r.number = q.text(3);
  r.customer_id = q.opt_i64(4);
  r.vip = q.i64(5) != 0;
  r.dedicated_agent_id = q.opt_i64(6);
  r.queue_id = q.i64(7);
  r.agent_id = q.opt_i64(8);
  r.ivr_path = q.text(9);
  r.offered_at = q.i64(10);
  r.answered_at = q.opt_i64(11);
  r.ended_at = q.opt_i64(12);
  r.wrap_up_end_at = q.opt_i64(13);
  r.outcome = q.text(14);
  r.transfers = q.i64(15);
  r.recording_url = q.text(16);
  r.list_id = q.opt_i64(17);
  r.entry_index = q.opt_i64(18);
  r.updated_at = q.i64(19);
  return r;
}

Result<std::vector<CallRecord>> read_calls(Query& q) {
  std::vector<CallRecord> out;
  while (q.next()) out.push_back(read_call(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

constexpr const char* kEventSelect =
    "SELECT id, shop_id, event_key, call_id, kind, at, body, decisions, received_at "
    "FROM call_events ";

CallEventRecord read_event(const Query& q) {
  CallEventRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.event_key = q.text(2);
  r.call_id = q.opt_i64(3);
  r.kind = q.text(4);
  r.at = q.i64(5);
  r.body = q.text(6);
  r.decisions = q.text(7);
  r.received_at = q.i64(8);
  return r;
}

constexpr const char* kListSelect =
    "SELECT id, shop_id, name, queue_id, segment_id, window_start, window_end, created_at "
    "FROM outbound_lists ";

OutboundListRecord read_list(const Query& q) {
  OutboundListRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.queue_id = q.i64(3);
  r.segment_id = q.opt_i64(4);
  r.window_start = q.i64(5);
  r.window_end = q.i64(6);
  r.created_at = q.i64(7);
  return r;
}

}  // namespace

// ---- queues and agents ------------------------------------------------------------

Result<int64_t> insert_call_queue(Connection& db, const CallQueueRecord& r) {
  Query q(db,
          "INSERT INTO call_queues (shop_id, name, skill, min_level, priority, overflow_to, "
          "overflow_after_s, callback_offer_after_s, service_level_s, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.skill, r.min_level, r.priority, r.overflow_to, r.overflow_after_s,
         r.callback_offer_after_s, r.service_level_s, r.created_at, r.updated_at);
  return q.insert_row("call_queues");
}

Status update_call_queue(Connection& db, const CallQueueRecord& r) {
  Query q(db,
          "UPDATE call_queues SET name = ?, skill = ?, min_level = ?, priority = ?, "
          "overflow_to = ?, overflow_after_s = ?, callback_offer_after_s = ?, service_level_s = ?, "
          "updated_at = ? WHERE shop_id = ? AND id = ?");
  q.bind(r.name, r.skill, r.min_level, r.priority, r.overflow_to, r.overflow_after_s,
         r.callback_offer_after_s, r.service_level_s, r.updated_at, r.shop_id, r.id);
  return q.run();
}

Result<std::optional<CallQueueRecord>> find_call_queue(Connection& db, int64_t shop,
                                                       int64_t queue) {
  static const std::string sql = std::string(kQueueSelect) + "WHERE shop_id = ? AND id = ?";
  Query q(db, sql);
  q.bind(shop, queue);
  if (q.next()) return std::optional<CallQueueRecord>(read_queue(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CallQueueRecord>();
}

Result<std::optional<int64_t>> find_call_queue_by_name(Connection& db, int64_t shop,
                                                       std::string_view name) {
  Query q(db, "SELECT id FROM call_queues WHERE shop_id = ? AND name = ?");
  q.bind(shop, not_null(name));
  return q.single_int64();
}

Result<std::vector<CallQueueRecord>> list_call_queues(Connection& db, int64_t shop) {
  static const std::string sql = std::string(kQueueSelect) + "WHERE shop_id = ? ORDER BY id";
  Query q(db, sql);
  q.bind(shop);
  std::vector<CallQueueRecord> out;
  while (q.next()) out.push_back(read_queue(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status put_agent_call_settings(Connection& db, const AgentCallSettingsRecord& r) {
  Query q(db,
          "INSERT INTO agent_call_settings (agent_id, shop_id, blended, wrap_up_s) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET blended = excluded.blended, "
          "wrap_up_s = excluded.wrap_up_s");
  q.bind(r.agent_id, r.shop_id, r.blended, r.wrap_up_s);
  return q.run();
}

Result<std::vector<AgentCallSettingsRecord>> list_agent_call_settings(Connection& db,
                                                                      int64_t shop) {
  Query q(db,
          "SELECT agent_id, shop_id, blended, wrap_up_s FROM agent_call_settings "
          "WHERE shop_id = ? ORDER BY agent_id");
  q.bind(shop);
  std::vector<AgentCallSettingsRecord> out;
  while (q.next()) out.push_back({q.i64(0), q.i64(1), q.i64(2) != 0, q.i64(3)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

// ---- IVR menus ----------------------------------------------------------------------

Status put_ivr_menu(Connection& db, int64_t shop, const IvrMenuRecord& r) {
  Query q(db,
          "INSERT INTO ivr_menus (shop_id, name, menu, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (shop_id, name) DO UPDATE SET menu = excluded.menu, "
          "updated_at = excluded.updated_at");
  q.bind(shop, r.name, r.menu, r.updated_at);
  return q.run();
}

Result<std::optional<IvrMenuRecord>> find_ivr_menu(Connection& db, int64_t shop,
                                                   std::string_view name) {
  Query q(db, "SELECT name, menu, updated_at FROM ivr_menus WHERE shop_id = ? AND name = ?");
  q.bind(shop, not_null(name));
  if (q.next()) return std::optional<IvrMenuRecord>(IvrMenuRecord{q.text(0), q.text(1), q.i64(2)});
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<IvrMenuRecord>();
}

Result<std::vector<IvrMenuRecord>> list_ivr_menus(Connection& db, int64_t shop) {
  Query q(db, "SELECT name, menu, updated_at FROM ivr_menus WHERE shop_id = ? ORDER BY name");
  q.bind(shop);
  std::vector<IvrMenuRecord> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.i64(2)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

// ---- calls, CTI events, agent states ----------------------------------------------

Status upsert_call(Connection& db, const CallRecord& r) {
  Query q(db,
          "INSERT INTO calls (shop_id, call_id, direction, number, customer_id, vip, "
          "dedicated_agent_id, queue_id, agent_id, ivr_path, offered_at, answered_at, ended_at, "
          "wrap_up_end_at, outcome, transfers, recording_url, list_id, entry_index, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (shop_id, call_id) DO UPDATE SET direction = excluded.direction, "
          "number = excluded.number, customer_id = excluded.customer_id, vip = excluded.vip, "
          "dedicated_agent_id = excluded.dedicated_agent_id, queue_id = excluded.queue_id, "
          "agent_id = excluded.agent_id, ivr_path = excluded.ivr_path, "
          "offered_at = excluded.offered_at, answered_at = excluded.answered_at, "
          "ended_at = excluded.ended_at, wrap_up_end_at = excluded.wrap_up_end_at, "
          "outcome = excluded.outcome, transfers = excluded.transfers, "
          "recording_url = excluded.recording_url, list_id = excluded.list_id, "
          "entry_index = excluded.entry_index, updated_at = excluded.updated_at");
  q.bind(r.shop_id, r.call_id, r.direction, not_null(r.number), r.customer_id, r.vip,
         r.dedicated_agent_id, r.queue_id, r.agent_id, r.ivr_path, r.offered_at, r.answered_at,
         r.ended_at, r.wrap_up_end_at, r.outcome, r.transfers, not_null(r.recording_url), r.list_id,
         r.entry_index, r.updated_at);
  return q.run();
}

Status set_call_wrap_up_end(Connection& db, int64_t shop, int64_t call, int64_t at) {
  Query q(db, "UPDATE calls SET wrap_up_end_at = ? WHERE shop_id = ? AND call_id = ?");
  q.bind(at, shop, call);
  return q.run();
}

Result<std::optional<CallRecord>> find_call(Connection& db, int64_t shop, int64_t call) {
  static const std::string sql = std::string(kCallSelect) + "WHERE shop_id = ? AND call_id = ?";
  Query q(db, sql);
  q.bind(shop, call);
  if (q.next()) return std::optional<CallRecord>(read_call(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CallRecord>();
}

Result<std::vector<CallRecord>> list_live_calls(Connection& db, int64_t shop) {
  static const std::string sql =
      std::string(kCallSelect) +
      "WHERE shop_id = ? AND outcome IN ('waiting', 'ringing', 'talking') ORDER BY call_id";
  Query q(db, sql);
  q.bind(shop);
  return read_calls(q);
}

Result<std::optional<int64_t>> max_call_id_from(Connection& db, int64_t shop, int64_t from) {
  Query q(db, "SELECT MAX(call_id) FROM calls WHERE shop_id = ? AND call_id >= ?");
  q.bind(shop, from);
  return q.single_int64();
}

Result<std::vector<CallRecord>> search_calls(Connection& db, int64_t shop, const CallSearch& s) {
  static const std::string sql =
      std::string(kCallSelect) +
      "WHERE shop_id = ? AND (? IS NULL OR number = ?) AND (? IS NULL OR customer_id = ?) "
      "AND (? IS NULL OR agent_id = ?) AND (? IS NULL OR queue_id = ?) "
      "AND (? IS NULL OR outcome = ?) AND (? IS NULL OR direction = ?) "
      "AND (? IS NULL OR offered_at >= ?) AND (? IS NULL OR offered_at < ?) "
      "AND (? IS NULL OR offered_at < ? OR (offered_at = ? AND call_id < ?)) "
      "ORDER BY offered_at DESC, call_id DESC LIMIT ?";
  Query q(db, sql);
  q.bind(shop, s.number, s.number, s.customer_id, s.customer_id, s.agent_id, s.agent_id, s.queue_id,
         s.queue_id, s.outcome, s.outcome, s.direction, s.direction, s.from, s.from, s.to, s.to,
         s.before_offered_at, s.before_offered_at, s.before_offered_at,
         s.before_call_id.value_or(INT64_MAX), int64_t{s.limit});
  return read_calls(q);
}

Result<std::vector<CallRecord>> list_calls_offered(Connection& db, int64_t shop, int64_t from,
                                                   int64_t to) {
  static const std::string sql = std::string(kCallSelect) +
                                 "WHERE shop_id = ? AND offered_at >= ? AND offered_at < ? "
                                 "ORDER BY call_id";
  Query q(db, sql);
  q.bind(shop, from, to);
  return read_calls(q);
}

Result<std::optional<int64_t>> insert_call_event(Connection& db, const CallEventRecord& r) {
  Query q(db,
          "INSERT INTO call_events (shop_id, event_key, call_id, kind, at, body, decisions, "
          "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (shop_id, event_key) DO NOTHING");
  q.bind(r.shop_id, r.event_key, r.call_id, r.kind, r.at, r.body, r.decisions, r.received_at);
  return q.insert();
}

Result<std::optional<CallEventRecord>> find_call_event(Connection& db, int64_t shop,
                                                       std::string_view event_key) {
  static const std::string sql = std::string(kEventSelect) + "WHERE shop_id = ? AND event_key = ?";
  Query q(db, sql);
  q.bind(shop, not_null(event_key));
  if (q.next()) return std::optional<CallEventRecord>(read_event(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CallEventRecord>();
}

Result<std::vector<CallEventRecord>> list_call_events(Connection& db, int64_t shop, int64_t call) {
  static const std::string sql =
      std::string(kEventSelect) + "WHERE shop_id = ? AND call_id = ? ORDER BY id";
  Query q(db, sql);
  q.bind(shop, call);
  std::vector<CallEventRecord> out;
  while (q.next()) out.push_back(read_event(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::optional<int64_t>> last_call_event_at(Connection& db, int64_t shop) {
  Query q(db, "SELECT MAX(at) FROM call_events WHERE shop_id = ?");
  q.bind(shop);
  return q.single_int64();
}

Status insert_agent_state(Connection& db, int64_t shop, const AgentStateRecord& r) {
  Query q(db, "INSERT INTO agent_state_log (shop_id, agent_id, state, at) VALUES (?, ?, ?, ?)");
  q.bind(shop, r.agent_id, r.state, r.at);
  return q.run();
}

Result<std::vector<AgentStateRecord>> list_agent_states(Connection& db, int64_t shop, int64_t to) {
  Query q(db,
          "SELECT agent_id, state, at FROM agent_state_log WHERE shop_id = ? AND at < ? "
          "ORDER BY at, id");
  q.bind(shop, to);
  std::vector<AgentStateRecord> out;
  while (q.next()) out.push_back({q.i64(0), q.text(1), q.i64(2)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

// ---- outbound lists -------------------------------------------------------------------

Result<int64_t> insert_outbound_list(Connection& db, const OutboundListRecord& r) {
  Query q(db,
          "INSERT INTO outbound_lists (shop_id, name, queue_id, segment_id, window_start, "
          "window_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.queue_id, r.segment_id, r.window_start, r.window_end, r.created_at);
  return q.insert_row("outbound_lists");
}

Status insert_outbound_entry(Connection& db, const OutboundEntryRecord& r) {
  Query q(db,
          "INSERT INTO outbound_entries (list_id, position, number, customer_id, outcome, call_id) "
          "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(r.list_id, r.position, r.number, r.customer_id, r.outcome, r.call_id);
  return q.run();
}

Result<std::optional<int64_t>> find_outbound_list_by_name(Connection& db, int64_t shop,
                                                          std::string_view name) {
  Query q(db, "SELECT id FROM outbound_lists WHERE shop_id = ? AND name = ?");
  q.bind(shop, not_null(name));
  return q.single_int64();
}

Result<std::optional<OutboundListRecord>> find_outbound_list(Connection& db, int64_t shop,
                                                             int64_t list) {
  static const std::string sql = std::string(kListSelect) + "WHERE shop_id = ? AND id = ?";
  Query q(db, sql);
  q.bind(shop, list);
  if (q.next()) return std::optional<OutboundListRecord>(read_list(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<OutboundListRecord>();
}

Result<std::vector<OutboundListRecord>> list_outbound_lists(Connection& db, int64_t shop) {
  static const std::string sql = std::string(kListSelect) + "WHERE shop_id = ? ORDER BY id";
  Query q(db, sql);
  q.bind(shop);
  std::vector<OutboundListRecord> out;
  while (q.next()) out.push_back(read_list(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<OutboundEntryRecord>> list_outbound_entries(Connection& db, int64_t list) {
  Query q(db,
          "SELECT list_id, position, number, customer_id, outcome, call_id FROM outbound_entries "
          "WHERE list_id = ? ORDER BY position");
  q.bind(list);
  std::vector<OutboundEntryRecord> out;
  while (q.next()) {
    out.push_back({q.i64(0), q.i64(1), q.text(2), q.opt_i64(3), q.text(4), q.opt_i64(5)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status set_outbound_entry_outcome(Connection& db, int64_t list, int64_t position,
                                  std::string_view outcome, std::optional<int64_t> call) {
  Query q(db,
          "UPDATE outbound_entries SET outcome = ?, call_id = COALESCE(?, call_id) "
          "WHERE list_id = ? AND position = ?");
  q.bind(outcome, call, list, position);
  return q.run();
}

}  // namespace guanxi::store
