#include "segment/engine.hpp"

#include <date/date.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <limits>
#include <set>
#include <unordered_set>
#include <utility>

#include "domain/activity.hpp"
#include "domain/shops.hpp"
#include "domain/tiers.hpp"
#include "segment/evaluator.hpp"
#include "segment/rule/checker.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/settings.hpp"
#include "store/change_feed.hpp"
#include "store/segment_table.hpp"
#include "store/settings_table.hpp"

namespace guanxi::segment {

namespace {

constexpr std::string_view kSubscriber = "segment_engine";
constexpr std::string_view kModelsSetting = "models";

// A shop-local day number as "YYYY-MM-DD".
std::string day_text(int32_t day) {
  const date::year_month_day ymd{date::sys_days(date::days(day))};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())}
      .to_string();
}

// A segment name: 1 to 100 bytes of UTF-8 text without control characters
// (it appears in rules as in_segment("name"), in events and in file names).
Status validate_segment_name(std::string_view name) {
  Location loc;
  loc.field = "/name";
  if (name.size() > 100) return Status::invalid("name must be at most 100 bytes", loc);
  Status s = check_name("name", name);
  return s.is_ok() ? s : Status::invalid(s.message(), loc);
}

// Whether a rule tests tag("name"): an auto-tag rule must not, or setting the
// tag would change the rule's answer and the two would chase each other.
bool tests_tag(const Node& n, std::string_view tag) {
  if (n.kind == NodeKind::kTag && n.text == tag) return true;
  return std::any_of(n.children.begin(), n.children.end(),
                     [&](const Node& c) { return tests_tag(c, tag); });
}

Status check_auto_tag(const Rule& rule, const std::string& tag) {
  if (tag.empty() || !tests_tag(rule.root, tag)) return Status::ok();
  Location loc;
  loc.field = "/tag";
  return Status::invalid("an auto-tag rule cannot test the tag it sets ('" + tag + "')", loc);
}

// Rules whose result for one customer can change when other customers change.
bool depends_on_population(const Node& n) {
  if (n.kind == NodeKind::kCompare || n.kind == NodeKind::kIn) {
    switch (n.field.field) {
      case Field::kRfmR:
      case Field::kRfmF:
      case Field::kRfmM:
      case Field::kRfmGroup:
      case Field::kAbc:
      case Field::kLifecycle:
        return true;
      default:
        return false;
    }
  }
  if (n.kind == NodeKind::kInSegment) return true;
  return std::any_of(n.children.begin(), n.children.end(), depends_on_population);
}

// Changes that never alter a customer's features.
bool ignored_change(std::string_view kind) {
  return kind.starts_with("segment_") || kind == "product_upserted";
}

// Changes of a note (entity_id = note id): the note's customer is touched even
// when the change does not name it (`note_deleted` names only the note).
bool note_change(std::string_view kind) {
  return kind.starts_with("note_");
}

std::string serialize(const Roaring& r) {
  std::string out(r.getSizeInBytes(true), '\0');
  r.write(out.data(), true);
  return out;
}

Segment to_segment(const store::SegmentRecord& r) {
  Segment s;
  s.id = r.id;
  s.shop_id = r.shop_id;
  s.name = r.name;
  s.kind = r.kind == "static" ? SegmentKind::kStatic : SegmentKind::kDynamic;
  s.rule = r.rule;
  s.description = r.description;
  s.tag = r.tag;
  s.member_count = r.member_count;
  if (r.snapshot_at) s.snapshot_at = from_millis(*r.snapshot_at);
  s.created_by = r.created_by;
  s.created_at = from_millis(r.created_at);
  s.updated_at = from_millis(r.updated_at);
  return s;
}

}  // namespace

std::string_view segment_kind_name(SegmentKind k) {
  return k == SegmentKind::kStatic ? "static" : "dynamic";
}

// One shop's hot state. `mu` guards everything below it.
struct SegmentEngine::ShopState {
  domain::Shop shop;
  ShopZone zone;
  std::shared_mutex mu;
  std::unique_ptr<FeatureStore> fs;
  ModelCache models;
  ModelSettings settings;
  struct Live {
    store::SegmentRecord record;
    std::optional<Rule> rule;  // dynamic segments
    Bitset members;            // over feature-store slots
    bool time_dependent = false;
    bool population = false;
  };
  std::map<int64_t, Live> segments;
  int32_t evaluated_day = 0;
  // Customers of a round whose write failed: the next round re-decides them
  // even when the changes that named them (a deleted note's) no longer can.
  // Only process_locked() uses it (under process_mu_).
  std::vector<int64_t> undecided;

  ShopState(domain::Shop s, ShopZone z) : shop(std::move(s)), zone(std::move(z)) {}

  Result<Bitset> resolve(std::string_view name, int depth) {
    if (depth > 16) return Status::invalid("in_segment nests too deeply (a cycle?)");
    for (auto& [id, live] : segments) {
      if (live.record.name == name) {
        Bitset b = live.members;
        b.resize(fs->size());
        return b;
      }
    }
    return Status::invalid("in_segment(\"" + std::string(name) + "\"): no segment of that name");
  }

  EvalOptions options(int32_t day) {
    EvalOptions o;
    o.as_of_day = day;
    o.models = settings;
    o.model_cache = &models;
    o.resolve_segment = [this](std::string_view name, int depth) { return resolve(name, depth); };
    return o;
  }

  Bitset slots_of(const std::vector<int64_t>& ids) const {
    Bitset b(fs->size());
    for (int64_t id : ids) {
      if (auto slot = fs->slot_of(id)) b.set(*slot);
    }
    return b;
  }

