// The segment rule AST: what `orders >= 3 and not tag("黑名单")` means, shared
// by the text parser, the printer, the JSON form the UI edits, the in-memory
// evaluator and the SQL compiler. A Rule is a tree of value-type Nodes.
//
// Semantics (pinned; docs/segments.md and the differential test rely on them):
// - Every rule is evaluated as of a shop-local calendar day D (default: today).
//   Purchases, events and notes dated after D do not exist for the rule.
// - A *purchase* is an order with paid_at set whose status is neither
//   cancelled nor refunded. Its date is the shop-local day of
//   COALESCE(created_at, paid_at). *Revenue* is paid_amount - refunded_amount
//   summed over purchases. Refund count/amount are over all orders with
//   refunded_amount > 0 (status as currently known).
// - A window Nd covers the N calendar days ending with D: days D-N+1 .. D.
//   So `orders(30d) >= 1` holds exactly when `last_order_days < 30`.
// - A comparison on a missing value (last_order_days of a customer with no
//   purchase, birthday_month without a birthday, attr of an absent key) is
//   false; `not` is the complement over all live (unmerged) customers of the shop.
// - `tier` and `points` are the customer's current values (not as of D).
// - An *interaction* (contact) is a row of the notes table (call, visit, chat,
//   email or other, any author); its day is the shop-local day of occurred_at.
//   `last_contact_days` is missing for a customer never contacted (as of D),
//   so "no contact in 60 days" is written `not last_contact_days <= 60`
//   (never-contacted customers included); `last_contact_days > 60` means
//   "contacted, but not in the last 60 days".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace guanxi::segment {

// What a field's values are, which decides the literals and operators allowed.
enum class ValueType : uint8_t {
  kCount,   // non-negative integer: orders, refunds, rfm_r, birthday_month, ...
  kMoney,   // minor units; literals are written in major units (yuan): 500, 99.90
  kDays,    // whole calendar days
  kString,  // = != in only
  kAny,     // attr("key"): compared as a number when the literal is a number, else as text
};

enum class Field : uint8_t {
  kOrders,              // purchase count                       (window allowed)
  kRevenue,             // net revenue                          (window allowed)
  kAov,                 // revenue / orders, rounded toward zero; missing without purchases
  kRefunds,             // orders with a refund
  kRefundAmount,        // refunded amount over all orders
  kFirstOrderDays,      // D - day of the first purchase
  kLastOrderDays,       // D - day of the last purchase
  kSignupDays,          // D - day of signup_at (missing when unknown or after D)
  kLastContactDays,     // D - day of the last interaction (note) dated <= D; missing when none
  kContacts,            // interactions (notes) dated <= D     (window allowed)
  kDistinctProducts,    // distinct SKUs over purchases (non-empty sku)
  kDistinctCategories,  // distinct categories over purchases (non-empty category)
  kTier,                // current membership tier name ("" when none)
  kPoints,              // current points balance (may be negative after a refund)
  kRfmR,                // 1..5, missing without purchases
  kRfmF,
  kRfmM,
  kRfmGroup,   // one of the 8 Chinese group names (English aliases accepted)
  kAbc,        // "A" / "B" / "C", missing without purchases
  kLifecycle,  // prospect, new, active, at_risk, churned (see models)
  kGender,     // unknown, male, female
  kProvince,
  kCity,
  kSourceChannel,
  kConsentSms,  // unknown, granted, denied
  kConsentEmail,
  kConsentWechat,
  kBirthdayMonth,  // 1..12 (solar or lunar as recorded)
  kBirthdayDay,    // 1..31
  kEventCount,     // event_count("name"[, Nd])
  kAttr,           // attr("key"): a custom attribute
};

struct FieldInfo {
  Field field;
  std::string_view name;  // as written in rules
  ValueType type;
  bool windowed;  // accepts (Nd)
};
// Every field, in enum order.
const std::vector<FieldInfo>& all_fields();
const FieldInfo& field_info(Field f);
std::optional<Field> field_by_name(std::string_view name);

// Closed vocabularies. For gender, lifecycle, abc, rfm_group and consent_* a
// literal must be one of these (English aliases of RFM groups are accepted and
// canonicalized to the Chinese name). Returns nullopt for an unknown value or
// for an open field (tier, city, ...), where any text is fine.
std::optional<std::string> canonical_value(Field f, std::string_view text);
// The canonical values of a closed field (empty for open fields).
std::vector<std::string_view> allowed_values(Field f);
bool is_closed_vocabulary(Field f);

