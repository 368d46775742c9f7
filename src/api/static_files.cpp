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

// The q-value of one Accept-Encoding element's parameters ("q=0.5"); 1 when absent,
// 0 when malformed.
double q_value(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    const std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    const std::string_view v = trim(p.substr(2));
    if (v.empty() || (v[0] != '0' && v[0] != '1')) return 0;
    double q = v[0] - '0';
    if (v.size() > 1) {
      if (v[1] != '.') return 0;
      double scale = 0.1;
      for (size_t i = 2; i < v.size() && i < 5; ++i, scale /= 10) {
        if (v[i] < '0' || v[i] > '9') return 0;
        q += (v[i] - '0') * scale;
      }
    }
    return q > 1 ? 1 : q;
  }
  return 1;
}

}  // namespace

bool StaticFiles::accepts_encoding(std::string_view header, std::string_view coding) {
  std::optional<double> listed;
  std::optional<double> star;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semi = element.find(';');
    const std::string_view name = trim(element.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : q_value(element.substr(semi + 1));
    if (iequals(name, coding)) listed = q;
    if (name == "*") star = q;
  }
  if (listed) return *listed > 0;
  return star && *star > 0;
}

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

Response StaticFiles::serve(Method method, std::string_view raw_path,
                            std::string_view accept_encoding) const {
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
  // The build's precompressed siblings: Brotli first (smaller), then gzip.
  static constexpr std::pair<std::string_view, std::string_view> kEncodings[] = {{"br", ".br"},
                                                                                 {"gzip", ".gz"}};
  bool has_sibling = false;
  for (const auto& [coding, suffix] : kEncodings) {
    std::filesystem::path sibling = file;
    sibling += suffix;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(sibling, ec)) continue;
    has_sibling = true;
    if (!accepts_encoding(accept_encoding, coding)) continue;
    if (auto encoded = read_file(sibling)) {
      body = std::move(encoded);
      r.headers.emplace_back("Content-Encoding", std::string(coding));
      break;
    }
  }
  if (has_sibling) r.headers.emplace_back("Vary", "Accept-Encoding");
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
