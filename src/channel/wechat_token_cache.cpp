#include "channel/wechat_token_cache.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace guanxi::channel {

std::shared_ptr<WechatTokenCache> WechatTokenCache::for_account(const std::string& base_url,
                                                                const std::string& app_id) {
  static std::mutex registry_mu;
  static std::map<std::pair<std::string, std::string>, std::weak_ptr<WechatTokenCache>> registry;
  const std::lock_guard lock(registry_mu);
  auto& slot = registry[{base_url, app_id}];
  if (auto existing = slot.lock()) return existing;
  auto cache = std::make_shared<WechatTokenCache>();
  slot = cache;
  return cache;
}

Result<std::string> WechatTokenCache::token(Timestamp now, std::chrono::seconds margin,
                                            const Fetch& fetch, const std::string& rejected) {
  const std::lock_guard lock(mu_);
  const bool fresh = !token_.empty() && now < refresh_at_;
  if (fresh && (rejected.empty() || token_ != rejected)) return token_;
  GX_ASSIGN_OR_RETURN(Fetched fetched, fetch());
  token_ = std::move(fetched.token);
  const std::chrono::seconds life = fetched.expires_in;
  refresh_at_ = now + std::max(life - margin, life / 2);
  return token_;
}

}  // namespace guanxi::channel
