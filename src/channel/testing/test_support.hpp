// Helpers shared by the provider tests. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "channel/provider.hpp"
#include "channel/testing/fake_provider_server.hpp"

namespace guanxi::channel::testing {

// 2025-01-01T00:00:00Z.
inline Timestamp test_epoch() {
  return from_millis(1735689600000);
}

// Builds a provider or fails the test with the configuration error.
inline std::unique_ptr<Provider> must_make(const Json& config, const Clock* clock = nullptr) {
  ProviderEnv env;
  env.clock = clock;
  auto p = make_provider(config, env);
  EXPECT_TRUE(p.ok()) << config.dump() << ": " << p.status().to_string();
  return p.ok() ? std::move(p).value() : nullptr;
}

// A loopback port nothing listens on (connections are refused).
inline uint16_t closed_port() {
  FakeProviderServer probe;
  EXPECT_TRUE(probe.start().is_ok());
  return probe.port();  // the server and its listener die here
}

inline std::string describe(const SendResult& r) {
  return std::string(outcome_name(r.outcome)) + " id=" + r.provider_message_id +
         " error=" + r.error;
}

}  // namespace guanxi::channel::testing
