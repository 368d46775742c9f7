// SegmentEngine: the running customer-intelligence service. It owns one
// FeatureStore per shop, answers rules (count, sample, members) in
// milliseconds, keeps stored segments, and keeps dynamic segments correct in
// real time:
//
// - It subscribes to the change feed (subscriber name "segment_engine"). After
//   every commit it reads the new changes, re-reads the customers they touch
//   (for a note's change, the note's customer as the store last read it: a
//   deleted note names no customer) into the feature store, re-decides those
//   customers for every dynamic segment (all customers for rules over
//   RFM/ABC/lifecycle or in_segment),
//   and writes the membership differences in one transaction: the members
//   bitmap, today's size row, one `segment_entered` / `segment_exited` change
//   per customer (journeys consume them), auto-tags set and removed, and the
//   subscriber offset. kill -9 loses nothing: at start the stores are rebuilt
//   from the database and every dynamic segment is re-decided against its
//   stored members, emitting the differences.
// - Time-based rules (days since, windows, models) are re-decided in full when
//   the shop-local day changes, so `last_order_days > 90` holds at midnight
//   without any write.
// - Creating or editing a segment sets its members without entered events:
//   events describe customers moving, not a new definition.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "segment/bitset.hpp"
#include "segment/feature_store.hpp"
#include "segment/models.hpp"
#include "segment/rule/ast.hpp"
#include "segment/rule/model_settings.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::segment {

enum class SegmentKind { kDynamic, kStatic };
std::string_view segment_kind_name(SegmentKind k);  // "dynamic", "static"

struct Segment {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  SegmentKind kind = SegmentKind::kDynamic;
  std::string rule;  // canonical text; for static lists, the rule of the snapshot (may be empty)
  std::string description;
  std::string tag;  // auto-tag: set on members, removed on exit ("" = none)
  int64_t member_count = 0;
  std::optional<Timestamp> snapshot_at;  // static lists taken from a rule
  std::string created_by;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct SegmentInput {
  std::string name;
  SegmentKind kind = SegmentKind::kDynamic;
  std::optional<Rule> rule;                 // dynamic: required; static: snapshot of this rule
  std::optional<std::vector<int64_t>> ids;  // static: uploaded customer ids (instead of a rule)
  std::string description;
  std::string tag;
};

// Fields a PATCH may change (absent = keep). Changing the rule re-decides all members.
struct SegmentPatch {
  std::optional<std::string> name;
  std::optional<Rule> rule;
  std::optional<std::string> description;
  std::optional<std::string> tag;
};

// The answer to a rule.
struct RuleAnswer {
  int64_t count = 0;
  std::vector<int64_t> sample;  // the first `sample` member ids, ascending
  double elapsed_ms = 0;        // evaluation time
  int32_t as_of_day = 0;
};

struct MemberPage {
  std::vector<int64_t> ids;     // ascending
  std::optional<int64_t> next;  // pass as `after` for the next page
  int64_t total = 0;
};

struct SizePoint {
  std::string day;  // shop-local YYYY-MM-DD
  int64_t size = 0;
  int64_t entered = 0;
  int64_t exited = 0;
};

struct Overlap {
  int64_t a = 0, b = 0, both = 0, only_a = 0, only_b = 0;
};

// ---- analytics ----
struct RfmCell {
  int r = 0, f = 0, m = 0;
  int64_t customers = 0;
  int64_t revenue = 0;
};
struct RfmGroupRow {
  std::string name;  // Chinese
  std::string name_en;
  int64_t customers = 0;
  int64_t revenue = 0;
};
struct RfmReport {
  int32_t as_of_day = 0;
  int64_t purchasers = 0;
  double mean_recency_days = 0, mean_orders = 0;
  int64_t mean_revenue = 0;
  std::vector<RfmCell> cells;       // 125, r-major: index (r-1)*25 + (f-1)*5 + (m-1)
  std::vector<RfmGroupRow> groups;  // 8, in kRfmGroups order
};
struct AbcReport {
  int32_t as_of_day = 0;
  int64_t purchasers = 0;
  int64_t total_revenue = 0;
  int64_t count[3] = {};  // A, B, C
  int64_t revenue[3] = {};
  int64_t gold_customers = 0, gold_revenue = 0;  // top gold_pct %
  int64_t top20_customers = 0, top20_revenue = 0;
  int64_t drag_customers = 0, drag_revenue = 0;  // bottom drag_pct %
};
struct LifecycleReport {
  int32_t as_of_day = 0;
  int64_t counts[6] = {};  // kLifecycleStages order
  int64_t revenue[6] = {};
};

// One customer's model results as of a day (see rule/model_settings.hpp).
struct CustomerModels {
  int32_t as_of_day = 0;
  int rfm_r = 0, rfm_f = 0, rfm_m = 0;  // 1..5; 0 without a purchase
  std::string rfm_group;                // Chinese name; "" without a purchase
  std::string rfm_group_en;
  std::string abc;  // "A", "B", "C"; "" without a purchase
  bool gold = false, drag = false;
  std::string lifecycle;  // one of kLifecycleStages
};

struct EngineStats {
  size_t shops = 0;
  size_t customers = 0;
  double build_ms = 0;
  int64_t applied_seq = 0;
  MemoryStats memory;
};

class SegmentEngine {
 public:
  struct Options {
    bool background =
        true;  // run the change-feed thread (tests may call process_pending() instead)
    std::chrono::milliseconds poll{1000};  // wake at least this often (midnight checks)
  };

