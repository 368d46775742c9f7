// Fixtures for the service desk's tests: a TestShop with helpers to make
// customers and agents, save settings, and run service calls in a committed
// transaction.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "domain/customers.hpp"
#include "domain/testing/test_shop.hpp"
#include "service/settings.hpp"
#include "store/agents_table.hpp"
#include "store/query.hpp"

namespace guanxi::service::testing {

class ServiceShop : public domain::testing::TestShop {
 public:
  Timestamp at(const std::string& local) { return ShopZone::shanghai().parse_local(local).value(); }
  void set_now(const std::string& local) { clock().set(at(local)); }

  int64_t customer(const std::string& name, std::optional<int64_t> csr_user = std::nullopt,
                   const std::string& phone = "") {
    domain::CustomerInput in;
    in.name = name;
    in.csr_user_id = csr_user;
    if (!phone.empty()) in.identities.push_back({domain::IdentityType::kPhone, phone});
    return write([&](domain::WriteContext& w) { return domain::create_customer(w, in); }).value();
  }

  int64_t agent(const std::string& name, const std::string& skills,
                const std::string& state = "available", std::optional<int64_t> user = std::nullopt,
                int64_t capacity = 20) {
    store::AgentRecord a;
    a.shop_id = shop().id;
    a.user_id = user;
    a.name = name;
    a.skills = skills;
    a.state = state;
    a.state_since = to_millis(clock().now());
    a.ticket_capacity = capacity;
    a.created_at = a.state_since;
    a.updated_at = a.state_since;
    return store::insert_agent(conn(), a).value();
  }

  void settings(const std::string& json) {
    auto s = service_settings_from_json(Json::parse(json));
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    ASSERT_TRUE(
        write([&](domain::WriteContext& w) { return save_service_settings(w, *s); }).is_ok());
  }

  // Changes of a kind in the feed.
  int64_t changes(const std::string& kind) {
    store::Query q(conn(), "SELECT COUNT(*) FROM changes WHERE kind = ?");
    q.bind(kind);
    return q.single_int64().value().value_or(0);
  }
  int64_t tracked(const std::string& name) {
    store::Query q(conn(), "SELECT COUNT(*) FROM events WHERE kind = 'track' AND name = ?");
    q.bind(name);
    return q.single_int64().value().value_or(0);
  }
};

// Mon-Fri 09:00-18:00, 2024-06-10 (端午) closed; normal: 4 h / 16 h.
inline constexpr const char* kWeekdaySettings = R"J({
  "business_hours": {"schedule": {
      "mon": [{"open": "09:00", "close": "18:00"}], "tue": [{"open": "09:00", "close": "18:00"}],
      "wed": [{"open": "09:00", "close": "18:00"}], "thu": [{"open": "09:00", "close": "18:00"}],
      "fri": [{"open": "09:00", "close": "18:00"}]},
    "closed_dates": ["2024-06-10"]},
  "sla": {"normal": {"first_response_minutes": 240, "resolution_minutes": 960},
          "high": {"first_response_minutes": 60, "resolution_minutes": 480}},
  "sla_warning": {"percent": 20, "minutes": 30}
})J";

}  // namespace guanxi::service::testing