  // Members as a Roaring bitmap of customer ids. Ids fit 32 bits: shop_state()
  // refuses a shop whose ids do not, rather than store truncated members.
  Roaring ids_roaring(const Bitset& members) const {
    std::vector<uint32_t> ids;
    for (int64_t id : customer_ids(*fs, members)) ids.push_back(static_cast<uint32_t>(id));
    Roaring r;
    r.addMany(ids.size(), ids.data());  // ascending input: containers are filled in order
    r.runOptimize();
    return r;
  }
};

// The membership changes of one segment in one round.
struct SegmentDiff {
  int64_t id = 0;
  std::string name;
  std::string tag;
  std::vector<int64_t> entered, exited;
  std::string blob;
  int64_t count = 0;
  bool emit = true;  // false for (re)definitions: members set without events
};

SegmentEngine::SegmentEngine(store::Database& db, store::Writer& writer, const Clock& clock,
                             Options options)
    : db_(db), writer_(writer), clock_(clock), options_(options) {}

SegmentEngine::~SegmentEngine() {
  {
    std::lock_guard lock(wakeup_->mu);
    wakeup_->stopping = true;
  }
  wakeup_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

namespace {

// Writes the diffs (members, size log, events, auto-tags) in one job.
Status write_diffs(store::Writer& writer, const Clock& clock, const domain::Shop& shop,
                   const ShopZone& zone, const std::vector<SegmentDiff>& diffs, int64_t seq) {
  if (diffs.empty()) return Status::ok();
  const std::string today =
      day_text(static_cast<int32_t>(zone.local_day(clock.now()).time_since_epoch().count()));
  return writer.run([&](store::Connection& db) -> Status {
    const int64_t now = to_millis(clock.now());
    for (const auto& d : diffs) {
      GX_RETURN_IF_ERROR(store::save_segment_members(db, d.id, d.blob, d.count, now));
      GX_RETURN_IF_ERROR(store::record_segment_size(
          db, d.id, today, d.count, d.emit ? static_cast<int64_t>(d.entered.size()) : 0,
          d.emit ? static_cast<int64_t>(d.exited.size()) : 0));
      domain::WriteContext ctx{db, clock, shop, zone, "segment:" + d.name};
      auto emit = [&](std::string_view kind, int64_t customer) {
        store::ChangeRecord c;
        c.shop_id = shop.id;
        c.kind = std::string(kind);
        c.customer_id = customer;
        c.entity_id = d.id;
        c.payload = Json{{"segment", d.name}}.dump();
        c.actor = ctx.actor;
        c.created_at = now;
        return store::append_change(db, c).status();
      };
      for (int64_t id : d.entered) {
        if (d.emit) GX_RETURN_IF_ERROR(emit("segment_entered", id));
        if (!d.tag.empty()) GX_RETURN_IF_ERROR(domain::add_tag(ctx, id, d.tag).status());
      }
      for (int64_t id : d.exited) {
        if (d.emit) GX_RETURN_IF_ERROR(emit("segment_exited", id));
        if (!d.tag.empty()) GX_RETURN_IF_ERROR(domain::remove_tag(ctx, id, d.tag).status());
      }
    }
    if (seq > 0) GX_RETURN_IF_ERROR(store::set_subscriber_offset(db, kSubscriber, seq));
    return Status::ok();
  });
}

// entered = now \ before, exited = before \ now, as customer ids.
void diff_members(const FeatureStore& fs, const Bitset& before, const Bitset& now, SegmentDiff& d) {
  Bitset entered = now;
  Bitset old = before;
  old.resize(now.size());
  entered.and_not(old);
  old.and_not(now);
  d.entered = customer_ids(fs, entered);
  d.exited = customer_ids(fs, old);
}

// The page of `members` (slots, live only) after customer id `after`, at most `limit` ids.
MemberPage member_page(const FeatureStore& fs, const Bitset& members, std::optional<int64_t> after,
                       int limit) {
  MemberPage page;
  page.total = static_cast<int64_t>(members.count());
  if (!fs.slots_in_id_order()) {
    const auto ids = customer_ids(fs, members);
    auto from = after ? std::upper_bound(ids.begin(), ids.end(), *after) : ids.begin();
    for (auto p = from; p != ids.end() && static_cast<int>(page.ids.size()) < limit; ++p) {
      page.ids.push_back(*p);
    }
    if (!page.ids.empty() && from + static_cast<std::ptrdiff_t>(page.ids.size()) != ids.end()) {
      page.next = page.ids.back();
    }
    return page;
  }
  // Slots are in id order: start at the first slot after `after` and read only this page,
  // so walking a large segment page by page (CSV export) stays linear.
  const auto& ids = fs.ids_;
  const auto start = static_cast<size_t>(
      after ? std::upper_bound(ids.begin(), ids.end(), *after) - ids.begin() : 0);
  for (size_t w = start / 64; w < members.word_count(); ++w) {
    uint64_t bits = members.word(w);
    if (w == start / 64) bits &= ~uint64_t{0} << (start % 64);
    while (bits != 0) {
      const size_t slot = w * 64 + static_cast<size_t>(std::countr_zero(bits));
      if (static_cast<int>(page.ids.size()) == limit) {
        page.next = page.ids.back();
        return page;
      }
      page.ids.push_back(ids[slot]);
      bits &= bits - 1;
    }
  }
  return page;
}

Status check_page_limit(int limit) {
  if (limit < 1 || limit > 10'000) {
    Location loc;
    loc.field = "limit";
    return Status::invalid("limit must be between 1 and 10000", loc);
  }
  return Status::ok();
}

}  // namespace

Result<std::unique_ptr<SegmentEngine>> SegmentEngine::start(store::Database& db,
                                                            store::Writer& writer,
                                                            const Clock& clock, Options options) {
  std::unique_ptr<SegmentEngine> e(new SegmentEngine(db, writer, clock, options));
  GX_ASSIGN_OR_RETURN(e->reader_, db.connect(true));
  GX_ASSIGN_OR_RETURN(int64_t seq, store::last_change_seq(*e->reader_));
  GX_ASSIGN_OR_RETURN(auto shops, domain::list_shops(*e->reader_));
  const auto started = std::chrono::steady_clock::now();
  for (const auto& shop : shops) {
    auto state = e->shop_state(shop.id);
    if (!state.ok()) return state.status();
  }
  e->build_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  e->applied_seq_ = seq;
  SegmentEngine* self = e.get();
  writer.add_commit_listener([wakeup = e->wakeup_] {
    {
      std::lock_guard lock(wakeup->mu);
      wakeup->pending = true;
    }
    wakeup->cv.notify_all();
  });
  if (options.background) e->thread_ = std::thread([self] { self->loop(); });
  return e;
}

Result<SegmentEngine::ShopState*> SegmentEngine::shop_state(int64_t shop) {
  {
    std::shared_lock lock(shops_mu_);
    auto it = shops_.find(shop);
    if (it != shops_.end()) return it->second.get();
  }
  std::unique_lock lock(shops_mu_);
  auto it = shops_.find(shop);
  if (it != shops_.end()) return it->second.get();
  std::unique_lock reader_lock(reader_mu_);
  GX_ASSIGN_OR_RETURN(auto shops, domain::list_shops(*reader_));
  auto found =
      std::find_if(shops.begin(), shops.end(), [&](const domain::Shop& s) { return s.id == shop; });
  if (found == shops.end()) return Status::not_found("no shop " + std::to_string(shop));
  GX_ASSIGN_OR_RETURN(auto zone, ShopZone::load(found->time_zone));
  auto state = std::make_unique<ShopState>(*found, std::move(zone));
  GX_ASSIGN_OR_RETURN(state->fs, FeatureStore::build(*reader_, shop, state->zone));
  if (state->fs->size() > 0 && *std::max_element(state->fs->ids_.begin(), state->fs->ids_.end()) >
                                   int64_t{std::numeric_limits<uint32_t>::max()}) {
    return Status(ErrorCode::kUnavailable,
                  "shop " + std::to_string(shop) +
                      " has customer ids above 2^32, which segment membership cannot store");
  }
  GX_ASSIGN_OR_RETURN(auto setting, store::find_shop_setting(*reader_, shop, kModelsSetting));
  if (setting) {
    GX_ASSIGN_OR_RETURN(auto json, parse_json(setting->value));
    GX_ASSIGN_OR_RETURN(state->settings, parse_model_settings(json));
  }
  state->evaluated_day =
      static_cast<int32_t>(state->zone.local_day(clock_.now()).time_since_epoch().count());

  // Stored segments: load members, then re-decide dynamic ones against them
  // (what changed while the server was down becomes entered/exited events).
  GX_ASSIGN_OR_RETURN(auto records, store::list_segments(*reader_, shop));
  for (auto& rec : records) {
    ShopState::Live live;
    GX_ASSIGN_OR_RETURN(std::string blob, store::load_segment_members(*reader_, rec.id));
    std::vector<int64_t> ids;
    if (!blob.empty()) {
      Roaring r = Roaring::readSafe(blob.data(), blob.size());
      for (uint32_t v : r) ids.push_back(v);
    }
    live.members = state->slots_of(ids);
    if (rec.kind == "dynamic") {
      auto rule = parse_rule(rec.rule);
      if (!rule.ok()) {
        spdlog::error("segment {} ({}): stored rule no longer parses: {}", rec.id, rec.name,
                      rule.status().to_string());
      } else {
        live.time_dependent = depends_on_time(*rule);
        live.population = depends_on_population(rule->root);
        live.rule = std::move(*rule);
      }
    }
    live.record = std::move(rec);
    state->segments.emplace(live.record.id, std::move(live));
  }
  reader_lock.unlock();
  std::vector<SegmentDiff> diffs;
  for (auto& [id, live] : state->segments) {
    if (!live.rule) continue;
    GX_ASSIGN_OR_RETURN(Bitset now,
                        evaluate(*state->fs, *live.rule, state->options(state->evaluated_day)));
    SegmentDiff d;
    diff_members(*state->fs, live.members, now, d);
    if (!d.entered.empty() || !d.exited.empty()) {
      d.id = id;
      d.name = live.record.name;
      d.tag = live.record.tag;
      d.count = static_cast<int64_t>(now.count());
      d.blob = serialize(state->ids_roaring(now));
      diffs.push_back(std::move(d));
    }
    live.members = std::move(now);
  }
  GX_RETURN_IF_ERROR(write_diffs(writer_, clock_, state->shop, state->zone, diffs, 0));
  ShopState* raw = state.get();
  shops_.emplace(shop, std::move(state));
  return raw;
}

void SegmentEngine::loop() {
  while (true) {
    {
      std::unique_lock lock(wakeup_->mu);
      wakeup_->cv.wait_for(lock, options_.poll,
                           [&] { return wakeup_->pending || wakeup_->stopping; });
      if (wakeup_->stopping) return;
      wakeup_->pending = false;
    }
    auto r = process_pending();
    if (!r.ok()) spdlog::error("segment engine: {}", r.status().to_string());
  }
}

Result<int64_t> SegmentEngine::process_pending() {
  std::lock_guard process_lock(process_mu_);
  return process_locked();
}

Result<int64_t> SegmentEngine::process_locked() {
  int64_t last = applied_seq_.load();
  std::map<int64_t, std::vector<int64_t>> touched;  // shop -> customers
  std::map<int64_t, std::vector<int64_t>> notes;    // shop -> notes whose customer is touched
  {
    std::lock_guard lock(reader_mu_);
    while (true) {
      GX_ASSIGN_OR_RETURN(auto changes, store::read_changes(*reader_, last, 10'000));
      if (changes.empty()) break;
      for (const auto& c : changes) {
        last = c.seq;
        if (note_change(c.kind) && c.entity_id) notes[c.shop_id].push_back(*c.entity_id);
        if (ignored_change(c.kind) || !c.customer_id) continue;
        auto& ids = touched[c.shop_id];
        ids.push_back(*c.customer_id);
        if (c.kind == "identity_merged" && c.entity_id) ids.push_back(*c.entity_id);
      }
    }
  }
  std::vector<int64_t> shop_ids;
  {
    std::shared_lock lock(shops_mu_);
    for (const auto& [id, state] : shops_) shop_ids.push_back(id);
  }
  const auto add_shop = [&shop_ids](int64_t shop) {
    if (std::find(shop_ids.begin(), shop_ids.end(), shop) == shop_ids.end())
      shop_ids.push_back(shop);
  };
  for (const auto& entry : touched) add_shop(entry.first);
  for (const auto& entry : notes) add_shop(entry.first);
  for (int64_t shop : shop_ids) {
    GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
    std::vector<CustomerRecord> records;
    std::vector<int64_t> extra = std::exchange(st->undecided, {});
    if (auto n = notes.find(shop); n != notes.end()) {
      std::shared_lock lock(st->mu);
      for (int64_t note : n->second) {
        if (auto owner = st->fs->note_customer(note)) extra.push_back(*owner);
      }
    }
    if (!extra.empty()) {
      auto& ids = touched[shop];
      ids.insert(ids.end(), extra.begin(), extra.end());
    }
    auto it = touched.find(shop);
    if (it != touched.end()) {
      std::lock_guard lock(reader_mu_);
      GX_ASSIGN_OR_RETURN(records, FeatureStore::load(*reader_, shop, st->zone, it->second));
    }
    const auto today =
        static_cast<int32_t>(st->zone.local_day(clock_.now()).time_since_epoch().count());
    const bool new_day = today != st->evaluated_day;
    if (records.empty() && !new_day) continue;
    if (new_day) GX_RETURN_IF_ERROR(review_tiers_if_due(*st, today));

    std::vector<SegmentDiff> diffs;
    std::vector<std::pair<int64_t, Bitset>> previous;  // to restore when the write fails
    {
      std::unique_lock lock(st->mu);
      st->fs->apply(std::move(records));
      Bitset candidates(st->fs->size());
      if (it != touched.end()) {
        for (int64_t id : it->second) {
          if (auto slot = st->fs->slot_of(id)) candidates.set(*slot);
        }
      }
      const EvalOptions base = st->options(today);
      for (auto& [id, live] : st->segments) {
        if (!live.rule) continue;
        const bool full = live.population || (new_day && live.time_dependent);
        if (!full && candidates.none()) continue;
        EvalOptions opt = base;
        if (!full) opt.candidates = &candidates;
        GX_ASSIGN_OR_RETURN(Bitset decided, evaluate(*st->fs, *live.rule, opt));
        Bitset now = decided;
        if (!full) {  // outside the candidates, membership stands
          Bitset kept = live.members;
          kept.resize(now.size());
          kept.and_not(candidates);
          now |= kept;
        }
        SegmentDiff d;
        diff_members(*st->fs, live.members, now, d);
        if (d.entered.empty() && d.exited.empty()) {
          live.members = std::move(now);
          continue;
        }
        d.id = id;
        d.name = live.record.name;
        d.tag = live.record.tag;
        d.count = static_cast<int64_t>(now.count());
        d.blob = serialize(st->ids_roaring(now));
        previous.emplace_back(id, live.members);
        live.members = std::move(now);
        live.record.member_count = d.count;
        diffs.push_back(std::move(d));
      }
      st->evaluated_day = today;
    }
    Status written = write_diffs(writer_, clock_, st->shop, st->zone, diffs, last);
    if (!written.is_ok()) {
      // Put the old members back so the next round decides these customers again.
      std::unique_lock lock(st->mu);
      for (auto& [id, members] : previous) {
        auto s = st->segments.find(id);
        if (s != st->segments.end()) s->second.members = std::move(members);
      }
      st->evaluated_day = today - 1;
      if (it != touched.end()) st->undecided = it->second;
      return written;
    }
  }
  {
    std::lock_guard lock(wakeup_->mu);
    applied_seq_ = last;
  }
  wakeup_->cv.notify_all();
  return last;
}

// Membership tiers are downgraded only on review dates: the first round of a
// shop-local day that is a review date runs the review over the days up to
// yesterday. Its tier_changed changes reach the segments on the next round.
Status SegmentEngine::review_tiers_if_due(ShopState& st, int32_t today) {
  domain::TierConfig config;
  {
    std::lock_guard lock(reader_mu_);
    GX_ASSIGN_OR_RETURN(config, domain::load_tier_config(*reader_, st.shop.id));
  }
  if (!config.enabled || st.evaluated_day <= 0) return Status::ok();
  const auto next = domain::next_review_day(config, LocalDays(date::days(st.evaluated_day)));
  if (!next || next->time_since_epoch().count() > today) return Status::ok();
  return writer_.run([&](store::Connection& db) -> Status {
    domain::WriteContext ctx{db, clock_, st.shop, st.zone, "scheduler:tier_review"};
    auto summary = domain::review_tiers(ctx, LocalDays(date::days(today - 1)), "review");
    if (summary.ok()) {
      spdlog::info("shop {}: tier review: {} upgraded, {} downgraded", st.shop.id,
                   summary->upgraded, summary->downgraded);
    }
    return summary.status();
  });
}

bool SegmentEngine::wait_applied(int64_t seq, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(wakeup_->mu);
  while (applied_seq_.load() < seq) {
    if (wakeup_->cv.wait_until(lock, deadline) == std::cv_status::timeout)
      return applied_seq_.load() >= seq;
  }
  return true;
}

Result<int32_t> SegmentEngine::today(int64_t shop) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  return static_cast<int32_t>(st->zone.local_day(clock_.now()).time_since_epoch().count());
}

Result<RuleAnswer> SegmentEngine::answer(int64_t shop, const Rule& rule,
                                         std::optional<int32_t> as_of_day, int sample) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_ASSIGN_OR_RETURN(int32_t today_day, today(shop));
  const int32_t day = as_of_day.value_or(today_day);
  std::shared_lock lock(st->mu);
  const auto started = std::chrono::steady_clock::now();
  GX_ASSIGN_OR_RETURN(Bitset members, evaluate(*st->fs, rule, st->options(day)));
  RuleAnswer a;
  a.count = static_cast<int64_t>(members.count());
  a.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  a.as_of_day = day;
  if (sample > 0) {
    if (st->fs->slots_in_id_order()) {  // the first members in slot order are the smallest ids
      for (size_t w = 0; w < members.word_count() && static_cast<int>(a.sample.size()) < sample;
           ++w) {
        for (uint64_t bits = members.word(w);
             bits != 0 && static_cast<int>(a.sample.size()) < sample; bits &= bits - 1) {
          a.sample.push_back(
              st->fs->customer_id(w * 64 + static_cast<size_t>(std::countr_zero(bits))));
        }
      }
    } else {
      a.sample = customer_ids(*st->fs, members);
      if (static_cast<int>(a.sample.size()) > sample) a.sample.resize(static_cast<size_t>(sample));
    }
  }
  return a;
}

Result<std::vector<int64_t>> SegmentEngine::members(int64_t shop, const Rule& rule,
                                                    std::optional<int32_t> as_of_day) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_ASSIGN_OR_RETURN(int32_t today_day, today(shop));
  std::shared_lock lock(st->mu);
  GX_ASSIGN_OR_RETURN(Bitset members,
                      evaluate(*st->fs, rule, st->options(as_of_day.value_or(today_day))));
  return customer_ids(*st->fs, members);
}

