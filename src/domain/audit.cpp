#include "domain/audit.hpp"

#include <charconv>

#include "store/users_table.hpp"

namespace guanxi::domain {

std::optional<int64_t> actor_user_id(std::string_view actor) {
  if (!actor.starts_with("user:")) return std::nullopt;
  actor.remove_prefix(5);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(actor.data(), actor.data() + actor.size(), id);
  if (ec != std::errc() || id <= 0) return std::nullopt;
  return id;
}

Status record_audit(store::Connection& db, const Clock& clock, ShopId shop, std::string_view actor,
                    const AuditEntry& entry) {
  store::AuditRecord r;
  r.shop_id = shop;
  r.actor = std::string(actor);
  r.user_id = actor_user_id(actor);
  r.action = entry.action;
  r.object_type = entry.object_type;
  r.object_id = entry.object_id;
  r.detail = entry.detail.is_object() ? entry.detail.dump() : "{}";
  r.ip = entry.ip;
  r.occurred_at = to_millis(clock.now());
  return store::insert_audit(db, r).status();
}

Status record_audit(WriteContext& w, const AuditEntry& entry) {
  return record_audit(w.db, w.clock, w.shop.id, w.actor, entry);
}

Result<AuditPage> list_audit(store::Connection& db, ShopId shop, const AuditQuery& query) {
  if (query.limit < 1 || query.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  store::AuditFilter f;
  f.shop_id = shop;
  f.action = query.action;
  f.actor = query.actor;
  if (query.from) f.from = to_millis(*query.from);
  if (query.to) f.to = to_millis(*query.to);
  f.before_id = query.cursor;
  f.limit = query.limit + 1;
  GX_ASSIGN_OR_RETURN(auto rows, store::list_audit(db, f));
  AuditPage page;
  for (const auto& r : rows) {
    if (static_cast<int>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    AuditEvent e;
    e.id = r.id;
    e.actor = r.actor;
    e.user_id = r.user_id;
    e.action = r.action;
    e.object_type = r.object_type;
    e.object_id = r.object_id;
    e.detail = Json::parse(r.detail, nullptr, false);
    if (e.detail.is_discarded()) e.detail = Json::object();
    e.ip = r.ip;
    e.occurred_at = from_millis(r.occurred_at);
    page.items.push_back(std::move(e));
  }
  return page;
}

}  // namespace guanxi::domain
