#include "domain/tiers.hpp"

#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "domain/customers.hpp"
#include "domain/internal.hpp"
#include "store/settings_table.hpp"
#include "store/tier_table.hpp"

namespace guanxi::domain {

namespace {

using internal::check_limit;

constexpr std::string_view kTiersSettingKey = "tiers";

// Parsed configs by shop, keyed by the stored text: upsert_order consults the
// config on every purchase (20k orders/s on import), so it reads the setting
// (one primary-key lookup) but parses it only when the text changed. Keying by
// text keeps the cache correct whichever database or transaction read it.
class ConfigCache {
 public:
  Result<std::shared_ptr<const TierConfig>> get(ShopId shop, const std::string& text) {
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(shop);
      if (it != entries_.end() && it->second.text == text) return it->second.config;
    }
    GX_ASSIGN_OR_RETURN(TierConfig parsed, parse_tier_config(text));
    auto config = std::make_shared<const TierConfig>(std::move(parsed));
    std::lock_guard lock(mu_);
    entries_[shop] = Entry{text, config};
    return config;
  }

 private:
  struct Entry {
    std::string text;
    std::shared_ptr<const TierConfig> config;
  };
  std::mutex mu_;
  std::unordered_map<ShopId, Entry> entries_;
};

ConfigCache& config_cache() {
  static ConfigCache cache;
  return cache;
}

// The shop's config when tiers are enabled, else nullptr.
Result<std::shared_ptr<const TierConfig>> enabled_config(store::Connection& db, ShopId shop) {
  GX_ASSIGN_OR_RETURN(auto setting, store::find_shop_setting(db, shop, kTiersSettingKey));
  if (!setting) return std::shared_ptr<const TierConfig>();
  GX_ASSIGN_OR_RETURN(auto config, config_cache().get(shop, setting->value));
  if (!config->enabled) return std::shared_ptr<const TierConfig>();
  return config;
}

// The UTC instants [from, until) of the qualification window ending on `day`.
struct WindowBounds {
  int64_t from_ms = 0;
  int64_t until_ms = 0;
};
WindowBounds window_bounds(const TierConfig& config, const ShopZone& zone, LocalDays day) {
  using std::chrono::days;
  using std::chrono::minutes;
  WindowBounds b;
  b.until_ms = to_millis(zone.at_local(day + days(1), minutes(0)));
  b.from_ms = config.window_days
                  ? to_millis(zone.at_local(day - days(*config.window_days - 1), minutes(0)))
                  : std::numeric_limits<int64_t>::min();
  return b;
}

// "" for rank -1 (a literal, never a null view: SQLite binds those as NULL).
std::string_view level_name(const TierConfig& config, int rank) {
  return rank < 0 ? std::string_view("") : config.levels[static_cast<size_t>(rank)].name;
}

// Logs a change already applied to customers.tier: a tier_history row and a
// tier_changed change.
Status log_tier_change(WriteContext& ctx, CustomerId customer, std::string_view from,
                       std::string_view to, std::string_view reason, std::optional<OrderId> order,
                       const store::PurchaseTotals& totals) {
  store::TierHistoryRecord h;
  h.shop_id = ctx.shop.id;
  h.customer_id = customer;
  h.from_tier = std::string(from);
  h.to_tier = std::string(to);
  h.reason = std::string(reason);
  h.order_id = order;
  h.revenue = totals.revenue;
  h.purchases = totals.purchases;
  h.actor = ctx.actor;
  h.created_at = internal::now_ms(ctx);
  GX_ASSIGN_OR_RETURN(int64_t history_id, store::insert_tier_history(ctx.db, h));
  const Json payload = {{"from", from},
                        {"to", to},
                        {"reason", reason},
                        {"order_id", order ? Json(*order) : Json(nullptr)}};
  return internal::record_change(ctx, "tier_changed", customer, history_id, payload.dump());
}

Status change_tier(WriteContext& ctx, CustomerId customer, std::string_view from,
                   std::string_view to, std::string_view reason, std::optional<OrderId> order,
                   const store::PurchaseTotals& totals) {
  GX_RETURN_IF_ERROR(store::set_customer_tier(ctx.db, ctx.shop.id, customer, to));
  return log_tier_change(ctx, customer, from, to, reason, order, totals);
}

TierChange to_change(const store::TierHistoryRecord& r) {
  return TierChange{r.id,       r.customer_id, r.from_tier, r.to_tier, r.reason,
                    r.order_id, r.revenue,     r.purchases, r.actor,   from_millis(r.created_at)};
}

}  // namespace

namespace internal {

Status upgrade_tier_after_purchase(WriteContext& ctx, CustomerId customer, OrderId order,
                                   Timestamp purchase_date) {
  GX_ASSIGN_OR_RETURN(auto config, enabled_config(ctx.db, ctx.shop.id));
  if (!config) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto current, store::find_customer_tier(ctx.db, ctx.shop.id, customer));
  if (!current)
    return Status::not_found("customer " + std::to_string(customer) + " does not exist");
  const int current_rank = tier_rank(*config, *current);
  if (current_rank + 1 == static_cast<int>(config->levels.size())) return Status::ok();  // the top
  const WindowBounds window = window_bounds(*config, ctx.zone, ctx.zone.local_day(purchase_date));
  GX_ASSIGN_OR_RETURN(auto totals,
                      store::purchase_totals(ctx.db, customer, window.from_ms, window.until_ms));
  const int rank = qualifying_rank(*config, totals.revenue, totals.purchases);
  if (rank <= current_rank) return Status::ok();
  return change_tier(ctx, customer, *current, level_name(*config, rank), "upgrade", order, totals);
}

