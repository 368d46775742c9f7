#include "sales/normalize.hpp"

#include <array>
#include <cstdint>

namespace guanxi::sales {

namespace {

// Decodes one UTF-8 sequence at `i` (advancing it); invalid bytes decode as themselves.
uint32_t next_code_point(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t len = 1;
  uint32_t cp = b;
  if (b >= 0xF0 && b < 0xF8) {
    len = 4;
    cp = b & 0x07;
  } else if (b >= 0xE0) {
    len = 3;
    cp = b & 0x0F;
  } else if (b >= 0xC0) {
    len = 2;
    cp = b & 0x1F;
  }
  if (len == 1 || i + len > s.size()) {
    ++i;
    return b;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return b;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    --e;
  return std::string(s.substr(b, e - b));
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Legal-form suffixes: whole trailing words of Latin names, trailing text of
// Chinese ones (longest first so "股份有限公司" goes before "有限公司").
constexpr std::array<std::string_view, 14> kWordSuffixes = {
    "incorporated", "corporation", "limited", "company", "group", "gmbh", "corp",
    "inc",          "llc",         "ltd",     "plc",     "co",    "ag",   "bv"};
constexpr std::array<std::string_view, 7> kCjkSuffixes = {
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "集团", "公司", "控股"};

void trim_trailing_spaces(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

}  // namespace

std::string fold_width(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const uint32_t cp = next_code_point(text, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out += static_cast<char>(cp - 0xFF01 + 0x21);
    } else if (cp == 0x3000) {
      out += ' ';
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::string email_key(std::string_view email) {
  std::string s = trim(fold_width(email));
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (s.find('@') == std::string::npos) return "";
  return s;
}

std::string phone_key(std::string_view phone) {
  const std::string folded = fold_width(phone);
  std::string digits;
  const bool plus = trim(folded).rfind('+', 0) == 0;
  for (char c : folded) {
    if (c >= '0' && c <= '9') digits += c;
  }
  bool had_country = plus;
  if (digits.rfind("0086", 0) == 0) {
    digits = digits.substr(4);
    had_country = true;
  } else if (plus && digits.rfind("86", 0) == 0) {
    digits = digits.substr(2);
  } else if (plus) {
    return digits.size() < 5 ? "" : digits;  // another country: keep its code
  } else if (digits.size() == 13 && digits.rfind("861", 0) == 0) {
    digits = digits.substr(2);  // 86 + a mobile number without '+'
  }
  // A landline written with the country code drops the trunk 0 of its area
  // code (+86 10 …); put it back so both spellings match.
  if (had_country && !digits.empty() && digits[0] != '0' && digits[0] != '1') {
    digits = "0" + digits;
  } else if (had_country && digits.size() >= 2 && digits[0] == '1' && digits[1] == '0' &&
             digits.size() <= 10) {
    digits = "0" + digits;  // Beijing 10 + 8 digits
  }
  return digits.size() < 5 ? "" : digits;
}

std::string company_key(std::string_view name) {
  const std::string folded = fold_width(name);
  // Lower-case words separated by single spaces (punctuation is a separator).
  std::string words;
  words.reserve(folded.size());
  auto separate = [&words] {
    if (!words.empty() && words.back() != ' ') words += ' ';
  };
  size_t i = 0;
  while (i < folded.size()) {
    const size_t start = i;
    const uint32_t cp = next_code_point(folded, i);
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        words += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&') {
        words += c;
      } else {
        separate();
      }
      continue;
    }
    // CJK punctuation and brackets, general punctuation, the middle dot.
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xB7) {
      separate();
      continue;
    }
    words.append(folded.substr(start, i - start));
  }
  trim_trailing_spaces(words);
  // Strip legal suffixes repeatedly ("集团股份有限公司", "Group Co., Ltd.").
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (std::string_view w : kWordSuffixes) {
      if (words.size() > w.size() + 1 && ends_with(words, w) &&
          words[words.size() - w.size() - 1] == ' ') {
        words.resize(words.size() - w.size());
        stripped = true;
        break;
      }
    }
    if (!stripped) {
      for (std::string_view w : kCjkSuffixes) {
        if (words.size() > w.size() && ends_with(words, w)) {
          words.resize(words.size() - w.size());
          stripped = true;
          break;
        }
      }
    }
    trim_trailing_spaces(words);
  }
  std::string key;
  key.reserve(words.size());
  for (char c : words) {
    if (c != ' ') key += c;
  }
  return key;
}

}  // namespace guanxi::sales
