// The sms_tencent provider: Tencent Cloud SMS, API 3.0 action SendSms
// (version 2021-01-11), signed with TC3-HMAC-SHA256 (tc3_signer.hpp).
//
//   POST {endpoint}/   X-TC-Action: SendSms, X-TC-Version: 2021-01-11,
//   X-TC-Timestamp, X-TC-Region, Authorization: TC3-HMAC-SHA256 ...
//   {"PhoneNumberSet": ["+8613800138000"], "SmsSdkAppId": "1400006666",
//    "SignName": "关系科技", "TemplateId": "<template_code>",
//    "TemplateParamSet": ["张三", "8888"], "SessionContext": "<idempotency key>"}
//
// TemplateParamSet is built from params: a JSON array in its order, or an
// object keyed "1", "2", ... (the template's {1}, {2}) in numeric order.
// Values are sent as strings. The message body is not sent: Tencent renders
// the approved template itself.
//
// Answer: SendStatusSet[0].Code "Ok" accepts, SerialNo is the provider id;
// LimitExceeded.*, RequestLimitExceeded* and InternalError(.Timeout,
// .SendAndRecvFail) are kRetry; every other code is kPermanent. Tencent does
// not deduplicate on SessionContext: a retry after a timeout may send twice.
//
// Configuration keys: secret_id, secret_key (or secret_key_env), sdk_app_id,
// sign_name (the 【签名】 text; brackets are stripped) — required;
// endpoint (default https://sms.tencentcloudapi.com), region (default
// ap-guangzhou), timeout_ms, connect_timeout_ms, proxy, ca_file.
#pragma once

#include <memory>

#include "channel/config_reader.hpp"
#include "channel/provider.hpp"

namespace guanxi::channel {

Result<std::unique_ptr<Provider>> make_tencent_sms_provider(ConfigReader& config,
                                                            const Clock& clock);

// TemplateParamSet from OutboundMessage::params (see above); invalid_argument
// for other shapes.
Result<Json> tencent_template_params(const Json& params);

// The outcome for a Tencent error or send-status code other than "Ok".
SendResult classify_tencent_code(const std::string& code, const std::string& message);

}  // namespace guanxi::channel