Result<MemberPage> SegmentEngine::rule_members(int64_t shop, const Rule& rule,
                                               std::optional<int64_t> after, int limit) {
  GX_RETURN_IF_ERROR(check_page_limit(limit));
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_ASSIGN_OR_RETURN(int32_t today_day, today(shop));
  std::shared_lock lock(st->mu);
  GX_ASSIGN_OR_RETURN(Bitset members, evaluate(*st->fs, rule, st->options(today_day)));
  members.resize(st->fs->size());
  members &= st->fs->live();
  return member_page(*st->fs, members, after, limit);
}

Result<Segment> SegmentEngine::create_segment(int64_t shop, const SegmentInput& input,
                                              const std::string& actor) {
  std::lock_guard process_lock(process_mu_);
  GX_RETURN_IF_ERROR(process_locked().status());  // decide on everything committed so far
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_RETURN_IF_ERROR(validate_segment_name(input.name));
  if (!input.tag.empty()) GX_RETURN_IF_ERROR(domain::validate_tag_name(input.tag));
  GX_ASSIGN_OR_RETURN(int32_t day, today(shop));
  store::SegmentRecord rec;
  rec.shop_id = shop;
  rec.name = input.name;
  rec.kind = std::string(segment_kind_name(input.kind));
  rec.description = input.description;
  rec.tag = input.tag;
  rec.created_by = actor;
  rec.created_at = rec.updated_at = to_millis(clock_.now());
  ShopState::Live live;
  {
    std::shared_lock lock(st->mu);
    for (const auto& [id, other] : st->segments) {
      if (other.record.name == input.name)
        return Status::conflict("a segment named '" + input.name + "' exists");
    }
    if (input.kind == SegmentKind::kDynamic) {
      if (!input.rule) {
        Location loc;
        loc.field = "/rule";
        return Status::invalid("a dynamic segment needs a rule", loc);
      }
      for (const auto& name : referenced_segments(*input.rule)) {
        if (name == input.name)
          return Status::invalid("a segment cannot contain itself (in_segment)");
      }
      GX_RETURN_IF_ERROR(check_auto_tag(*input.rule, input.tag));
      rec.rule = print_rule(*input.rule);
      GX_ASSIGN_OR_RETURN(live.members, evaluate(*st->fs, *input.rule, st->options(day)));
      live.rule = *input.rule;
      live.time_dependent = depends_on_time(*input.rule);
      live.population = depends_on_population(input.rule->root);
    } else if (input.rule) {
      rec.rule = print_rule(*input.rule);
      rec.snapshot_at = to_millis(clock_.now());
      GX_ASSIGN_OR_RETURN(live.members, evaluate(*st->fs, *input.rule, st->options(day)));
    } else {
      const std::vector<int64_t> ids = input.ids.value_or(std::vector<int64_t>{});
      std::vector<int64_t> unknown;
      for (int64_t id : ids) {
        auto slot = st->fs->slot_of(id);
        if (!slot || !st->fs->live().test(*slot)) unknown.push_back(id);
      }
      if (!unknown.empty()) {
        std::string list;
        for (size_t i = 0; i < unknown.size() && i < 10; ++i)
          list += (i ? ", " : "") + std::to_string(unknown[i]);
        Location loc;
        loc.field = "/ids";
        return Status::invalid(
            std::to_string(unknown.size()) + " ids are not live customers of this shop: " + list,
            loc);
      }
      live.members = st->slots_of(ids);
    }
  }
  rec.member_count = static_cast<int64_t>(live.members.count());
  const std::string blob = serialize(st->ids_roaring(live.members));
  std::vector<int64_t> tagged;
  if (!input.tag.empty()) tagged = customer_ids(*st->fs, live.members);
  const std::string today_text = day_text(day);
  const Status written = writer_.run([&](store::Connection& db) -> Status {
    GX_ASSIGN_OR_RETURN(rec.id, store::insert_segment(db, rec));
    GX_RETURN_IF_ERROR(
        store::save_segment_members(db, rec.id, blob, rec.member_count, rec.updated_at));
    GX_RETURN_IF_ERROR(store::record_segment_size(db, rec.id, today_text, rec.member_count, 0, 0));
    domain::WriteContext ctx{db, clock_, st->shop, st->zone, "segment:" + rec.name};
    for (int64_t id : tagged) GX_RETURN_IF_ERROR(domain::add_tag(ctx, id, rec.tag).status());
    return Status::ok();
  });
  GX_RETURN_IF_ERROR(written);
  Segment out = to_segment(rec);
  live.record = std::move(rec);
  std::unique_lock lock(st->mu);
  st->segments.emplace(live.record.id, std::move(live));
  return out;
}

