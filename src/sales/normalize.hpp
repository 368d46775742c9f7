// The keys the duplicate check compares (stored in the *_key columns of
// accounts, contacts and leads): two spellings of one email, phone or company
// give the same key.
#pragma once

#include <string>
#include <string_view>

namespace guanxi::sales {

// Trimmed, lower-case; full-width ASCII folded ("ＡＢＣ@Ｘ.com" → "abc@x.com").
// "" when the text holds no '@'.
std::string email_key(std::string_view email);

// Digits only. Mainland China numbers lose a +86 / 0086 / 86 country prefix
// ("+86 138-0013-8000" → "13800138000"); landlines keep their area code with
// its trunk 0 ("+86 10 8888 6666" and "010-88886666" → "01088886666").
// Other countries keep their country code ("+1 415 555 0100" → "14155550100").
// "" when fewer than 5 digits remain.
std::string phone_key(std::string_view phone);

// The company name without width, case, punctuation, spaces and legal
// suffixes: "ACME Co., Ltd." / "ａｃｍｅ" / "Acme Inc" → "acme";
// "阿里巴巴（中国）网络技术有限公司" → "阿里巴巴中国网络技术". Latin suffixes
// go only as whole words ("Costco" keeps its "co"); stripping never empties a name.
std::string company_key(std::string_view name);

// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space folded to ASCII.
std::string fold_width(std::string_view text);

}  // namespace guanxi::sales
