// GET /api/v1/customers/export: the customers matching the list's filters as
// CSV, streamed (a chunk of rows is read and sent at a time, so memory does
// not grow with the shop), with phones and e-mails masked for callers
// without pii.view.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/app_context.hpp"
#include "api/customer_filters.hpp"
#include "api/http.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace guanxi::api {

enum class CsvHeaders { kEnglish, kChinese };

// The header line (after the UTF-8 byte order mark Excel needs to read UTF-8):
// id, name, phone, email, province, city, tier, orders, revenue (major units),
// points, last order and created (shop-local time).
std::string customer_export_header(CsvHeaders headers);

class CustomerCsvStream final : public ResponseStream {
 public:
  // `reader` is the io thread's reader connection (the stream runs on that
  // thread). With a rule in `filters`, `ids` is the engine's result
  // (ascending), narrowed chunk by chunk by the store's filters; without,
  // the store's list is read page by page.
  CustomerCsvStream(store::Connection& reader, const Clock& clock, const LoadedShop& shop,
                    CustomerFilters filters, std::vector<int64_t> ids, bool mask_pii,
                    CsvHeaders headers);
  bool next(std::string& out) override;
  void set_waker(std::function<void()> /*wake*/) override {}

  int64_t rows() const { return rows_; }

 private:
  // Appends the next chunk's rows; false when no chunk is left (or on an error).
  bool append_chunk(std::string& out);

  store::Connection& reader_;
  const Clock& clock_;
  const LoadedShop& shop_;
  CustomerFilters filters_;
  std::vector<int64_t> ids_;
  size_t next_id_ = 0;  // into ids_
  std::string cursor_;  // the store's list, without a rule
  bool mask_pii_;
  CsvHeaders headers_;
  bool started_ = false;
  bool done_ = false;
  int64_t rows_ = 0;
};

}  // namespace guanxi::api
