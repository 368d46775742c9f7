#include "importer/header.hpp"

#include <gtest/gtest.h>

#include "importer/row_reader.hpp"

namespace guanxi::importer {
namespace {

TEST(HeaderTest, NormalizesSpacesFullWidthAndCase) {
  EXPECT_EQ(normalize_header_name(" 买家会员名 "), "买家会员名");
  EXPECT_EQ(normalize_header_name("\xE3\x80\x80订单 编号\t"), "订单编号");
  EXPECT_EQ(normalize_header_name("Lineitem Quantity"), "lineitemquantity");
  EXPECT_EQ(normalize_header_name("退款金额（元）"), "退款金额(元)");
  EXPECT_EQ(normalize_header_name("Ｅｍａｉｌ"), "email");
  EXPECT_EQ(normalize_header_name("\xEF\xBB\xBF订单编号"), "订单编号");
}

TEST(HeaderTest, FindsTheFirstCandidatePresent) {
  MemorySource source(" 订单编号 ,买家昵称,Email,订单编号\n");
  CsvReader reader(source);
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  const Header header(reader.record());
  EXPECT_EQ(header.size(), 4u);
  const Column id = header.find("订单编号");
  EXPECT_EQ(id.index, 0);
  EXPECT_EQ(id.name, "订单编号");
  const Column nick = header.find({"买家会员名", "买家昵称"});
  EXPECT_EQ(nick.index, 1);
  EXPECT_EQ(nick.name, "买家昵称");
  EXPECT_EQ(header.find("email").index, 2);
  const Column missing = header.find({"联系手机", "手机"});
  EXPECT_FALSE(missing.present());
  EXPECT_EQ(missing.name, "联系手机");
}

TEST(RowReaderTest, TrimsAndParsesTypedValues) {
  EXPECT_EQ(trim_value("\t 12.50 \xE3\x80\x80"), "12.50");
  MemorySource source("a,b,c,d,e\n\" 1,234.50 \",2024-01-05 10:15:30,null,x,3\n");
  CsvReader reader(source);
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  const Header header(reader.record());
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  std::vector<RowIssue> issues;
  RowReader row(reader.record(), header.size(), issues);
  EXPECT_EQ(row.amount(header.find("a"), 2), 123450);
  EXPECT_EQ(row.integer(header.find("e")), 3);
  EXPECT_FALSE(row.local_time(header.find("c"), ShopZone::shanghai()).has_value());  // null
  EXPECT_EQ(row.text(header.find("d")), "x");
  EXPECT_EQ(row.text(header.find("missing")), "");
  EXPECT_FALSE(row.rejected());
  const auto t = row.local_time(header.find("b"), ShopZone::shanghai());
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(format_utc_iso8601(*t), "2024-01-05T02:15:30.000Z");
  EXPECT_FALSE(row.integer(header.find("b")).has_value());
  EXPECT_TRUE(row.rejected());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].column, "b");
  EXPECT_EQ(issues[0].severity, Severity::kError);
}

TEST(RowReaderTest, WidthMismatchIsAnError) {
  MemorySource source("a,b,c\n1,2\n1,2,3,,\n1,2,3,4\n");
  CsvReader reader(source);
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  std::vector<RowIssue> issues;
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  EXPECT_TRUE(RowReader(reader.record(), 3, issues).rejected());
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  EXPECT_FALSE(RowReader(reader.record(), 3, issues).rejected());  // empty extras are fine
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  EXPECT_TRUE(RowReader(reader.record(), 3, issues).rejected());
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].reason, "row has 2 fields but the header has 3 (is a quote unbalanced?)");
  EXPECT_EQ(issues[1].line, 4);
}

}  // namespace
}  // namespace guanxi::importer
