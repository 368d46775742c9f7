#include "api/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "api/http.hpp"

namespace guanxi::api {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (text.front() == '[') {  // "[v6]" or "[v6]:port"
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && all_digits(rest.substr(1)))) return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (const size_t colon = text.find(':');
             colon != std::string_view::npos &&
             text.find(':', colon + 1) == std::string_view::npos) {
    // Exactly one colon: "v4:port".
    if (!all_digits(text.substr(colon + 1))) return std::nullopt;
    text = text.substr(0, colon);
  }
  const std::string z(text);
  IpAddress a;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, z.c_str(), &v4) == 1) {
    a.v4 = true;
    a.bytes[10] = 0xff;
    a.bytes[11] = 0xff;
    std::memcpy(a.bytes.data() + 12, &v4, 4);
    return a;
  }
  if (inet_pton(AF_INET6, z.c_str(), &v6) != 1) return std::nullopt;
  std::memcpy(a.bytes.data(), &v6, 16);
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  a.v4 = std::memcmp(a.bytes.data(), kMapped, sizeof kMapped) == 0;
  return a;
}

std::string IpAddress::to_string() const {
  char out[INET6_ADDRSTRLEN] = {};
  if (v4) {
    in_addr v{};
    std::memcpy(&v, bytes.data() + 12, 4);
    inet_ntop(AF_INET, &v, out, sizeof out);
  } else {
    in6_addr v{};
    std::memcpy(&v, bytes.data(), 16);
    inet_ntop(AF_INET6, &v, out, sizeof out);
  }
  return out;
}

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    const auto bad = [&entry] {
      Location loc;
      loc.field = "trusted_proxies";
      return Status::invalid(
          "trusted proxy '" + entry + "' is not an IP address or a CIDR range (10.0.0.0/8)", loc);
    };
    const size_t slash = entry.find('/');
    const std::string_view addr = std::string_view(entry).substr(0, slash);
    // Only bare addresses here: no brackets, no "v4:port" (IPv6 has two colons or more).
    const auto colons = std::count(addr.begin(), addr.end(), ':');
    if (addr.find('[') != std::string_view::npos || colons == 1) return bad();
    auto base = IpAddress::parse(addr);
    if (!base || addr != trim(addr)) return bad();
    Range r{*base, 128};
    if (slash != std::string::npos) {
      const std::string_view bits = std::string_view(entry).substr(slash + 1);
      if (!all_digits(bits) || bits.size() > 3) return bad();
      const int n = std::stoi(std::string(bits));
      const int max = base->v4 ? 32 : 128;
      if (n > max) return bad();
      r.prefix_bits = base->v4 ? 96 + n : n;
    }
    out.ranges_.push_back(r);
  }
  return out;
}

bool TrustedProxies::contains(const IpAddress& a) const {
  for (const Range& r : ranges_) {
    int bits = r.prefix_bits;
    bool match = true;
    for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
      const auto mask = static_cast<uint8_t>(bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
      if ((a.bytes[i] & mask) != (r.base.bytes[i] & mask)) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted) {
  if (trusted.empty()) return std::string(peer);
  const auto peer_ip = IpAddress::parse(peer);
  if (!peer_ip || !trusted.contains(*peer_ip)) return std::string(peer);
  IpAddress last = *peer_ip;
  std::string_view rest = forwarded_for;
  while (!trim(rest).empty()) {
    const size_t comma = rest.rfind(',');
    const std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (trim(entry).empty()) continue;
    const auto ip = IpAddress::parse(entry);
    if (!ip) break;
    last = *ip;
    if (!trusted.contains(*ip)) break;
  }
  return last.to_string();
}

}  // namespace guanxi::api
