// What the API needs from the running application: the database, the single
// Writer, the clock, the segment engine, and the shops (tenants) with their
// time zones.
//
// The CLI builds one AppContext after opening the database and starting the
// Writer and the SegmentEngine, and passes it to Server::start. Everything here
// is borrowed: the database, writer, clock and engine must outlive the
// AppContext, and the AppContext must outlive every Server started with it.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::segment {
class SegmentEngine;
}
namespace guanxi::service {
class ServiceEngine;
}
namespace guanxi::cti {
class CallCenter;
}

namespace guanxi::api {

// A shop with its time zone resolved.
struct LoadedShop {
  domain::Shop shop;
  ShopZone zone;
};

class AppContext {
 public:
  // Without an engine (`segments` null) the segment, analytics and model
  // routes answer 503.
  AppContext(store::Database& db, store::Writer& writer, const Clock& clock,
             segment::SegmentEngine* segments = nullptr)
      : db_(db), writer_(writer), clock_(clock), segments_(segments) {}
  AppContext(const AppContext&) = delete;
  AppContext& operator=(const AppContext&) = delete;

  store::Database& database() const { return db_; }
  store::Writer& writer() const { return writer_; }
  const Clock& clock() const { return clock_; }
  // The running segment engine; null when the application runs without one.
  segment::SegmentEngine* segments() const { return segments_; }

  // The service desk engine (SLA timers, CSAT sending); null: its routes that
  // need it answer 503. Set before Server::start.
  service::ServiceEngine* service() const { return service_; }
  void set_service(service::ServiceEngine* engine) { service_ = engine; }

  // The running call center (routing, screen-pop); null: the CTI and agent
  // console routes answer 503. Set before Server::start.
  cti::CallCenter* callcenter() const { return callcenter_; }
  void set_callcenter(cti::CallCenter* center) { callcenter_ = center; }

  // Loads every shop of the database (Server::start calls it; calling it again
  // only adds new shops). A shop whose time zone the OS does not know is an
  // error naming the shop.
  Status load_shops();

  // The shop with this id, loading it through `reader` when it was created
  // after load_shops(). not_found when the database has no such shop.
  // Thread-safe; the pointer stays valid for the life of the AppContext.
  // Changes to an already loaded shop are seen after reload_shop().
  Result<const LoadedShop*> shop(domain::ShopId id, store::Connection& reader);

  // Reads the shop again through `reader` (after a committed change to it) and
  // serves it from now on; pointers handed out before keep the old values.
  // Reloads are serialized, so the last one installs the last committed state.
  Status reload_shop(domain::ShopId id, store::Connection& reader);

 private:
  // Adds the shop unless already loaded. Requires mu_ held exclusively.
  Status add_shop(const domain::Shop& shop);

  store::Database& db_;
  store::Writer& writer_;
  const Clock& clock_;
  segment::SegmentEngine* segments_;
  service::ServiceEngine* service_ = nullptr;
  cti::CallCenter* callcenter_ = nullptr;
  std::mutex reload_mu_;
  std::shared_mutex mu_;
  std::unordered_map<domain::ShopId, std::unique_ptr<const LoadedShop>> shops_;
  // Replaced by reload_shop(); kept so that handed-out pointers stay valid.
  std::vector<std::unique_ptr<const LoadedShop>> retired_;
};

}  // namespace guanxi::api
