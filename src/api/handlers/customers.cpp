// /api/v1/customers: list, create, the 360, patch, merge, lookup by identity,
// a customer's orders.
#include "domain/customers.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "api/auth.hpp"
#include "api/customer_export.hpp"
#include "api/customer_filters.hpp"
#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/pii.hpp"
#include "api/render.hpp"
#include "api/render_care.hpp"
#include "api/url.hpp"
#include "domain/audit.hpp"
#include "domain/customer360.hpp"
#include "domain/loyalty.hpp"
#include "domain/orders.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::api::handlers {

namespace {

constexpr size_t kMaxMergeOthers = 100;
constexpr int kRecentMessages = 10;  // messages shown in the 360

std::string customer_location(int64_t id) {
  return "/api/v1/customers/" + std::to_string(id);
}

// The domain names query-derived fields bare ("limit"); on this route they are
// query parameters.
Status as_query_error(Status s) {
  const std::string& field = s.location().field;
  if (field.empty() || field.front() == '/' || field.front() == '?') return s;
  Location loc = s.location();
  loc.field = "?" + field;
  return s.with_location(loc);
}

// The segment engine's models of a customer as of today: {as_of, rfm: {r, f,
// m, group, group_en} | null, abc, gold, drag, lifecycle}; null when the
// engine is not running or does not hold the customer.
Result<Json> render_models(RequestContext& ctx, int64_t id) {
  segment::SegmentEngine* engine = ctx.app().segments();
  if (engine == nullptr) return Json(nullptr);
  GX_ASSIGN_OR_RETURN(auto models, engine->customer_models(ctx.shop().shop.id, id));
  if (!models) return Json(nullptr);
  Json rfm = nullptr;
  if (models->rfm_r != 0) {
    rfm = {{"r", models->rfm_r},
           {"f", models->rfm_f},
           {"m", models->rfm_m},
           {"group", models->rfm_group},
           {"group_en", models->rfm_group_en}};
  }
  return Json{{"as_of", format_day_number(models->as_of_day)},
              {"rfm", std::move(rfm)},
              {"abc", models->abc.empty() ? Json(nullptr) : Json(models->abc)},
              {"gold", models->gold},
              {"drag", models->drag},
              {"lifecycle", models->lifecycle}};
}

// The 360 and, under "loyalty", the points balance and usable coupons (one snapshot).
Result<Json> read_360(RequestContext& ctx, int64_t id) {
  struct View {
    domain::Customer360 c360;
    domain::CustomerLoyalty loyalty;
    std::vector<store::MessageRecord> messages;
  };
  GX_ASSIGN_OR_RETURN(auto view, ctx.read([&](domain::ReadContext& r) -> Result<View> {
    GX_ASSIGN_OR_RETURN(auto c360, domain::customer_360(r, id));
    GX_ASSIGN_OR_RETURN(auto loyalty, domain::customer_loyalty(r, c360.profile.id));
    GX_ASSIGN_OR_RETURN(
        auto messages, store::customer_messages(r.db, r.shop.id, c360.profile.id, kRecentMessages));
    return View{std::move(c360), loyalty, std::move(messages)};
  }));
  Json body = render_customer_360(view.c360, ctx.shop().shop, ctx.shop().zone);
  body["loyalty"] = {{"points", view.loyalty.points}, {"coupons", view.loyalty.coupons}};
  // The latest messages (the whole log: /customers/{id}/messages).
  Json& messages = body["messages"] = Json::array();
  for (const auto& m : view.messages) messages.push_back(render_message(m, ctx.shop().zone, true));
  GX_ASSIGN_OR_RETURN(body["intelligence"], render_models(ctx, view.c360.profile.id));
  mask_pii_for(ctx.principal(), body);
  return body;
}

// List items: the profile and the first phone and e-mail, masked without pii.view.
Result<Json> render_list_items(RequestContext& ctx,
                               const std::vector<domain::Customer>& customers) {
  std::vector<int64_t> ids;
  ids.reserve(customers.size());
  for (const auto& c : customers) ids.push_back(c.id);
  GX_ASSIGN_OR_RETURN(auto contacts, ctx.read([&](domain::ReadContext& r) {
    return domain::customer_contacts(r, ids);
  }));
  Json items = Json::array();
  for (size_t i = 0; i < customers.size(); ++i) {
    Json item = render_customer(customers[i], ctx.shop().zone);
    const auto& contact = contacts[i];
    item["phone"] = contact.phone.empty() ? Json(nullptr) : Json(contact.phone);
    item["email"] = contact.email.empty() ? Json(nullptr) : Json(contact.email);
    items.push_back(std::move(item));
  }
  mask_pii_for(ctx.principal(), items);
  return items;
}

// ?q, tag, tier, lifecycle, segment (see customer_filters.hpp), sort, order,
// cursor, limit. Tier, lifecycle and segment are answered by the segment
// engine and list by ascending id.
awaitable<Response> list_customers(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  CustomerFilters filters = read_customer_filters(qp);
  const auto sort = qp.one_of("sort", {"id", "name", "created_at", "updated_at"});
  const auto order = qp.one_of("order", {"asc", "desc"});
  const std::string cursor = qp.string("cursor").value_or("");
  const int limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  segment::SegmentEngine* engine = ctx.app().segments();
  GX_CO_RETURN_IF_ERROR(resolve_customer_filters(ctx, engine, filters));
  std::vector<domain::Customer> customers;
  std::string next_cursor;
  std::optional<int64_t> total;
  if (filters.rule) {
    if (sort.value_or("id") != "id" || order.value_or("asc") != "asc") {
      Location loc;
      loc.field = "?sort";
      co_return problem_response(Status::invalid(
          "filters by tier, lifecycle or segment list by ascending id (sort=id, order=asc)", loc));
    }
    GX_CO_ASSIGN_OR_RETURN(auto page,
                           list_filtered_customers(ctx, *engine, filters, cursor, limit));
    customers = std::move(page.customers);
    next_cursor = std::move(page.next_cursor);
    total = page.total;
  } else {
    domain::CustomerQuery query = store_query(filters);
    query.sort = sort.value_or("id");
    query.descending = order.value_or("asc") == "desc";
    query.cursor = cursor;
    query.limit = limit;
    auto page = ctx.read([&](domain::ReadContext& r) { return domain::list_customers(r, query); });
    if (!page.ok()) co_return problem_response(as_query_error(page.status()));
    customers = std::move(page->customers);
    next_cursor = std::move(page->next_cursor);
  }
  GX_CO_ASSIGN_OR_RETURN(Json items, render_list_items(ctx, customers));
  Json body = items_of(std::move(items));
  body["next_cursor"] = next_cursor.empty() ? Json(nullptr) : Json(next_cursor);
  if (total) body["total"] = *total;
  co_return ok(body);
}

// ?format=csv (the only one), ?headers=en|zh, and the list's filters: every
// matching customer as CSV, streamed. Needs customers.export (the route's
// permission); phones and e-mails are masked without pii.view. The export is
// audited (action "export", object "customers") before the first row, with
// the filters, the row count (also sent as X-Total-Count, for progress) and
// whether personal data was included.
awaitable<Response> export_customers(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  CustomerFilters filters = read_customer_filters(qp);
  const std::string format = qp.one_of("format", {"csv"}).value_or("csv");
  const auto headers = qp.one_of("headers", {"en", "zh"}).value_or("en") == "zh"
                           ? CsvHeaders::kChinese
                           : CsvHeaders::kEnglish;
  GX_CO_RETURN_IF_ERROR(qp.finish());
  segment::SegmentEngine* engine = ctx.app().segments();
  GX_CO_RETURN_IF_ERROR(resolve_customer_filters(ctx, engine, filters));
  std::vector<int64_t> ids;
  int64_t total = 0;
  if (filters.rule) {
    GX_CO_ASSIGN_OR_RETURN(ids, engine->members(ctx.shop().shop.id, *filters.rule, std::nullopt));
    if (filters.search.empty() && !filters.tag) {
      total = static_cast<int64_t>(ids.size());
    } else {
      // The store's filters narrow the engine's result: count them chunk by chunk.
      GX_CO_ASSIGN_OR_RETURN(total, ctx.read([&](domain::ReadContext& r) -> Result<int64_t> {
        int64_t n = 0;
        constexpr size_t kCountChunk = 5'000;
        for (size_t at = 0; at < ids.size(); at += kCountChunk) {
          domain::CustomerQuery q = store_query(filters);
          q.restrict_ids = true;
          q.only_ids =
              std::span<const int64_t>(ids).subspan(at, std::min(kCountChunk, ids.size() - at));
          GX_ASSIGN_OR_RETURN(const int64_t part, domain::count_customers(r, q));
          n += part;
        }
        return n;
      }));
    }
  } else {
    const domain::CustomerQuery q = store_query(filters);
    GX_CO_ASSIGN_OR_RETURN(
        total, ctx.read([&](domain::ReadContext& r) { return domain::count_customers(r, q); }));
  }
  const bool pii = can_view_pii(ctx.principal());
  auto audit = [detail = Json{{"filters", filters.describe()},
                              {"rows", total},
                              {"pii", pii},
                              {"format", format}}](domain::WriteContext& w) {
    return domain::record_audit(w, domain::AuditEntry{"export", "customers", "", detail, ""});
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(audit));
  spdlog::info("customers of shop {} exported by {}: {} rows, personal data {}", ctx.shop().shop.id,
               ctx.principal().actor, total, pii ? "included" : "masked");
  GX_CO_ASSIGN_OR_RETURN(store::Connection * reader, ctx.reader());
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"customers.csv\"");
  r.headers.emplace_back("X-Total-Count", std::to_string(total));
  r.stream = std::make_shared<CustomerCsvStream>(*reader, ctx.app().clock(), ctx.shop(),
                                                 std::move(filters), std::move(ids), !pii, headers);
  co_return r;
}

