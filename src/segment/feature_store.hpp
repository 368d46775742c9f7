// FeatureStore: the hot, columnar copy of what segment rules ask about one
// shop's customers. Customers live in dense slots (0..size()-1); every feature
// is an array indexed by slot (struct of arrays), strings are dictionary
// codes, tags and identity kinds are Roaring bitmaps of slots. Per-customer
// histories (purchases, refunds, purchased items, daily event and contact
// counts) sit in shared pools so rules can be answered as of any day and over any window.
//
// Maintenance: build() reads the whole shop in customer-id chunks; refresh()
// re-reads a set of customers (those a batch of changes touched) and replaces
// their slots. Both go through load() + apply(), so a rebuilt store and an
// incrementally maintained one are identical. Merged-away customers keep their
// slot but leave live().
//
// Threading: const members may be called concurrently; apply() and refresh()
// need exclusive access (the engine holds a shared_mutex around the store).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <roaring/roaring.hh>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "segment/bitset.hpp"
#include "segment/note_owners.hpp"
#include "store/database.hpp"

namespace guanxi::segment {

inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();

// String <-> code; code 0 is always "".
class Dictionary {
 public:
  Dictionary() { intern(""); }
  uint32_t intern(std::string_view s);
  std::optional<uint32_t> find(std::string_view s) const;
  const std::string& name(uint32_t code) const { return names_[code]; }
  size_t size() const { return names_.size(); }
  size_t bytes() const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> codes_;
  std::vector<std::string> names_;
};

// A per-customer list stored in one shared pool: entries of slot i are
// pool[start[i] .. start[i] + length[i]). Replacing a list appends it and
// leaves the old entries as garbage, reclaimed by compact().
template <typename Entry>
struct HistoryPool {
  std::vector<Entry> pool;
  std::vector<uint32_t> start;
  std::vector<uint32_t> length;
  size_t garbage = 0;

  std::span<const Entry> of(size_t slot) const { return {pool.data() + start[slot], length[slot]}; }
  void resize(size_t slots) {
    start.resize(slots, 0);
    length.resize(slots, 0);
  }
  void replace(size_t slot, std::span<const Entry> entries);
  void compact();
  size_t bytes() const {
    return pool.capacity() * sizeof(Entry) +
           (start.capacity() + length.capacity()) * sizeof(uint32_t);
  }
};

struct Purchase {
  int32_t day;  // shop-local day of the order
  int64_t net;  // paid_amount - refunded_amount
};
struct Refund {
  int32_t day;
  int64_t amount;
};
// One distinct (item key, day) a customer bought: the key is a code in
// FeatureStore::item_keys, which holds "c:<category>", "s:<sku>" and "p:<product name>".
struct ItemDay {
  uint32_t key;
  int32_t day;
};
struct EventDay {
  uint32_t name;  // code in FeatureStore::event_names
  int32_t day;
  uint32_t count;
};

// Interactions (notes) with a customer on one shop-local day.
struct ContactDay {
  int32_t day;
  uint32_t count;
};

// A custom attribute as a column: kind 0 missing, 1 number, 2 string, 3 other JSON.
struct AttrColumn {
  std::vector<uint8_t> kind;
  std::vector<double> number;
  std::vector<uint32_t> text;  // code in FeatureStore::attr_values
};

// Everything read for one customer before it is written into the columns.
struct CustomerRecord {
  int64_t id = 0;
  bool merged = false;
  uint8_t gender = 0;       // 0 unknown, 1 male, 2 female
  uint8_t consent[3] = {};  // sms, email, wechat: 0 unknown, 1 granted, 2 denied
  uint8_t birthday_month = 0;
  uint8_t birthday_day = 0;
  int32_t signup_day = kNoDay;
  std::string province, city, source_channel, tier;
  int64_t points = 0;  // current points balance
  std::vector<std::pair<std::string, std::variant<double, std::string, std::monostate>>> attributes;
  std::vector<std::string> tags;
  uint8_t identity_kinds = 0;                           // bit per HasKind
  std::vector<Purchase> purchases;                      // by day
  std::vector<Refund> refunds;                          // by day
  std::vector<std::pair<std::string, int32_t>> items;   // ("c:面膜", day), deduplicated later
  std::vector<std::pair<std::string, int32_t>> events;  // (name, day), one per event
  std::vector<std::pair<int64_t, int32_t>> notes;       // (note id, day), one per note
};

struct MemoryStats {
  size_t customers = 0;
  size_t column_bytes = 0;   // fixed-width per-customer columns
  size_t history_bytes = 0;  // purchase/refund/item/event/contact pools, note owners
  size_t bitmap_bytes = 0;   // tags, identity kinds, live
  size_t dictionary_bytes = 0;
  size_t attribute_bytes = 0;
};

class FeatureStore {
 public:
  FeatureStore(int64_t shop_id, const ShopZone& zone) : shop_id_(shop_id), zone_(&zone) {}

