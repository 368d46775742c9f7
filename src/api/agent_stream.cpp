#include "api/agent_stream.hpp"

#include "api/render.hpp"
#include "api/request_context.hpp"
#include "domain/customer360.hpp"
#include "domain/loyalty.hpp"
#include "service/tickets.hpp"

namespace guanxi::api {

namespace {
// The 360 on an agent's screen: the latest of each, not the whole history.
constexpr int kPopOrders = 5;
constexpr int kPopNotes = 5;
constexpr int kPopTickets = 10;

// The caller's open tickets as the agent sees them first: what, how urgent,
// and how the SLA stands.
Json open_tickets_json(const std::vector<service::Ticket>& tickets, const ShopZone& zone) {
  Json out = Json::array();
  for (const auto& t : tickets) {
    Json j = {{"id", t.id},
              {"subject", t.subject},
              {"status", service::ticket_status_name(t.status)},
              {"priority", service::priority_name(t.priority)},
              {"sla_state", t.sla_state},
              {"assignee_agent_id", t.assignee_agent_id ? Json(*t.assignee_agent_id) : Json()}};
    put_time(j, "due", t.next_due, zone);
    out.push_back(std::move(j));
  }
  return out;
}
}  // namespace

std::string sse_frame(std::string_view type, const Json& data) {
  std::string out = "event: ";
  out += type;
  out += "\ndata: ";
  out += data.dump();
  out += "\n\n";
  return out;
}

AgentEventStream::AgentEventStream(std::shared_ptr<cti::Subscription> subscription,
                                   store::Connection& reader, const Clock& clock,
                                   const LoadedShop& shop, Json hello)
    : subscription_(std::move(subscription)),
      reader_(reader),
      clock_(clock),
      shop_(shop),
      hello_(std::move(hello)) {}

void AgentEventStream::set_waker(std::function<void()> wake) {
  subscription_->set_waker(std::move(wake));
}

bool AgentEventStream::next(std::string& out) {
  if (!hello_.is_null()) {
    out += sse_frame("hello", hello_);
    hello_ = nullptr;
  }
  pending_.clear();
  const bool open = subscription_->take(pending_);
  for (const auto& e : pending_) {
    if (e.type == "screen_pop") {
      Json data = e.data;
      data["caller"] = caller_of(e);
      out += sse_frame(e.type, data);
    } else {
      out += sse_frame(e.type, e.data);
    }
  }
  return open;
}

Json AgentEventStream::caller_of(const cti::AgentEvent& event) {
  const Json& call = event.data["call"];
  Json unknown = {{"known", false}, {"number", call.value("number", std::string())}};
  if (!event.customer_id) return unknown;
  ReadTransaction tx(reader_);
  if (!tx.status().is_ok()) return unknown;
  domain::ReadContext ctx{reader_, clock_, shop_.shop, shop_.zone};
  domain::Customer360Options options;
  options.recent_orders = kPopOrders;
  options.notes = kPopNotes;
  auto c360 = domain::customer_360(ctx, *event.customer_id, options);
  if (!c360.ok()) return unknown;
  Json caller = {{"known", true}, {"number", unknown["number"]}};
  caller["customer"] = render_customer_360(*c360, shop_.shop, shop_.zone);
  if (auto loyalty = domain::customer_loyalty(ctx, c360->profile.id); loyalty.ok()) {
    caller["customer"]["loyalty"] = {{"points", loyalty->points}, {"coupons", loyalty->coupons}};
  }
  auto open = service::open_customer_tickets(ctx, c360->profile.id, kPopTickets);
  caller["open_tickets"] = open.ok() ? open_tickets_json(*open, shop_.zone) : Json::array();
  return caller;
}

}  // namespace guanxi::api
