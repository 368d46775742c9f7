#include "importer/import_runner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "domain/customers.hpp"
#include "domain/imports.hpp"
#include "domain/orders.hpp"
#include "importer/bounded_queue.hpp"
#include "importer/csv_customer_adapter.hpp"
#include "importer/csv_order_adapter.hpp"
#include "importer/error_report.hpp"
#include "importer/import_parser.hpp"
#include "importer/shopify_adapter.hpp"
#include "importer/taobao_adapter.hpp"
#include "store/query.hpp"

namespace guanxi::importer {

namespace {

// Batches waiting for the writer; with the one being parsed and the one being
// written, at most four batches exist at a time.
constexpr size_t kQueuedBatches = 2;
// A batch also ends after this many records per item, so that a file of mostly
// rejected rows still moves its issues out in bounded chunks.
constexpr size_t kRecordsPerItem = 4;

template <typename Item>
struct Batch {
  ParseBatch<Item> parsed;
  uint64_t bytes_read = 0;
  Status failure;  // the parser could not go on (I/O error)
};

// What applying one batch did; folded into the summary once it committed.
struct Tally {
  int64_t orders_created = 0;
  int64_t orders_updated = 0;
  int64_t orders_unchanged = 0;
  int64_t customers_created = 0;
  int64_t customers_updated = 0;
  int64_t customers_unchanged = 0;
  int64_t customers_merged = 0;
  int64_t rows_rejected = 0;
  std::vector<RowIssue> issues;
};

domain::CustomerInput& customer_of(ParsedOrder& item) {
  return item.input.customer;
}
domain::CustomerInput& customer_of(ParsedCustomer& item) {
  return item.input;
}
int64_t rows_of(const ParsedOrder& item) {
  return item.rows;
}
int64_t rows_of(const ParsedCustomer& /*item*/) {
  return 1;
}

// The domain's checks that need no database, run on the parsing thread so that
// the writer rarely meets a row it must refuse (see Mode).
Status prevalidate(const ParsedOrder& item) {
  return domain::validate_order(item.input);
}
Status prevalidate(const ParsedCustomer& /*item*/) {
  return Status::ok();
}

// Drops the identities that do not normalize (a masked phone, a malformed
// email) with a warning on their column: the row is still imported.
template <typename Item>
void screen_identities(Item& item, std::vector<RowIssue>& issues) {
  domain::CustomerInput& customer = customer_of(item);
  if (customer.identities.empty()) return;
  std::vector<domain::IdentityInput> before = customer.identities;
  std::vector<std::string> reasons = domain::drop_invalid_identities(customer);
  if (reasons.empty()) return;
  // The kept identities are a subsequence of `before`: walk both to find the
  // dropped ones, which line up with `reasons`.
  std::vector<std::string> kept_columns;
  size_t kept = 0;
  size_t reason = 0;
  for (size_t i = 0; i < before.size(); ++i) {
    const std::string column = i < item.identity_columns.size() ? item.identity_columns[i] : "";
    const bool still_there = kept < customer.identities.size() &&
                             customer.identities[kept].type == before[i].type &&
                             customer.identities[kept].value == before[i].value;
    if (still_there) {
      kept_columns.push_back(column);
      ++kept;
    } else {
      const std::string why = reason < reasons.size() ? reasons[reason++] : "invalid identity";
      issues.push_back(RowIssue{item.line, column, Severity::kWarning,
                                why + "; not used to identify the buyer"});
    }
  }
  item.identity_columns = std::move(kept_columns);
}

// Whether a failed write is the row's fault (reject it, go on) rather than the
// database's (stop the import).
bool is_row_error(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kUnprocessable:
    case ErrorCode::kConflict:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kNotFound:
    case ErrorCode::kPayloadTooLarge:
      return true;
    default:
      return false;
  }
}

// The report column for a domain error: the file column of an identity
// ("identities/1"), else the field the domain named ("paid_amount").
std::string issue_column(const Status& s, const std::vector<std::string>& identity_columns) {
  std::string field = s.location().field;
  for (std::string_view prefix :
       {"/customer/identities/", "customer/identities/", "/identities/", "identities/"}) {
    if (field.starts_with(prefix)) {
      const std::string index = field.substr(prefix.size());
      size_t n = 0;
      for (char ch : index) {
        if (ch < '0' || ch > '9') return field;
        n = n * 10 + static_cast<size_t>(ch - '0');
      }
      if (!index.empty() && n < identity_columns.size()) return identity_columns[n];
    }
  }
  if (!field.empty() && field.front() == '/') field.erase(0, 1);
  return field;
}

// Warnings only make sense for imported rows: drop those of rejected rows.
void drop_warnings_of_rejected_rows(std::vector<RowIssue>& issues) {
  std::vector<int64_t> rejected;
  for (const RowIssue& i : issues) {
    if (i.severity == Severity::kError) rejected.push_back(i.line);
  }
  if (rejected.empty()) return;
  std::sort(rejected.begin(), rejected.end());
  std::erase_if(issues, [&](const RowIssue& i) {
    return i.severity == Severity::kWarning &&
           std::binary_search(rejected.begin(), rejected.end(), i.line);
  });
}

struct WriteSetup {
  const domain::Shop& shop;
  ShopZone zone;
  const Clock& clock;
  std::string actor;
  domain::WriteCache cache;
};

// How a batch is written. kFast runs the rows back to back and fails the
// whole job on the first row the domain refuses; kRowByRow gives every row a
// savepoint of its own so that a refused row is undone alone. Savepoints are
// not free in SQLite (each one's release walks the statement journal), and
// rows passed validate_order() on the parsing thread, so batches go kFast
// first and are redone kRowByRow only when a row is refused.
enum class Mode { kFast, kRowByRow };

template <typename Write>
Status apply_row(store::Connection& conn, Mode mode, Write&& write) {
  if (mode == Mode::kFast) return write();
  return store::with_savepoint(conn, "import_row", std::forward<Write>(write));
}

// Applies one batch of orders. kRowByRow: row failures are tallied and only
// database failures returned; kFast: any failure is returned.
Status apply_orders(store::Connection& conn, WriteSetup& setup, std::vector<ParsedOrder>& items,
                    Mode mode, Tally& tally) {
  domain::WriteContext ctx{conn, setup.clock, setup.shop, setup.zone, setup.actor, &setup.cache};
  for (ParsedOrder& item : items) {
    domain::OrderUpsert outcome;
    Status s = apply_row(conn, mode, [&]() -> Status {
      GX_ASSIGN_OR_RETURN(outcome, domain::upsert_order(ctx, item.input));
      return Status::ok();
    });
    if (!s.is_ok()) {
      if (mode == Mode::kFast || !is_row_error(s)) return s;
      tally.issues.push_back(RowIssue{item.line, issue_column(s, item.identity_columns),
                                      Severity::kError, s.message()});
      tally.rows_rejected += item.rows;
      continue;
    }
    switch (outcome.outcome) {
      case domain::UpsertOutcome::kCreated:
        ++tally.orders_created;
        break;
      case domain::UpsertOutcome::kUpdated:
        ++tally.orders_updated;
        break;
      case domain::UpsertOutcome::kUnchanged:
        ++tally.orders_unchanged;
        break;
    }
    if (outcome.customer_created) ++tally.customers_created;
    tally.customers_merged += outcome.customers_merged;
  }
  return Status::ok();
}

Status apply_customers(store::Connection& conn, WriteSetup& setup,
                       std::vector<ParsedCustomer>& items, Mode mode, Tally& tally) {
  domain::WriteContext ctx{conn, setup.clock, setup.shop, setup.zone, setup.actor, &setup.cache};
  for (ParsedCustomer& item : items) {
    domain::CustomerUpsert outcome;
    Status s = apply_row(conn, mode, [&]() -> Status {
      GX_ASSIGN_OR_RETURN(outcome, domain::upsert_customer(ctx, item.input));
      return Status::ok();
    });
    if (!s.is_ok()) {
      if (mode == Mode::kFast || !is_row_error(s)) return s;
      tally.issues.push_back(RowIssue{item.line, issue_column(s, item.identity_columns),
                                      Severity::kError, s.message()});
      ++tally.rows_rejected;
      continue;
    }
    switch (outcome.outcome) {
      case domain::UpsertOutcome::kCreated:
        ++tally.customers_created;
        break;
      case domain::UpsertOutcome::kUpdated:
        ++tally.customers_updated;
        break;
      case domain::UpsertOutcome::kUnchanged:
        ++tally.customers_unchanged;
        break;
    }
    tally.customers_merged += outcome.customers_merged;
  }
  return Status::ok();
}

// Writes one batch as one Writer job: kFast, then kRowByRow if a row was refused.
template <typename Item, typename Apply>
Status apply_batch(store::Writer& writer, WriteSetup& setup, std::vector<Item>& items, Apply apply,
                   Tally& tally) {
  Status written = Status::ok();
  for (Mode mode : {Mode::kFast, Mode::kRowByRow}) {
    tally = Tally{};
    written =
        writer.run([&](store::Connection& conn) { return apply(conn, setup, items, mode, tally); });
    if (!written.is_ok()) {
      // The job was undone: what the cache learned in it may not exist.
      setup.cache = domain::WriteCache{};
    }
    if (written.is_ok() || !is_row_error(written)) break;
  }
  return written;
}

void fold(ImportSummary& summary, const Tally& t) {
  summary.orders_created += t.orders_created;
  summary.orders_updated += t.orders_updated;
  summary.orders_unchanged += t.orders_unchanged;
  summary.customers_created += t.customers_created;
  summary.customers_updated += t.customers_updated;
  summary.customers_unchanged += t.customers_unchanged;
  summary.customers_merged += t.customers_merged;
  summary.rows_rejected += t.rows_rejected;
}

// The parsing thread: fills batches until the input ends, the consumer closes
// the queue, or the parser fails (the failure travels in the last batch).
template <typename Item>
void produce(ImportParser<Item>& parser, size_t batch_size, bool customers_need_identity,
             BoundedQueue<std::unique_ptr<Batch<Item>>>& queue) {
  for (;;) {
    auto batch = std::make_unique<Batch<Item>>();
    Result<bool> more = parser.next_batch(batch->parsed, batch_size, batch_size * kRecordsPerItem);
    if (!more.ok()) {
      batch->failure = more.status();
      (void)queue.push(std::move(batch));
      break;
    }
    ParseBatch<Item>& parsed = batch->parsed;
    std::erase_if(parsed.items, [&](Item& item) {
      screen_identities(item, parsed.issues);
      Status valid = prevalidate(item);
      if (valid.is_ok() && customers_need_identity && customer_of(item).identities.empty()) {
        valid = Status::invalid("no valid identity left");
      }
      if (valid.is_ok()) return false;
      parsed.issues.push_back(RowIssue{item.line, issue_column(valid, item.identity_columns),
                                       Severity::kError, valid.message()});
      parsed.rows_rejected += rows_of(item);
      return true;
    });
    batch->bytes_read = parser.bytes_read();
    if (!queue.push(std::move(batch)) || !*more) break;
  }
  queue.close();
}

template <typename Item, typename Apply>
Result<ImportSummary> run_pipeline(std::unique_ptr<ImportParser<Item>> parser,
                                   store::Writer& writer, const ImportOptions& options,
                                   WriteSetup& setup, ImportSummary summary,
                                   const ProgressFn& progress, Apply apply) {
  const auto started = std::chrono::steady_clock::now();
  summary.encoding = std::string(encoding_name(parser->encoding()));
  // The import log: opened now, closed with the summary; a killed run stays open.
  int64_t run_id = 0;
  GX_RETURN_IF_ERROR(writer.run([&](store::Connection& conn) -> Status {
    domain::WriteContext ctx{conn, setup.clock, setup.shop, setup.zone, setup.actor};
    GX_ASSIGN_OR_RETURN(
        run_id,
        domain::start_import_run(ctx, summary.kind == ImportKind::kOrders ? "orders" : "customers",
                                 options.path, summary.format));
    return Status::ok();
  }));
  const std::string report_path = options.errors_path.value_or(options.path + ".errors.csv");
  ErrorReport::remove_stale(report_path);
  ErrorReport report(report_path);

  BoundedQueue<std::unique_ptr<Batch<Item>>> queue(kQueuedBatches);
  const bool need_identity = summary.kind == ImportKind::kCustomers;
  const size_t batch_size = std::max<size_t>(options.batch_size, 1);
  std::thread parsing([&] { produce(*parser, batch_size, need_identity, queue); });
  // Stops and joins the parsing thread, on every way out; the parser's
  // counters are read only after this.
  struct StopParsing {
    BoundedQueue<std::unique_ptr<Batch<Item>>>& queue;
    std::thread& thread;
    void operator()() {
      queue.close();  // unblocks the parser if the import stops early
      if (thread.joinable()) thread.join();
    }
    ~StopParsing() { (*this)(); }
  } stop_parsing{queue, parsing};

  ImportProgress at;
  at.bytes_total = parser->bytes_total();
  Status failure;
  while (std::optional<std::unique_ptr<Batch<Item>>> next = queue.pop()) {
    Batch<Item>& batch = **next;
    if (!batch.failure.is_ok()) {
      failure = batch.failure;
      break;
    }
    Tally tally;
    if (!batch.parsed.items.empty()) {
      failure = apply_batch(writer, setup, batch.parsed.items, apply, tally);
      if (!failure.is_ok()) break;
    }
    fold(summary, tally);
    summary.rows_read += batch.parsed.rows_read;
    summary.rows_rejected += batch.parsed.rows_rejected;
    std::vector<RowIssue> issues = std::move(batch.parsed.issues);
    issues.insert(issues.end(), std::make_move_iterator(tally.issues.begin()),
                  std::make_move_iterator(tally.issues.end()));
    drop_warnings_of_rejected_rows(issues);
    std::stable_sort(issues.begin(), issues.end(),
                     [](const RowIssue& a, const RowIssue& b) { return a.line < b.line; });
    failure = report.add(issues);
    if (!failure.is_ok()) break;
    at.bytes_read = batch.bytes_read;
    at.rows_read = summary.rows_read;
    if (progress) progress(at);
  }
  stop_parsing();
  const Status closed = report.close();
  if (failure.is_ok()) failure = closed;
  summary.warnings = report.warnings();
  if (report.written()) summary.error_report = report.path();
  summary.replaced_bytes = parser->replacements();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!failure.is_ok()) {
    std::string committed = " (batches before it were committed; re-running the import is safe)";
    if (failure.location().file.empty()) {
      Location loc = failure.location();
      loc.file = options.path;
      failure = failure.with_location(std::move(loc));
    }
    return Status(failure.code(), failure.message() + committed, failure.location());
  }
  GX_RETURN_IF_ERROR(writer.run([&](store::Connection& conn) {
    domain::WriteContext ctx{conn, setup.clock, setup.shop, setup.zone, setup.actor};
    return domain::finish_import_run(ctx, run_id, summary.to_json());
  }));
  if (progress) progress(at);
  return summary;
}

