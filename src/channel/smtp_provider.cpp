#include "channel/smtp_provider.hpp"

#include <algorithm>
#include <cstring>

#include "channel/curl_easy.hpp"
#include "channel/email_message.hpp"
#include "channel/http_transport.hpp"

namespace guanxi::channel {

namespace {

struct SmtpConfig {
  std::string url;
  std::string from;
  std::string from_name;
  std::string username;
  std::string password;
  curl_usessl use_ssl = CURLUSESSL_TRY;
  EmailContent::BodyEncoding encoding = EmailContent::BodyEncoding::kBase64;
  std::string message_id_domain = "guanxi";
  HttpOptions net;
};

// Feeds the message to libcurl's upload.
struct UploadCursor {
  std::string_view data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* cursor = static_cast<UploadCursor*>(user);
  const size_t n = std::min(size * count, cursor->data.size() - cursor->offset);
  std::memcpy(buffer, cursor->data.data() + cursor->offset, n);
  cursor->offset += n;
  return n;
}

class SmtpProvider final : public Provider {
 public:
  SmtpProvider(SmtpConfig config, const Clock& clock)
      : config_(std::move(config)), clock_(clock), curl_(make_curl_easy()) {}

  Channel channel() const override { return Channel::kEmail; }
  std::string_view kind() const override { return "smtp"; }

  SendResult send(const OutboundMessage& m) override {
    if (m.channel != Channel::kEmail) return SendResult::permanent("smtp sends email only");
    if (m.idempotency_key.empty()) return SendResult::permanent("missing idempotency key");
    EmailContent email;
    email.from_name = config_.from_name;
    email.from_address = config_.from;
    email.to = m.to;
    email.subject = m.subject;
    email.body = m.body;
    email.message_id = message_id_local_part(m.idempotency_key) + "@" + config_.message_id_domain;
    email.unsubscribe_url = m.unsubscribe_url;
    email.date = clock_.now();
    email.encoding = config_.encoding;
    auto text = build_email(email);
    if (!text.ok()) return SendResult::permanent(text.status().message());
    return transmit(m.to, *text, "<" + email.message_id + ">");
  }

 private:
  SendResult transmit(const std::string& to, const std::string& text,
                      const std::string& message_id) {
    if (!curl_) return SendResult::retry("libcurl could not create a handle");
    CURL* h = curl_.get();
    CurlList rcpt;
    rcpt.append("<" + to + ">");
    UploadCursor cursor{text, 0};
    char error[CURL_ERROR_SIZE] = {0};
    const std::string mail_from = "<" + config_.from + ">";
    curl_easy_setopt(h, CURLOPT_URL, config_.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.net.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(config_.net.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_PROXY, config_.net.proxy.c_str());
    if (!config_.net.ca_file.empty()) {
      curl_easy_setopt(h, CURLOPT_CAINFO, config_.net.ca_file.c_str());
    }
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(config_.use_ssl));
    if (!config_.username.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &cursor);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);

    const CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(h, CURLOPT_READDATA, nullptr);
    if (rc == CURLE_OK) return SendResult::accepted(message_id);

    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    const std::string why = error[0] != '\0' ? std::string(error) : curl_easy_strerror(rc);
    if (reply >= 500 && reply <= 599) {
      return SendResult::permanent("SMTP " + std::to_string(reply) + ": " + why);
    }
    if (reply >= 400 && reply <= 499) {
      return SendResult::retry("SMTP " + std::to_string(reply) + ": " + why);
    }
    if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED) {
      return SendResult::permanent("SMTP: " + why);
    }
    return SendResult::retry("no answer: " + why);
  }

  SmtpConfig config_;
  const Clock& clock_;
  CurlEasy curl_;
};

}  // namespace

Result<std::unique_ptr<Provider>> make_smtp_provider(ConfigReader& config, const Clock& clock) {
  using Need = ConfigReader::Need;
  SmtpConfig c;
  if (auto url = config.url("url", {"smtp", "smtps"}, Need::kRequired)) c.url = *url;
  if (auto from = config.string("from", Need::kRequired)) {
    if (is_valid_email_address(*from)) {
      c.from = *from;
    } else {
      config.fail("from", "must be a plain email address (local@domain)");
    }
  }
  if (auto name = config.string("from_name")) c.from_name = *name;
  if (auto user = config.string("username")) c.username = *user;
  if (auto password = config.secret("password")) c.password = *password;
  if (!c.password.empty() && c.username.empty())
    config.fail("username", "is required with a password");
  const auto starttls = config.choice("starttls", {"off", "optional", "required"});
  const bool implicit_tls = c.url.starts_with("smtps://");
  if (starttls && implicit_tls) {
    config.fail("starttls", "applies to smtp:// only (smtps:// is TLS from the start)");
  }
  if (!starttls) {
    c.use_ssl = c.username.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL;
  } else if (*starttls == "off") {
    c.use_ssl = CURLUSESSL_NONE;
  } else if (*starttls == "optional") {
    c.use_ssl = CURLUSESSL_TRY;
  } else {
    c.use_ssl = CURLUSESSL_ALL;
  }
  if (implicit_tls) c.use_ssl = CURLUSESSL_ALL;
  if (auto enc = config.choice("body_encoding", {"base64", "quoted-printable"})) {
    c.encoding = *enc == "base64" ? EmailContent::BodyEncoding::kBase64
                                  : EmailContent::BodyEncoding::kQuotedPrintable;
  }
  if (auto domain = config.string("message_id_domain")) {
    if (is_valid_email_address("x@" + *domain)) {
      c.message_id_domain = *domain;
    } else {
      config.fail("message_id_domain", "must be a domain name");
    }
  }
  c.net = read_http_options(config);
  GX_RETURN_IF_ERROR(config.finish());
  return std::unique_ptr<Provider>(std::make_unique<SmtpProvider>(std::move(c), clock));
}

}  // namespace guanxi::channel
