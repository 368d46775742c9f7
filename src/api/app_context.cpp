#include "api/app_context.hpp"

#include <mutex>

#include "domain/shops.hpp"

namespace guanxi::api {

Status AppContext::add_shop(const domain::Shop& shop) {
  if (shops_.contains(shop.id)) return Status::ok();  // handed-out pointers stay valid
  auto zone = ShopZone::load(shop.time_zone);
  if (!zone.ok()) {
    return Status::internal("shop " + std::to_string(shop.id) +
                            " has an unusable time zone: " + zone.status().message());
  }
  shops_[shop.id] = std::make_unique<const LoadedShop>(LoadedShop{shop, std::move(*zone)});
  return Status::ok();
}

Status AppContext::load_shops() {
  GX_ASSIGN_OR_RETURN(auto reader, db_.connect(true));
  GX_ASSIGN_OR_RETURN(auto shops, domain::list_shops(*reader));
  std::unique_lock lock(mu_);
  for (const auto& s : shops) GX_RETURN_IF_ERROR(add_shop(s));
  return Status::ok();
}

Result<const LoadedShop*> AppContext::shop(domain::ShopId id, store::Connection& reader) {
  {
    std::shared_lock lock(mu_);
    const auto it = shops_.find(id);
    if (it != shops_.end()) return it->second.get();
  }
  GX_ASSIGN_OR_RETURN(auto found, domain::find_shop(reader, id));
  if (!found) return Status::not_found("shop " + std::to_string(id) + " does not exist");
  std::unique_lock lock(mu_);
  GX_RETURN_IF_ERROR(add_shop(*found));
  return shops_.at(id).get();
}

Status AppContext::reload_shop(domain::ShopId id, store::Connection& reader) {
  std::lock_guard reloading(reload_mu_);
  GX_ASSIGN_OR_RETURN(auto found, domain::find_shop(reader, id));
  if (!found) return Status::not_found("shop " + std::to_string(id) + " does not exist");
  GX_ASSIGN_OR_RETURN(auto zone, ShopZone::load(found->time_zone));
  auto fresh = std::make_unique<const LoadedShop>(LoadedShop{*found, std::move(zone)});
  std::unique_lock lock(mu_);
  auto& slot = shops_[id];
  if (slot) retired_.push_back(std::move(slot));
  slot = std::move(fresh);
  return Status::ok();
}

}  // namespace guanxi::api
