// The import runner: reads an export file and writes it through the domain,
// for `guanxi import orders|customers` (src/cli) and any future caller (an API
// upload). All writes go through domain::upsert_order / upsert_customer; the
// importer holds no SQL.
//
// Pipeline: a parsing thread (ImportParser: file -> UTF-8 -> CSV -> adapter)
// hands batches of `batch_size` items through a queue of two to the calling
// thread, which applies each batch as one store::Writer job — one transaction,
// durable when the job returns — in which every item runs in its own
// savepoint. Memory is bounded by a few batches whatever the file size.
//
// Guarantees:
// - Idempotent by (platform, external id) / by identity: importing the same
//   file again creates and updates nothing (all unchanged).
// - A bad row never stops the import: it is rejected alone (parse error, or
//   refused by the domain) and listed in the error report, as are warnings
//   (a value ignored, e.g. a masked phone dropped as an identity).
// - A problem with the file as a whole (cannot open, missing required column,
//   invalid mapping) is returned before anything is written.
// - Each committed batch is durable; an import killed midway and run again
//   ends with exactly the data of a clean import.
// - A database failure (not a row's fault) undoes the current batch and is
//   returned; the batches before it stay committed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "importer/adapter.hpp"
#include "importer/encoding.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::importer {

struct ImportOptions {
  std::string path;                          // the file to import
  ImportFormat format = ImportFormat::kCsv;  // customers: kCsv only
  std::optional<std::string> mapping_path;   // --mapping (csv only)
  std::optional<std::string> errors_path;    // --errors; default "<path>.errors.csv"
  Encoding encoding = Encoding::kAuto;       // --encoding
  size_t batch_size = 2000;                  // items per transaction
  const Clock* clock = nullptr;              // SystemClock when null (tests pass a FakeClock)
};

struct ImportProgress {
  uint64_t bytes_read = 0;   // of the input file, committed so far
  uint64_t bytes_total = 0;  // the file's size
  int64_t rows_read = 0;
};
// Called on the calling thread after each committed batch, and once at the end.
using ProgressFn = std::function<void(const ImportProgress&)>;

enum class ImportKind { kOrders, kCustomers };

struct ImportSummary {
  ImportKind kind = ImportKind::kOrders;
  std::string file;
  std::string format;         // "taobao", "shopify", "csv"
  std::string encoding;       // as detected or forced: "utf-8", "gb18030"
  int64_t rows_read = 0;      // data rows (a multi-row order counts each row)
  int64_t rows_rejected = 0;  // rows of which nothing was imported
  int64_t warnings = 0;       // values ignored in imported rows (warning lines of the report)
  int64_t orders_created = 0;
  int64_t orders_updated = 0;
  int64_t orders_unchanged = 0;
  int64_t customers_created = 0;
  int64_t customers_updated = 0;    // customer imports
  int64_t customers_unchanged = 0;  // customer imports
  int64_t customers_merged = 0;     // profiles folded into another by shared identities
  uint64_t replaced_bytes = 0;      // invalid input bytes read as U+FFFD
  double seconds = 0;
  std::optional<std::string> error_report;  // path, when one was written

  // Orders (or customers) written per second, unchanged ones included.
  double per_second() const;
  // {"file","format","encoding","rows_read","rows_rejected","warnings",
  //  "orders":{"created","updated","unchanged"} | omitted for customers,
  //  "customers":{"created","updated","unchanged","merged"},
  //  "replaced_bytes","seconds","per_second","error_report"}
  Json to_json() const;
};

// Imports orders with `writer` (which must write to the shop's database).
Result<ImportSummary> run_order_import(store::Writer& writer, const domain::Shop& shop,
                                       const ImportOptions& options,
                                       const ProgressFn& progress = {});
// Same, starting (and stopping) a Writer of its own on `db` — for the CLI.
Result<ImportSummary> run_order_import(store::Database& db, const domain::Shop& shop,
                                       const ImportOptions& options,
                                       const ProgressFn& progress = {});

// Imports customers (format csv, with or without a mapping).
Result<ImportSummary> run_customer_import(store::Writer& writer, const domain::Shop& shop,
                                          const ImportOptions& options,
                                          const ProgressFn& progress = {});
Result<ImportSummary> run_customer_import(store::Database& db, const domain::Shop& shop,
                                          const ImportOptions& options,
                                          const ProgressFn& progress = {});

}  // namespace guanxi::importer
