#include "domain/customer360.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>

#include "domain/customers.hpp"
#include "domain/internal.hpp"
#include "domain/orders.hpp"
#include "store/activity_table.hpp"
#include "store/customers_table.hpp"
#include "store/orders_table.hpp"
#include "store/outbox_table.hpp"
#include "store/service_table.hpp"

namespace guanxi::domain {

namespace {

std::string encode_cursor(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> decode_cursor(std::string_view cursor) {
  std::string out(cursor.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), cursor.data(),
                        cursor.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    Location loc;
    loc.field = "cursor";
    return Status::invalid("malformed cursor", loc);
  }
  out.resize(len);
  return out;
}

bool all_phone_chars(std::string_view s) {
  int digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '+' && c != ' ' && c != '-')
      return false;
  }
  return digits >= 3;
}

std::string digits_of(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// Tickets, and the timeline of orders, interactions, tickets and messages.
Status read_service_history(ReadContext& ctx, CustomerId live, const Customer360Options& options,
                            Customer360& out) {
  GX_ASSIGN_OR_RETURN(auto tickets, store::customer_tickets(ctx.db, ctx.shop.id, live,
                                                            std::max(options.tickets, 0)));
  for (const auto& t : tickets) {
    TicketBrief b;
    b.id = t.id;
    b.subject = t.subject;
    b.type = t.type;
    b.channel = t.channel;
    b.priority = t.priority;
    b.status = t.status;
    b.sla_state = t.sla_state;
    b.assignee_agent_id = t.assignee_agent_id;
    b.created_at = from_millis(t.created_at);
    b.resolved_at = internal::opt_time(t.resolved_at);
    out.tickets.push_back(std::move(b));
  }
  auto& line = out.timeline;
  for (const auto& o : out.recent_orders) {
    line.push_back({"order", o.id, o.created_at.value_or(o.paid_at.value_or(Timestamp{})),
                    o.external_id, std::string(order_status_name(o.status))});
  }
  for (const auto& n : out.notes) {
    line.push_back(
        {"interaction", n.id, n.occurred_at, std::string(note_type_name(n.type)), n.summary});
  }
  for (const auto& t : out.tickets)
    line.push_back({"ticket", t.id, t.created_at, t.subject, t.status});
  GX_ASSIGN_OR_RETURN(auto messages,
                      store::customer_messages(ctx.db, ctx.shop.id, live, options.timeline));
  for (const auto& m : messages) {
    line.push_back({"message", m.id, from_millis(m.created_at), m.channel, m.status});
  }
  std::stable_sort(line.begin(), line.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at > b.at; });
  if (line.size() > static_cast<size_t>(std::max(options.timeline, 0)))
    line.resize(static_cast<size_t>(std::max(options.timeline, 0)));
  return Status::ok();
}

}  // namespace

Result<OrderStats> order_stats(ReadContext& ctx, CustomerId id) {
  GX_ASSIGN_OR_RETURN(auto a, store::order_aggregates(ctx.db, id));
  OrderStats s;
  s.order_count = a.order_count;
  s.purchase_count = a.purchase_count;
  s.total_paid = a.total_paid;
  s.total_refunded = a.total_refunded;
  s.net_revenue = a.net_revenue;
  s.refund_count = a.refund_count;
  s.average_order_value = a.purchase_count > 0 ? a.total_paid / a.purchase_count : 0;
  if (a.first_order_at) s.first_order_at = from_millis(*a.first_order_at);
  if (a.last_order_at) {
    s.last_order_at = from_millis(*a.last_order_at);
    s.days_since_last_order = ctx.zone.days_between(*s.last_order_at, ctx.clock.now());
  }
  return s;
}

Result<Customer360> customer_360(ReadContext& ctx, CustomerId id,
                                 const Customer360Options& options) {
  Customer360 out;
  out.requested_id = id;
  GX_ASSIGN_OR_RETURN(out.profile, get_customer(ctx, id));
  const CustomerId live = out.profile.id;
  GX_ASSIGN_OR_RETURN(auto identities, store::list_identities(ctx.db, live));
  for (const auto& r : identities) {
    auto type = parse_identity_type(r.type);
    if (type.ok()) out.identities.push_back({*type, r.value});
  }
  GX_ASSIGN_OR_RETURN(out.stats, order_stats(ctx, live));
  GX_ASSIGN_OR_RETURN(out.recent_orders, list_customer_orders(ctx, live, options.recent_orders));
  GX_ASSIGN_OR_RETURN(out.notes, list_notes(ctx, live, options.notes));
  GX_ASSIGN_OR_RETURN(out.tags, list_tags(ctx, live));
  GX_RETURN_IF_ERROR(read_service_history(ctx, live, options, out));
  GX_ASSIGN_OR_RETURN(auto merges, store::list_merges(ctx.db, ctx.shop.id, live));
  for (const auto& m : merges) {
    Json details = Json::parse(m.details, nullptr, false);
    out.merges.push_back({m.survivor_id, m.merged_id, m.actor, m.reason,
                          details.is_discarded() ? Json::object() : details,
                          from_millis(m.created_at)});
    if (m.survivor_id == live) out.merged_ids.push_back(m.merged_id);
  }
  return out;
}

