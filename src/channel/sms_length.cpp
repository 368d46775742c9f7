#include "channel/sms_length.hpp"

#include <algorithm>

#include "channel/utf8.hpp"

namespace guanxi::channel {

namespace {

// GSM 03.38 default alphabet (1 septet), as Unicode.
constexpr std::u32string_view kGsmBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
// Extension table (escape + char: 2 septets).
constexpr std::u32string_view kGsmExtension = U"\f^{}\\[~]|€";

// Septets for one character in GSM-7, or 0 when it has no GSM-7 form.
size_t gsm7_septets(char32_t c) {
  if (kGsmBasic.find(c) != std::u32string_view::npos) return 1;
  if (kGsmExtension.find(c) != std::u32string_view::npos) return 2;
  return 0;
}

struct Unit {
  size_t begin;
  size_t end;
  char32_t code_point;
  size_t units;
};

}  // namespace

SmsLength sms_length(std::string_view text) {
  SmsLength r;
  std::vector<Unit> chars;
  bool gsm = true;
  for (size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    chars.push_back({c.begin, c.begin + c.length, c.code_point, 0});
    if (!c.valid || gsm7_septets(c.code_point) == 0) gsm = false;
    pos += c.length;
  }
  r.characters = chars.size();
  r.encoding = gsm ? SmsEncoding::kGsm7 : SmsEncoding::kUcs2;
  for (Unit& u : chars) {
    u.units = gsm ? gsm7_septets(u.code_point) : (u.code_point > 0xFFFF ? 2 : 1);
    r.units += u.units;
  }
  if (chars.empty()) return r;
  const size_t single = gsm ? 160 : 70;
  const size_t multi = gsm ? 153 : 67;
  r.units_per_segment = r.units <= single ? single : multi;
  SmsPart part{chars.front().begin, chars.front().begin, 0};
  for (const Unit& u : chars) {
    if (part.units + u.units > r.units_per_segment) {
      r.parts.push_back(part);
      part = SmsPart{u.begin, u.begin, 0};
    }
    part.end = u.end;
    part.units += u.units;
  }
  r.parts.push_back(part);
  r.segments = r.parts.size();
  return r;
}

}  // namespace guanxi::channel
