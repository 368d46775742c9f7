// UTF-8 decoding for this module: code points with their byte offsets.
// Internal to src/channel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace guanxi::channel {

// One decoded character. An invalid or truncated sequence decodes as one
// U+FFFD per offending byte, with valid = false.
struct Utf8Char {
  char32_t code_point = 0;
  size_t begin = 0;   // byte offset in the text
  size_t length = 0;  // bytes
  bool valid = true;
};

// Decodes the character starting at byte `pos` (pos < text.size()). Rejects
// overlong forms, surrogates and code points above U+10FFFF.
Utf8Char decode_utf8(std::string_view text, size_t pos);

// True when text is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Number of code points (each invalid byte counts as one).
size_t utf8_length(std::string_view text);

}  // namespace guanxi::channel
