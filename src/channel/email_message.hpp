// Email messages in RFC 5322 / MIME form, as the smtp provider hands them to
// the server: one text/plain UTF-8 part, non-ASCII headers as RFC 2047
// encoded-words, CRLF line ends, no line over 78 characters in what we encode.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::channel {

struct EmailContent {
  enum class BodyEncoding { kBase64, kQuotedPrintable };

  std::string from_name;        // display name, may be UTF-8; may be empty
  std::string from_address;     // "noreply@shop.example"
  std::string to;               // one address
  std::string subject;          // UTF-8
  std::string body;             // UTF-8 text; "\n" or "\r\n" line ends
  std::string message_id;       // without angle brackets: "key@guanxi"
  std::string unsubscribe_url;  // adds List-Unsubscribe (+ -Post for one-click) when set
  Timestamp date;
  BodyEncoding encoding = BodyEncoding::kBase64;
};

// The whole message (headers, blank line, encoded body). invalid_argument when
// a header value contains CR or LF (header injection), an address is not a
// plain addr-spec, the text is not UTF-8, or the unsubscribe URL is not an
// http(s) or mailto URL.
Result<std::string> build_email(const EmailContent& email);

// A plain addr-spec: dot-atom local part "@" a domain of letters, digits,
// hyphens and dots. No display name, comments, quotes, or IDN (use punycode).
bool is_valid_email_address(std::string_view address);

// "Thu, 13 Feb 2025 10:00:00 +0000".
std::string format_rfc5322_date(Timestamp t);

// Text for a header that may be non-ASCII: as is when it is short printable
// ASCII, else RFC 2047 "=?UTF-8?B?...?=" words of whole characters, folded.
std::string encode_header_text(std::string_view utf8);

// A Message-ID left part from any key: dot-atom characters pass, everything
// else (and '%') becomes %XX, so distinct keys give distinct ids.
std::string message_id_local_part(std::string_view key);

// Quoted-printable (RFC 2045 §6.7) of text with CRLF line ends: soft breaks
// keep lines at most 76 characters.
std::string encode_quoted_printable(std::string_view text);

// Base64 in lines of 76 characters, each ended by CRLF.
std::string encode_base64_lines(std::string_view bytes);

}  // namespace guanxi::channel