Result<Segment> SegmentEngine::update_segment(int64_t shop, int64_t id, const SegmentPatch& patch,
                                              const std::string& actor) {
  std::lock_guard process_lock(process_mu_);
  GX_RETURN_IF_ERROR(process_locked().status());  // decide on everything committed so far
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_ASSIGN_OR_RETURN(int32_t day, today(shop));
  std::unique_lock lock(st->mu);
  auto it = st->segments.find(id);
  if (it == st->segments.end()) return Status::not_found("no segment " + std::to_string(id));
  ShopState::Live& live = it->second;
  store::SegmentRecord rec = live.record;
  if (patch.name) {
    GX_RETURN_IF_ERROR(validate_segment_name(*patch.name));
    for (const auto& [other_id, other] : st->segments) {
      if (other_id != id && other.record.name == *patch.name) {
        return Status::conflict("a segment named '" + *patch.name + "' exists");
      }
    }
    if (*patch.name != rec.name) {
      for (const auto& [other_id, other] : st->segments) {
        if (!other.rule) continue;
        for (const auto& name : referenced_segments(*other.rule)) {
          if (name == rec.name) {
            return Status::conflict("segment '" + other.record.name + "' uses in_segment(\"" +
                                    name + "\"); change it before renaming");
          }
        }
      }
    }
    rec.name = *patch.name;
  }
  if (patch.description) rec.description = *patch.description;
  const std::string old_tag = rec.tag;
  if (patch.tag) {
    if (!patch.tag->empty()) GX_RETURN_IF_ERROR(domain::validate_tag_name(*patch.tag));
    rec.tag = *patch.tag;
  }
  Bitset members = live.members;
  std::optional<Rule> rule = live.rule;
  if (patch.rule) {
    if (rec.kind != "dynamic")
      return Status::invalid("the rule of a static list cannot change; create a new list");
    for (const auto& name : referenced_segments(*patch.rule)) {
      if (name == rec.name) return Status::invalid("a segment cannot contain itself (in_segment)");
    }
    GX_ASSIGN_OR_RETURN(members, evaluate(*st->fs, *patch.rule, st->options(day)));
    rule = *patch.rule;
    rec.rule = print_rule(*patch.rule);
  }
  if (rule) GX_RETURN_IF_ERROR(check_auto_tag(*rule, rec.tag));
  rec.updated_at = to_millis(clock_.now());
  rec.member_count = static_cast<int64_t>(members.count());
  // Auto-tags follow the definition: the old tag leaves old members, the new tag reaches new
  // members.
  std::vector<int64_t> untag, tag;
  if (!old_tag.empty() && (old_tag != rec.tag || patch.rule))
    untag = customer_ids(*st->fs, live.members);
  if (!rec.tag.empty() && (old_tag != rec.tag || patch.rule)) tag = customer_ids(*st->fs, members);
  const std::string blob = serialize(st->ids_roaring(members));
  const Status written = writer_.run([&](store::Connection& db) -> Status {
    GX_RETURN_IF_ERROR(store::update_segment_definition(db, rec));
    GX_RETURN_IF_ERROR(
        store::save_segment_members(db, rec.id, blob, rec.member_count, rec.updated_at));
    domain::WriteContext ctx{db, clock_, st->shop, st->zone, actor};
    for (int64_t c : untag) GX_RETURN_IF_ERROR(domain::remove_tag(ctx, c, old_tag).status());
    for (int64_t c : tag) GX_RETURN_IF_ERROR(domain::add_tag(ctx, c, rec.tag).status());
    return Status::ok();
  });
  GX_RETURN_IF_ERROR(written);
  live.record = rec;
  live.members = std::move(members);
  if (rule) {
    live.time_dependent = depends_on_time(*rule);
    live.population = depends_on_population(rule->root);
  }
  live.rule = std::move(rule);
  return to_segment(rec);
}

