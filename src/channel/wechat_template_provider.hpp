// The wechat_template provider: WeChat Official Account template messages.
//
//   GET  {base_url}/cgi-bin/token?grant_type=client_credential&appid=..&secret=..
//        -> {"access_token": "...", "expires_in": 7200}
//   POST {base_url}/cgi-bin/message/template/send?access_token=..
//        {"touser": "<openid>", "template_id": "<template_code>", "url": "<link_url>",
//         "data": {"thing1": {"value": "..."}, ...}, "client_msg_id": "<idempotency key>"}
//        -> {"errcode": 0, "errmsg": "ok", "msgid": 200228332}
//
// `data` comes from params: each member k: v becomes k: {"value": v as text};
// a v that is already an object with "value" (e.g. with "color") passes as is.
//
// The token is shared per account (wechat_token_cache.hpp), refreshed
// token_refresh_margin_s (default 300) before it expires, and at once when the
// API answers 40001, 40014 or 42001 — then the send is tried once more with
// the new token. errcode 0 accepts (msgid is the provider id); -1 (busy),
// 45009 and 45011 (quota) are kRetry; 43004 (not following) and every other
// code are kPermanent. A failing token request is classified the same way.
//
// Configuration keys: app_id, app_secret (or app_secret_env) — required;
// base_url (default https://api.weixin.qq.com), token_refresh_margin_s,
// timeout_ms, connect_timeout_ms, proxy, ca_file.
#pragma once

#include <memory>

#include "channel/config_reader.hpp"
#include "channel/provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_wechat_template_provider(ConfigReader& config,
                                                                const Clock& clock);

// The outcome for a WeChat errcode other than 0.
SendResult classify_wechat_errcode(int64_t errcode, const std::string& errmsg);

}  // namespace guanxi::channel
