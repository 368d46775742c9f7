#include "api/static_files.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "api/problem.hpp"

namespace guanxi::api {

namespace {

Response not_found(std::string_view path) {
  return problem_response(Status::not_found("no resource at " + std::string(path)));
}

std::string_view extension_of(std::string_view name) {
  const size_t slash = name.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return base.substr(dot);
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// Percent-decodes a path; nullopt for malformed escapes or bytes that have no
// business in a file name (NUL, backslash, control characters).
std::optional<std::string> decode_path(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return std::nullopt;
      const auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(raw[i + 1]);
      const int lo = hex(raw[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    out += c;
  }
  return out;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

bool StaticFiles::handles(Method method, std::string_view path) {
  if (method != Method::kGet && method != Method::kHead) return false;
  if (path.starts_with("/api/") || path == "/api") return false;
  return path != "/healthz" && path != "/metrics";
}

std::string_view StaticFiles::content_type(std::string_view file_name) {
  const std::string_view ext = extension_of(file_name);
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff") return "font/woff";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Response StaticFiles::serve(Method method, std::string_view raw_path) const {
  const auto decoded = decode_path(raw_path);
  if (!decoded || decoded->empty() || decoded->front() != '/') return not_found(raw_path);
  // Every segment must be a plain name: no "..", no ".", no hidden files.
  std::filesystem::path rel;
  std::string_view rest(*decoded);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (seg.empty()) continue;
    if (seg.front() == '.') return not_found(raw_path);
    rel /= std::string(seg);
  }

  std::string_view cache = "no-cache";
  std::filesystem::path file = root_ / rel;
  std::optional<std::string> body;
  if (!rel.empty()) body = read_file(file);
  if (body) {
    if (decoded->starts_with("/assets/")) cache = "public, max-age=31536000, immutable";
  } else {
    if (!extension_of(*decoded).empty()) return not_found(raw_path);
    file = root_ / "index.html";
    body = read_file(file);
    if (!body) return not_found(raw_path);
  }
  Response r;
  r.status = 200;
  r.content_type = std::string(content_type(file.filename().string()));
  r.headers.emplace_back("Cache-Control", std::string(cache));
  if (method != Method::kHead) r.body = std::move(*body);
  return r;
}

std::optional<std::filesystem::path> default_web_root(std::string_view fallback) {
  std::error_code ec;
  const std::filesystem::path local = std::filesystem::path("web") / "dist";
  if (std::filesystem::is_directory(local, ec)) return std::filesystem::absolute(local, ec);
  if (!fallback.empty() && std::filesystem::is_directory(fallback, ec))
    return std::filesystem::path(fallback);
  return std::nullopt;
}

}  // namespace guanxi::api
