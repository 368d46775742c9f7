// The web UI served by the API server: files with their types and cache
// rules, the single-page fallback, refused traversal, security headers.
#include "api/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/dispatcher.hpp"
#include "api/testing/test_server.hpp"

namespace guanxi::api {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  static std::filesystem::path make_root() {
    static int n = 0;
    const auto base = std::filesystem::temp_directory_path() /
                      ("guanxi_web_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    std::filesystem::remove_all(base);
    write_file(base / "dist" / "index.html", "<!doctype html><title>Guanxi</title>");
    write_file(base / "dist" / "assets" / "app-1a2b.js", "console.log(1)");
    write_file(base / "dist" / "assets" / "app-1a2b.css", "body{}");
    // The build's precompressed siblings (stand-in bytes: the server does not decode them).
    write_file(base / "dist" / "assets" / "big-3c4d.js", "plain-js");
    write_file(base / "dist" / "assets" / "big-3c4d.js.gz", "gzip-bytes");
    write_file(base / "dist" / "assets" / "big-3c4d.js.br", "brotli-bytes");
    write_file(base / "dist" / "assets" / "only-gz-5e6f.css", "plain-css");
    write_file(base / "dist" / "assets" / "only-gz-5e6f.css.gz", "gzip-css");
    write_file(base / "dist" / "favicon.ico", "ico");
    write_file(base / "secret.txt", "do not serve");
    return base;
  }
  static ServerOptions options(const std::filesystem::path& base) {
    ServerOptions o;
    o.web_root = (base / "dist").string();
    return o;
  }

  StaticFilesTest() : base_(make_root()), server_(options(base_)) {}
  ~StaticFilesTest() override { std::filesystem::remove_all(base_); }

  std::filesystem::path base_;
  TestServer server_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCacheRules) {
  auto c = server_.anonymous();
  HttpResponse js = c.get("/assets/app-1a2b.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(c.get("/assets/app-1a2b.css").header("Content-Type"), "text/css; charset=utf-8");
  HttpResponse ico = c.get("/favicon.ico");
  EXPECT_EQ(ico.header("Content-Type"), "image/x-icon");
  EXPECT_EQ(ico.header("Cache-Control"), "no-cache");
  HttpResponse index = c.get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, FallsBackToIndexForRoutesOnly) {
  auto c = server_.anonymous();
  HttpResponse route = c.get("/customers/42?tab=orders");
  ASSERT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("Guanxi"), std::string::npos);
  EXPECT_EQ(c.get("/assets/missing-0000.js").status, 404);
  EXPECT_EQ(c.get("/api/v1/nothing-here").status, 404);  // the API is never the UI
  EXPECT_EQ(c.get("/api/v1/nothing-here").header("Content-Type"), "application/problem+json");
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  auto c = server_.anonymous();
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                           "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt",
                           "/.%2e/secret.txt", "/assets%5c..%5c..%5csecret.txt"}) {
    HttpResponse r = c.get(path);
    EXPECT_EQ(r.body.find("do not serve"), std::string::npos) << path;
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " " << r.status;
  }
  const std::string raw = c.raw("GET /../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n").body;
  EXPECT_EQ(raw.find("do not serve"), std::string::npos);
}

TEST_F(StaticFilesTest, EveryResponseCarriesSecurityHeaders) {
  auto c = server_.anonymous();
  for (const char* path : {"/", "/assets/app-1a2b.js", "/api/v1/customers", "/healthz"}) {
    HttpResponse r = c.get(path);
    EXPECT_EQ(r.header("Content-Security-Policy"), kContentSecurityPolicy) << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r.header("Referrer-Policy"), "same-origin") << path;
    EXPECT_TRUE(r.header("Strict-Transport-Security").empty()) << path;
  }
}

TEST_F(StaticFilesTest, SendsThePrecompressedSiblingTheClientAccepts) {
  auto c = server_.anonymous();
  const auto get = [&c](const char* path, const char* accept) {
    HttpClient::Headers h;
    if (accept != nullptr) h.emplace_back("Accept-Encoding", accept);
    return c.request("GET", path, {}, "", h);
  };
  HttpResponse br = get("/assets/big-3c4d.js", "gzip, deflate, br, zstd");
  ASSERT_EQ(br.status, 200);
  EXPECT_EQ(br.body, "brotli-bytes");
  EXPECT_EQ(br.header("Content-Encoding"), "br");
  EXPECT_EQ(br.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(br.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(br.header("Cache-Control"), "public, max-age=31536000, immutable");
  HttpResponse gz = get("/assets/big-3c4d.js", "gzip");
  EXPECT_EQ(gz.body, "gzip-bytes");
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_EQ(get("/assets/big-3c4d.js", "br;q=0, gzip;q=0.5").body, "gzip-bytes");
  HttpResponse plain = get("/assets/big-3c4d.js", nullptr);
  EXPECT_EQ(plain.body, "plain-js");
  EXPECT_TRUE(plain.header("Content-Encoding").empty());
  EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");  // caches must key on it
  EXPECT_EQ(get("/assets/big-3c4d.js", "identity").body, "plain-js");
  EXPECT_EQ(get("/assets/only-gz-5e6f.css", "br, gzip").body, "gzip-css");
  EXPECT_EQ(get("/assets/only-gz-5e6f.css", "br").body, "plain-css");
  // Files without siblings go as they are, without Vary.
  HttpResponse css = get("/assets/app-1a2b.css", "br, gzip");
  EXPECT_EQ(css.body, "body{}");
  EXPECT_TRUE(css.header("Content-Encoding").empty());
  EXPECT_TRUE(css.header("Vary").empty());
}

TEST(StaticFilesTypes, ReadsAcceptEncoding) {
  EXPECT_TRUE(StaticFiles::accepts_encoding("gzip, deflate, br", "br"));
  EXPECT_TRUE(StaticFiles::accepts_encoding("GZIP", "gzip"));
  EXPECT_TRUE(StaticFiles::accepts_encoding("br;q=0.1", "br"));
  EXPECT_TRUE(StaticFiles::accepts_encoding("*", "br"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("identity", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("br;q=0, gzip", "br"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("br; q=0.000", "br"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("*, br;q=0", "br"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("*;q=0", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts_encoding("gzipx, xbr", "br"));
}

TEST(StaticFilesTypes, KnowsTheUiFileTypes) {
  EXPECT_EQ(StaticFiles::content_type("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::content_type("a.svg"), "image/svg+xml");
  EXPECT_EQ(StaticFiles::content_type("a.woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::content_type("a.js.map"), "application/json");
  EXPECT_EQ(StaticFiles::content_type("a.png"), "image/png");
  EXPECT_EQ(StaticFiles::content_type("a.txt"), "text/plain; charset=utf-8");
  EXPECT_FALSE(StaticFiles::handles(Method::kGet, "/api/v1/customers"));
  EXPECT_FALSE(StaticFiles::handles(Method::kGet, "/metrics"));
  EXPECT_FALSE(StaticFiles::handles(Method::kPost, "/login"));
  EXPECT_TRUE(StaticFiles::handles(Method::kHead, "/login"));
}

}  // namespace
}  // namespace guanxi::api