Status SegmentEngine::delete_segment(int64_t shop, int64_t id, const std::string& /*actor*/) {
  std::lock_guard process_lock(process_mu_);
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::unique_lock lock(st->mu);
  auto it = st->segments.find(id);
  if (it == st->segments.end()) return Status::not_found("no segment " + std::to_string(id));
  for (const auto& [other_id, other] : st->segments) {
    if (other_id == id || !other.rule) continue;
    for (const auto& name : referenced_segments(*other.rule)) {
      if (name == it->second.record.name) {
        return Status::conflict("segment '" + other.record.name + "' uses in_segment(\"" + name +
                                "\"); change it first");
      }
    }
  }
  const Status written =
      writer_.run([&](store::Connection& db) { return store::delete_segment(db, shop, id); });
  GX_RETURN_IF_ERROR(written);
  st->segments.erase(it);
  return Status::ok();
}

Result<std::vector<Segment>> SegmentEngine::list_segments(int64_t shop) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::shared_lock lock(st->mu);
  std::vector<Segment> out;
  for (const auto& [id, live] : st->segments) {
    Segment s = to_segment(live.record);
    s.member_count = static_cast<int64_t>(live.members.count());
    out.push_back(std::move(s));
  }
  return out;
}

Result<Segment> SegmentEngine::get_segment(int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::shared_lock lock(st->mu);
  auto it = st->segments.find(id);
  if (it == st->segments.end()) return Status::not_found("no segment " + std::to_string(id));
  Segment s = to_segment(it->second.record);
  s.member_count = static_cast<int64_t>(it->second.members.count());
  return s;
}