// The 8 RFM groups: Chinese name (canonical) and English alias, in the order
// value, retain (保持), develop, win-back (挽留); important (M above mean) first.
struct RfmGroupName {
  std::string_view zh;
  std::string_view en;
};
inline constexpr RfmGroupName kRfmGroups[8] = {
    {"重要价值客户", "important_value"},   {"重要保持客户", "important_retain"},
    {"重要发展客户", "important_develop"}, {"重要挽留客户", "important_winback"},
    {"一般价值客户", "general_value"},     {"一般保持客户", "general_retain"},
    {"一般发展客户", "general_develop"},   {"一般挽留客户", "general_winback"},
};
// Lifecycle stages. "churned" in a rule means either churned stage.
inline constexpr std::string_view kLifecycleStages[6] = {
    "prospect", "new", "active", "at_risk", "high_value_churned", "low_value_churned"};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view compare_op_text(CompareOp op);  // "=", "!=", "<", "<=", ">", ">="

// A field reference: `orders`, `orders(365d)`, `attr("vip")`, `event_count("page_view", 7d)`.
struct FieldRef {
  Field field = Field::kOrders;
  std::optional<int32_t> window_days;  // >= 1 when set; only for windowed fields and event_count
  std::string arg;                     // attr key / event name; empty otherwise
  bool operator==(const FieldRef&) const = default;
};

// A literal after type checking. Money fields hold minor units (yuan × 100);
// counts and days hold the integer; strings hold the text. attr() comparisons
// may hold a number written with decimals: `number` is then scaled by 100 and
// `decimal` is true (attr("score") > 4.5 holds number 450, decimal true).
struct Literal {
  std::variant<int64_t, std::string> value;
  bool decimal = false;
  bool operator==(const Literal&) const = default;
  bool is_number() const { return std::holds_alternative<int64_t>(value); }
  int64_t number() const { return std::get<int64_t>(value); }
  const std::string& text() const { return std::get<std::string>(value); }
};

// Identity kinds for has(...): phone, email, wechat (openid or unionid),
// taobao, jd, shopify, external.
enum class HasKind : uint8_t { kPhone, kEmail, kWechat, kTaobao, kJd, kShopify, kExternal };
std::string_view has_kind_name(HasKind k);
std::optional<HasKind> has_kind_by_name(std::string_view name);

// bought(category = "面膜", within = 60d) / bought(sku = "A-1") /
// bought(product = "name"): a purchase containing a matching item, in the window.
enum class BoughtBy : uint8_t { kCategory, kSku, kProduct };
std::string_view bought_by_name(BoughtBy b);  // "category", "sku", "product"

enum class NodeKind : uint8_t {
  kAnd,        // children.size() >= 2
  kOr,         // children.size() >= 2
  kNot,        // children.size() == 1
  kCompare,    // field op values[0]
  kIn,         // field in (values...), values.size() >= 1
  kTag,        // tag("name"): text
  kInSegment,  // in_segment("name"): text
  kHas,        // has(email): has_kind
  kBought,     // bought(by = text, within = window_days)
  kAll,        // all: every live customer (an empty rule in the UI)
};

// Where a node came from in the text form (1-based), for error messages.
struct Span {
  int line = 0;
  int column = 0;
  int offset = 0;  // 0-based byte offset
  int length = 0;
};

struct Node {
  NodeKind kind = NodeKind::kAll;
  std::vector<Node> children;
  FieldRef field;
  CompareOp op = CompareOp::kEq;
  std::vector<Literal> values;
  std::string text;  // tag / segment name / bought value
  HasKind has_kind = HasKind::kPhone;
  BoughtBy bought_by = BoughtBy::kCategory;
  std::optional<int32_t> window_days;  // bought(within = Nd)
  Span span;                           // not part of equality

  bool operator==(const Node& other) const;
};

struct Rule {
  Node root;
  bool operator==(const Rule&) const = default;
};

// Names of the segments a rule refers to through in_segment(), in order of appearance.
std::vector<std::string> referenced_segments(const Rule& rule);
// Whether the rule's result can change with the passage of time alone (day
// fields, windows, rfm/abc/lifecycle), so it must be re-evaluated at midnight.
bool depends_on_time(const Rule& rule);

}  // namespace guanxi::segment
