// gen_intel_db: writes the customer-intelligence benchmark's shop (intel_shop.hpp)
// into a fresh Guanxi database, and optionally the same rows as CSV for the
// DuckDB peer.
//
//   gen_intel_db --db /tmp/intel.db --customers 1000000 --orders 10000000
//                [--seed 42] [--csv-dir /tmp/intel-csv] [--batch 4096]
//
// The database is created by store::open_database (so the schema is exactly
// the migrations'), with one shop (Asia/Shanghai), its tags and 200 products.
// Rows are then inserted with prepared statements in large transactions,
// BYPASSING THE DOMAIN WRITE PATH on purpose: no identity resolution, no change
// feed, no content hashing of real inputs, no foreign-key checks. That path
// costs ~10 B-tree operations per order (see bench/README.md) and would make a
// 100M-order data set take hours; what the segment benchmark needs is the
// resulting tables, not their history. For the same reason the generation runs
// with journal_mode=OFF and synchronous=OFF (the file is scratch until this
// program exits successfully); the database is left in WAL mode, as Guanxi
// keeps it.
//
// Keys are chosen so every index grows at its right edge (ids in customer
// order, monotone external ids, message ids and phone numbers): the inserts are
// appends: about 5 CPU seconds of inserting per 1M orders (with their 1.4M
// items, 0.2M events, customers, tags), i.e. ~200k orders/s on an idle core.
//
// Generation and CSV formatting run on one thread, SQLite inserts on another.
// Progress (rows/s) goes to stderr; a one-line JSON summary to stdout:
//   {"customers":N,"orders":M,"items":I,"customer_tags":T,"events":E,
//    "seconds":S,"orders_per_s":R,"rows_per_s":RR,"db_bytes":B,"csv_bytes":C,
//    "insert_seconds":W,"insert_cpu_seconds":IC,"cpu_seconds":PC}
// insert_cpu_seconds is the CPU time of the inserting thread (the main one,
// which also waits for and opens the file), cpu_seconds that of the process:
// on a shared machine they say what the wall time would be on an idle one.
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "intel_shop.hpp"
#include "store/database.hpp"

namespace {

namespace fs = std::filesystem;
using guanxi::Result;
using guanxi::Status;
using guanxi::bench::Batch;
using guanxi::bench::ShopGenerator;

constexpr std::string_view kRoads[] = {"人民路", "中山路", "解放路", "建设路", "文三路",
                                       "长江路", "和平路", "新华路", "胜利路", "滨江大道"};

struct Args {
  std::string db;
  int64_t customers = 1'000'000;
  int64_t orders = 10'000'000;
  uint64_t seed = 42;
  std::string csv_dir;
  int64_t batch = 4096;
};

struct Counts {
  int64_t customers = 0;
  int64_t orders = 0;
  int64_t items = 0;
  int64_t customer_tags = 0;
  int64_t events = 0;
  int64_t identities = 0;
  int64_t rows() const { return customers + orders + items + customer_tags + events + identities; }
};

// A prepared INSERT on a raw SQLite handle. Binding goes around store::Statement
// for one reason: its reset() also clears the bindings, which frees SQLite's copy
// of every text value, so each text column of each row would cost a malloc/free
// pair. Here a statement is only reset, and SQLite reuses its buffers.
class BulkStatement {
 public:
  BulkStatement(const BulkStatement&) = delete;
  BulkStatement& operator=(const BulkStatement&) = delete;
  ~BulkStatement() { sqlite3_finalize(stmt_); }

  static Result<std::unique_ptr<BulkStatement>> prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return Status::internal(std::string("cannot prepare: ") + sqlite3_errmsg(db));
    }
    return std::unique_ptr<BulkStatement>(new BulkStatement(db, stmt));
  }

  void bind_int64(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind_null(int index) { sqlite3_bind_null(stmt_, index); }
  // Copied (SQLITE_TRANSIENT) into a buffer SQLite keeps between rows.
  void bind_text(int index, std::string_view value) {
    sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(),
                        SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  // A nullable instant: 0 means NULL.
  void bind_time(int index, int64_t ms) {
    if (ms == 0) {
      bind_null(index);
    } else {
      bind_int64(index, ms);
    }
  }
  Status run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE)
      return Status::internal(std::string("insert failed: ") + sqlite3_errmsg(db_));
    return Status::ok();
  }

 private:
  BulkStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Formats into `buf` (reused: no allocation per row) and returns a view of it.