Result<MemberPage> SegmentEngine::segment_members(int64_t shop, int64_t id,
                                                  std::optional<int64_t> after, int limit) {
  if (limit < 1 || limit > 10'000) {
    Location loc;
    loc.field = "limit";
    return Status::invalid("limit must be between 1 and 10000", loc);
  }
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::shared_lock lock(st->mu);
  auto it = st->segments.find(id);
  if (it == st->segments.end()) return Status::not_found("no segment " + std::to_string(id));
  Bitset members = it->second.members;
  members.resize(st->fs->size());
  members &= st->fs->live();
  return member_page(*st->fs, members, after, limit);
}

Result<std::vector<Segment>> SegmentEngine::segments_of_customer(int64_t shop,
                                                                 int64_t customer_id) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::shared_lock lock(st->mu);
  auto slot = st->fs->slot_of(customer_id);
  std::vector<Segment> out;
  if (!slot) return out;
  for (const auto& [id, live] : st->segments) {
    if (*slot < live.members.size() && live.members.test(*slot)) {
      Segment s = to_segment(live.record);
      s.member_count = static_cast<int64_t>(live.members.count());
      out.push_back(std::move(s));
    }
  }
  return out;
}

Result<Overlap> SegmentEngine::overlap(int64_t shop, int64_t a, int64_t b) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::shared_lock lock(st->mu);
  auto ia = st->segments.find(a);
  auto ib = st->segments.find(b);
  if (ia == st->segments.end()) return Status::not_found("no segment " + std::to_string(a));
  if (ib == st->segments.end()) return Status::not_found("no segment " + std::to_string(b));
  Bitset x = ia->second.members, y = ib->second.members;
  x.resize(st->fs->size());
  y.resize(st->fs->size());
  Overlap o;
  o.a = static_cast<int64_t>(x.count());
  o.b = static_cast<int64_t>(y.count());
  Bitset both = x;
  both &= y;
  o.both = static_cast<int64_t>(both.count());
  o.only_a = o.a - o.both;
  o.only_b = o.b - o.both;
  return o;
}

