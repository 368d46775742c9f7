// Bulk reads for the segment engine's feature store: everything it keeps per
// customer, streamed in customer-id order for either a range of ids (the
// rebuild at start walks the shop in chunks) or an explicit list (the
// incremental refresh of the customers a batch of changes touched).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// Which customers of a shop to read: ids in [lo, hi], or exactly `ids`.
struct CustomerSelection {
  int64_t shop_id = 0;
  int64_t lo = 0;
  int64_t hi = 0;
  std::vector<int64_t> ids;  // when non-empty, lo/hi are ignored
};

struct FeatureProfileRow {
  int64_t id = 0;
  bool merged = false;
  std::string_view gender;
  std::optional<std::string_view> birthday;  // "YYYY-MM-DD" or "--MM-DD"
  std::string_view province;
  std::string_view city;
  std::string_view source_channel;
  std::optional<int64_t> signup_at;
  std::string_view consent_sms;
  std::string_view consent_email;
  std::string_view consent_wechat;
  std::string_view tier;
  std::string_view attributes;  // JSON object
  int64_t points_balance = 0;
};

struct FeatureOrderRow {
  int64_t customer_id = 0;
  int64_t order_id = 0;
  std::string_view status;
  bool paid = false;     // paid_at IS NOT NULL
  int64_t dated_at = 0;  // COALESCE(created_at, paid_at, inserted_at), UTC ms
  int64_t paid_amount = 0;
  int64_t refunded_amount = 0;
};

struct FeatureItemRow {
  int64_t customer_id = 0;
  int64_t order_id = 0;
  std::string_view sku;
  std::string_view category;
  std::string_view product_name;
};

struct FeatureEventRow {
  int64_t customer_id = 0;
  std::string_view name;
  int64_t occurred_at = 0;
};

// A note: one interaction (call, visit, chat, email, other) with the customer.
struct FeatureNoteRow {
  int64_t customer_id = 0;
  int64_t note_id = 0;
  int64_t occurred_at = 0;  // UTC ms
};

struct FeatureLabelRow {
  int64_t customer_id = 0;
  std::string_view label;  // tag name or identity type
};

// Each scan calls `row` once per row, ordered by customer id; the views are
// valid only during the call.
Status scan_feature_profiles(Connection& db, const CustomerSelection& sel,
                             const std::function<void(const FeatureProfileRow&)>& row);
Status scan_feature_orders(Connection& db, const CustomerSelection& sel,
                           const std::function<void(const FeatureOrderRow&)>& row);
// Items of all orders of the selection (the caller knows which orders are purchases).
Status scan_feature_items(Connection& db, const CustomerSelection& sel,
                          const std::function<void(const FeatureItemRow&)>& row);
// Track events (kind 'track') attached to a customer.
Status scan_feature_events(Connection& db, const CustomerSelection& sel,
                           const std::function<void(const FeatureEventRow&)>& row);
// Notes of the selection (every type), for the contact-recency features.
Status scan_feature_notes(Connection& db, const CustomerSelection& sel,
                          const std::function<void(const FeatureNoteRow&)>& row);
Status scan_feature_tags(Connection& db, const CustomerSelection& sel,
                         const std::function<void(const FeatureLabelRow&)>& row);
Status scan_feature_identities(Connection& db, const CustomerSelection& sel,
                               const std::function<void(const FeatureLabelRow&)>& row);
// The largest customer id of the shop (0 when it has none).
Result<int64_t> max_customer_id(Connection& db, int64_t shop);

}  // namespace guanxi::store
