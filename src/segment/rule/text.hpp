// Text helpers of the rule language: UTF-8 decoding (columns in error
// messages count code points, not bytes) and the "did you mean" suggestion.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace guanxi::segment {

// Bytes in the well-formed UTF-8 sequence starting at text[pos], or 0 when the
// bytes there are not one (truncated, overlong, surrogate, above U+10FFFF).
// Precondition: pos < text.size().
size_t utf8_sequence_length(std::string_view text, size_t pos);

bool is_valid_utf8(std::string_view text);

// The candidate closest to `word` by edit distance (insert, delete, replace,
// swap adjacent), compared ASCII-case-insensitively, when it is close enough
// to be a plausible typo: at most 2 edits and fewer edits than half of
// `word`'s length (rounded up). Ties go to the earlier candidate.
std::optional<std::string_view> closest_name(std::string_view word,
                                             std::span<const std::string_view> candidates);

// ASCII letters lowered; other bytes unchanged.
std::string ascii_lower(std::string_view text);

}  // namespace guanxi::segment
