// The customer 360: everything Guanxi knows about one person, in one read.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/activity.hpp"
#include "domain/context.hpp"

namespace guanxi::domain {

struct OrderStats {
  int64_t order_count = 0;     // every order, whatever its status
  int64_t purchase_count = 0;  // paid and not cancelled / fully refunded
  int64_t total_paid = 0;      // minor units, over purchases
  int64_t total_refunded = 0;  // minor units, over all orders
  int64_t net_revenue = 0;     // total_paid - refunds on purchases
  int64_t refund_count = 0;
  int64_t average_order_value = 0;  // total_paid / purchase_count (integer division), 0 when none
  std::optional<Timestamp> first_order_at;
  std::optional<Timestamp> last_order_at;
  std::optional<int64_t> days_since_last_order;  // shop-local calendar days
};

struct MergeEntry {
  CustomerId survivor = 0;
  CustomerId merged = 0;
  std::string actor;
  std::string reason;
  Json details;
  Timestamp at{};
};

// A ticket as the 360 shows it (the service desk owns the full record).
struct TicketBrief {
  int64_t id = 0;
  std::string subject;
  std::string type;
  std::string channel;
  std::string priority;
  std::string status;
  std::string sla_state;
  std::optional<int64_t> assignee_agent_id;
  Timestamp created_at{};
  std::optional<Timestamp> resolved_at;
};

// One line of the customer's timeline: an order, an interaction (note), a
// ticket or a message sent, newest first.
struct TimelineEntry {
  std::string kind;  // order | interaction | ticket | message
  int64_t id = 0;
  Timestamp at{};
  std::string title;   // order number, note type, ticket subject, message channel
  std::string detail;  // order status, note summary, ticket status, message status
};

struct Customer360 {
  Customer profile;
  std::vector<Identity> identities;
  OrderStats stats;
  std::vector<Order> recent_orders;  // newest first, with items
  std::vector<Note> notes;           // newest first
  std::vector<CustomerTag> tags;
  std::vector<TicketBrief> tickets;     // newest first
  std::vector<TimelineEntry> timeline;  // orders, interactions, tickets, messages; newest first
  std::vector<MergeEntry> merges;
  std::vector<CustomerId> merged_ids;  // ids folded into this profile
  CustomerId requested_id = 0;         // the id asked for (an old id resolves to the survivor)
};

struct Customer360Options {
  int recent_orders = 20;
  int notes = 50;
  int tickets = 20;
  int timeline = 100;
};

// Reads the 360 of a customer; an id that was merged resolves to the survivor.
Result<Customer360> customer_360(ReadContext& ctx, CustomerId id,
                                 const Customer360Options& options = {});
Result<OrderStats> order_stats(ReadContext& ctx, CustomerId id);

struct CustomerQuery {
  std::optional<std::string> tag;
  std::string search;       // name prefix, phone, email or order number
  std::string sort = "id";  // id | name | created_at | updated_at
  bool descending = false;
  std::string cursor;  // opaque, from the previous page
  int limit = 50;      // 1..500
  // With restrict_ids: only customers among only_ids (ascending), e.g. one
  // page of a segment engine result that the other filters then narrow.
  bool restrict_ids = false;
  std::span<const CustomerId> only_ids;
};

struct CustomerPage {
  std::vector<Customer> customers;
  std::string next_cursor;  // empty on the last page
};

Result<CustomerPage> list_customers(ReadContext& ctx, const CustomerQuery& query);
// How many customers the query's filters match (cursor and limit ignored).
Result<int64_t> count_customers(ReadContext& ctx, const CustomerQuery& query);

// The cursor of a list sorted by id whose last row was `after`, and back.
std::string customer_id_cursor(CustomerId after);
Result<CustomerId> parse_customer_id_cursor(std::string_view cursor);

// A customer's first phone and e-mail identity ("" when none).
struct CustomerContact {
  std::string phone;
  std::string email;
};
// The contacts of `ids`, in their order (one indexed read per customer).
Result<std::vector<CustomerContact>> customer_contacts(ReadContext& ctx,
                                                       std::span<const CustomerId> ids);

}  // namespace guanxi::domain