awaitable<Response> create_customer(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_customer_input(ctx.body(), "", CustomerBody::kCreate));
  auto job = [input = std::move(input)](domain::WriteContext& w) {
    return domain::create_customer(w, input);
  };
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, co_await ctx.write(job));
  GX_CO_ASSIGN_OR_RETURN(Json body, read_360(ctx, id));
  co_return created(body, customer_location(id));
}

awaitable<Response> get_customer(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(Json body, read_360(ctx, id));
  co_return ok(body);
}

awaitable<Response> patch_customer(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto patch, read_customer_input(ctx.body(), "", CustomerBody::kPatch));
  auto job = [id, patch = std::move(patch)](domain::WriteContext& w) {
    return domain::patch_customer(w, id, patch);
  };
  GX_CO_ASSIGN_OR_RETURN(auto upsert, co_await ctx.write(job));
  GX_CO_ASSIGN_OR_RETURN(Json body, read_360(ctx, upsert.customer_id));
  body["outcome"] = outcome_name(upsert.outcome);
  co_return ok(body);
}

struct MergeRequest {
  int64_t survivor = 0;
  std::vector<int64_t> others;
  std::string reason;
};

// {"others": [ids], "reason": "..."} and, when `survivor` is null, also
// "survivor": id.
Result<MergeRequest> read_merge(const Json& body, const int64_t* survivor) {
  MergeRequest m;
  JsonFields f(body);
  if (survivor != nullptr) {
    m.survivor = *survivor;
  } else if (const auto s = f.int64("survivor", JsonFields::Need::kRequired)) {
    if (*s <= 0) f.fail("survivor", "'survivor' must be a positive integer id");
    m.survivor = *s;
  }
  const Json* others = f.array("others", JsonFields::Need::kRequired);
  m.reason = f.string("reason").value_or("");
  GX_RETURN_IF_ERROR(f.finish());
  if (others->empty() || others->size() > kMaxMergeOthers) {
    Location loc;
    loc.field = "/others";
    return Status::invalid("'others' must list 1 to " + std::to_string(kMaxMergeOthers) + " ids",
                           loc);
  }
  for (size_t i = 0; i < others->size(); ++i) {
    const Json& v = (*others)[i];
    if (!v.is_number_integer() || v.get<int64_t>() <= 0 ||
        (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
      Location loc;
      loc.field = "/others/" + std::to_string(i);
      return Status::invalid("customer ids must be positive integers", loc);
    }
    m.others.push_back(v.get<int64_t>());
  }
  return m;
}

awaitable<Response> merge(RequestContext& ctx, const int64_t* survivor) {
  GX_CO_ASSIGN_OR_RETURN(MergeRequest m, read_merge(ctx.body(), survivor));
  auto job = [m = std::move(m)](domain::WriteContext& w) -> Result<domain::MergeOutcome> {
    GX_ASSIGN_OR_RETURN(auto outcome, domain::merge_customers(w, m.survivor, m.others, m.reason));
    domain::AuditEntry audit{"merge", "customer", std::to_string(m.survivor),
                             Json{{"others", m.others}, {"reason", m.reason}}, ""};
    GX_RETURN_IF_ERROR(domain::record_audit(w, audit));
    return outcome;
  };
  GX_CO_ASSIGN_OR_RETURN(auto outcome, co_await ctx.write(job));
  co_return ok(render_merge(outcome));
}

awaitable<Response> merge_into(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  co_return co_await merge(ctx, &id);
}

awaitable<Response> merge_with_survivor(RequestContext& ctx) {
  co_return co_await merge(ctx, nullptr);
}

// ?phone=… | ?email=… | ?type=…&value=…
Result<domain::IdentityInput> read_lookup(QueryParams& qp) {
  const auto phone = qp.string("phone");
  const auto email = qp.string("email");
  const auto type = qp.string("type");
  const auto value = qp.string("value");
  GX_RETURN_IF_ERROR(qp.finish());
  const int forms = (phone ? 1 : 0) + (email ? 1 : 0) + (type || value ? 1 : 0);
  Location loc;
  loc.field = "?type";
  if (forms != 1 || (type.has_value() != value.has_value())) {
    return Status::invalid("give exactly one of phone, email, or type and value", loc);
  }
  if (phone) return domain::IdentityInput{domain::IdentityType::kPhone, *phone};
  if (email) return domain::IdentityInput{domain::IdentityType::kEmail, *email};
  auto parsed = domain::parse_identity_type(*type);
  if (!parsed.ok()) return parsed.status().with_location(loc);
  return domain::IdentityInput{*parsed, *value};
}

awaitable<Response> lookup(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  GX_CO_ASSIGN_OR_RETURN(const domain::IdentityInput identity, read_lookup(qp));
  GX_CO_ASSIGN_OR_RETURN(auto owner, ctx.read([&](domain::ReadContext& r) {
    return domain::find_customer_by_identity(r, identity);
  }));
  if (!owner) co_return problem_response(Status::not_found("no customer has this identity"));
  GX_CO_ASSIGN_OR_RETURN(Json body, read_360(ctx, *owner));
  co_return ok(body);
}

awaitable<Response> customer_orders(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const auto before = qp.int64("before", 1, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, 100).value_or(20));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto orders, ctx.read([&](domain::ReadContext& r) {
    return domain::list_customer_orders(r, id, limit, before);
  }));
  Json items = Json::array();
  for (const auto& o : orders) items.push_back(render_order(o, ctx.shop().zone));
  mask_pii_for(ctx.principal(), items);
  Json body = items_of(std::move(items));
  const bool more = orders.size() == static_cast<size_t>(limit);
  body["next_before"] = more ? Json(orders.back().id) : Json(nullptr);
  co_return ok(body);
}