namespace {

// A query as a store filter (cursor, sort and limit aside). `order_ids` is
// set when the search is an order number: those customers (then filtered by
// the query's id restriction); `none` when nothing can match (an unknown tag).
struct PreparedQuery {
  store::CustomerListFilter f;
  std::optional<std::vector<CustomerId>> order_ids;
  bool none = false;
};

Result<PreparedQuery> prepare_query(ReadContext& ctx, const CustomerQuery& query) {
  PreparedQuery p;
  store::CustomerListFilter& f = p.f;
  f.shop_id = ctx.shop.id;
  f.restrict_ids = query.restrict_ids;
  f.only_ids = query.only_ids;
  if (query.tag) {
    GX_ASSIGN_OR_RETURN(auto tag_id, store::find_tag(ctx.db, ctx.shop.id, *query.tag));
    if (!tag_id) {
      p.none = true;
      return p;
    }
    f.tag_id = *tag_id;
  }
  const std::string& search = query.search;
  if (search.empty()) return p;
  const std::string digits = digits_of(search);
  const bool looks_like_order =
      (search.front() == '#') ||
      (all_phone_chars(search) && digits.size() > 11 && search.front() != '+');
  if (looks_like_order) {
    GX_ASSIGN_OR_RETURN(auto ids,
                        store::find_customers_by_order_number(ctx.db, ctx.shop.id, search));
    if (query.restrict_ids) {
      std::erase_if(ids, [&](CustomerId id) {
        return !std::binary_search(query.only_ids.begin(), query.only_ids.end(), id);
      });
    }
    p.order_ids = std::move(ids);
    return p;
  }
  if (search.find('@') != std::string::npos) {
    f.identity_type = "email";
    f.identity_prefix = search;
    for (auto& ch : f.identity_prefix)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  } else if (all_phone_chars(search)) {
    f.identity_type = "phone";
    if (search.front() == '+')
      f.identity_prefix = "+" + digits;
    else if (digits.starts_with("86") && digits.size() == 13)
      f.identity_prefix = "+" + digits;
    else if (digits.front() == '0')
      f.identity_prefix = "+86" + digits.substr(1);
    else
      f.identity_prefix = "+86" + digits;
  } else {
    f.name_prefix = search;
  }
  return p;
}

}  // namespace

std::string customer_id_cursor(CustomerId after) {
  return encode_cursor(std::to_string(after));
}

Result<CustomerId> parse_customer_id_cursor(std::string_view cursor) {
  GX_ASSIGN_OR_RETURN(std::string raw, decode_cursor(cursor));
  int64_t after = 0;
  const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), after);
  if (ec != std::errc() || ptr != raw.data() + raw.size()) {
    Location loc;
    loc.field = "cursor";
    return Status::invalid("malformed cursor", loc);
  }
  return after;
}

Result<CustomerPage> list_customers(ReadContext& ctx, const CustomerQuery& query) {
  if (query.limit < 1 || query.limit > 500) {
    Location loc;
    loc.field = "limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  if (query.sort != "id" && query.sort != "name" && query.sort != "created_at" &&
      query.sort != "updated_at") {
    Location loc;
    loc.field = "sort";
    return Status::invalid("sort must be one of id, name, created_at, updated_at", loc);
  }
  GX_ASSIGN_OR_RETURN(PreparedQuery p, prepare_query(ctx, query));
  if (p.none) return CustomerPage{};
  if (p.order_ids) {
    CustomerPage page;
    for (CustomerId cid : *p.order_ids) {
      auto c = get_customer(ctx, cid);
      if (c.ok()) page.customers.push_back(std::move(*c));
    }
    return page;
  }
  store::CustomerListFilter& f = p.f;
  f.sort = query.sort;
  f.descending = query.descending;
  f.limit = query.limit + 1;  // one more tells whether another page exists
  if (!query.cursor.empty()) {
    GX_ASSIGN_OR_RETURN(std::string raw, decode_cursor(query.cursor));
    const size_t sep = raw.find(':');
    const std::string id_text = raw.substr(0, sep);
    int64_t after = 0;
    const auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), after);
    if (ec != std::errc() || ptr != id_text.data() + id_text.size()) {
      Location loc;
      loc.field = "cursor";
      return Status::invalid("malformed cursor", loc);
    }
    f.after_id = after;
    if (sep != std::string::npos) f.after_key = raw.substr(sep + 1);
  }

  GX_ASSIGN_OR_RETURN(auto recs, store::list_customers(ctx.db, f));
  CustomerPage page;
  const bool more = recs.size() > static_cast<size_t>(query.limit);
  if (more) recs.pop_back();
  for (const auto& r : recs) page.customers.push_back(internal::to_customer(r));
  if (more && !recs.empty()) {
    const auto& last = recs.back();
    std::string raw = std::to_string(last.id);
    if (f.sort == "name")
      raw += ":" + last.name;
    else if (f.sort == "created_at")
      raw += ":" + std::to_string(last.created_at);
    else if (f.sort == "updated_at")
      raw += ":" + std::to_string(last.updated_at);
    page.next_cursor = encode_cursor(raw);
  }
  return page;
}

Result<int64_t> count_customers(ReadContext& ctx, const CustomerQuery& query) {
  GX_ASSIGN_OR_RETURN(PreparedQuery p, prepare_query(ctx, query));
  if (p.none) return int64_t{0};
  if (p.order_ids) return static_cast<int64_t>(p.order_ids->size());
  return store::count_matching_customers(ctx.db, p.f);
}

Result<std::vector<CustomerContact>> customer_contacts(ReadContext& ctx,
                                                       std::span<const CustomerId> ids) {
  std::vector<CustomerContact> out(ids.size());
  GX_ASSIGN_OR_RETURN(auto identities, store::list_contact_identities(ctx.db, ids));
  size_t at = 0;  // identities come grouped by customer, in the order of `ids`
  for (const auto& i : identities) {
    while (at < ids.size() && ids[at] != i.customer_id) ++at;
    if (at == ids.size()) break;
    std::string& slot = i.type == "phone" ? out[at].phone : out[at].email;
    if (slot.empty()) slot = i.value;
  }
  return out;
}

}  // namespace guanxi::domain
