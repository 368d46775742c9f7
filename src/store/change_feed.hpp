// The change feed: every mutation appends a change (customer_created,
// order_paid, identity_merged, ...) in the same transaction as the records it
// describes, under a monotonically increasing sequence number. Subscribers
// read forward from the last sequence they applied and record it, so after a
// crash each replays exactly what it missed.
#pragma once

#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace guanxi::store {

// Appends a change (seq and created_at as given are ignored/kept: seq is
// assigned). Returns the new sequence number.
Result<int64_t> append_change(Connection& db, const ChangeRecord& change);
// Changes with seq > after, in order, at most limit.
Result<std::vector<ChangeRecord>> read_changes(Connection& db, int64_t after, int limit);
Result<int64_t> last_change_seq(Connection& db);
// Changes concerning one customer, newest first.
Result<std::vector<ChangeRecord>> read_customer_changes(Connection& db, int64_t shop,
                                                        int64_t customer, int limit);

// A subscriber's position: the last sequence it applied (0 when new).
Result<int64_t> subscriber_offset(Connection& db, std::string_view name);
Status set_subscriber_offset(Connection& db, std::string_view name, int64_t seq);

}  // namespace guanxi::store