Result<std::vector<SizePoint>> SegmentEngine::size_history(int64_t shop, int64_t id, int days) {
  GX_RETURN_IF_ERROR(get_segment(shop, id).status());
  std::lock_guard lock(reader_mu_);
  GX_ASSIGN_OR_RETURN(auto rows,
                      store::list_segment_sizes(*reader_, id, std::clamp(days, 1, 3660)));
  std::vector<SizePoint> out;
  for (auto& r : rows) out.push_back({r.day, r.size, r.entered, r.exited});
  return out;
}

// Runs `report(st, models, totals, day)` over a shop's models as of a day, under its read lock.
template <typename Report>
auto SegmentEngine::with_models(int64_t shop, std::optional<int32_t> as_of_day, Report&& report)
    -> Result<decltype(report(std::declval<ShopState&>(), std::declval<const ModelColumns&>(),
                              std::declval<const AsOfTotals&>(), int32_t{}))> {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_ASSIGN_OR_RETURN(int32_t today_day, today(shop));
  const int32_t day = as_of_day.value_or(today_day);
  std::shared_lock lock(st->mu);
  const auto m = st->models.get(*st->fs, day, st->settings);
  const AsOfTotals t = totals_as_of(*st->fs, day);
  return report(*st, *m, t, day);
}

Result<RfmReport> SegmentEngine::rfm(int64_t shop, std::optional<int32_t> as_of_day) {
  return with_models(
      shop, as_of_day,
      [&](ShopState& st, const ModelColumns& m, const AsOfTotals& t, int32_t day) -> RfmReport {
        RfmReport r;
        r.as_of_day = day;
        r.purchasers = m.purchasers;
        r.cells.resize(125);
        for (int ri = 1; ri <= 5; ++ri) {
          for (int fi = 1; fi <= 5; ++fi) {
            for (int mi = 1; mi <= 5; ++mi)
              r.cells[static_cast<size_t>((ri - 1) * 25 + (fi - 1) * 5 + (mi - 1))] = {ri, fi, mi,
                                                                                       0, 0};
          }
        }
        for (const auto& g : kRfmGroups)
          r.groups.push_back({std::string(g.zh), std::string(g.en), 0, 0});
        st.fs->live().for_each([&](size_t i) {
          if (m.rfm_r[i] == 0) return;
          auto& cell = r.cells[static_cast<size_t>((m.rfm_r[i] - 1) * 25 + (m.rfm_f[i] - 1) * 5 +
                                                   (m.rfm_m[i] - 1))];
          ++cell.customers;
          cell.revenue += t.revenue[i];
          auto& g = r.groups[static_cast<size_t>(m.rfm_group[i] - 1)];
          ++g.customers;
          g.revenue += t.revenue[i];
        });
        if (m.purchasers > 0) {
          r.mean_recency_days =
              static_cast<double>(m.mean_recency_x_n) / static_cast<double>(m.purchasers);
          r.mean_orders = static_cast<double>(m.sum_frequency) / static_cast<double>(m.purchasers);
          r.mean_revenue = m.sum_monetary / m.purchasers;
        }
        return r;
      });
}

