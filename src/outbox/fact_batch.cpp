#include "outbox/fact_batch.hpp"

#include <algorithm>

#include "store/care_scan.hpp"

namespace guanxi::outbox {

namespace {

int type_index(std::string_view type) {
  if (type == "phone") return 0;
  if (type == "email") return 1;
  if (type == "wechat_openid") return 2;
  return -1;
}

}  // namespace

int FactBatch::channel_index(std::string_view channel) {
  for (size_t i = 0; i < kChannels.size(); ++i) {
    if (kChannels[i] == channel) return static_cast<int>(i);
  }
  return -1;
}

bool FactBatch::worth_loading(std::span<const int64_t> customers) {
  if (customers.size() < 64) return false;
  const auto [lo, hi] = std::minmax_element(customers.begin(), customers.end());
  const auto span = static_cast<uint64_t>(*hi - *lo) + 1;
  return span / 8 < customers.size();
}

Result<FactBatch> FactBatch::load(store::Connection& db, int64_t shop,
                                  std::span<const int64_t> customers, int64_t due_from,
                                  int64_t due_until, std::optional<int64_t> journey) {
  FactBatch b;
  b.shop_ = shop;
  b.from_ = due_from;
  b.until_ = due_until;
  b.journey_ = journey;
  if (customers.empty()) return b;
  const auto [lo_it, hi_it] = std::minmax_element(customers.begin(), customers.end());
  const int64_t lo = *lo_it;
  const int64_t hi = *hi_it;
  b.facts_.reserve(customers.size());
  for (int64_t c : customers) b.facts_.try_emplace(c);
  auto entry = [&b](int64_t c) -> Facts* {
    auto it = b.facts_.find(c);
    return it == b.facts_.end() ? nullptr : &it->second;
  };
  GX_RETURN_IF_ERROR(
      store::scan_customer_facts(db, shop, lo, hi, [&](const store::CustomerRowFacts& row) {
        Facts* f = entry(row.customer);
        if (f == nullptr) return;
        f->live = row.live;
        f->name = row.name;
        f->tier = row.tier;
        f->points = row.points;
        f->consent = {std::string(row.consent_sms), std::string(row.consent_email),
                      std::string(row.consent_wechat)};
      }));
  GX_RETURN_IF_ERROR(store::scan_address_identities(
      db, shop, lo, hi,
      [&](int64_t customer, std::string_view type, std::string_view value, bool suppressed) {
        Facts* f = entry(customer);
        const int i = type_index(type);
        if (f == nullptr || i < 0) return;
        const auto k = static_cast<size_t>(i);
        if (!f->address[k].empty()) return;  // rows come first-identity first
        f->address[k] = value;
        f->suppressed[k] = suppressed;
      }));
  GX_RETURN_IF_ERROR(store::scan_live_messages(
      db, lo, hi, due_from, due_until, [&](const store::LiveMessageRow& row) {
        Facts* f = entry(row.customer);
        if (f == nullptr) return;
        f->sent.push_back(
            Sent{std::string(row.channel), std::string(row.klass), row.template_id, row.due_at});
      }));
  if (journey) {
    GX_RETURN_IF_ERROR(store::scan_journey_runs(
        db, *journey, lo, hi, [&](int64_t customer, std::string_view occurrence, int64_t started) {
          if (Facts* f = entry(customer)) {
            f->last_run_start = std::max(f->last_run_start.value_or(started), started);
            f->occurrences.emplace_back(occurrence);
          }
        }));
  }
  return b;
}

const FactBatch::Facts* FactBatch::find(int64_t customer) const {
  auto it = facts_.find(customer);
  return it == facts_.end() ? nullptr : &it->second;
}

void FactBatch::note_enqueued(int64_t customer, std::string_view channel, std::string_view klass,
                              std::optional<int64_t> template_id, int64_t due_at) {
  auto it = facts_.find(customer);
  if (it == facts_.end()) return;
  it->second.sent.push_back(Sent{std::string(channel), std::string(klass), template_id, due_at});
}

void FactBatch::note_run(int64_t customer, std::string_view occurrence, int64_t started) {
  auto it = facts_.find(customer);
  if (it == facts_.end()) return;
  Facts& f = it->second;
  f.last_run_start = std::max(f.last_run_start.value_or(started), started);
  f.occurrences.emplace_back(occurrence);
}

bool FactBatch::Facts::entered(std::string_view occurrence) const {
  return std::find(occurrences.begin(), occurrences.end(), occurrence) != occurrences.end();
}

void FactBatch::forget(int64_t customer) {
  facts_.erase(customer);
}

}  // namespace guanxi::outbox
