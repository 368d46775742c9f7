#include "api/testing/test_server.hpp"

#include <stdexcept>

#include "domain/shops.hpp"

namespace guanxi::api::testing {

namespace {

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string(what) + ": " + r.status().to_string());
  return std::move(r).value();
}

}  // namespace

TestServer::TestServer(ServerOptions options) {
  writer_ = must(store::Writer::start(shop_.db()), "starting the writer");
  segments_ = must(segment::SegmentEngine::start(shop_.db(), *writer_, shop_.clock()),
                   "starting the segment engine");
  app_ = std::make_unique<AppContext>(shop_.db(), *writer_, shop_.clock(), segments_.get());
  token_ = create_key("test admin");
  options.host = "127.0.0.1";
  options.port = 0;
  server_ = must(Server::start(options, *app_), "starting the server");
}

TestServer::~TestServer() {
  server_.reset();
  segments_.reset();  // before the Writer: the engine's thread submits jobs to it
  writer_.reset();
}

std::string TestServer::create_key(const std::string& name) {
  return must(domain::create_api_key(shop_.conn(), shop_.clock(), shop_.shop().id, name, "admin"),
              "creating a key")
      .secret;
}

HttpClient TestServer::client() const {
  HttpClient c("127.0.0.1", port());
  c.set_token(token_);
  return c;
}

HttpClient TestServer::anonymous() const {
  return HttpClient("127.0.0.1", port());
}

}  // namespace guanxi::api::testing