Result<AbcReport> SegmentEngine::abc(int64_t shop, std::optional<int32_t> as_of_day) {
  return with_models(
      shop, as_of_day,
      [&](ShopState& st, const ModelColumns& m, const AsOfTotals& t, int32_t day) -> AbcReport {
        AbcReport r;
        r.as_of_day = day;
        r.purchasers = m.purchasers;
        r.total_revenue = m.total_revenue;
        std::vector<int64_t> revenues;
        st.fs->live().for_each([&](size_t i) {
          if (m.abc[i] == 0) return;
          const size_t c = static_cast<size_t>(m.abc[i] - 1);
          ++r.count[c];
          r.revenue[c] += t.revenue[i];
          revenues.push_back(t.revenue[i]);
          if (m.gold.test(i)) {
            ++r.gold_customers;
            r.gold_revenue += t.revenue[i];
          }
          if (m.drag.test(i)) {
            ++r.drag_customers;
            r.drag_revenue += t.revenue[i];
          }
        });
        std::sort(revenues.begin(), revenues.end(), std::greater<>());
        r.top20_customers = static_cast<int64_t>((revenues.size() * 20 + 99) / 100);
        for (int64_t k = 0; k < r.top20_customers; ++k)
          r.top20_revenue += revenues[static_cast<size_t>(k)];
        return r;
      });
}

Result<LifecycleReport> SegmentEngine::lifecycle(int64_t shop, std::optional<int32_t> as_of_day) {
  return with_models(shop, as_of_day,
                     [&](ShopState& st, const ModelColumns& m, const AsOfTotals& t,
                         int32_t day) -> LifecycleReport {
                       LifecycleReport r;
                       r.as_of_day = day;
                       st.fs->live().for_each([&](size_t i) {
                         ++r.counts[m.lifecycle[i]];
                         r.revenue[m.lifecycle[i]] += t.revenue[i];
                       });
                       return r;
                     });
}

Result<std::optional<CustomerModels>> SegmentEngine::customer_models(int64_t shop,
                                                                     int64_t customer_id) {
  return with_models(shop, std::nullopt,
                     [&](ShopState& st, const ModelColumns& m, const AsOfTotals& /*totals*/,
                         int32_t day) -> std::optional<CustomerModels> {
                       const auto slot = st.fs->slot_of(customer_id);
                       if (!slot || !st.fs->live().test(*slot)) return std::nullopt;
                       const size_t i = *slot;
                       CustomerModels c;
                       c.as_of_day = day;
                       if (i < m.rfm_r.size() && m.rfm_r[i] != 0) {
                         c.rfm_r = m.rfm_r[i];
                         c.rfm_f = m.rfm_f[i];
                         c.rfm_m = m.rfm_m[i];
                         const auto& g = kRfmGroups[m.rfm_group[i] - 1];
                         c.rfm_group = std::string(g.zh);
                         c.rfm_group_en = std::string(g.en);
                       }
                       if (i < m.abc.size() && m.abc[i] != 0) {
                         c.abc = std::string(1, static_cast<char>('A' + m.abc[i] - 1));
                       }
                       c.gold = i < m.gold.size() && m.gold.test(i);
                       c.drag = i < m.drag.size() && m.drag.test(i);
                       if (i < m.lifecycle.size()) c.lifecycle = kLifecycleStages[m.lifecycle[i]];
                       return c;
                     });
}

Result<ModelSettings> SegmentEngine::model_settings(int64_t shop) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  std::shared_lock lock(st->mu);
  return st->settings;
}

Status SegmentEngine::set_model_settings(int64_t shop, const ModelSettings& settings,
                                         const std::string& actor) {
  GX_ASSIGN_OR_RETURN(ShopState * st, shop_state(shop));
  GX_RETURN_IF_ERROR(parse_model_settings(model_settings_json(settings)).status());
  std::lock_guard process_lock(process_mu_);
  const Status written = writer_.run([&](store::Connection& db) -> Status {
    GX_RETURN_IF_ERROR(store::put_shop_setting(
        db, shop, kModelsSetting, model_settings_json(settings).dump(), to_millis(clock_.now())));
    store::ChangeRecord c;
    c.shop_id = shop;
    c.kind = "settings_changed";
    c.payload = Json{{"key", kModelsSetting}}.dump();
    c.actor = actor;
    c.created_at = to_millis(clock_.now());
    return store::append_change(db, c).status();
  });
  GX_RETURN_IF_ERROR(written);
  std::unique_lock lock(st->mu);
  st->settings = settings;
  st->models.clear();
  st->evaluated_day = 0;  // re-decide model-based segments on the next round
  return Status::ok();
}

EngineStats SegmentEngine::stats() {
  EngineStats s;
  s.build_ms = build_ms_;
  s.applied_seq = applied_seq_.load();
  std::shared_lock lock(shops_mu_);
  s.shops = shops_.size();
  for (const auto& [id, st] : shops_) {
    std::shared_lock shop_lock(st->mu);
    const MemoryStats m = st->fs->memory();
    s.customers += m.customers;
    s.memory.customers += m.customers;
    s.memory.column_bytes += m.column_bytes;
    s.memory.history_bytes += m.history_bytes;
    s.memory.bitmap_bytes += m.bitmap_bytes;
    s.memory.dictionary_bytes += m.dictionary_bytes;
    s.memory.attribute_bytes += m.attribute_bytes;
  }
  return s;
}

}  // namespace guanxi::segment