  // Builds the feature stores of every shop, reconciles stored dynamic
  // segments, registers a commit listener on `writer` and starts the thread.
  static Result<std::unique_ptr<SegmentEngine>> start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock, Options options);
  static Result<std::unique_ptr<SegmentEngine>> start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock) {
    return start(db, writer, clock, Options{});
  }
  ~SegmentEngine();
  SegmentEngine(const SegmentEngine&) = delete;
  SegmentEngine& operator=(const SegmentEngine&) = delete;

  // ---- rules ----
  // as_of_day: shop-local day number; nullopt = today.
  Result<RuleAnswer> answer(int64_t shop, const Rule& rule, std::optional<int32_t> as_of_day,
                            int sample);
  Result<std::vector<int64_t>> members(int64_t shop, const Rule& rule,
                                       std::optional<int32_t> as_of_day);
  // One page of the live customers matching `rule` as of today: ascending ids
  // after `after`, at most `limit` (1..10000); `total` counts every match.
  // Reads only the page's part of the result (customer lists page through it).
  Result<MemberPage> rule_members(int64_t shop, const Rule& rule, std::optional<int64_t> after,
                                  int limit);

  // ---- stored segments ----
  Result<Segment> create_segment(int64_t shop, const SegmentInput& input, const std::string& actor);
  Result<Segment> update_segment(int64_t shop, int64_t id, const SegmentPatch& patch,
                                 const std::string& actor);
  Status delete_segment(int64_t shop, int64_t id, const std::string& actor);
  Result<std::vector<Segment>> list_segments(int64_t shop);
  Result<Segment> get_segment(int64_t shop, int64_t id);
  Result<MemberPage> segment_members(int64_t shop, int64_t id, std::optional<int64_t> after,
                                     int limit);
  Result<std::vector<Segment>> segments_of_customer(int64_t shop, int64_t customer_id);
  Result<Overlap> overlap(int64_t shop, int64_t a, int64_t b);
  Result<std::vector<SizePoint>> size_history(int64_t shop, int64_t id, int days);

  // ---- models ----
  Result<RfmReport> rfm(int64_t shop, std::optional<int32_t> as_of_day);
  Result<AbcReport> abc(int64_t shop, std::optional<int32_t> as_of_day);
  Result<LifecycleReport> lifecycle(int64_t shop, std::optional<int32_t> as_of_day);
  // The models of one customer as of today (an id merged away resolves to
  // nothing: nullopt, as for an id the store does not hold).
  Result<std::optional<CustomerModels>> customer_models(int64_t shop, int64_t customer_id);
  Result<ModelSettings> model_settings(int64_t shop);
  Status set_model_settings(int64_t shop, const ModelSettings& settings, const std::string& actor);

  // ---- operation ----
  // Applies every change committed so far (the background thread does this on
  // its own); returns the last applied sequence.
  Result<int64_t> process_pending();
  // Blocks until changes up to `seq` are applied or the timeout passes.
  bool wait_applied(int64_t seq, std::chrono::milliseconds timeout);
  EngineStats stats();
  // The shop-local day number of now.
  Result<int32_t> today(int64_t shop);

 private:
  struct ShopState;
  SegmentEngine(store::Database& db, store::Writer& writer, const Clock& clock, Options options);
  Result<ShopState*> shop_state(int64_t shop);
  void loop();
  Result<int64_t> process_locked();  // process_pending() with process_mu_ held
  Status review_tiers_if_due(ShopState& st, int32_t today);
  template <typename Report>
  auto with_models(int64_t shop, std::optional<int32_t> as_of_day, Report&& report)
      -> Result<decltype(report(std::declval<ShopState&>(), std::declval<const ModelColumns&>(),
                                std::declval<const AsOfTotals&>(), int32_t{}))>;

  store::Database& db_;
  store::Writer& writer_;
  const Clock& clock_;
  Options options_;
  std::unique_ptr<store::Connection> reader_;  // the engine thread's connection
  std::mutex reader_mu_;
  std::shared_mutex shops_mu_;
  std::map<int64_t, std::unique_ptr<ShopState>> shops_;
  std::mutex process_mu_;  // one process_pending() at a time
  std::atomic<int64_t> applied_seq_{0};
  // Shared with the Writer's commit listener, which may outlive the engine.
  struct Wakeup {
    std::mutex mu;
    std::condition_variable cv;
    bool pending = false;
    bool stopping = false;
  };
  std::shared_ptr<Wakeup> wakeup_ = std::make_shared<Wakeup>();
  double build_ms_ = 0;
  std::thread thread_;
};

}  // namespace guanxi::segment
