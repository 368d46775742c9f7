// The built web UI served from a directory (web/dist): GET/HEAD of a path
// outside /api/, /healthz and /metrics answers the file at that path with its
// Content-Type, or index.html for paths without a file extension (the single
// page application routes itself), or 404. Files under /assets/ carry content
// hashes in their names and are cached for a year (immutable); index.html is
// revalidated on every load (no-cache). Paths with "..", backslashes, NUL or
// hidden segments are refused; files are read from disk per request (the
// page cache keeps them warm; the UI is a few hundred KiB).
//
// Compression is done at build time: the web build writes `name.br` and
// `name.gz` beside each text asset (web/vite.config.ts). When the client's
// Accept-Encoding allows it, the Brotli or gzip sibling is sent instead, with
// Content-Encoding and `Vary: Accept-Encoding`; files without siblings go as
// they are.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "api/http.hpp"

namespace guanxi::api {

class StaticFiles {
 public:
  // `root` must be an existing directory.
  explicit StaticFiles(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }

  // Whether a request path is the UI's rather than the API's.
  static bool handles(Method method, std::string_view path);

  // The response for a GET or HEAD of `path` (raw, percent-encoded), encoded
  // as `accept_encoding` (the request's Accept-Encoding header) allows.
  Response serve(Method method, std::string_view path, std::string_view accept_encoding = {}) const;

  // Whether an Accept-Encoding header value accepts `coding` ("br", "gzip"):
  // listed, or matched by "*", with a q-value above 0. Case-insensitive.
  static bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);

  // "text/html; charset=utf-8" for "index.html", ... "application/octet-stream" otherwise.
  static std::string_view content_type(std::string_view file_name);

 private:
  std::filesystem::path root_;
};

// The directory to serve the UI from when none is given: ./web/dist if it
// exists, else `fallback` (the source tree's web/dist) if it exists, else none.
std::optional<std::filesystem::path> default_web_root(std::string_view fallback);

}  // namespace guanxi::api
