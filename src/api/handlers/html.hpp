// Small HTML pages of the public links (unsubscribe, CSAT survey): escaped
// text, no scripts, a strict Content-Security-Policy.
#pragma once

#include <string>
#include <string_view>

#include "api/http.hpp"

namespace guanxi::api::handlers {

inline std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

inline Response html_page(int status, std::string_view title, std::string_view body_html) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      html_escape(title) +
      "</title><style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto;"
      "padding:0 1rem;color:#303133}button{font-size:1rem;padding:.5rem 1.5rem}</style>"
      "</head><body>" +
      std::string(body_html) + "</body></html>";
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace guanxi::api::handlers
