// X-Forwarded-For behind trusted proxies: address parsing, ranges, and the
// right-most-untrusted rule.
#include "api/client_address.hpp"

#include <gtest/gtest.h>

namespace guanxi::api {
namespace {

TrustedProxies trust(const std::vector<std::string>& entries) {
  auto t = TrustedProxies::parse(entries);
  EXPECT_TRUE(t.ok()) << t.status().to_string();
  return t.ok() ? *t : TrustedProxies();
}

TEST(IpAddressTest, ParsesAddressesWithOrWithoutPortsAndBrackets) {
  EXPECT_EQ(IpAddress::parse("10.0.0.1")->to_string(), "10.0.0.1");
  EXPECT_EQ(IpAddress::parse(" 10.0.0.1 ")->to_string(), "10.0.0.1");
  EXPECT_EQ(IpAddress::parse("10.0.0.1:5678")->to_string(), "10.0.0.1");
  EXPECT_EQ(IpAddress::parse("::1")->to_string(), "::1");
  EXPECT_EQ(IpAddress::parse("[2001:db8::1]:443")->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddress::parse("[2001:DB8:0::1]")->to_string(), "2001:db8::1");
  // An IPv4-mapped IPv6 address is the IPv4 address.
  EXPECT_EQ(IpAddress::parse("::ffff:192.0.2.7"), IpAddress::parse("192.0.2.7"));
  EXPECT_EQ(IpAddress::parse("::ffff:192.0.2.7")->to_string(), "192.0.2.7");
  for (const char* bad : {"", "unknown", "_hidden", "example.com", "10.0.0", "10.0.0.256",
                          "10.0.0.1:http", "[::1", "[::1]x", "1.2.3.4:5:6"}) {
    EXPECT_FALSE(IpAddress::parse(bad).has_value()) << bad;
  }
}

TEST(TrustedProxiesTest, AcceptsAddressesAndCidrRangesAndNamesTheBadEntry) {
  const TrustedProxies t = trust({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"});
  EXPECT_TRUE(t.contains(*IpAddress::parse("127.0.0.1")));
  EXPECT_FALSE(t.contains(*IpAddress::parse("127.0.0.2")));
  EXPECT_TRUE(t.contains(*IpAddress::parse("10.200.3.4")));
  EXPECT_FALSE(t.contains(*IpAddress::parse("11.0.0.1")));
  EXPECT_TRUE(t.contains(*IpAddress::parse("fd12::5")));
  EXPECT_FALSE(t.contains(*IpAddress::parse("fe80::1")));
  EXPECT_TRUE(t.contains(*IpAddress::parse("::1")));
  EXPECT_TRUE(t.contains(*IpAddress::parse("::ffff:10.1.1.1")));
  EXPECT_TRUE(trust({"0.0.0.0/0"}).contains(*IpAddress::parse("203.0.113.9")));
  EXPECT_TRUE(TrustedProxies::parse({}).value().empty());
  for (const char* bad : {"proxy.local", "10.0.0.0/33", "10.0.0.0/", "10.0.0.1:80", "[::1]",
                          "::1/129", "10.0.0.0/8x", " 10.0.0.1"}) {
    auto r = TrustedProxies::parse({"127.0.0.1", bad});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find(bad), std::string::npos) << r.status().message();
  }
}

TEST(ClientAddressTest, IgnoresTheHeaderUnlessThePeerIsTrusted) {
  // No trusted proxies (the default): the header is anyone's to forge.
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9", TrustedProxies()), "127.0.0.1");
  const TrustedProxies t = trust({"10.0.0.1"});
  EXPECT_EQ(client_address("198.51.100.4", "203.0.113.9", t), "198.51.100.4");
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.9", t), "203.0.113.9");
  // A trusted peer without the header is itself the client.
  EXPECT_EQ(client_address("10.0.0.1", "", t), "10.0.0.1");
}

TEST(ClientAddressTest, TakesTheRightMostAddressThatIsNotATrustedProxy) {
  const TrustedProxies t = trust({"10.0.0.0/8", "127.0.0.1"});
  // The client may prepend anything; the proxies append what they saw.
  EXPECT_EQ(client_address("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.7", t), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "forged,203.0.113.9", t), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9:4711", t), "203.0.113.9");
  EXPECT_EQ(client_address("127.0.0.1", "[2001:db8::5]:4711 , ", t), "2001:db8::5");
  // Every hop trusted: the left-most is the client (a request from inside).
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.3, 10.0.0.7", t), "10.0.0.3");
  // A malformed entry stops the walk at the nearest real hop.
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9, unknown", t), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.9, unknown, 10.0.0.7", t), "10.0.0.7");
  // Several header fields are joined in order by the transport.
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "198.51.100.1,203.0.113.9", t), "203.0.113.9");
}

}  // namespace
}  // namespace guanxi::api
