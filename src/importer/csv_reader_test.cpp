#include "importer/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace guanxi::importer {
namespace {

struct Row {
  int64_t line = 0;
  std::vector<std::string> fields;  // for malformed rows: {"!", reason}
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  os << r.line << ":";
  for (const auto& f : r.fields) os << "[" << f << "]";
  return os;
}

std::vector<Row> read_all(std::string_view text, size_t chunk = SIZE_MAX, CsvOptions options = {}) {
  MemorySource source(text, chunk);
  CsvReader reader(source, options);
  std::vector<Row> rows;
  for (;;) {
    auto step = reader.next();
    EXPECT_TRUE(step.ok()) << step.status().to_string();
    if (!step.ok() || *step == CsvReader::Step::kEnd) break;
    if (*step == CsvReader::Step::kMalformed) {
      rows.push_back({reader.error().line, {"!", reader.error().reason}});
      continue;
    }
    Row r{reader.record().line(), {}};
    for (auto f : reader.record().fields()) r.fields.emplace_back(f);
    rows.push_back(std::move(r));
  }
  return rows;
}

using Rows = std::vector<Row>;

TEST(CsvReaderTest, PlainRecordsWithLfAndCrlf) {
  EXPECT_EQ(read_all("a,b,c\n1,2,3\r\n4,5,6"),
            (Rows{{1, {"a", "b", "c"}}, {2, {"1", "2", "3"}}, {3, {"4", "5", "6"}}}));
}

TEST(CsvReaderTest, EmptyFieldsAndTrailingDelimiter) {
  EXPECT_EQ(read_all(",a,,\n,\n"), (Rows{{1, {"", "a", "", ""}}, {2, {"", ""}}}));
}

TEST(CsvReaderTest, QuotedDelimiterDoubledQuoteAndNewlines) {
  const Rows rows =
      read_all("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"line1\nline2\r\nline3\"\n4,x\n");
  EXPECT_EQ(rows, (Rows{{1, {"id", "note"}},
                        {2, {"1", "a, b"}},
                        {3, {"2", "say \"hi\""}},
                        {4, {"3", "line1\nline2\nline3"}},
                        {7, {"4", "x"}}}));
}

TEST(CsvReaderTest, BomIsStrippedAndBlankLinesSkipped) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF订单编号,金额\n\n\r\n1,2\n\n"),
            (Rows{{1, {"订单编号", "金额"}}, {4, {"1", "2"}}}));
}

TEST(CsvReaderTest, ExcelProtectedValuesAreUnwrapped) {
  EXPECT_EQ(read_all("=\"12345\",\"=\"\"0571\"\"\",=\"1,2\",=SUM(A1),\"=x\"\n"),
            (Rows{{1, {"12345", "0571", "1,2", "=SUM(A1)", "=x"}}}));
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldIsLiteral) {
  EXPECT_EQ(read_all("ab\"c,d\n"), (Rows{{1, {"ab\"c", "d"}}}));
}

TEST(CsvReaderTest, LoneCarriageReturnIsData) {
  EXPECT_EQ(read_all("a\rb,c\n"), (Rows{{1, {"a\rb", "c"}}}));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsMalformedAndReaderRecovers) {
  const Rows rows = read_all("h1,h2\n\"ab\"c,d\n1,2\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[1].fields[0], "!");
  EXPECT_EQ(rows[2], (Row{3, {"1", "2"}}));
}

TEST(CsvReaderTest, UnterminatedQuoteAtEndIsMalformedAndLaterLinesAreRead) {
  const Rows rows = read_all("h1,h2\n1,\"open\n2,b\n3,c\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[1].fields[0], "!");
  EXPECT_NE(rows[1].fields[1].find("not closed"), std::string::npos);
  EXPECT_EQ(rows[2], (Row{3, {"2", "b"}}));
  EXPECT_EQ(rows[3], (Row{4, {"3", "c"}}));
}

TEST(CsvReaderTest, RecordLongerThanTheLimitIsMalformed) {
  std::string text = "h\n\"";
  text += std::string(5000, 'x');
  text += "\n1\n";
  for (int i = 0; i < 300; ++i) text += "row,row,row\n";
  CsvOptions options;
  options.buffer_bytes = 256;
  options.max_record_bytes = 1024;
  const Rows rows = read_all(text, SIZE_MAX, options);
  ASSERT_GE(rows.size(), 3u);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[1].fields[0], "!");
  EXPECT_NE(rows[1].fields[1].find("longer than 1024"), std::string::npos);
  EXPECT_EQ(rows[2], (Row{3, {"1"}}));
  EXPECT_EQ(rows.size(), 303u);
}

TEST(CsvReaderTest, EveryChunkingGivesTheSameRecords) {
  const std::string text =
      "\xEF\xBB\xBF"
      "id,name,note\r\n"
      "1,张三,\"多行\r\n留言, 含逗号\"\r\n"
      "=\"0012\",\"李\"\"四\"\"\",\r\n"
      "\r\n"
      "3,王五,\"x\"\r\n";
  const Rows expected = read_all(text);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected[3].line, 6);
  for (size_t chunk = 1; chunk <= 8; ++chunk) {
    EXPECT_EQ(read_all(text, chunk), expected) << "chunk " << chunk;
  }
  CsvOptions tiny;
  tiny.buffer_bytes = 64;  // records cross buffer boundaries and the buffer grows
  EXPECT_EQ(read_all(text, 3, tiny), expected);
}

TEST(CsvReaderTest, RecordsSpanningManyBuffersKeepLineNumbers) {
  std::string text;
  for (int i = 1; i <= 2000; ++i) {
    text += std::to_string(i) + ",\"a\nb\"," + std::string(static_cast<size_t>(i % 37), 'z') + "\n";
  }
  CsvOptions options;
  options.buffer_bytes = 100;
  const Rows rows = read_all(text, 77, options);
  ASSERT_EQ(rows.size(), 2000u);
  for (int i = 1; i <= 2000; ++i) {
    const Row& r = rows[static_cast<size_t>(i - 1)];
    EXPECT_EQ(r.line, 2 * i - 1);
    EXPECT_EQ(r.fields[0], std::to_string(i));
    EXPECT_EQ(r.fields[1], "a\nb");
  }
}

TEST(CsvReaderTest, EmptyInput) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(read_all("\n\n").empty());
}

TEST(CsvReaderTest, OtherDelimiter) {
  CsvOptions options;
  options.delimiter = '\t';
  EXPECT_EQ(read_all("a\tb,c\n", SIZE_MAX, options), (Rows{{1, {"a", "b,c"}}}));
}

}  // namespace
}  // namespace guanxi::importer
