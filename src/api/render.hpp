// Domain values -> response JSON. Conventions: ids are integers; money is an
// integer count of minor units beside a "currency" code; instants are
// ISO-8601 UTC strings ("2024-06-01T02:00:00.000Z"), and where a person reads
// them also shop-local wall times under "<name>_local"
// ("2024-06-01 10:00:00"); absent values are null.
#pragma once

#include <optional>

#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/activity.hpp"
#include "domain/customer360.hpp"
#include "domain/customers.hpp"
#include "domain/events.hpp"
#include "domain/model.hpp"
#include "domain/orders.hpp"
#include "domain/shops.hpp"

namespace guanxi::api {

// Sets `key` (UTC) and `key_local` (shop-local wall time); both null when absent.
void put_time(Json& obj, const std::string& key, const std::optional<Timestamp>& t,
              const ShopZone& zone);

// A value or null.
template <typename T>
Json optional_value(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// "created", "updated", "unchanged". (domain::upsert_outcome_name is declared
// in domain/context.hpp but not defined yet.)
std::string_view outcome_name(domain::UpsertOutcome o);

Json render_customer(const domain::Customer& c, const ShopZone& zone);
// The 360: {profile, identities, stats, recent_orders, notes, tags, merges,
// merged_ids}, plus "resolved_from" (the requested id) when it was merged away.
Json render_customer_360(const domain::Customer360& c, const domain::Shop& shop,
                         const ShopZone& zone);
Json render_identity(const domain::Identity& i);
Json render_order(const domain::Order& o, const ShopZone& zone);
Json render_note(const domain::Note& n, const ShopZone& zone);
Json render_tag(const domain::CustomerTag& t, const ShopZone& zone);
Json render_merge(const domain::MergeOutcome& m);
Json render_event_outcome(const domain::EventOutcome& e);
Json render_shop(const domain::Shop& s);
Json render_api_key(const domain::ApiKey& k);

}  // namespace guanxi::api