std::string actor_for(const std::string& path) {
  return "import:" + std::filesystem::path(path).filename().string();
}

ImportSummary new_summary(ImportKind kind, const ImportOptions& options) {
  ImportSummary s;
  s.kind = kind;
  s.file = options.path;
  s.format = std::string(import_format_name(options.format));
  return s;
}

}  // namespace

double ImportSummary::per_second() const {
  const int64_t n = kind == ImportKind::kOrders
                        ? orders_created + orders_updated + orders_unchanged
                        : customers_created + customers_updated + customers_unchanged;
  return seconds > 0 ? static_cast<double>(n) / seconds : 0.0;
}

Json ImportSummary::to_json() const {
  Json j = {{"file", file},
            {"format", format},
            {"encoding", encoding},
            {"rows_read", rows_read},
            {"rows_rejected", rows_rejected},
            {"warnings", warnings}};
  if (kind == ImportKind::kOrders) {
    j["orders"] = {
        {"created", orders_created}, {"updated", orders_updated}, {"unchanged", orders_unchanged}};
    j["customers"] = {{"created", customers_created}, {"merged", customers_merged}};
  } else {
    j["customers"] = {{"created", customers_created},
                      {"updated", customers_updated},
                      {"unchanged", customers_unchanged},
                      {"merged", customers_merged}};
  }
  j["replaced_bytes"] = replaced_bytes;
  j["seconds"] = seconds;
  j["per_second"] = per_second();
  j["error_report"] = error_report ? Json(*error_report) : Json(nullptr);
  return j;
}

