#include "importer/encoding.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace guanxi::importer {
namespace {

// Converts with iconv in one go (test helper: the code under test streams).
std::string convert(const std::string& text, const char* to, const char* from) {
  auto cd = Iconv::open(to, from);
  EXPECT_TRUE(cd.ok());
  std::string out(text.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(text.data());
  size_t in_left = text.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  EXPECT_NE(::iconv(cd->handle(), &in_ptr, &in_left, &out_ptr, &out_left), static_cast<size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

std::string drain(ByteSource& source, size_t out_size = 4096) {
  std::string out;
  std::string buf(out_size, '\0');
  for (;;) {
    auto n = source.read(buf);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) break;
    out.append(buf.data(), *n);
  }
  return out;
}

const std::string kSample =
    "订单编号,买家会员名,收货地址\n"
    "1001,小明,浙江省 杭州市 西湖区 文三路 1 号\n"
    "1002,tb_李四,€ ÿ 😀 𠮷 ㈠ 々\n";

TEST(EncodingTest, ParseNames) {
  EXPECT_EQ(*parse_encoding("UTF-8"), Encoding::kUtf8);
  EXPECT_EQ(*parse_encoding("gbk"), Encoding::kGb18030);
  EXPECT_EQ(*parse_encoding("auto"), Encoding::kAuto);
  EXPECT_FALSE(parse_encoding("latin1").ok());
}

TEST(EncodingTest, ScanUtf8) {
  EXPECT_EQ(scan_utf8("abc").stop, Utf8Stop::kEnd);
  EXPECT_EQ(scan_utf8("中文").stop, Utf8Stop::kEnd);
  const Utf8Scan cut = scan_utf8(std::string("ab") + "\xE4\xB8");  // 中 without its last byte
  EXPECT_EQ(cut.stop, Utf8Stop::kTruncated);
  EXPECT_EQ(cut.valid, 2u);
  EXPECT_EQ(scan_utf8("a\xFF").stop, Utf8Stop::kInvalid);
  EXPECT_EQ(scan_utf8("\xC0\xAF").stop, Utf8Stop::kInvalid);          // overlong '/'
  EXPECT_EQ(scan_utf8("\xED\xA0\x80").stop, Utf8Stop::kInvalid);      // surrogate
  EXPECT_EQ(scan_utf8("\xF4\x90\x80\x80").stop, Utf8Stop::kInvalid);  // past U+10FFFF
  EXPECT_EQ(scan_utf8("\xF0\x9F\x98\x80").stop, Utf8Stop::kEnd);      // 😀
}

TEST(EncodingTest, DetectsUtf8AndGb18030) {
  EXPECT_EQ(detect_encoding(kSample, true), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding("plain ascii", true), Encoding::kUtf8);
  const std::string gbk = convert(kSample, "GB18030", "UTF-8");
  EXPECT_EQ(detect_encoding(gbk, true), Encoding::kGb18030);
  // A sample cut inside a UTF-8 character is still UTF-8 when more would follow.
  const std::string cut = kSample.substr(0, kSample.find("小") + 1);
  EXPECT_EQ(detect_encoding(cut, false), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding(cut, true), Encoding::kGb18030);
}

TEST(EncodingTest, Gb18030DecodesWithCharactersSplitAcrossEveryBoundary) {
  const std::string gb = convert(kSample, "GB18030", "UTF-8");
  ASSERT_NE(gb, kSample);
  for (size_t chunk = 1; chunk <= 9; ++chunk) {
    for (size_t out_size : {size_t{4}, size_t{5}, size_t{7}, size_t{4096}}) {
      MemorySource raw(gb, chunk);
      auto decoder = Gb18030Decoder::create(raw);
      ASSERT_TRUE(decoder.ok());
      EXPECT_EQ(drain(**decoder, out_size), kSample) << "chunk " << chunk << " out " << out_size;
      EXPECT_EQ((*decoder)->replacements(), 0u);
    }
  }
}

TEST(EncodingTest, Gb18030InvalidBytesBecomeReplacementCharacters) {
  // 0xFF is never valid; a lead byte at the very end cannot be completed.
  const std::string gb = convert("中", "GB18030", "UTF-8") + "\xFF" + "a" + "\xD6";
  MemorySource raw(gb, 2);
  auto decoder = Gb18030Decoder::create(raw);
  ASSERT_TRUE(decoder.ok());
  EXPECT_EQ(drain(**decoder),
            "中\xEF\xBF\xBD"
            "a\xEF\xBF\xBD");
  EXPECT_EQ((*decoder)->replacements(), 2u);
}

TEST(EncodingTest, Utf8SanitizerPassesValidTextAcrossBoundaries) {
  for (size_t chunk = 1; chunk <= 9; ++chunk) {
    MemorySource raw(kSample, chunk);
    Utf8Sanitizer sanitizer(raw);
    EXPECT_EQ(drain(sanitizer, 64 + chunk), kSample) << chunk;
    EXPECT_EQ(sanitizer.replacements(), 0u);
  }
}

TEST(EncodingTest, Utf8SanitizerReplacesInvalidBytes) {
  const std::string bad = std::string("ok中") + "\xFF" + "x" + "\xC3" + "\n" + "end\xE4\xB8";
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{100}}) {
    for (size_t out_size : {size_t{1}, size_t{3}, size_t{80}}) {
      MemorySource raw(bad, chunk);
      Utf8Sanitizer sanitizer(raw);
      EXPECT_EQ(drain(sanitizer, out_size),
                "ok中\xEF\xBF\xBDx\xEF\xBF\xBD\nend\xEF\xBF\xBD\xEF\xBF\xBD")
          << chunk << "/" << out_size;
      EXPECT_EQ(sanitizer.replacements(), 4u);
    }
  }
}

TEST(EncodingTest, TextFileDetectsAndConvertsFixtures) {
  const std::string dir = std::string(GUANXI_SOURCE_DIR) + "/tests/fixtures/import/";
  auto utf8 = TextFile::open(dir + "taobao_orders.csv", Encoding::kAuto);
  ASSERT_TRUE(utf8.ok()) << utf8.status().to_string();
  EXPECT_EQ((*utf8)->encoding(), Encoding::kUtf8);
  auto gbk = TextFile::open(dir + "taobao_orders_gbk.csv", Encoding::kAuto);
  ASSERT_TRUE(gbk.ok()) << gbk.status().to_string();
  EXPECT_EQ((*gbk)->encoding(), Encoding::kGb18030);
  const std::string a = drain((*utf8)->text());
  const std::string b = drain((*gbk)->text());
  ASSERT_TRUE(a.starts_with("\xEF\xBB\xBF"));  // the UTF-8 export has a BOM, the GBK one none
  EXPECT_EQ(a.substr(3), b);
  EXPECT_EQ((*gbk)->bytes_read(), (*gbk)->size());
}

TEST(EncodingTest, MissingFileIsAnIoError) {
  auto missing = TextFile::open("/nonexistent/orders.csv", Encoding::kAuto);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kIoError);
  EXPECT_NE(missing.status().message().find("/nonexistent/orders.csv"), std::string::npos);
}

}  // namespace
}  // namespace guanxi::importer
