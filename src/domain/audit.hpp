// The audit log: who revealed or exported personal data, changed a tier,
// sent a campaign, merged or deleted records, changed permissions, signed in
// or failed to. Rows are written in the same transaction as the change they
// record; the actor is the WriteContext's ("user:3 alice", "api:key 2", "cli").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "domain/context.hpp"

namespace guanxi::domain {

struct AuditEntry {
  std::string action;       // pii.reveal, export, tier.change, campaign.send, merge, delete,
                            // permission.change, login, login.failed, logout, user.create, ...
  std::string object_type;  // "customer", "user", "segment", "role", ...
  std::string object_id;
  Json detail = Json::object();
  std::string ip;
};

// Appends a row for w.shop by w.actor; the user id is taken from an actor of
// the form "user:<id> <name>".
Status record_audit(WriteContext& w, const AuditEntry& entry);
// The same outside a WriteContext (sign-in, the CLI).
Status record_audit(store::Connection& db, const Clock& clock, ShopId shop, std::string_view actor,
                    const AuditEntry& entry);

struct AuditEvent {
  int64_t id = 0;
  std::string actor;
  std::optional<int64_t> user_id;
  std::string action;
  std::string object_type;
  std::string object_id;
  Json detail;
  std::string ip;
  Timestamp occurred_at{};
};

struct AuditQuery {
  std::string action;  // exact, "" = any
  std::string actor;   // exact, "" = any
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  std::optional<int64_t> cursor;  // the next_cursor of the previous page
  int limit = 50;                 // 1..500
};

struct AuditPage {
  std::vector<AuditEvent> items;       // newest first
  std::optional<int64_t> next_cursor;  // set when more rows may follow
};

Result<AuditPage> list_audit(store::Connection& db, ShopId shop, const AuditQuery& query);

// The user id of an actor "user:<id> <name>", else nullopt.
std::optional<int64_t> actor_user_id(std::string_view actor);

}  // namespace guanxi::domain
