#include "segment/rule/lexer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace guanxi::segment {
namespace {

std::vector<Token> lex_all(std::string_view text) {
  Lexer lexer(text);
  std::vector<Token> out;
  while (true) {
    auto t = lexer.next();
    EXPECT_TRUE(t.ok()) << t.status().to_string();
    if (!t.ok() || t->kind == TokenKind::kEnd) break;
    out.push_back(*t);
  }
  return out;
}

std::string lex_error(std::string_view text) {
  Lexer lexer(text);
  while (true) {
    auto t = lexer.next();
    if (!t.ok()) return t.status().message();
    if (t->kind == TokenKind::kEnd) return "";
  }
}

TEST(LexerTest, TokenKindsAndValues) {
  const auto tokens = lex_all(R"(Orders(365d) >= -2.50 "a\"b\\" , <> == ))");
  ASSERT_EQ(tokens.size(), 11u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdent);
  EXPECT_EQ(tokens[0].value, "orders");
  EXPECT_EQ(tokens[0].source, "Orders");
  EXPECT_EQ(tokens[1].kind, TokenKind::kLParen);
  EXPECT_EQ(tokens[2].kind, TokenKind::kWindow);
  EXPECT_EQ(tokens[2].value, "365");
  EXPECT_EQ(tokens[4].op, CompareOp::kGe);
  EXPECT_EQ(tokens[5].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[5].value, "-2.50");
  EXPECT_EQ(tokens[6].kind, TokenKind::kString);
  EXPECT_EQ(tokens[6].value, "a\"b\\");
  EXPECT_EQ(tokens[7].kind, TokenKind::kComma);
  EXPECT_EQ(tokens[8].op, CompareOp::kNe);
  EXPECT_EQ(tokens[9].op, CompareOp::kEq);
}

TEST(LexerTest, ColumnsCountCodePointsAndLinesRestart) {
  const auto tokens = lex_all("tag(\"黑名单\") and\n  city");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[2].span.column, 5);
  EXPECT_EQ(tokens[2].span.length, 11);  // bytes: 2 quotes + 3 * 3
  EXPECT_EQ(tokens[3].span.column, 10);  // ')' after 5 columns of string
  EXPECT_EQ(tokens[3].span.offset, 15);
  EXPECT_EQ(tokens[4].span.column, 12);
  EXPECT_EQ(tokens[5].span.line, 2);
  EXPECT_EQ(tokens[5].span.column, 3);
}

TEST(LexerTest, NonAsciiWordsAreIdentifiers) {
  const auto tokens = lex_all("城市 = 1");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdent);
  EXPECT_EQ(tokens[1].span.column, 4);
}

TEST(LexerTest, Errors) {
  EXPECT_EQ(lex_error("tag(\"abc"), "line 1, col 5: unterminated string: missing closing '\"'");
  EXPECT_EQ(lex_error("tag(\"a\nb\")"), "line 1, col 5: unterminated string: missing closing '\"'");
  EXPECT_EQ(lex_error(R"("a\n")"),
            R"(line 1, col 3: unknown escape in string; only \" and \\ are allowed)");
  EXPECT_EQ(lex_error("12abc"),
            "line 1, col 1: malformed number '12abc' (a window is written like 30d)");
  EXPECT_EQ(lex_error("1.2.3"), "line 1, col 1: malformed number '1.2.3'");
  EXPECT_EQ(lex_error("5."), "line 1, col 1: malformed number '5.'");
  EXPECT_EQ(lex_error("a && b"), "line 1, col 3: '&' is not an operator; write 'and'");
  EXPECT_EQ(lex_error("a || b"), "line 1, col 3: '|' is not an operator; write 'or'");
  EXPECT_EQ(lex_error("!a"), "line 1, col 1: '!' is not an operator; write 'not'");
  EXPECT_EQ(lex_error("a = 'x'"),
            "line 1, col 5: strings are written in double quotes (\"...\"), not '...'");
  EXPECT_EQ(lex_error("a ; b"), "line 1, col 3: unexpected character ';'");
  EXPECT_EQ(lex_error("a \xFF"), "line 1, col 3: invalid UTF-8");
  EXPECT_EQ(lex_error("\"\xE9\xBB\""), "line 1, col 2: invalid UTF-8 in string");
}

TEST(LexerTest, ErrorsCarryTheLocation) {
  Lexer lexer("\n  ;");
  const auto t = lexer.next();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.status().location().line, 2);
  EXPECT_EQ(t.status().location().column, 3);
}

}  // namespace
}  // namespace guanxi::segment
