// The hashing and encodings providers need, over libsodium: SHA-256,
// HMAC-SHA256 (any key length), lowercase hex and standard base64.
#pragma once

#include <string>
#include <string_view>

namespace guanxi::channel {

// The 32-byte SHA-256 digest of data.
std::string sha256(std::string_view data);

// The 32-byte HMAC-SHA256 of message under key (RFC 2104; any key length).
std::string hmac_sha256(std::string_view key, std::string_view message);

// Lowercase hexadecimal.
std::string hex_encode(std::string_view bytes);

// Standard base64 (RFC 4648, with padding, no line breaks).
std::string base64_encode(std::string_view bytes);

// Equality in time independent of where the inputs differ (for signatures).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace guanxi::channel
