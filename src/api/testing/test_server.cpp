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

TestServer::TestServer(ServerOptions options, bool callcenter_timer) {
  writer_ = must(store::Writer::start(shop_.db()), "starting the writer");
  segments_ = must(segment::SegmentEngine::start(shop_.db(), *writer_, shop_.clock()),
                   "starting the segment engine");
  cti::CallCenter::Options cc;
  cc.timer_thread = callcenter_timer;
  callcenter_ = must(cti::CallCenter::start(shop_.db(), *writer_, shop_.clock(), cc),
                     "starting the call center");
  app_ = std::make_unique<AppContext>(shop_.db(), *writer_, shop_.clock(), segments_.get());
  service_ = must(service::ServiceEngine::start(shop_.db(), *writer_, shop_.clock(),
                                                service::ServiceEngine::Options{false}),
                  "starting the service engine");
  app_->set_service(service_.get());
  app_->set_callcenter(callcenter_.get());
  token_ = create_key("test admin");
  options.host = "127.0.0.1";
  options.port = 0;
  server_ = must(Server::start(options, *app_), "starting the server");
}

TestServer::~TestServer() {
  server_.reset();
  callcenter_.reset();  // before the Writer: it waits for its last jobs
  segments_.reset();    // before the Writer: the engine's thread submits jobs to it
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
