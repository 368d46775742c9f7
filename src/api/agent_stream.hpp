// The screen-pop stream of one agent (GET /api/v1/agents/{id}/events) as
// server-sent events: a `hello` event once subscribed, then `screen_pop`
// (the call and the caller's 360 with their open tickets, or the number of an
// unknown caller),
// `agent_state` and `call_ended` as the call center publishes them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/app_context.hpp"
#include "api/http.hpp"
#include "cti/call_center.hpp"

namespace guanxi::api {

class AgentEventStream final : public ResponseStream {
 public:
  // `reader` is the io thread's reader connection (the stream runs on that thread).
  AgentEventStream(std::shared_ptr<cti::Subscription> subscription, store::Connection& reader,
                   const Clock& clock, const LoadedShop& shop, Json hello);
  bool next(std::string& out) override;
  void set_waker(std::function<void()> wake) override;

 private:
  // The screen-pop's "caller": the 360 of a known customer and their open
  // tickets (id, subject, status, priority, sla_state, due — most urgent
  // first, at most 10), else the number.
  Json caller_of(const cti::AgentEvent& event);

  std::shared_ptr<cti::Subscription> subscription_;
  store::Connection& reader_;
  const Clock& clock_;
  const LoadedShop& shop_;
  Json hello_;
  std::vector<cti::AgentEvent> pending_;
};

// One SSE frame: "event: TYPE\ndata: JSON\n\n".
std::string sse_frame(std::string_view type, const Json& data);

}  // namespace guanxi::api