template <typename... T>
std::string_view format(std::string& buf, fmt::format_string<T...> f, T&&... args) {
  buf.clear();
  fmt::format_to(std::back_inserter(buf), f, std::forward<T>(args)...);
  return buf;
}

// Inserts batches into the database on the calling thread, over its own raw
// connection (see BulkStatement) once store::open_database has created the schema.
class SqliteSink {
 public:
  static Result<std::unique_ptr<SqliteSink>> open(const std::string& path,
                                                  const ShopGenerator& gen) {
    for (const auto* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
    GX_RETURN_IF_ERROR(guanxi::store::open_database(path).status());
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      Status s = Status::io_error("cannot open " + path + ": " + sqlite3_errmsg(db));
      sqlite3_close_v2(db);
      return s;
    }
    auto sink = std::unique_ptr<SqliteSink>(new SqliteSink(db));
    GX_RETURN_IF_ERROR(sink->prepare(gen));
    return sink;
  }

  ~SqliteSink() {
    statements_.clear();
    sqlite3_close_v2(db_);
  }
  SqliteSink(const SqliteSink&) = delete;
  SqliteSink& operator=(const SqliteSink&) = delete;

  Status write(const Batch& b, const ShopGenerator& gen) {
    const auto& regions = guanxi::bench::regions();
    const auto& catalog = gen.catalog();
    for (const auto& r : b.customers) {
      const auto& region = regions[r.region];
      customer_->bind_int64(1, r.id);
      customer_->bind_text(2, r.name);
      customer_->bind_text(3, r.gender);
      if (r.birthday.empty()) {
        customer_->bind_null(4);
      } else {
        customer_->bind_text(4, r.birthday);
      }
      customer_->bind_text(5, region.province);
      customer_->bind_text(6, region.city);
      customer_->bind_time(7, r.signup_at);
      customer_->bind_text(8, r.source_channel);
      customer_->bind_text(9, r.consent_sms);
      customer_->bind_text(10, r.consent_email);
      customer_->bind_text(11, r.consent_wechat);
      customer_->bind_text(12, r.attributes);
      if (r.merged_into == 0) {
        customer_->bind_null(13);
      } else {
        customer_->bind_int64(13, r.merged_into);
      }
      customer_->bind_int64(14, r.created_at);
      customer_->bind_int64(15, r.created_at);
      customer_->bind_text(16, r.tier);
      GX_RETURN_IF_ERROR(customer_->run());
      if (!r.phone.empty()) {
        identity_->bind_text(1, r.phone);
        identity_->bind_int64(2, r.id);
        identity_->bind_int64(3, r.created_at);
        GX_RETURN_IF_ERROR(identity_->run());
        ++counts_.identities;
      }
      if (r.merged_into != 0) {
        merge_->bind_int64(1, r.merged_into);
        merge_->bind_int64(2, r.id);
        merge_->bind_int64(3, r.created_at);
        GX_RETURN_IF_ERROR(merge_->run());
      }
    }
    const int64_t first_customer = b.customers.empty() ? 0 : b.customers.front().id;
    for (const auto& o : b.orders) {
      const auto& buyer = b.customers[static_cast<size_t>(o.customer_id - first_customer)];
      const auto& region = regions[buyer.region];
      order_->bind_int64(1, o.id);
      order_->bind_text(2, guanxi::bench::platform_name(o.platform));
      order_->bind_text(3, format(text_, "{}", 3'000'000'000'000'000'000LL + o.id * 17));
      order_->bind_int64(4, o.customer_id);
      order_->bind_text(5, guanxi::bench::order_status_name(o.status));
      order_->bind_time(6, o.created_at);
      order_->bind_time(7, o.paid_at);
      order_->bind_time(8, o.shipped_at);
      order_->bind_time(9, o.completed_at);
      order_->bind_int64(10, o.goods_amount);
      order_->bind_int64(11, o.discount_amount);
      order_->bind_int64(12, o.shipping_fee);
      order_->bind_int64(13, o.paid_amount);
      order_->bind_int64(14, o.refunded_amount);
      order_->bind_text(15, buyer.name);
      order_->bind_text(16, buyer.phone);
      order_->bind_text(17, format(text_, "{}{}{}{}号", region.province, region.city,
                                   kRoads[static_cast<size_t>(buyer.id) % std::size(kRoads)],
                                   buyer.id % 997 + 1));
      order_->bind_int64(18, o.content_hash);
      const int64_t touched = std::max({o.created_at, o.paid_at, o.shipped_at, o.completed_at});
      order_->bind_int64(19, touched);
      order_->bind_int64(20, touched);
      GX_RETURN_IF_ERROR(order_->run());
    }
    for (const auto& it : b.items) {
      const auto& sku = catalog[it.sku];
      item_->bind_int64(1, it.order_id);
      item_->bind_int64(2, it.line_no);
      item_->bind_text(3, sku.code);
      item_->bind_text(4, sku.name);
      item_->bind_text(5, sku.category);
      item_->bind_int64(6, it.quantity);
      item_->bind_int64(7, it.unit_price);
      GX_RETURN_IF_ERROR(item_->run());
    }
    for (const auto& t : b.customer_tags) {
      tag_->bind_int64(1, t.customer_id);
      tag_->bind_int64(2, t.tag_id);
      tag_->bind_int64(3, guanxi::bench::kNowMs);
      GX_RETURN_IF_ERROR(tag_->run());
    }
    for (const auto& e : b.events) {
      event_->bind_int64(1, e.id);
      event_->bind_text(2, format(text_, "evt-{:012}", e.id));
      event_->bind_text(3, guanxi::bench::event_name(e.name));
      event_->bind_int64(4, e.customer_id);
      if (e.name == 0) {
        event_->bind_text(5, "{}");
      } else {
        event_->bind_text(5, format(text_, R"({{"sku":"{}"}})", catalog[e.sku].code));
      }
      event_->bind_int64(6, e.occurred_at);
      event_->bind_int64(7, e.occurred_at + 1500);
      GX_RETURN_IF_ERROR(event_->run());
    }
    counts_.customers += static_cast<int64_t>(b.customers.size());
    counts_.orders += static_cast<int64_t>(b.orders.size());
    counts_.items += static_cast<int64_t>(b.items.size());
    counts_.customer_tags += static_cast<int64_t>(b.customer_tags.size());
    counts_.events += static_cast<int64_t>(b.events.size());
    // A commit now and then bounds what a crash would lose; with journal_mode=OFF
    // it costs no journal, only the page writes that happen anyway.
    if (counts_.orders - committed_at_ >= 4'000'000) {
      GX_RETURN_IF_ERROR(execute("COMMIT; BEGIN IMMEDIATE"));
      committed_at_ = counts_.orders;
    }
    return Status::ok();
  }

