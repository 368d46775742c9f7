// The client's address behind reverse proxies: X-Forwarded-For is honoured
// only when the connection comes from a proxy the operator declared trusted
// (`guanxi serve --trusted-proxy ADDR|CIDR`, repeatable); never by default, as
// any client can send the header.
//
//   TrustedProxies proxies = TrustedProxies::parse({"127.0.0.1", "10.0.0.0/8"}).value();
//   request.remote_ip = client_address(peer, x_forwarded_for, proxies);
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace guanxi::api {

// An IP address as 16 bytes (IPv4 as IPv4-mapped IPv6, so "::ffff:10.0.0.1"
// and "10.0.0.1" are the same address).
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4 = false;

  // "10.0.0.1", "::1", "[::1]", "10.0.0.1:5678", "[2001:db8::1]:443"; nullopt
  // for anything else (names, "unknown", obfuscated identifiers).
  static std::optional<IpAddress> parse(std::string_view text);
  // The canonical text: dotted quad for IPv4 (also for mapped addresses),
  // RFC 5952 form for IPv6.
  std::string to_string() const;
  bool operator==(const IpAddress&) const = default;
};

class TrustedProxies {
 public:
  // Addresses ("127.0.0.1", "::1") or CIDR ranges ("10.0.0.0/8", "fd00::/8");
  // invalid_argument naming the first bad entry.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  bool empty() const { return ranges_.empty(); }
  bool contains(const IpAddress& a) const;

 private:
  struct Range {
    IpAddress base;
    int prefix_bits = 128;  // of the 16-byte form
  };
  std::vector<Range> ranges_;
};

// The address to attribute a request to. `peer` is the TCP peer's address,
// `forwarded_for` the X-Forwarded-For header values joined with commas, in
// order ("" when absent). When the peer is a trusted proxy, the header is read
// from the right, skipping trusted proxies; the first other address is the
// client. When every listed address is trusted, the left-most is. A malformed
// entry stops the walk: the answer is then the last address read before it
// (the nearest hop known to be real). An untrusted peer gets its own address.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted);

}  // namespace guanxi::api
