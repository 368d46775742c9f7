// WechatTokenCache: the access token of one WeChat Official Account, shared by
// every wechat_template provider instance of that account in the process.
//
// WeChat invalidates an account's previous token (after a short overlap) each
// time /cgi-bin/token issues a new one, so instances must not each fetch their
// own: they share one cache per (base_url, app_id), refresh it one at a time,
// and a refresh forced by a rejected token happens only once per bad token.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::channel {

class WechatTokenCache {
 public:
  // A fetched token and how long WeChat says it lives.
  struct Fetched {
    std::string token;
    std::chrono::seconds expires_in{0};
  };
  using Fetch = std::function<Result<Fetched>()>;

  // The cache of the account (base_url, app_id), created on first use; it lives
  // while any provider holds it.
  static std::shared_ptr<WechatTokenCache> for_account(const std::string& base_url,
                                                       const std::string& app_id);

  // The current token. Fetches a new one (with `fetch`, under the cache's lock,
  // so concurrent callers wait for one fetch) when there is none, when it is
  // within `margin` of expiry (within half its lifetime when that is shorter
  // than 2 * margin), or when it equals `rejected` (a token the API just
  // refused). A failed fetch's status is returned as is.
  Result<std::string> token(Timestamp now, std::chrono::seconds margin, const Fetch& fetch,
                            const std::string& rejected = "");

 private:
  std::mutex mu_;
  std::string token_;
  Timestamp refresh_at_{};
};

}  // namespace guanxi::channel