  Status finish() {
    return execute("COMMIT; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  }

  const Counts& counts() const { return counts_; }

 private:
  explicit SqliteSink(sqlite3* db) : db_(db) {}

  Status execute(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      Status s = Status::internal(std::string(sql) + ": " + (err != nullptr ? err : "failed"));
      sqlite3_free(err);
      return s;
    }
    return Status::ok();
  }

  Result<BulkStatement*> statement(std::string_view sql) {
    GX_ASSIGN_OR_RETURN(auto stmt, BulkStatement::prepare(db_, sql));
    statements_.push_back(std::move(stmt));
    return statements_.back().get();
  }

  Status prepare(const ShopGenerator& gen) {
    GX_RETURN_IF_ERROR(
        execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
                "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536; BEGIN IMMEDIATE"));
    const int64_t created = guanxi::bench::shanghai_ms(guanxi::bench::kNowLocalDay - 4 * 365, 0);
    GX_ASSIGN_OR_RETURN(BulkStatement * shop,
                        statement("INSERT INTO shops (id, name, time_zone, currency, created_at) "
                                  "VALUES (1, '基准美妆旗舰店', 'Asia/Shanghai', 'CNY', ?)"));
    shop->bind_int64(1, created);
    GX_RETURN_IF_ERROR(shop->run());
    GX_ASSIGN_OR_RETURN(BulkStatement * tag,
                        statement("INSERT INTO tags (id, shop_id, name, created_at) "
                                  "VALUES (?, 1, ?, ?)"));
    for (const auto& t : guanxi::bench::tags()) {
      tag->bind_int64(1, t.id);
      tag->bind_text(2, t.name);
      tag->bind_int64(3, created);
      GX_RETURN_IF_ERROR(tag->run());
    }
    GX_ASSIGN_OR_RETURN(BulkStatement * product,
                        statement("INSERT INTO products (shop_id, sku, name, category, list_price, "
                                  "created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)"));
    for (const auto& s : gen.catalog()) {
      product->bind_text(1, s.code);
      product->bind_text(2, s.name);
      product->bind_text(3, s.category);
      product->bind_int64(4, s.price);
      product->bind_int64(5, created);
      product->bind_int64(6, created);
      GX_RETURN_IF_ERROR(product->run());
    }
    GX_ASSIGN_OR_RETURN(
        customer_,
        statement("INSERT INTO customers (id, shop_id, name, gender, birthday, province, city, "
                  "signup_at, source_channel, consent_sms, consent_email, consent_wechat, "
                  "attributes, merged_into, created_at, updated_at, tier) "
                  "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    GX_ASSIGN_OR_RETURN(
        identity_,
        statement("INSERT INTO identities (shop_id, type, value, customer_id, created_at) "
                  "VALUES (1, 'phone', ?, ?, ?)"));
    GX_ASSIGN_OR_RETURN(
        merge_, statement("INSERT INTO merges (shop_id, survivor_id, merged_id, actor, reason, "
                          "created_at) VALUES (1, ?, ?, 'system', 'same phone', ?)"));
    GX_ASSIGN_OR_RETURN(
        order_,
        statement("INSERT INTO orders (id, shop_id, platform, external_id, customer_id, status, "
                  "created_at, "
                  "paid_at, shipped_at, completed_at, currency, goods_amount, discount_amount, "
                  "shipping_fee, "
                  "paid_amount, refunded_amount, receiver_name, receiver_phone, receiver_address, "
                  "content_hash, inserted_at, updated_at) "
                  "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    GX_ASSIGN_OR_RETURN(
        item_, statement("INSERT INTO order_items (order_id, line_no, sku, product_name, category, "
                         "quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    GX_ASSIGN_OR_RETURN(
        tag_, statement("INSERT INTO customer_tags (customer_id, tag_id, source, created_at) "
                        "VALUES (?, ?, 'manual', ?)"));
    GX_ASSIGN_OR_RETURN(
        event_,
        statement(
            "INSERT INTO events (id, shop_id, message_id, kind, name, customer_id, properties, "
            "occurred_at, received_at) VALUES (?, 1, ?, 'track', ?, ?, ?, ?, ?)"));
    return Status::ok();
  }

  sqlite3* db_;
  std::vector<std::unique_ptr<BulkStatement>> statements_;
  BulkStatement* customer_ = nullptr;
  BulkStatement* identity_ = nullptr;
  BulkStatement* merge_ = nullptr;
  BulkStatement* order_ = nullptr;
  BulkStatement* item_ = nullptr;
  BulkStatement* tag_ = nullptr;
  BulkStatement* event_ = nullptr;
  Counts counts_;
  int64_t committed_at_ = 0;
  std::string text_;  // scratch for formatted values
};

// The raw tables as CSV (UTF-8, header line, empty field = NULL, times as UTC
// ms) with the columns the segment semantics read; see README.md.
class CsvSink {
 public:
  static Result<std::unique_ptr<CsvSink>> open(const std::string& dir, const ShopGenerator& gen) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::io_error("cannot create " + dir + ": " + ec.message());
    auto sink = std::unique_ptr<CsvSink>(new CsvSink);
    const std::pair<File*, std::string_view> files[] = {
        {&sink->customers_, "customers.csv"}, {&sink->orders_, "orders.csv"},
        {&sink->items_, "order_items.csv"},   {&sink->customer_tags_, "customer_tags.csv"},
        {&sink->events_, "events.csv"},
    };
    for (const auto& [file, name] : files)
      GX_RETURN_IF_ERROR(file->open(dir + "/" + std::string(name)));
    File tags;
    GX_RETURN_IF_ERROR(tags.open(dir + "/tags.csv"));
    tags.buf += "id,name\n";
    for (const auto& t : guanxi::bench::tags())
      fmt::format_to(std::back_inserter(tags.buf), "{},{}\n", t.id, t.name);
    GX_RETURN_IF_ERROR(tags.close());
    sink->customers_.buf +=
        "id,merged_into,gender,province,city,birthday,signup_at,tier,consent_sms\n";
    sink->orders_.buf +=
        "id,customer_id,platform,status,created_at,paid_at,paid_amount,refunded_amount\n";
    sink->items_.buf += "order_id,line_no,sku,category,quantity,unit_price\n";
    sink->customer_tags_.buf += "customer_id,tag_id\n";
    sink->events_.buf += "id,customer_id,kind,name,occurred_at\n";
    sink->catalog_ = &gen.catalog();
    return sink;
  }

  Status write(const Batch& b) {
    const auto& regions = guanxi::bench::regions();
    auto opt = [](int64_t v) { return v == 0 ? std::string() : fmt::format("{}", v); };
    for (const auto& c : b.customers) {
      const auto& region = regions[c.region];
      fmt::format_to(std::back_inserter(customers_.buf), "{},{},{},{},{},{},{},{},{}\n", c.id,
                     opt(c.merged_into), c.gender, region.province, region.city, c.birthday,
                     opt(c.signup_at), c.tier, c.consent_sms);
    }
    for (const auto& o : b.orders) {
      fmt::format_to(std::back_inserter(orders_.buf), "{},{},{},{},{},{},{},{}\n", o.id,
                     o.customer_id, guanxi::bench::platform_name(o.platform),
                     guanxi::bench::order_status_name(o.status), opt(o.created_at), opt(o.paid_at),
                     o.paid_amount, o.refunded_amount);
    }
    for (const auto& it : b.items) {
      const auto& sku = (*catalog_)[it.sku];
      fmt::format_to(std::back_inserter(items_.buf), "{},{},{},{},{},{}\n", it.order_id, it.line_no,
                     sku.code, sku.category, it.quantity, it.unit_price);
    }
    for (const auto& t : b.customer_tags) {
      fmt::format_to(std::back_inserter(customer_tags_.buf), "{},{}\n", t.customer_id, t.tag_id);
    }
    for (const auto& e : b.events) {
      fmt::format_to(std::back_inserter(events_.buf), "{},{},track,{},{}\n", e.id, e.customer_id,
                     guanxi::bench::event_name(e.name), e.occurred_at);
    }
    for (File* f : {&customers_, &orders_, &items_, &customer_tags_, &events_})
      GX_RETURN_IF_ERROR(f->flush(false));
    return Status::ok();
  }

  Status finish() {
    for (File* f : {&customers_, &orders_, &items_, &customer_tags_, &events_})
      GX_RETURN_IF_ERROR(f->close());
    return Status::ok();
  }

  int64_t written() const {
    return customers_.written + orders_.written + items_.written + customer_tags_.written +
           events_.written;
  }

 private:
  struct File {
    std::FILE* f = nullptr;
    std::string path;
    std::string buf;
    int64_t written = 0;
    File() = default;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File() {
      if (f != nullptr) std::fclose(f);
    }
    Status open(const std::string& p) {
      path = p;
      f = std::fopen(p.c_str(), "wb");
      if (f == nullptr) return Status::io_error("cannot write " + p);
      return Status::ok();
    }
    Status flush(bool force) {
      if (buf.empty() || (!force && buf.size() < (1U << 20))) return Status::ok();
      if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size())
        return Status::io_error("cannot write " + path);
      written += static_cast<int64_t>(buf.size());
      buf.clear();
      return Status::ok();
    }
    Status close() {
      GX_RETURN_IF_ERROR(flush(true));
      const int rc = std::fclose(f);
      f = nullptr;
      if (rc != 0) return Status::io_error("cannot write " + path);
      return Status::ok();
    }
  };

  CsvSink() = default;
  File customers_;
  File orders_;
  File items_;
  File customer_tags_;
  File events_;
  const std::vector<guanxi::bench::Sku>* catalog_ = nullptr;
};

// A bounded hand-over of batches from the generating thread to the inserting one.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}
  // False once closed (the consumer gave up): the producer should stop.
  bool push(std::unique_ptr<Batch> b) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return full_.size() < capacity_ || closed_; });
    if (closed_) return false;
    full_.push_back(std::move(b));
    not_empty_.notify_one();
    return true;
  }
  // nullptr once closed and drained.
  std::unique_ptr<Batch> pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !full_.empty() || closed_; });
    if (full_.empty()) return nullptr;
    auto b = std::move(full_.front());
    full_.pop_front();
    not_full_.notify_one();
    return b;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  // Spent batches go back for reuse, so their vectors keep their capacity.
  void recycle(std::unique_ptr<Batch> b) {
    std::lock_guard lock(mu_);
    spare_.push_back(std::move(b));
  }
  std::unique_ptr<Batch> spare() {
    std::lock_guard lock(mu_);
    if (spare_.empty()) return std::make_unique<Batch>();
    auto b = std::move(spare_.back());
    spare_.pop_back();
    return b;
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<std::unique_ptr<Batch>> full_;
  std::vector<std::unique_ptr<Batch>> spare_;
  bool closed_ = false;
};

