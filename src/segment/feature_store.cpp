#include "segment/feature_store.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "domain/model.hpp"
#include "segment/rule/ast.hpp"
#include "store/feature_scan.hpp"

namespace guanxi::segment {

uint32_t Dictionary::intern(std::string_view s) {
  auto it = codes_.find(s);
  if (it != codes_.end()) return it->second;
  const auto code = static_cast<uint32_t>(names_.size());
  names_.emplace_back(s);
  codes_.emplace(std::string(s), code);
  return code;
}

std::optional<uint32_t> Dictionary::find(std::string_view s) const {
  auto it = codes_.find(s);
  if (it == codes_.end()) return std::nullopt;
  return it->second;
}

size_t Dictionary::bytes() const {
  size_t n = names_.capacity() * sizeof(std::string) + codes_.size() * (sizeof(std::string) + 16);
  for (const auto& s : names_) n += 2 * s.capacity();
  return n;
}

template <typename Entry>
void HistoryPool<Entry>::replace(size_t slot, std::span<const Entry> entries) {
  if (entries.size() <= length[slot]) {
    std::copy(entries.begin(), entries.end(), pool.begin() + start[slot]);
    garbage += length[slot] - entries.size();
  } else {
    garbage += length[slot];
    start[slot] = static_cast<uint32_t>(pool.size());
    pool.insert(pool.end(), entries.begin(), entries.end());
  }
  length[slot] = static_cast<uint32_t>(entries.size());
  if (garbage > (size_t{1} << 20) && garbage * 2 > pool.size()) compact();
}

template <typename Entry>
void HistoryPool<Entry>::compact() {
  std::vector<Entry> fresh;
  fresh.reserve(pool.size() - garbage);
  for (size_t slot = 0; slot < start.size(); ++slot) {
    const auto entries = of(slot);
    start[slot] = static_cast<uint32_t>(fresh.size());
    fresh.insert(fresh.end(), entries.begin(), entries.end());
  }
  pool = std::move(fresh);
  garbage = 0;
}

template struct HistoryPool<Purchase>;
template struct HistoryPool<Refund>;
template struct HistoryPool<ItemDay>;
template struct HistoryPool<EventDay>;
template struct HistoryPool<ContactDay>;
template struct HistoryPool<int64_t>;

namespace {

// Profile codes are the domain enums' values: 0 is always "unknown".
static_assert(static_cast<int>(domain::Gender::kMale) == 1 &&
              static_cast<int>(domain::Gender::kFemale) == 2);
static_assert(static_cast<int>(domain::Consent::kGranted) == 1 &&
              static_cast<int>(domain::Consent::kDenied) == 2);

uint8_t gender_code(std::string_view g) {
  auto parsed = domain::parse_gender(g);
  return parsed.ok() ? static_cast<uint8_t>(*parsed) : 0;
}

uint8_t consent_code(std::string_view c) {
  auto parsed = domain::parse_consent(c);
  return parsed.ok() ? static_cast<uint8_t>(*parsed) : 0;
}

// The has(...) kind of an identity type.
std::optional<HasKind> kind_of_identity(std::string_view type) {
  auto parsed = domain::parse_identity_type(type);
  if (!parsed.ok()) return std::nullopt;
  switch (*parsed) {
    case domain::IdentityType::kPhone:
      return HasKind::kPhone;
    case domain::IdentityType::kEmail:
      return HasKind::kEmail;
    case domain::IdentityType::kWechatOpenid:
    case domain::IdentityType::kWechatUnionid:
      return HasKind::kWechat;
    case domain::IdentityType::kTaobaoNick:
      return HasKind::kTaobao;
    case domain::IdentityType::kJdPin:
      return HasKind::kJd;
    case domain::IdentityType::kShopifyCustomerId:
      return HasKind::kShopify;
    case domain::IdentityType::kExternalId:
      return HasKind::kExternal;
    case domain::IdentityType::kAnonymousId:
      break;
  }
  return std::nullopt;
}

// The domain's definition of a purchase, over a stored status name.
bool is_purchase_status(std::string_view status, bool paid) {
  auto parsed = domain::parse_order_status(status);
  return parsed.ok() && domain::is_purchase(*parsed, paid);
}

// Month and day of a stored birthday; zeros when absent or malformed.
std::pair<uint8_t, uint8_t> birthday_parts(std::string_view b) {
  auto parsed = domain::parse_birthday(b);
  if (!parsed.ok()) return {0, 0};
  return {static_cast<uint8_t>(parsed->month), static_cast<uint8_t>(parsed->day)};
}

void read_attributes(std::string_view text, CustomerRecord& r) {
  if (text.empty() || text == "{}") return;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return;
  for (const auto& [key, value] : j.items()) {
    if (value.is_number()) {
      r.attributes.emplace_back(key, value.get<double>());
    } else if (value.is_string()) {
      r.attributes.emplace_back(key, value.get<std::string>());
    } else {
      r.attributes.emplace_back(key, std::monostate{});
    }
  }
}

// Reads everything about the selected customers into records sorted by id.
Result<std::vector<CustomerRecord>> gather(store::Connection& db,
                                           const store::CustomerSelection& sel,
                                           const ShopZone& zone) {
  std::vector<CustomerRecord> records;
  LocalDayCounter days(zone);
  GX_RETURN_IF_ERROR(store::scan_feature_profiles(db, sel, [&](const store::FeatureProfileRow& p) {
    CustomerRecord r;
    r.id = p.id;
    r.merged = p.merged;
    r.gender = gender_code(p.gender);
    r.consent[0] = consent_code(p.consent_sms);
    r.consent[1] = consent_code(p.consent_email);
    r.consent[2] = consent_code(p.consent_wechat);
    if (p.birthday) std::tie(r.birthday_month, r.birthday_day) = birthday_parts(*p.birthday);
    r.province = p.province;
    r.city = p.city;
    r.source_channel = p.source_channel;
    r.tier = p.tier;
    r.points = p.points_balance;
    if (p.signup_at) r.signup_day = days.day(*p.signup_at);
    read_attributes(p.attributes, r);
    records.push_back(std::move(r));
  }));
  auto record_of = [&](int64_t id) -> CustomerRecord* {
    auto it = std::lower_bound(records.begin(), records.end(), id,
                               [](const CustomerRecord& r, int64_t v) { return r.id < v; });
    return it != records.end() && it->id == id ? &*it : nullptr;
  };

  // order id -> its day when it is a purchase (items of other orders do not count)
  std::unordered_map<int64_t, int32_t> purchase_days;
  GX_RETURN_IF_ERROR(store::scan_feature_orders(db, sel, [&](const store::FeatureOrderRow& o) {
    CustomerRecord* r = record_of(o.customer_id);
    if (r == nullptr) return;
    const int32_t day = days.day(o.dated_at);
    if (is_purchase_status(o.status, o.paid)) {
      r->purchases.push_back({day, o.paid_amount - o.refunded_amount});
      purchase_days.emplace(o.order_id, day);
    }
    if (o.refunded_amount > 0) r->refunds.push_back({day, o.refunded_amount});
  }));
  GX_RETURN_IF_ERROR(store::scan_feature_items(db, sel, [&](const store::FeatureItemRow& it) {
    auto p = purchase_days.find(it.order_id);
    if (p == purchase_days.end()) return;
    CustomerRecord* r = record_of(it.customer_id);
    if (r == nullptr) return;
    if (!it.category.empty()) r->items.emplace_back("c:" + std::string(it.category), p->second);
    if (!it.sku.empty()) r->items.emplace_back("s:" + std::string(it.sku), p->second);
    if (!it.product_name.empty())
      r->items.emplace_back("p:" + std::string(it.product_name), p->second);
  }));
  GX_RETURN_IF_ERROR(store::scan_feature_events(db, sel, [&](const store::FeatureEventRow& e) {
    CustomerRecord* r = record_of(e.customer_id);
    if (r != nullptr) r->events.emplace_back(std::string(e.name), days.day(e.occurred_at));
  }));
  GX_RETURN_IF_ERROR(store::scan_feature_notes(db, sel, [&](const store::FeatureNoteRow& n) {
    CustomerRecord* r = record_of(n.customer_id);
    if (r != nullptr) r->notes.emplace_back(n.note_id, days.day(n.occurred_at));
  }));
  GX_RETURN_IF_ERROR(store::scan_feature_tags(db, sel, [&](const store::FeatureLabelRow& t) {
    CustomerRecord* r = record_of(t.customer_id);
    if (r != nullptr) r->tags.emplace_back(t.label);
  }));
  GX_RETURN_IF_ERROR(store::scan_feature_identities(db, sel, [&](const store::FeatureLabelRow& t) {
    CustomerRecord* r = record_of(t.customer_id);
    auto kind = kind_of_identity(t.label);
    if (r != nullptr && kind)
      r->identity_kinds |= static_cast<uint8_t>(1U << static_cast<unsigned>(*kind));
  }));
  for (auto& r : records) {
    std::sort(r.purchases.begin(), r.purchases.end(),
              [](const Purchase& a, const Purchase& b) { return a.day < b.day; });
    std::sort(r.refunds.begin(), r.refunds.end(),
              [](const Refund& a, const Refund& b) { return a.day < b.day; });
  }
  return records;
}

}  // namespace

Result<std::unique_ptr<FeatureStore>> FeatureStore::build(store::Connection& db, int64_t shop_id,
                                                          const ShopZone& zone, int64_t chunk) {
  auto fs = std::make_unique<FeatureStore>(shop_id, zone);
  GX_RETURN_IF_ERROR(db.begin_read());
  auto max_id = store::max_customer_id(db, shop_id);
  Status status = max_id.status();
  for (int64_t lo = 1; status.is_ok() && lo <= max_id.value_or(0); lo += chunk) {
    store::CustomerSelection sel;
    sel.shop_id = shop_id;
    sel.lo = lo;
    sel.hi = lo + chunk - 1;
    auto records = gather(db, sel, zone);
    if (!records.ok()) {
      status = records.status();
      break;
    }
    fs->apply(std::move(*records));
  }
  (void)db.rollback();
  GX_RETURN_IF_ERROR(status);
  fs->shrink_to_fit();
  return fs;
}

void FeatureStore::shrink_to_fit() {
  // Growth by push_back leaves up to half of every column unused after a build.
  for (auto* v : {&orders_, &refunds_, &distinct_skus_, &distinct_categories_, &province_, &city_,
                  &source_channel_}) {
    v->shrink_to_fit();
  }
  for (auto* v : {&revenue_, &refund_amount_, &points_, &ids_}) v->shrink_to_fit();
  for (auto* v : {&first_day_, &last_day_, &signup_day_, &last_contact_day_}) v->shrink_to_fit();
  contacts_.shrink_to_fit();
  for (auto* v :
       {&gender_, &birthday_month_, &birthday_day_, &consent_[0], &consent_[1], &consent_[2]}) {
    v->shrink_to_fit();
  }
  tier_.shrink_to_fit();
  for (auto* pool :
       {&purchases_.start, &purchases_.length, &refund_history_.start, &refund_history_.length,
        &items_.start, &items_.length, &events_.start, &events_.length, &contact_days_.start,
        &contact_days_.length, &note_ids_.start, &note_ids_.length}) {
    pool->shrink_to_fit();
  }
  purchases_.pool.shrink_to_fit();
  refund_history_.pool.shrink_to_fit();
  items_.pool.shrink_to_fit();
  events_.pool.shrink_to_fit();
  contact_days_.pool.shrink_to_fit();
  note_ids_.pool.shrink_to_fit();
  note_owners_.compact();
}

Result<std::vector<CustomerRecord>> FeatureStore::load(store::Connection& db, int64_t shop_id,
                                                       const ShopZone& zone,
                                                       std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return std::vector<CustomerRecord>{};
  store::CustomerSelection sel;
  sel.shop_id = shop_id;
  sel.ids = std::move(ids);
  GX_RETURN_IF_ERROR(db.begin_read());
  auto records = gather(db, sel, zone);
  (void)db.rollback();
  return records;
}

Status FeatureStore::refresh(store::Connection& db, std::vector<int64_t> ids) {
  GX_ASSIGN_OR_RETURN(auto records, load(db, shop_id_, *zone_, std::move(ids)));
  apply(std::move(records));
  return Status::ok();
}

std::optional<uint32_t> FeatureStore::slot_of(int64_t customer_id) const {
  const auto end = ids_.begin() + static_cast<std::ptrdiff_t>(sorted_prefix_);
  auto it = std::lower_bound(ids_.begin(), end, customer_id);
  if (it != end && *it == customer_id) return static_cast<uint32_t>(it - ids_.begin());
  auto u = unsorted_.find(customer_id);
  if (u != unsorted_.end()) return u->second;
  return std::nullopt;
}

uint32_t FeatureStore::slot_for(int64_t id) {
  if (auto slot = slot_of(id)) return *slot;
  const auto slot = static_cast<uint32_t>(ids_.size());
  if (sorted_prefix_ == ids_.size() && (ids_.empty() || ids_.back() < id)) {
    ++sorted_prefix_;
  } else {
    unsorted_.emplace(id, slot);
  }
  ids_.push_back(id);
  const size_t n = ids_.size();
  live_.resize(n);
  orders_.push_back(0);
  revenue_.push_back(0);
  first_day_.push_back(kNoDay);
  last_day_.push_back(kNoDay);
  refunds_.push_back(0);
  refund_amount_.push_back(0);
  distinct_skus_.push_back(0);
  distinct_categories_.push_back(0);
  signup_day_.push_back(kNoDay);
  gender_.push_back(0);
  for (auto& c : consent_) c.push_back(0);
  birthday_month_.push_back(0);
  birthday_day_.push_back(0);
  province_.push_back(0);
  city_.push_back(0);
  source_channel_.push_back(0);
  tier_.push_back(0);
  points_.push_back(0);
  last_contact_day_.push_back(kNoDay);
  contacts_.push_back(0);
  purchases_.resize(n);
  refund_history_.resize(n);
  items_.resize(n);
  events_.resize(n);
  contact_days_.resize(n);
  note_ids_.resize(n);
  return slot;
}

void FeatureStore::apply(std::vector<CustomerRecord> records) {
  for (auto& r : records) {
    const bool fresh = !slot_of(r.id).has_value();
    const uint32_t slot = slot_for(r.id);
    if (!fresh) {
      for (auto& [code, bitmap] : tags_) bitmap.remove(slot);
      for (auto& bitmap : identity_kinds_) bitmap.remove(slot);
      for (auto& [key, column] : attributes_) {
        if (slot < column.kind.size()) column.kind[slot] = 0;
      }
    }
    write(slot, r);
  }
  ++version_;
}

void FeatureStore::write(uint32_t slot, CustomerRecord& r) {
  live_.assign(slot, !r.merged);
  gender_[slot] = r.gender;
  for (size_t i = 0; i < 3; ++i) consent_[i][slot] = r.consent[i];
  birthday_month_[slot] = r.birthday_month;
  birthday_day_[slot] = r.birthday_day;
  signup_day_[slot] = r.signup_day;
  province_[slot] = places_.intern(r.province);
  city_[slot] = places_.intern(r.city);
  source_channel_[slot] = source_channels_.intern(r.source_channel);
  tier_[slot] = static_cast<uint16_t>(tiers_.intern(r.tier));
  points_[slot] = r.points;

  int64_t revenue = 0;
  for (const auto& p : r.purchases) {
    revenue += p.net;
    max_purchase_day_ = std::max(max_purchase_day_, p.day);
  }
  orders_[slot] = static_cast<uint32_t>(r.purchases.size());
  revenue_[slot] = revenue;
  first_day_[slot] = r.purchases.empty() ? kNoDay : r.purchases.front().day;
  last_day_[slot] = r.purchases.empty() ? kNoDay : r.purchases.back().day;
  purchases_.replace(slot, r.purchases);

  int64_t refunded = 0;
  for (const auto& f : r.refunds) {
    refunded += f.amount;
    max_refund_day_ = std::max(max_refund_day_, f.day);
  }
  refunds_[slot] = static_cast<uint32_t>(r.refunds.size());
  refund_amount_[slot] = refunded;
  refund_history_.replace(slot, r.refunds);

  std::vector<ItemDay> items;
  items.reserve(r.items.size());
  for (const auto& [key, day] : r.items) {
    items.push_back({item_keys_.intern(key), day});
    max_item_day_ = std::max(max_item_day_, day);
  }
  std::sort(items.begin(), items.end(), [](const ItemDay& a, const ItemDay& b) {
    return a.key != b.key ? a.key < b.key : a.day < b.day;
  });
  items.erase(std::unique(items.begin(), items.end(),
                          [](const ItemDay& a, const ItemDay& b) {
                            return a.key == b.key && a.day == b.day;
                          }),
              items.end());
  uint32_t skus = 0;
  uint32_t categories = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0 && items[i].key == items[i - 1].key) continue;
    const char kind = item_keys_.name(items[i].key)[0];
    if (kind == 's') ++skus;
    if (kind == 'c') ++categories;
  }
  distinct_skus_[slot] = skus;
  distinct_categories_[slot] = categories;
  items_.replace(slot, items);

  std::vector<EventDay> events;
  events.reserve(r.events.size());
  for (const auto& [name, day] : r.events) events.push_back({event_names_.intern(name), day, 1});
  std::sort(events.begin(), events.end(), [](const EventDay& a, const EventDay& b) {
    return a.name != b.name ? a.name < b.name : a.day < b.day;
  });
  size_t out = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    if (out > 0 && events[out - 1].name == events[i].name && events[out - 1].day == events[i].day) {
      ++events[out - 1].count;
    } else {
      events[out++] = events[i];
    }
  }
  events.resize(out);
  events_.replace(slot, events);

  for (int64_t note : note_ids_.of(slot)) note_owners_.erase(note, slot);
  std::vector<ContactDay> contacts;
  std::vector<int64_t> note_ids;
  contacts.reserve(r.notes.size());
  note_ids.reserve(r.notes.size());
  for (const auto& [note, day] : r.notes) {
    contacts.push_back({day, 1});
    note_ids.push_back(note);
    note_owners_.set(note, slot);
  }
  note_ids_.replace(slot, note_ids);
  std::sort(contacts.begin(), contacts.end(),
            [](const ContactDay& a, const ContactDay& b) { return a.day < b.day; });
  size_t days_used = 0;
  for (const auto& c : contacts) {
    if (days_used > 0 && contacts[days_used - 1].day == c.day) {
      ++contacts[days_used - 1].count;
    } else {
      contacts[days_used++] = c;
    }
  }
  contacts.resize(days_used);
  contacts_[slot] = static_cast<uint32_t>(r.notes.size());
  last_contact_day_[slot] = contacts.empty() ? kNoDay : contacts.back().day;
  contact_days_.replace(slot, contacts);

  for (const auto& tag : r.tags) tags_[tag_names_.intern(tag)].add(slot);
  for (unsigned k = 0; k < 7; ++k) {
    if ((static_cast<unsigned>(r.identity_kinds) >> k) & 1U) identity_kinds_[k].add(slot);
  }
  for (auto& [key, value] : r.attributes) {
    auto it = attributes_.find(key);
    if (it == attributes_.end()) it = attributes_.emplace(key, AttrColumn{}).first;
    AttrColumn& col = it->second;
    if (col.kind.size() <= slot) {
      const size_t n = std::max<size_t>(slot + 1, ids_.size());
      col.kind.resize(n, 0);
      col.number.resize(n, 0);
      col.text.resize(n, 0);
    }
    if (const auto* d = std::get_if<double>(&value)) {
      col.kind[slot] = 1;
      col.number[slot] = *d;
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      col.kind[slot] = 2;
      col.text[slot] = attr_values_.intern(*s);
    } else {
      col.kind[slot] = 3;
    }
  }
}

