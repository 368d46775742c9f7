// RAII for libcurl easy handles and header lists. Internal to src/channel.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

namespace guanxi::channel {

// Performs curl_global_init once per process (thread-safe).
void ensure_curl_initialized();

struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

// A new easy handle (after ensure_curl_initialized). Null only when libcurl is out of memory.
CurlEasy make_curl_easy();

// A curl_slist owned by RAII.
class CurlList {
 public:
  CurlList() = default;
  ~CurlList() { curl_slist_free_all(list_); }
  CurlList(const CurlList&) = delete;
  CurlList& operator=(const CurlList&) = delete;

  // False when libcurl is out of memory.
  bool append(const std::string& item);
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace guanxi::channel
