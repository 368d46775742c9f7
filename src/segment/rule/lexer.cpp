#include "segment/rule/lexer.hpp"

#include "segment/rule/text.hpp"

namespace guanxi::segment {

Status rule_error(const Span& at, std::string_view message) {
  Location loc;
  loc.line = at.line;
  loc.column = at.column;
  return Status::invalid("line " + std::to_string(at.line) + ", col " + std::to_string(at.column) +
                             ": " + std::string(message),
                         std::move(loc));
}

std::string describe(const Token& token) {
  if (token.kind == TokenKind::kEnd) return "the end of the rule";
  return "'" + std::string(token.source) + "'";
}

Span Lexer::here() const {
  Span s;
  s.line = line_;
  s.column = column_;
  s.offset = static_cast<int>(pos_);
  return s;
}

void Lexer::advance() {
  if (text_[pos_] == '\n') {
    ++line_;
    column_ = 1;
    ++pos_;
    return;
  }
  const size_t len = utf8_sequence_length(text_, pos_);
  pos_ += len == 0 ? 1 : len;
  ++column_;
}

bool Lexer::at_ident_char() const {
  if (pos_ >= text_.size()) return false;
  const char c = text_[pos_];
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

Token Lexer::finish(Token token, TokenKind kind) const {
  token.kind = kind;
  const auto start = static_cast<size_t>(token.span.offset);
  token.source = text_.substr(start, pos_ - start);
  token.span.length = static_cast<int>(pos_ - start);
  return token;
}

Result<Token> Lexer::next() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' ||
                                 text_[pos_] == '\n')) {
    advance();
  }
  Token token;
  token.span = here();
  if (pos_ >= text_.size()) return token;

  const char c = text_[pos_];
  if (static_cast<unsigned char>(c) >= 0x80 && utf8_sequence_length(text_, pos_) == 0) {
    return rule_error(token.span, "invalid UTF-8");
  }
  if (c == '"') return lex_string(std::move(token));
  if ((c >= '0' && c <= '9') ||
      (c == '-' && pos_ + 1 < text_.size() && text_[pos_ + 1] >= '0' && text_[pos_ + 1] <= '9')) {
    return lex_number(std::move(token));
  }
  if (at_ident_char()) {
    while (at_ident_char()) {
      if (static_cast<unsigned char>(text_[pos_]) >= 0x80 &&
          utf8_sequence_length(text_, pos_) == 0) {
        return rule_error(here(), "invalid UTF-8");
      }
      advance();
    }
    token = finish(std::move(token), TokenKind::kIdent);
    token.value = ascii_lower(token.source);
    return token;
  }

  advance();
  switch (c) {
    case '(':
      return finish(std::move(token), TokenKind::kLParen);
    case ')':
      return finish(std::move(token), TokenKind::kRParen);
    case ',':
      return finish(std::move(token), TokenKind::kComma);
    case '=':
      if (at('=')) advance();
      token.op = CompareOp::kEq;
      return finish(std::move(token), TokenKind::kCompare);
    case '!':
      if (!at('=')) return rule_error(token.span, "'!' is not an operator; write 'not'");
      advance();
      token.op = CompareOp::kNe;
      return finish(std::move(token), TokenKind::kCompare);
    case '<':
      token.op = CompareOp::kLt;
      if (at('=')) {
        advance();
        token.op = CompareOp::kLe;
      } else if (at('>')) {
        advance();
        token.op = CompareOp::kNe;
      }
      return finish(std::move(token), TokenKind::kCompare);
    case '>':
      token.op = CompareOp::kGt;
      if (at('=')) {
        advance();
        token.op = CompareOp::kGe;
      }
      return finish(std::move(token), TokenKind::kCompare);
    case '&':
      return rule_error(token.span, "'&' is not an operator; write 'and'");
    case '|':
      return rule_error(token.span, "'|' is not an operator; write 'or'");
    case '\'':
      return rule_error(token.span, "strings are written in double quotes (\"...\"), not '...'");
    default:
      break;
  }
  const auto start = static_cast<size_t>(token.span.offset);
  return rule_error(
      token.span, "unexpected character '" + std::string(text_.substr(start, pos_ - start)) + "'");
}

Result<Token> Lexer::lex_string(Token token) {
  advance();  // the opening quote
  std::string value;
  while (true) {
    if (pos_ >= text_.size() || text_[pos_] == '\n') {
      return rule_error(token.span, "unterminated string: missing closing '\"'");
    }
    const char c = text_[pos_];
    if (c == '"') {
      advance();
      break;
    }
    if (c == '\\') {
      const Span escape = here();
      advance();
      if (at('"') || at('\\')) {
        value += text_[pos_];
        advance();
        continue;
      }
      return rule_error(escape, "unknown escape in string; only \\\" and \\\\ are allowed");
    }
    const size_t len = utf8_sequence_length(text_, pos_);
    if (len == 0) return rule_error(here(), "invalid UTF-8 in string");
    value.append(text_.substr(pos_, len));
    advance();
  }
  token = finish(std::move(token), TokenKind::kString);
  token.value = std::move(value);
  return token;
}

Result<Token> Lexer::lex_number(Token token) {
  if (at('-')) advance();
  while (pos_ < text_.size() &&
         ((text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '.')) {
    advance();
  }
  TokenKind kind = TokenKind::kNumber;
  const auto start = static_cast<size_t>(token.span.offset);
  std::string digits(text_.substr(start, pos_ - start));
  if ((at('d') || at('D')) && digits.find('.') == std::string::npos) {
    advance();
    kind = TokenKind::kWindow;
  }
  const bool glued = at_ident_char();
  while (at_ident_char()) advance();
  const std::string_view source = text_.substr(start, pos_ - start);
  bool well_formed = !glued;
  if (kind == TokenKind::kNumber) {
    const size_t dot = digits.find('.');
    const size_t first_digit = digits[0] == '-' ? 1 : 0;
    well_formed = well_formed && dot != first_digit && dot + 1 != digits.size() &&
                  (dot == std::string::npos || digits.find('.', dot + 1) == std::string::npos);
  }
  if (!well_formed) {
    return rule_error(
        token.span,
        "malformed number '" + std::string(source) + "'" +
            (kind == TokenKind::kWindow || glued ? " (a window is written like 30d)" : ""));
  }
  token = finish(std::move(token), kind);
  token.value = std::move(digits);
  return token;
}

}  // namespace guanxi::segment