Result<ImportSummary> run_order_import(store::Writer& writer, const domain::Shop& shop,
                                       const ImportOptions& options, const ProgressFn& progress) {
  GX_ASSIGN_OR_RETURN(ShopZone zone, ShopZone::load(shop.time_zone));
  if (options.mapping_path && options.format != ImportFormat::kCsv) {
    return Status::invalid("--mapping applies to --format csv only");
  }
  std::unique_ptr<OrderAdapter> adapter;
  switch (options.format) {
    case ImportFormat::kTaobao:
      adapter = std::make_unique<TaobaoAdapter>(zone);
      break;
    case ImportFormat::kShopify:
      adapter = std::make_unique<ShopifyAdapter>(zone, shop.currency);
      break;
    case ImportFormat::kCsv: {
      std::optional<Mapping> mapping;
      if (options.mapping_path) {
        GX_ASSIGN_OR_RETURN(mapping, load_mapping(*options.mapping_path, MappingKind::kOrders));
      }
      adapter = std::make_unique<CsvOrderAdapter>(std::move(mapping), zone, shop.currency);
      break;
    }
  }
  GX_ASSIGN_OR_RETURN(auto parser, ImportParser<ParsedOrder>::open(options.path, options.encoding,
                                                                   std::move(adapter)));
  SystemClock system_clock;
  WriteSetup setup{shop,
                   zone,
                   options.clock != nullptr ? *options.clock : system_clock,
                   actor_for(options.path),
                   {}};
  return run_pipeline(std::move(parser), writer, options, setup,
                      new_summary(ImportKind::kOrders, options), progress, apply_orders);
}