// CPU seconds of the calling thread: what the inserts cost on a busy machine too.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Status generate(const Args& args) {
  const auto start = std::chrono::steady_clock::now();
  ShopGenerator gen(args.seed, args.customers, args.orders);
  std::fprintf(stderr, "gen_intel_db: planned %lld customers / %lld orders in %.1f s\n",
               static_cast<long long>(args.customers), static_cast<long long>(args.orders),
               seconds_since(start));
  GX_ASSIGN_OR_RETURN(auto db, SqliteSink::open(args.db, gen));
  std::unique_ptr<CsvSink> csv;
  if (!args.csv_dir.empty()) {
    GX_ASSIGN_OR_RETURN(csv, CsvSink::open(args.csv_dir, gen));
  }

  BatchQueue queue(8);
  Status producer_status;
  std::thread producer([&] {
    while (true) {
      auto b = queue.spare();
      if (!gen.next(args.batch, *b)) break;
      if (csv) {
        producer_status = csv->write(*b);
        if (!producer_status.is_ok()) break;
      }
      if (!queue.push(std::move(b))) break;
    }
    queue.close();
  });

  Status status;
  auto last_report = std::chrono::steady_clock::now();
  double insert_seconds = 0;
  while (auto b = queue.pop()) {
    const auto insert_start = std::chrono::steady_clock::now();
    if (status.is_ok()) status = db->write(*b, gen);
    insert_seconds += seconds_since(insert_start);
    if (!status.is_ok()) queue.close();  // the producer stops at its next push
    queue.recycle(std::move(b));
    if (seconds_since(last_report) >= 5.0) {
      last_report = std::chrono::steady_clock::now();
      const auto& c = db->counts();
      const double s = seconds_since(start);
      std::fprintf(stderr,
                   "gen_intel_db: %lld/%lld customers, %lld orders, %.0f orders/s, %.0f rows/s\n",
                   static_cast<long long>(c.customers), static_cast<long long>(args.customers),
                   static_cast<long long>(c.orders), static_cast<double>(c.orders) / s,
                   static_cast<double>(c.rows()) / s);
    }
  }
  producer.join();
  GX_RETURN_IF_ERROR(producer_status);
  GX_RETURN_IF_ERROR(status);
  GX_RETURN_IF_ERROR(db->finish());
  if (csv) GX_RETURN_IF_ERROR(csv->finish());

  const double s = seconds_since(start);
  const auto& c = db->counts();
  std::error_code ec;
  const auto db_bytes = fs::file_size(args.db, ec);
  std::fprintf(
      stdout,
      "{\"customers\":%lld,\"orders\":%lld,\"items\":%lld,\"customer_tags\":%lld,\"events\":%lld,"
      "\"identities\":%lld,\"seconds\":%.3f,\"orders_per_s\":%.0f,\"rows_per_s\":%.0f,\"db_bytes\":"
      "%llu,"
      "\"csv_bytes\":%lld,\"insert_seconds\":%.3f,\"insert_cpu_seconds\":%.3f,\"cpu_seconds\":%.3f}"
      "\n",
      static_cast<long long>(c.customers), static_cast<long long>(c.orders),
      static_cast<long long>(c.items), static_cast<long long>(c.customer_tags),
      static_cast<long long>(c.events), static_cast<long long>(c.identities), s,
      static_cast<double>(c.orders) / s, static_cast<double>(c.rows()) / s,
      static_cast<unsigned long long>(ec ? 0 : db_bytes),
      static_cast<long long>(csv ? csv->written() : 0), insert_seconds, thread_cpu_seconds(),
      process_cpu_seconds());
  return Status::ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes the customer-intelligence benchmark shop into a fresh Guanxi database"};
  Args args;
  app.add_option("--db", args.db, "database file to create (replaced when it exists)")->required();
  app.add_option("--customers", args.customers, "customers")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  app.add_option("--orders", args.orders, "orders")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  app.add_option("--seed", args.seed, "random seed");
  app.add_option("--csv-dir", args.csv_dir, "also write the raw tables as CSV into this directory");
  app.add_option("--batch", args.batch, "customers per batch")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  CLI11_PARSE(app, argc, argv);
  if (args.customers > 1'000'000'000 || args.orders / args.customers > 1000) {
    std::fprintf(stderr, "gen_intel_db: at most 1e9 customers and 1000 orders per customer\n");
    return 2;
  }
  const Status s = generate(args);
  if (!s.is_ok()) {
    std::fprintf(stderr, "gen_intel_db: %s\n", s.to_string().c_str());
    return 1;
  }
  return 0;
}