// The unmasked personal data of a customer (identities and the receivers of
// recent orders) for a caller who sees it masked; audited as pii.reveal.
awaitable<Response> reveal(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto c360, ctx.read([id](domain::ReadContext& r) { return domain::customer_360(r, id); }));
  Json identities = Json::array();
  for (const auto& i : c360.identities) identities.push_back(render_identity(i));
  Json receivers = Json::array();
  for (const auto& o : c360.recent_orders) {
    receivers.push_back(Json{{"order_id", o.id},
                             {"receiver_phone", o.receiver_phone},
                             {"receiver_address", o.receiver_address}});
  }
  const int64_t customer = c360.profile.id;
  auto job = [customer](domain::WriteContext& w) {
    return domain::record_audit(
        w, domain::AuditEntry{"pii.reveal", "customer", std::to_string(customer),
                              Json{{"fields", {"identities", "receivers"}}}, ""});
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(Json{{"customer_id", customer},
                    {"identities", std::move(identities)},
                    {"receivers", std::move(receivers)}});
}

constexpr RouteSpec kCustomerRoutes[] = {
    {Method::kGet, "/api/v1/customers", "customers.read", list_customers},
    {Method::kPost, "/api/v1/customers", "customers.write", create_customer, BodyKind::kJson},
    {Method::kGet, "/api/v1/customers/lookup", "customers.read", lookup},
    {Method::kGet, "/api/v1/customers/export", "customers.export", export_customers},
    {Method::kPost, "/api/v1/customers/merge", "customers.merge", merge_with_survivor,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/customers/{id}", "customers.read", get_customer},
    {Method::kPatch, "/api/v1/customers/{id}", "customers.write", patch_customer, BodyKind::kJson},
    {Method::kPost, "/api/v1/customers/{id}/merge", "customers.merge", merge_into, BodyKind::kJson},
    {Method::kGet, "/api/v1/customers/{id}/orders", "orders.read", customer_orders},
    {Method::kPost, "/api/v1/customers/{id}/reveal", "customers.read", reveal},
};

}  // namespace

Status add_customer_routes(Router& router) {
  for (const RouteSpec& r : kCustomerRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
