#include "channel/email_message.hpp"

#include <date/date.h>

#include <cctype>

#include "channel/crypto.hpp"
#include "channel/utf8.hpp"

namespace guanxi::channel {

namespace {

bool is_atext(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u) && u < 0x80) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

bool is_printable_ascii(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

// "\n" and lone "\r" become "\r\n".
std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

// A display name as a phrase: atoms as they are, other ASCII quoted, non-ASCII encoded.
std::string encode_display_name(std::string_view name) {
  if (!is_printable_ascii(name) || name.find("=?") != std::string_view::npos) {
    return encode_header_text(name);
  }
  bool atoms_only = true;
  for (char c : name) {
    if (!is_atext(c) && c != ' ') atoms_only = false;
  }
  if (atoms_only) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

bool is_valid_unsubscribe_url(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://") && !url.starts_with("mailto:")) {
    return false;
  }
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '<' || c == '>') return false;
  }
  return true;
}

}  // namespace

bool is_valid_email_address(std::string_view address) {
  if (address.size() > 254) return false;
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (!is_atext(c) && c != '.') return false;
  }
  if (domain.front() == '.' || domain.back() == '.' || domain.front() == '-' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : domain) {
    const auto u = static_cast<unsigned char>(c);
    if (!(u < 0x80 && std::isalnum(u)) && c != '-' && c != '.') return false;
  }
  return true;
}

std::string format_rfc5322_date(Timestamp t) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", std::chrono::floor<std::chrono::seconds>(t));
}

std::string encode_header_text(std::string_view utf8) {
  if (is_printable_ascii(utf8) && utf8.size() <= 900 && utf8.find("=?") == std::string_view::npos) {
    return std::string(utf8);
  }
  // 39 bytes of text make 52 base64 characters: a 64-character encoded-word,
  // which with "Subject: " stays under 78 characters a line.
  constexpr size_t kChunk = 39;
  std::string out;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = start;
    while (end < utf8.size()) {
      const size_t len = decode_utf8(utf8, end).length;
      if (end + len - start > kChunk) break;
      end += len;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(utf8.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string message_id_local_part(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool dot_ok = c == '.' && i > 0 && i + 1 < key.size() && key[i - 1] != '.';
    if ((is_atext(c) && c != '%') || dot_ok) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::string encode_base64_lines(std::string_view bytes) {
  const std::string b64 = base64_encode(bytes);
  std::string out;
  out.reserve(b64.size() + b64.size() / 38 + 2);
  for (size_t i = 0; i < b64.size(); i += 76) {
    out.append(b64, i, 76);
    out += "\r\n";
  }
  return out;
}

std::string encode_quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t line_len = 0;
  const auto emit = [&](std::string_view piece) {
    if (line_len + piece.size() > 75) {
      out += "=\r\n";
      line_len = 0;
    }
    out += piece;
    line_len += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += "\r\n";
      line_len = 0;
      ++i;
      continue;
    }
    const bool at_line_end =
        i + 1 == text.size() || (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
    const bool literal =
        (u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      emit(std::string_view(&text[i], 1));
    } else {
      const char enc[3] = {'=', kHex[u >> 4], kHex[u & 0xF]};
      emit(std::string_view(enc, 3));
    }
  }
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  return out;
}

Result<std::string> build_email(const EmailContent& email) {
  if (has_line_break(email.subject) || has_line_break(email.from_name) ||
      has_line_break(email.to) || has_line_break(email.from_address) ||
      has_line_break(email.message_id) || has_line_break(email.unsubscribe_url)) {
    return Status::invalid("a header value contains a line break (CR or LF)");
  }
  if (!is_valid_email_address(email.from_address)) {
    return Status::invalid("invalid sender address '" + email.from_address + "'");
  }
  if (!is_valid_email_address(email.to)) {
    return Status::invalid("invalid recipient address '" + email.to + "'");
  }
  if (!is_valid_utf8(email.subject) || !is_valid_utf8(email.from_name) ||
      !is_valid_utf8(email.body)) {
    return Status::invalid("subject, sender name and body must be UTF-8");
  }
  if (email.message_id.empty() || email.message_id.find_first_of("<> ") != std::string::npos ||
      !is_printable_ascii(email.message_id)) {
    return Status::invalid("invalid Message-ID '" + email.message_id + "'");
  }
  if (!email.unsubscribe_url.empty() && !is_valid_unsubscribe_url(email.unsubscribe_url)) {
    return Status::invalid("unsubscribe URL must be an http(s) or mailto URL without spaces: '" +
                           email.unsubscribe_url + "'");
  }

  std::string m;
  m.reserve(email.body.size() * 2 + 1024);
  m += "From: ";
  if (!email.from_name.empty()) m += encode_display_name(email.from_name) + " ";
  m += "<" + email.from_address + ">\r\n";
  m += "To: <" + email.to + ">\r\n";
  m += "Subject: " + encode_header_text(email.subject) + "\r\n";
  m += "Date: " + format_rfc5322_date(email.date) + "\r\n";
  m += "Message-ID: <" + email.message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  const std::string body = to_crlf(email.body);
  if (email.encoding == EmailContent::BodyEncoding::kBase64) {
    m += "Content-Transfer-Encoding: base64\r\n";
  } else {
    m += "Content-Transfer-Encoding: quoted-printable\r\n";
  }
  if (!email.unsubscribe_url.empty()) {
    m += "List-Unsubscribe: <" + email.unsubscribe_url + ">\r\n";
    // RFC 8058 one-click: the receiver POSTs this body to the https URL.
    if (email.unsubscribe_url.starts_with("https://")) {
      m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    }
  }
  m += "\r\n";
  m += email.encoding == EmailContent::BodyEncoding::kBase64 ? encode_base64_lines(body)
                                                             : encode_quoted_printable(body);
  return m;
}

}  // namespace guanxi::channel
