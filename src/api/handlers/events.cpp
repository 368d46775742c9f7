// The Segment-compatible event API: /api/v1/identify, /track and /batch.
#include "domain/events.hpp"

#include <string>
#include <variant>
#include <vector>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/render.hpp"
#include "store/query.hpp"

namespace guanxi::api::handlers {

namespace {

constexpr size_t kMaxBatchCalls = 1000;

Result<domain::EventOutcome> run_call(domain::WriteContext& w, const SegmentCall& call) {
  if (const auto* identify = std::get_if<domain::IdentifyCall>(&call))
    return domain::identify(w, *identify);
  return domain::track(w, std::get<domain::TrackCall>(call));
}

awaitable<Response> single_call(RequestContext& ctx, SegmentCall& call) {
  auto job = [c = std::move(call)](domain::WriteContext& w) { return run_call(w, c); };
  GX_CO_ASSIGN_OR_RETURN(auto outcome, co_await ctx.write(job));
  co_return ok(render_event_outcome(outcome));
}

awaitable<Response> identify(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(SegmentCall call, read_identify(ctx.body(), ""));
  co_return co_await single_call(ctx, call);
}

awaitable<Response> track(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(SegmentCall call, read_track(ctx.body(), ""));
  co_return co_await single_call(ctx, call);
}

using EventItemResult = std::variant<domain::EventOutcome, Status>;

awaitable<Response> batch(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const Json* calls = f.array("batch", JsonFields::Need::kRequired);
  for (const char* ignored : {"context", "integrations", "sentAt", "writeKey"}) f.allow(ignored);
  GX_CO_RETURN_IF_ERROR(f.finish());
  if (calls->size() > kMaxBatchCalls) {
    Location loc;
    loc.field = "/batch";
    co_return problem_response(
        Status(ErrorCode::kPayloadTooLarge,
               "a batch holds at most " + std::to_string(kMaxBatchCalls) + " calls", loc));
  }

  std::vector<EventItemResult> results(calls->size(), Status::ok());
  std::vector<std::pair<size_t, SegmentCall>> parsed;
  parsed.reserve(calls->size());
  for (size_t i = 0; i < calls->size(); ++i) {
    auto call = read_segment_call((*calls)[i], "/batch/" + std::to_string(i));
    if (call.ok())
      parsed.emplace_back(i, std::move(*call));
    else
      results[i] = call.status();
  }

  // One Writer job; each call in its own savepoint.
  auto job =
      [parsed = std::move(parsed)](
          domain::WriteContext& w) -> Result<std::vector<std::pair<size_t, EventItemResult>>> {
    std::vector<std::pair<size_t, EventItemResult>> out;
    out.reserve(parsed.size());
    for (const auto& [index, call] : parsed) {
      domain::EventOutcome outcome;
      const Status s = store::with_savepoint(w.db, "batch_call", [&] {
        auto r = run_call(w, call);
        if (r.ok()) outcome = *r;
        return r.status();
      });
      if (s.is_ok())
        out.emplace_back(index, outcome);
      else
        out.emplace_back(index, s.with_field_prefix("/batch/" + std::to_string(index)));
    }
    return out;
  };
  GX_CO_ASSIGN_OR_RETURN(auto written, co_await ctx.write(job));
  for (auto& [index, result] : written) results[index] = std::move(result);

  Json items = Json::array();
  int64_t failed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    if (const auto* outcome = std::get_if<domain::EventOutcome>(&results[i])) {
      Json j = render_event_outcome(*outcome);
      j["index"] = i;
      items.push_back(std::move(j));
    } else {
      ++failed;
      items.push_back({{"index", i}, {"error", problem_json(std::get<Status>(results[i]))}});
    }
  }
  co_return ok(Json{{"results", std::move(items)}, {"failed", failed}});
}

constexpr RouteSpec kEventRoutes[] = {
    {Method::kPost, "/api/v1/identify", "events.write", identify, BodyKind::kJson},
    {Method::kPost, "/api/v1/track", "events.write", track, BodyKind::kJson},
    {Method::kPost, "/api/v1/batch", "events.write", batch, BodyKind::kJsonBatch},
};

}  // namespace

Status add_event_routes(Router& router) {
  for (const RouteSpec& r : kEventRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
