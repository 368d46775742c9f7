#include "channel/email_message.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <sstream>
#include <vector>

namespace guanxi::channel {
namespace {

const Timestamp kDate = from_millis(1739440800000);  // 2025-02-13T10:00:00Z

EmailContent sample() {
  EmailContent e;
  e.from_name = "小店客服";
  e.from_address = "service@shop.example";
  e.to = "zhang.san@example.com";
  e.subject = "您的优惠券已到账 — 20元";
  e.body = "张三您好：\n优惠券 GX-8888 已到账。\n";
  e.message_id = "msg-42@guanxi";
  e.unsubscribe_url = "https://shop.example/unsubscribe?t=abc";
  e.date = kDate;
  return e;
}

std::string base64_decode(std::string_view b64) {
  std::string out(b64.size(), '\0');
  size_t len = 0;
  const int rc =
      sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(),
                        b64.size(), "\r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL);
  EXPECT_EQ(rc, 0);
  out.resize(len);
  return out;
}

// Decodes a header value made of "=?UTF-8?B?...?=" words separated by folding.
std::string decode_words(std::string_view value) {
  std::string out;
  size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string_view::npos) {
    const size_t start = pos + 10;
    const size_t end = value.find("?=", start);
    EXPECT_LE(end - pos + 2, 75u) << "encoded-word longer than 75 characters";
    out += base64_decode(value.substr(start, end - start));
    pos = end + 2;
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "bare line end";
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

std::string header_block(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

TEST(BuildEmail, HeadersAndBase64Body) {
  auto m = build_email(sample());
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  const std::string headers = header_block(*m);
  EXPECT_NE(headers.find("\r\nTo: <zhang.san@example.com>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nDate: Thu, 13 Feb 2025 10:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nMessage-ID: <msg-42@guanxi>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nContent-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nContent-Transfer-Encoding: base64\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nList-Unsubscribe: <https://shop.example/unsubscribe?t=abc>\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos);
  EXPECT_TRUE(m->starts_with("From: =?UTF-8?B?"));
  EXPECT_NE(headers.find(" <service@shop.example>\r\n"), std::string::npos);

  const size_t subject = headers.find("Subject: ");
  const size_t subject_end = headers.find("\r\nDate:");
  EXPECT_EQ(decode_words(headers.substr(subject, subject_end - subject)), sample().subject);
  for (const std::string& line : lines_of(*m)) EXPECT_LE(line.size(), 78u) << line;

  const std::string body = m->substr(m->find("\r\n\r\n") + 4);
  EXPECT_EQ(base64_decode(body), "张三您好：\r\n优惠券 GX-8888 已到账。\r\n");
}

TEST(BuildEmail, AsciiHeadersStayReadable) {
  EmailContent e = sample();
  e.from_name = "Shop, Inc.";
  e.subject = "Your coupon";
  e.unsubscribe_url.clear();
  auto m = build_email(e);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->starts_with("From: \"Shop, Inc.\" <service@shop.example>\r\n"));
  EXPECT_NE(m->find("\r\nSubject: Your coupon\r\n"), std::string::npos);
  EXPECT_EQ(m->find("List-Unsubscribe"), std::string::npos);
}

TEST(BuildEmail, MailtoUnsubscribeHasNoOneClickPost) {
  EmailContent e = sample();
  e.unsubscribe_url = "mailto:unsub@shop.example?subject=stop";
  auto m = build_email(e);
  ASSERT_TRUE(m.ok());
  EXPECT_NE(m->find("List-Unsubscribe: <mailto:unsub@shop.example?subject=stop>"),
            std::string::npos);
  EXPECT_EQ(m->find("List-Unsubscribe-Post"), std::string::npos);
}

TEST(BuildEmail, RejectsHeaderInjection) {
  for (auto mutate : std::vector<void (*)(EmailContent&)>{
           [](EmailContent& e) { e.subject = "Hi\r\nBcc: victim@example.com"; },
           [](EmailContent& e) { e.subject = "Hi\nBcc: victim@example.com"; },
           [](EmailContent& e) { e.to = "a@example.com\r\nBcc: victim@example.com"; },
           [](EmailContent& e) { e.from_name = "Shop\rX"; },
           [](EmailContent& e) { e.unsubscribe_url = "https://x.example/\r\nBcc: v@x.example"; },
       }) {
    EmailContent e = sample();
    mutate(e);
    auto m = build_email(e);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find("line break"), std::string::npos);
  }
}

TEST(BuildEmail, RejectsBadAddressesAndText) {
  EmailContent e = sample();
  e.to = "张三 <zhang@example.com>";
  EXPECT_FALSE(build_email(e).ok());
  e = sample();
  e.to = "a@b@example.com";
  EXPECT_FALSE(build_email(e).ok());
  e = sample();
  e.body = std::string("bad \xff utf-8");
  EXPECT_FALSE(build_email(e).ok());
  e = sample();
  e.unsubscribe_url = "javascript:alert(1)";
  EXPECT_FALSE(build_email(e).ok());
}

TEST(EmailAddress, Validity) {
  EXPECT_TRUE(is_valid_email_address("a.b+tag@mail.example.co"));
  EXPECT_FALSE(is_valid_email_address("a..b@example.com"));
  EXPECT_FALSE(is_valid_email_address(".a@example.com"));
  EXPECT_FALSE(is_valid_email_address("a@-example.com"));
  EXPECT_FALSE(is_valid_email_address("a b@example.com"));
  EXPECT_FALSE(is_valid_email_address("@example.com"));
  EXPECT_FALSE(is_valid_email_address("a@"));
  EXPECT_FALSE(is_valid_email_address("a<b>@example.com"));
}

TEST(MessageId, EscapesWhatIsNotDotAtom) {
  EXPECT_EQ(message_id_local_part("outbox-42.1"), "outbox-42.1");
  EXPECT_EQ(message_id_local_part("shop:1/msg 2%"), "shop%3A1/msg%202%25");
  EXPECT_EQ(message_id_local_part(".a..b."), "%2Ea.%2Eb%2E");
}

TEST(QuotedPrintable, EncodesAndSoftBreaks) {
  EXPECT_EQ(encode_quoted_printable("a=b\r\n"), "a=3Db\r\n");
  EXPECT_EQ(encode_quoted_printable("你"), "=E4=BD=A0\r\n");
  EXPECT_EQ(encode_quoted_printable("end \r\nx"), "end=20\r\nx\r\n");
  const std::string long_line(100, 'x');
  const std::string qp = encode_quoted_printable(long_line);
  for (const std::string& line : lines_of(qp)) EXPECT_LE(line.size(), 76u);
  EXPECT_NE(qp.find("=\r\n"), std::string::npos);
}

TEST(HeaderText, LongChineseSubjectIsSplitAtCharacters) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "优惠";
  const std::string encoded = encode_header_text(subject);
  EXPECT_EQ(decode_words(encoded), subject);
  EXPECT_NE(encoded.find("\r\n "), std::string::npos);
}

}  // namespace
}  // namespace guanxi::channel