std::optional<int64_t> FeatureStore::note_customer(int64_t note_id) const {
  const auto slot = note_owners_.find(note_id);
  if (!slot) return std::nullopt;
  return ids_[*slot];
}

MemoryStats FeatureStore::memory() const {
  MemoryStats m;
  m.customers = ids_.size();
  auto vec = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  m.column_bytes =
      vec(ids_) + vec(orders_) + vec(revenue_) + vec(first_day_) + vec(last_day_) + vec(refunds_) +
      vec(refund_amount_) + vec(distinct_skus_) + vec(distinct_categories_) + vec(signup_day_) +
      vec(gender_) + vec(consent_[0]) * 3 + vec(birthday_month_) + vec(birthday_day_) +
      vec(province_) + vec(city_) + vec(source_channel_) + vec(tier_) + vec(points_) +
      vec(last_contact_day_) + vec(contacts_) +
      (purchases_.start.capacity() + purchases_.length.capacity() +
       refund_history_.start.capacity() + refund_history_.length.capacity() +
       items_.start.capacity() + items_.length.capacity() + events_.start.capacity() +
       events_.length.capacity() + contact_days_.start.capacity() +
       contact_days_.length.capacity() + note_ids_.start.capacity() + note_ids_.length.capacity()) *
          sizeof(uint32_t) +
      (unsorted_.size() * 24);
  m.history_bytes = purchases_.pool.capacity() * sizeof(Purchase) +
                    refund_history_.pool.capacity() * sizeof(Refund) +
                    items_.pool.capacity() * sizeof(ItemDay) +
                    events_.pool.capacity() * sizeof(EventDay) +
                    contact_days_.pool.capacity() * sizeof(ContactDay) +
                    note_ids_.pool.capacity() * sizeof(int64_t) + note_owners_.bytes();
  m.bitmap_bytes = live_.word_count() * 8;
  for (const auto& [code, bitmap] : tags_) m.bitmap_bytes += bitmap.getSizeInBytes();
  for (const auto& bitmap : identity_kinds_) m.bitmap_bytes += bitmap.getSizeInBytes();
  m.dictionary_bytes = places_.bytes() + source_channels_.bytes() + tiers_.bytes() +
                       item_keys_.bytes() + event_names_.bytes() + attr_values_.bytes() +
                       tag_names_.bytes();
  for (const auto& [key, col] : attributes_) {
    m.attribute_bytes += col.kind.capacity() + col.number.capacity() * 8 + col.text.capacity() * 4;
  }
  return m;
}

}  // namespace guanxi::segment