  // Reads the whole shop. `chunk` customer ids per read.
  static Result<std::unique_ptr<FeatureStore>> build(store::Connection& db, int64_t shop_id,
                                                     const ShopZone& zone, int64_t chunk = 50'000);
  // Reads the given customers (any order, duplicates allowed) from the database.
  static Result<std::vector<CustomerRecord>> load(store::Connection& db, int64_t shop_id,
                                                  const ShopZone& zone, std::vector<int64_t> ids);
  // Writes records into their slots (appending slots for new customers).
  void apply(std::vector<CustomerRecord> records);
  // load() + apply().
  Status refresh(store::Connection& db, std::vector<int64_t> ids);
  // Releases the spare capacity the columns grew while being filled.
  void shrink_to_fit();

  int64_t shop_id() const { return shop_id_; }
  const ShopZone& zone() const { return *zone_; }
  size_t size() const { return ids_.size(); }
  std::optional<uint32_t> slot_of(int64_t customer_id) const;
  int64_t customer_id(size_t slot) const { return ids_[slot]; }
  const Bitset& live() const { return live_; }
  // Whether slot order is customer-id order (true unless ids arrived out of order).
  bool slots_in_id_order() const { return unsorted_.empty(); }
  // Bumped by every apply(); caches of derived results key on it.
  uint64_t version() const { return version_; }
  MemoryStats memory() const;
  // The customer whose notes, as last read, include `note_id` (notes move to
  // the survivor of a merge); nullopt for a note no customer had when read.
  std::optional<int64_t> note_customer(int64_t note_id) const;

  // ---- columns (read by the evaluator and the models) ----
  std::vector<int64_t> ids_;
  Bitset live_;
  std::vector<uint32_t> orders_;  // all purchases
  std::vector<int64_t> revenue_;
  std::vector<int32_t> first_day_;  // kNoDay without purchases
  std::vector<int32_t> last_day_;
  std::vector<uint32_t> refunds_;
  std::vector<int64_t> refund_amount_;
  std::vector<uint32_t> distinct_skus_;
  std::vector<uint32_t> distinct_categories_;
  std::vector<int32_t> signup_day_;  // kNoDay when unknown
  std::vector<uint8_t> gender_;
  std::vector<uint8_t> consent_[3];
  std::vector<uint8_t> birthday_month_;  // 0 when unknown
  std::vector<uint8_t> birthday_day_;
  std::vector<uint32_t> province_, city_, source_channel_;
  std::vector<uint16_t> tier_;
  std::vector<int64_t> points_;
  std::vector<int32_t> last_contact_day_;  // kNoDay when never contacted
  std::vector<uint32_t> contacts_;         // all notes
  Dictionary places_;                      // provinces and cities
  Dictionary source_channels_;
  Dictionary tiers_;
  HistoryPool<Purchase> purchases_;
  HistoryPool<Refund> refund_history_;
  HistoryPool<ItemDay> items_;
  HistoryPool<EventDay> events_;
  HistoryPool<ContactDay> contact_days_;  // by day
  HistoryPool<int64_t> note_ids_;         // the notes behind contact_days_, for note_owners_
  Dictionary item_keys_;
  Dictionary event_names_;
  std::map<std::string, AttrColumn, std::less<>> attributes_;
  Dictionary attr_values_;
  std::unordered_map<uint32_t, Roaring> tags_;  // tag code -> slots
  Dictionary tag_names_;
  Roaring identity_kinds_[7];  // HasKind -> slots
  // The latest day any history entry carries: when a rule's as-of day is on or
  // after it, the all-time totals above are the as-of values (the fast path).
  int32_t max_purchase_day_ = kNoDay;
  int32_t max_refund_day_ = kNoDay;
  int32_t max_item_day_ = kNoDay;

 private:
  uint32_t slot_for(int64_t id);
  void write(uint32_t slot, CustomerRecord& r);

  int64_t shop_id_;
  const ShopZone* zone_;
  size_t sorted_prefix_ = 0;                        // ids_[0..sorted_prefix_) ascending
  std::unordered_map<int64_t, uint32_t> unsorted_;  // slots appended out of id order
  uint64_t version_ = 0;
  NoteOwners note_owners_;
};

}  // namespace guanxi::segment
