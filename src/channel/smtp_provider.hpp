// The smtp provider: email over SMTP (smtp:// with optional STARTTLS, or
// smtps://) through libcurl, with optional AUTH. Configuration keys:
//
//   url                smtp://host[:port] or smtps://host[:port] (required)
//   from               sender address, also the envelope MAIL FROM (required)
//   from_name          display name (UTF-8)
//   username, password (or password_env) for AUTH
//   starttls           "off" | "optional" | "required"; smtp:// only. Default
//                      "required" with a username (no password in clear), else "optional"
//   body_encoding      "base64" (default) | "quoted-printable"
//   message_id_domain  right part of Message-ID (default "guanxi")
//   timeout_ms, connect_timeout_ms, ca_file
//
// Classification: SMTP 4xx replies and connection failures are kRetry; 5xx
// replies (unknown user, rejected content, bad credentials) are kPermanent.
#pragma once

#include <memory>

#include "channel/config_reader.hpp"
#include "channel/provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_smtp_provider(ConfigReader& config, const Clock& clock);

}  // namespace guanxi::channel
