#include "channel/curl_easy.hpp"

#include <mutex>

namespace guanxi::channel {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlEasy make_curl_easy() {
  ensure_curl_initialized();
  return CurlEasy(curl_easy_init());
}

bool CurlList::append(const std::string& item) {
  curl_slist* next = curl_slist_append(list_, item.c_str());
  if (next == nullptr) return false;
  list_ = next;
  return true;
}

}  // namespace guanxi::channel
