#include "api/customer_export.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <span>
#include <utility>

#include "api/auth.hpp"
#include "api/customer_summary.hpp"
#include "api/request_context.hpp"
#include "core/money.hpp"

namespace guanxi::api {

namespace {

// Customers read and sent per step: small enough to keep the io thread
// responsive, large enough that a 10M export is not dominated by the steps.
constexpr size_t kChunk = 500;

// A phone as people write it: a Chinese number without +86.
std::string display_phone(std::string_view phone) {
  if (phone.starts_with("+86") && phone.size() == 14) phone.remove_prefix(3);
  return std::string(phone);
}

}  // namespace

std::string customer_export_header(CsvHeaders headers) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 byte order mark: Excel then reads UTF-8
  out += headers == CsvHeaders::kChinese
             ? "ID,姓名,手机,邮箱,省份,城市,会员等级,订单数,净消费额,积分,最近下单时间,创建时间"
             : "id,name,phone,email,province,city,tier,orders,revenue,points,last_order_at,"
               "created_at";
  out += "\r\n";
  return out;
}

CustomerCsvStream::CustomerCsvStream(store::Connection& reader, const Clock& clock,
                                     const LoadedShop& shop, CustomerFilters filters,
                                     std::vector<int64_t> ids, bool mask_pii, CsvHeaders headers)
    : reader_(reader),
      clock_(clock),
      shop_(shop),
      filters_(std::move(filters)),
      ids_(std::move(ids)),
      mask_pii_(mask_pii),
      headers_(headers) {}

bool CustomerCsvStream::next(std::string& out) {
  if (!started_) {
    started_ = true;
    out += customer_export_header(headers_);
    return true;
  }
  // A step that keeps no row (merged or filtered away) goes on to the next
  // one: an empty step would make the transport wait for a wake-up.
  while (!done_ && out.empty()) {
    if (!append_chunk(out)) done_ = true;
  }
  return !done_;
}

bool CustomerCsvStream::append_chunk(std::string& out) {
  const bool by_rule = filters_.rule.has_value();
  if (by_rule && next_id_ >= ids_.size()) return false;
  ReadTransaction tx(reader_);
  if (!tx.status().is_ok()) {
    spdlog::error("customer export: {}", tx.status().to_string());
    return false;
  }
  domain::ReadContext ctx{reader_, clock_, shop_.shop, shop_.zone};
  domain::CustomerQuery q = store_query(filters_);
  q.limit = static_cast<int>(kChunk);
  if (by_rule) {
    const size_t n = std::min(kChunk, ids_.size() - next_id_);
    q.restrict_ids = true;
    q.only_ids = std::span<const int64_t>(ids_).subspan(next_id_, n);
    next_id_ += n;
  } else {
    q.cursor = cursor_;
  }
  auto page = domain::list_customers(ctx, q);
  if (!page.ok()) {
    spdlog::error("customer export: {}", page.status().to_string());
    return false;
  }
  std::vector<int64_t> ids;
  ids.reserve(page->customers.size());
  for (const auto& c : page->customers) ids.push_back(c.id);
  auto summaries = read_customer_summaries(ctx, ids);
  auto contacts = domain::customer_contacts(ctx, ids);
  if (!summaries.ok() || !contacts.ok()) {
    spdlog::error("customer export: {}",
                  summaries.ok() ? contacts.status().to_string() : summaries.status().to_string());
    return false;
  }
  const int exponent = Currency::parse(shop_.shop.currency).value_or(Currency()).exponent();
  size_t at = 0;  // summaries skip customers gone since the list was read
  for (size_t i = 0; i < ids.size(); ++i) {
    if (at >= summaries->size() || (*summaries)[at].customer.id != ids[i]) continue;
    const CustomerSummary& s = (*summaries)[at++];
    const auto& contact = (*contacts)[i];
    const auto& c = s.customer;
    out += std::to_string(c.id);
    out += ',';
    append_csv_field(out, c.name);
    out += ',';
    append_csv_field(out, mask_pii_ && !contact.phone.empty() ? mask_phone(contact.phone)
                                                              : display_phone(contact.phone));
    out += ',';
    append_csv_field(
        out, mask_pii_ && !contact.email.empty() ? mask_email(contact.email) : contact.email);
    out += ',';
    append_csv_field(out, c.province);
    out += ',';
    append_csv_field(out, c.city);
    out += ',';
    append_csv_field(out, c.tier);
    out += ',';
    out += std::to_string(s.stats.purchase_count);
    out += ',';
    out += format_major_units(s.stats.net_revenue, exponent);
    out += ',';
    out += std::to_string(s.loyalty.points);
    out += ',';
    if (s.stats.last_order_at) out += shop_.zone.format_local(*s.stats.last_order_at);
    out += ',';
    out += shop_.zone.format_local(c.created_at);
    out += "\r\n";
    ++rows_;
  }
  if (by_rule) return next_id_ < ids_.size();
  cursor_ = page->next_cursor;
  return !cursor_.empty();
}

}  // namespace guanxi::api
