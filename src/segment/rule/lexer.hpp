// Splits rule text into tokens for the parser. Positions are 1-based lines and
// columns counted in Unicode code points ("黑名单" is 3 columns), plus the
// 0-based byte offset and byte length of the token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "segment/rule/ast.hpp"

namespace guanxi::segment {

enum class TokenKind : uint8_t {
  kEnd,     // end of the text
  kIdent,   // orders, and, IN, 城市 (letters, digits, _ and any non-ASCII character)
  kString,  // "..." with \" and \\ escapes
  kNumber,  // 3, -2, 99.90
  kWindow,  // 365d (also 365D)
  kLParen,
  kRParen,
  kComma,
  kCompare,  // = == != <> < <= > >=
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view source;  // as written; empty for kEnd
  // kIdent: ASCII-lowercased; kString: the decoded content; kNumber: as written;
  // kWindow: the number before the 'd'.
  std::string value;
  CompareOp op = CompareOp::kEq;  // kCompare only
  Span span;
};

// An invalid_argument Status positioned at `at`: message "line L, col C: <message>",
// Location{line, column}.
Status rule_error(const Span& at, std::string_view message);

// A token as named in messages: "'xyz'" or "the end of the rule".
std::string describe(const Token& token);

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token; kEnd (repeatedly) at the end. Errors (positioned): an
  // unterminated string, an unknown escape, a malformed number ("12abc"),
  // invalid UTF-8, and characters that are not part of the language (with a
  // hint for && || and !).
  Result<Token> next();

 private:
  Span here() const;
  // Advances over one code point (or byte, at invalid UTF-8) keeping line and column.
  void advance();
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool at_ident_char() const;
  Result<Token> lex_string(Token token);
  Result<Token> lex_number(Token token);
  Token finish(Token token, TokenKind kind) const;

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace guanxi::segment