Status keep_higher_tier(WriteContext& ctx, Customer& survivor, const Customer& merged) {
  if (merged.tier.empty() || merged.tier == survivor.tier) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto config, enabled_config(ctx.db, ctx.shop.id));
  if (!config) return Status::ok();
  // A tier no longer on the ladder (rank -1) never wins.
  if (tier_rank(*config, merged.tier) <= tier_rank(*config, survivor.tier)) return Status::ok();
  GX_RETURN_IF_ERROR(
      change_tier(ctx, survivor.id, survivor.tier, merged.tier, "merge", std::nullopt, {}));
  survivor.tier = merged.tier;
  return Status::ok();
}

}  // namespace internal

Result<TierConfig> load_tier_config(store::Connection& db, ShopId shop) {
  GX_ASSIGN_OR_RETURN(auto setting, store::find_shop_setting(db, shop, kTiersSettingKey));
  if (!setting) {
    TierConfig off = default_tier_config();
    off.enabled = false;
    return off;
  }
  GX_ASSIGN_OR_RETURN(auto config, config_cache().get(shop, setting->value));
  return *config;
}

Status save_tier_config(WriteContext& ctx, const TierConfig& config) {
  GX_RETURN_IF_ERROR(validate_tier_config(config));
  GX_RETURN_IF_ERROR(store::put_shop_setting(ctx.db, ctx.shop.id, kTiersSettingKey,
                                             tier_config_to_json(config).dump(),
                                             internal::now_ms(ctx)));
  return internal::record_change(ctx, "settings_updated", std::nullopt, std::nullopt,
                                 Json{{"key", kTiersSettingKey}}.dump());
}

Result<TierReviewSummary> review_tiers(WriteContext& ctx, LocalDays review_day,
                                       std::string_view reason) {
  if (reason.empty()) return Status::invalid("a tier review needs a reason");
  GX_ASSIGN_OR_RETURN(auto config, enabled_config(ctx.db, ctx.shop.id));
  TierReviewSummary summary;
  if (!config) return summary;
  const WindowBounds window = window_bounds(*config, ctx.zone, review_day);

  // Pass 1 (read): who moves where. Only movers are kept in memory.
  struct Move {
    CustomerId customer = 0;
    std::string from;
    int to = -1;
    store::PurchaseTotals totals;
  };
  std::vector<Move> moves;
  GX_RETURN_IF_ERROR(store::scan_tier_standings(
      ctx.db, ctx.shop.id, window.from_ms, window.until_ms,
      [&](const store::TierStanding& s) -> Status {
        const int rank = qualifying_rank(*config, s.totals.revenue, s.totals.purchases);
        if (s.tier == level_name(*config, rank)) {
          ++summary.unchanged;
          return Status::ok();
        }
        if (rank > tier_rank(*config, s.tier))
          ++summary.upgraded;
        else
          ++summary.downgraded;
        moves.push_back(Move{s.customer_id, std::string(s.tier), rank, s.totals});
        return Status::ok();
      }));

  // Pass 2 (write): one batched UPDATE per target level, then the log.
  std::vector<std::vector<int64_t>> by_level(config->levels.size() + 1);
  for (const Move& m : moves) by_level[static_cast<size_t>(m.to + 1)].push_back(m.customer);
  for (size_t i = 0; i < by_level.size(); ++i) {
    if (by_level[i].empty()) continue;
    GX_RETURN_IF_ERROR(store::set_customers_tier(ctx.db, ctx.shop.id, by_level[i],
                                                 level_name(*config, static_cast<int>(i) - 1)));
  }
  for (const Move& m : moves) {
    GX_RETURN_IF_ERROR(log_tier_change(ctx, m.customer, m.from, level_name(*config, m.to), reason,
                                       std::nullopt, m.totals));
  }
  return summary;
}

Result<std::vector<TierChange>> tier_history(ReadContext& ctx, CustomerId customer, int limit) {
  GX_RETURN_IF_ERROR(check_limit(limit));
  GX_ASSIGN_OR_RETURN(CustomerId live, resolve_customer_id(ctx.db, ctx.shop.id, customer));
  GX_ASSIGN_OR_RETURN(auto records,
                      store::list_customer_tier_history(ctx.db, ctx.shop.id, live, limit));
  std::vector<TierChange> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(to_change(r));
  return out;
}

Result<TierHistoryPage> list_tier_history(ReadContext& ctx, int limit,
                                          std::optional<int64_t> before) {
  GX_RETURN_IF_ERROR(check_limit(limit));
  GX_ASSIGN_OR_RETURN(auto records,
                      store::list_tier_history(ctx.db, ctx.shop.id, before, limit + 1));
  TierHistoryPage page;
  const bool more = records.size() > static_cast<size_t>(limit);
  if (more) records.pop_back();
  for (const auto& r : records) page.changes.push_back(to_change(r));
  if (more) page.next_before = page.changes.back().id;
  return page;
}

Result<std::vector<TierCount>> tier_distribution(ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(TierConfig config, load_tier_config(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto counts, store::count_customers_by_tier(ctx.db, ctx.shop.id));
  std::vector<TierCount> out;
  for (const auto& level : config.levels) out.push_back({level.name, 0});
  out.push_back({"", 0});
  for (const auto& [tier, n] : counts) {
    const int rank = tier_rank(config, tier);
    if (rank >= 0)
      out[static_cast<size_t>(rank)].customers = n;
    else if (tier.empty())
      out[config.levels.size()].customers = n;
    else
      out.push_back({tier, n});
  }
  return out;
}

}  // namespace guanxi::domain
