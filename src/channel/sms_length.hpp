// How long an SMS is and how it splits into parts.
//
// Characters are Unicode code points of the whole text including the 【签名】
// signature, which Chinese carriers count as part of the message. The
// encoding is GSM-7 when every character is in the GSM 03.38 default alphabet
// or its extension table (^ { } \ [ ~ ] | € and form feed, 2 septets each),
// else UCS-2 (UTF-16 code units: characters outside the BMP, e.g. most emoji,
// take 2). A message fits one SMS up to 160 septets (GSM-7) or 70 units
// (UCS-2); longer ones are concatenated in parts of 153 or 67, and a part never
// splits an escape pair or a surrogate pair.
//
// Note: Chinese SMS platforms (Tencent, Aliyun) bill every message by
// characters, 70 for one and 67 per part, whatever the encoding.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace guanxi::channel {

enum class SmsEncoding { kGsm7, kUcs2 };

struct SmsPart {
  size_t begin = 0;  // byte offset in the UTF-8 text
  size_t end = 0;    // one past the last byte
  size_t units = 0;  // septets (GSM-7) or UTF-16 code units (UCS-2) used
};

struct SmsLength {
  size_t characters = 0;  // Unicode code points
  SmsEncoding encoding = SmsEncoding::kGsm7;
  size_t units = 0;              // septets or UTF-16 code units for the whole text
  size_t segments = 0;           // 0 for an empty text
  size_t units_per_segment = 0;  // 160/153 (GSM-7) or 70/67 (UCS-2) as applies
  std::vector<SmsPart> parts;
};

// Invalid UTF-8 bytes count as one U+FFFD each (UCS-2).
SmsLength sms_length(std::string_view utf8_text_with_signature);

}  // namespace guanxi::channel