Result<ImportSummary> run_order_import(store::Database& db, const domain::Shop& shop,
                                       const ImportOptions& options, const ProgressFn& progress) {
  GX_ASSIGN_OR_RETURN(std::unique_ptr<store::Writer> writer, store::Writer::start(db));
  return run_order_import(*writer, shop, options, progress);
}

Result<ImportSummary> run_customer_import(store::Writer& writer, const domain::Shop& shop,
                                          const ImportOptions& options,
                                          const ProgressFn& progress) {
  GX_ASSIGN_OR_RETURN(ShopZone zone, ShopZone::load(shop.time_zone));
  if (options.format != ImportFormat::kCsv)
    return Status::invalid("customers are imported with --format csv");
  std::optional<Mapping> mapping;
  if (options.mapping_path) {
    GX_ASSIGN_OR_RETURN(mapping, load_mapping(*options.mapping_path, MappingKind::kCustomers));
  }
  GX_ASSIGN_OR_RETURN(auto parser,
                      ImportParser<ParsedCustomer>::open(
                          options.path, options.encoding,
                          std::make_unique<CsvCustomerAdapter>(std::move(mapping), zone)));
  SystemClock system_clock;
  WriteSetup setup{shop,
                   zone,
                   options.clock != nullptr ? *options.clock : system_clock,
                   actor_for(options.path),
                   {}};
  return run_pipeline(std::move(parser), writer, options, setup,
                      new_summary(ImportKind::kCustomers, options), progress, apply_customers);
}

Result<ImportSummary> run_customer_import(store::Database& db, const domain::Shop& shop,
                                          const ImportOptions& options,
                                          const ProgressFn& progress) {
  GX_ASSIGN_OR_RETURN(std::unique_ptr<store::Writer> writer, store::Writer::start(db));
  return run_customer_import(*writer, shop, options, progress);
}

}  // namespace guanxi::importer
