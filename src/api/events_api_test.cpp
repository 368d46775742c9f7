// The Segment-compatible event API: identify, track, batch; duplicates by
// messageId; an anonymous visitor's events joining the profile once identified.
#include <gtest/gtest.h>

#include "api/testing/test_server.hpp"

namespace guanxi::api {
namespace {

using testing::TestServer;

TEST(EventsApiTest, IdentifyCreatesAProfileAndDuplicatesAreIgnored) {
  TestServer s;
  auto c = s.client();
  const Json call = {{"type", "identify"},
                     {"userId", "u-1"},
                     {"messageId", "m-1"},
                     {"timestamp", "2024-05-30T08:00:00Z"},
                     {"traits", {{"name", "Lin"}, {"email", "lin@example.com"}, {"plan", "gold"}}},
                     {"context", {{"ip", "1.2.3.4"}}},
                     {"integrations", {{"All", true}}},
                     {"sentAt", "2024-05-30T08:00:01Z"},
                     {"version", 2}};
  auto r = c.post("/api/v1/identify", call);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["duplicate"], false);
  const int64_t customer = r.json()["customer_id"].get<int64_t>();

  r = c.post("/api/v1/identify", call);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["duplicate"], true);

  const Json c360 = c.get("/api/v1/customers/" + std::to_string(customer)).json();
  EXPECT_EQ(c360["profile"]["name"], "Lin");
  EXPECT_EQ(c360["profile"]["attributes"]["plan"], "gold");
}

TEST(EventsApiTest, AnonymousTrackJoinsTheProfileOnIdentify) {
  TestServer s;
  auto c = s.client();
  auto r = c.post("/api/v1/track", {{"anonymousId", "anon-9"},
                                    {"event", "page_view"},
                                    {"messageId", "t-1"},
                                    {"properties", {{"path", "/tea"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["customer_id"].is_null());

  r = c.post("/api/v1/identify", {{"userId", "u-9"},
                                  {"anonymousId", "anon-9"},
                                  {"messageId", "i-1"},
                                  {"traits", {{"phone", "13500135000"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const int64_t customer = r.json()["customer_id"].get<int64_t>();

  r = c.post("/api/v1/track",
             {{"anonymousId", "anon-9"}, {"event", "add_to_cart"}, {"messageId", "t-2"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["customer_id"], customer);
  const auto found = c.get("/api/v1/customers/lookup?type=anonymous_id&value=anon-9");
  EXPECT_EQ(found.json()["profile"]["id"], customer);
}

TEST(EventsApiTest, BatchReportsEachCall) {
  TestServer s;
  auto c = s.client();
  const Json batch = {
      {"batch",
       {{{"type", "identify"}, {"userId", "u-5"}, {"messageId", "b-1"}},
        {{"type", "track"}, {"userId", "u-5"}, {"event", "order_viewed"}, {"messageId", "b-2"}},
        {{"type", "page"}, {"userId", "u-5"}, {"messageId", "b-3"}},
        {{"type", "track"}, {"userId", "u-5"}, {"messageId", "b-4"}},
        {{"type", "track"}, {"userId", "u-5"}, {"event", "order_viewed"}, {"messageId", "b-2"}}}},
      {"context", {{"library", {{"name", "analytics-node"}}}}}};
  const auto r = c.post("/api/v1/batch", batch);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = r.json();
  ASSERT_EQ(j["results"].size(), 5U);
  EXPECT_EQ(j["results"][0]["duplicate"], false);
  EXPECT_EQ(j["results"][1]["duplicate"], false);
  EXPECT_EQ(j["results"][2]["error"]["field"], "/batch/2/type");
  EXPECT_EQ(j["results"][3]["error"]["field"], "/batch/3/event");
  EXPECT_EQ(j["results"][4]["duplicate"], true);
  EXPECT_EQ(j["failed"], 2);
}

TEST(EventsApiTest, CallsNeedAnIdentity) {
  TestServer s;
  auto c = s.client();
  EXPECT_EQ(c.post("/api/v1/track", {{"event", "x"}}).status, 400);
  EXPECT_EQ(c.post("/api/v1/identify", {{"type", "track"}, {"userId", "u"}}).status, 400);
  EXPECT_EQ(c.post("/api/v1/identify", {{"userId", "u"}, {"timestamp", "yesterday"}}).status, 400);
  EXPECT_EQ(c.post("/api/v1/identify", {{"userId", 42}}).status, 400);
}

}  // namespace
}  // namespace guanxi::api
