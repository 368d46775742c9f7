// /api/v1/orders: idempotent upsert of one order or a batch, and reading one.
#include "domain/orders.hpp"

#include <string>
#include <variant>
#include <vector>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/render.hpp"
#include "api/url.hpp"
#include "store/query.hpp"

namespace guanxi::api::handlers {

namespace {

constexpr size_t kMaxBatchOrders = 1000;

// Locates a domain error inside the request: buyer identities are under
// "/customer" in an order body, and a batch element under "/orders/N".
Status locate_order_error(const Status& s, const std::string& order_pointer) {
  Location loc = s.location();
  if (loc.field.empty()) return s;
  if (loc.field.front() != '/') loc.field = "/" + loc.field;
  if (loc.field.starts_with("/identities") || loc.field.starts_with("/attributes")) {
    loc.field = "/customer" + loc.field;
  }
  loc.field = order_pointer + loc.field;
  return s.with_location(loc);
}

Json render_upsert(const domain::OrderUpsert& u) {
  return {{"order_id", u.order_id},
          {"customer_id", u.customer_id},
          {"outcome", outcome_name(u.outcome)},
          {"customer_created", u.customer_created},
          {"customers_merged", u.customers_merged}};
}

awaitable<Response> upsert_order(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_order_input(ctx.body(), "", ctx.shop().shop.currency));
  auto job = [input = std::move(input)](domain::WriteContext& w) {
    return domain::upsert_order(w, input);
  };
  auto upserted = co_await ctx.write(job);
  if (!upserted.ok()) co_return problem_response(locate_order_error(upserted.status(), ""));
  GX_CO_ASSIGN_OR_RETURN(auto order, ctx.read([&](domain::ReadContext& r) {
    return domain::get_order(r, upserted->order_id);
  }));
  Json body = render_upsert(*upserted);
  body.erase("order_id");
  body["order"] = render_order(order, ctx.shop().zone);
  if (upserted->outcome != domain::UpsertOutcome::kCreated) co_return ok(body);
  co_return created(body, "/api/v1/orders/" + std::to_string(order.id));
}

using OrderItemResult = std::variant<domain::OrderUpsert, Status>;

struct BatchSummary {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t failed = 0;
};

// {index, outcome, ...} or {index, error: problem}; counts it in `summary`.
Json render_item(size_t index, const OrderItemResult& result, BatchSummary& summary) {
  if (const auto* u = std::get_if<domain::OrderUpsert>(&result)) {
    switch (u->outcome) {
      case domain::UpsertOutcome::kCreated:
        ++summary.created;
        break;
      case domain::UpsertOutcome::kUpdated:
        ++summary.updated;
        break;
      case domain::UpsertOutcome::kUnchanged:
        ++summary.unchanged;
        break;
    }
    Json j = render_upsert(*u);
    j["index"] = index;
    return j;
  }
  ++summary.failed;
  return {{"index", index}, {"error", problem_json(std::get<Status>(result))}};
}

awaitable<Response> upsert_batch(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const Json* orders = f.array("orders", JsonFields::Need::kRequired);
  GX_CO_RETURN_IF_ERROR(f.finish());
  if (orders->size() > kMaxBatchOrders) {
    Location loc;
    loc.field = "/orders";
    co_return problem_response(
        Status(ErrorCode::kPayloadTooLarge,
               "a batch holds at most " + std::to_string(kMaxBatchOrders) + " orders", loc));
  }

  // Elements that do not parse are answered without reaching the Writer.
  std::vector<OrderItemResult> results(orders->size(), Status::ok());
  std::vector<std::pair<size_t, domain::OrderInput>> inputs;
  inputs.reserve(orders->size());
  for (size_t i = 0; i < orders->size(); ++i) {
    const std::string pointer = "/orders/" + std::to_string(i);
    auto in = read_order_input((*orders)[i], pointer, ctx.shop().shop.currency);
    if (in.ok())
      inputs.emplace_back(i, std::move(*in));
    else
      results[i] = in.status();
  }

  // One Writer job, one transaction; each order in its own savepoint, so a
  // failing order is undone alone while the others commit.
  auto job =
      [inputs = std::move(inputs)](
          domain::WriteContext& w) -> Result<std::vector<std::pair<size_t, OrderItemResult>>> {
    std::vector<std::pair<size_t, OrderItemResult>> out;
    out.reserve(inputs.size());
    for (const auto& [index, input] : inputs) {
      domain::OrderUpsert upsert;
      const Status s = store::with_savepoint(w.db, "batch_order", [&] {
        auto r = domain::upsert_order(w, input);
        if (r.ok()) upsert = *r;
        return r.status();
      });
      if (s.is_ok())
        out.emplace_back(index, upsert);
      else
        out.emplace_back(index, s);
    }
    return out;
  };
  GX_CO_ASSIGN_OR_RETURN(auto written, co_await ctx.write(job));
  for (auto& [index, result] : written) {
    if (const auto* error = std::get_if<Status>(&result)) {
      results[index] = locate_order_error(*error, "/orders/" + std::to_string(index));
    } else {
      results[index] = std::move(result);
    }
  }

  BatchSummary summary;
  Json items = Json::array();
  for (size_t i = 0; i < results.size(); ++i) items.push_back(render_item(i, results[i], summary));
  co_return ok(Json{{"results", std::move(items)},
                    {"summary",
                     {{"created", summary.created},
                      {"updated", summary.updated},
                      {"unchanged", summary.unchanged},
                      {"failed", summary.failed}}}});
}

awaitable<Response> get_order(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto order, ctx.read([&](domain::ReadContext& r) { return domain::get_order(r, id); }));
  co_return ok(render_order(order, ctx.shop().zone));
}

constexpr RouteSpec kOrderRoutes[] = {
    {Method::kPost, "/api/v1/orders", "orders.write", upsert_order, BodyKind::kJson},
    {Method::kPost, "/api/v1/orders/batch", "orders.write", upsert_batch, BodyKind::kJsonBatch},
    {Method::kGet, "/api/v1/orders/{id}", "orders.read", get_order},
};

}  // namespace

Status add_order_routes(Router& router) {
  for (const RouteSpec& r : kOrderRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
