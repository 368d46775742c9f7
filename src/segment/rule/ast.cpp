#include "segment/rule/ast.hpp"

#include <algorithm>

namespace guanxi::segment {

const std::vector<FieldInfo>& all_fields() {
  static const std::vector<FieldInfo> fields = {
      {Field::kOrders, "orders", ValueType::kCount, true},
      {Field::kRevenue, "revenue", ValueType::kMoney, true},
      {Field::kAov, "aov", ValueType::kMoney, false},
      {Field::kRefunds, "refunds", ValueType::kCount, false},
      {Field::kRefundAmount, "refund_amount", ValueType::kMoney, false},
      {Field::kFirstOrderDays, "first_order_days", ValueType::kDays, false},
      {Field::kLastOrderDays, "last_order_days", ValueType::kDays, false},
      {Field::kSignupDays, "signup_days", ValueType::kDays, false},
      {Field::kLastContactDays, "last_contact_days", ValueType::kDays, false},
      {Field::kContacts, "contacts", ValueType::kCount, true},
      {Field::kDistinctProducts, "distinct_products", ValueType::kCount, false},
      {Field::kDistinctCategories, "distinct_categories", ValueType::kCount, false},
      {Field::kTier, "tier", ValueType::kString, false},
      {Field::kPoints, "points", ValueType::kCount, false},
      {Field::kRfmR, "rfm_r", ValueType::kCount, false},
      {Field::kRfmF, "rfm_f", ValueType::kCount, false},
      {Field::kRfmM, "rfm_m", ValueType::kCount, false},
      {Field::kRfmGroup, "rfm_group", ValueType::kString, false},
      {Field::kAbc, "abc", ValueType::kString, false},
      {Field::kLifecycle, "lifecycle", ValueType::kString, false},
      {Field::kGender, "gender", ValueType::kString, false},
      {Field::kProvince, "province", ValueType::kString, false},
      {Field::kCity, "city", ValueType::kString, false},
      {Field::kSourceChannel, "source_channel", ValueType::kString, false},
      {Field::kConsentSms, "consent_sms", ValueType::kString, false},
      {Field::kConsentEmail, "consent_email", ValueType::kString, false},
      {Field::kConsentWechat, "consent_wechat", ValueType::kString, false},
      {Field::kBirthdayMonth, "birthday_month", ValueType::kCount, false},
      {Field::kBirthdayDay, "birthday_day", ValueType::kCount, false},
      {Field::kEventCount, "event_count", ValueType::kCount, true},
      {Field::kAttr, "attr", ValueType::kAny, false},
  };
  return fields;
}

const FieldInfo& field_info(Field f) {
  return all_fields()[static_cast<size_t>(f)];
}

std::optional<Field> field_by_name(std::string_view name) {
  for (const auto& info : all_fields()) {
    if (info.name == name) return info.field;
  }
  return std::nullopt;
}

std::string_view compare_op_text(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "=";
}

bool is_closed_vocabulary(Field f) {
  switch (f) {
    case Field::kRfmGroup:
    case Field::kAbc:
    case Field::kLifecycle:
    case Field::kGender:
    case Field::kConsentSms:
    case Field::kConsentEmail:
    case Field::kConsentWechat:
      return true;
    default:
      return false;
  }
}

std::vector<std::string_view> allowed_values(Field f) {
  switch (f) {
    case Field::kRfmGroup: {
      std::vector<std::string_view> out;
      for (const auto& g : kRfmGroups) out.push_back(g.zh);
      return out;
    }
    case Field::kAbc:
      return {"A", "B", "C"};
    case Field::kLifecycle: {
      std::vector<std::string_view> out(std::begin(kLifecycleStages), std::end(kLifecycleStages));
      out.emplace_back("churned");
      return out;
    }
    case Field::kGender:
      return {"unknown", "male", "female"};
    case Field::kConsentSms:
    case Field::kConsentEmail:
    case Field::kConsentWechat:
      return {"unknown", "granted", "denied"};
    default:
      return {};
  }
}

std::optional<std::string> canonical_value(Field f, std::string_view text) {
  if (f == Field::kRfmGroup) {
    for (const auto& g : kRfmGroups) {
      if (text == g.zh || text == g.en) return std::string(g.zh);
    }
    return std::nullopt;
  }
  for (auto v : allowed_values(f)) {
    if (v == text) return std::string(v);
  }
  return std::nullopt;
}

std::string_view has_kind_name(HasKind k) {
  switch (k) {
    case HasKind::kPhone:
      return "phone";
    case HasKind::kEmail:
      return "email";
    case HasKind::kWechat:
      return "wechat";
    case HasKind::kTaobao:
      return "taobao";
    case HasKind::kJd:
      return "jd";
    case HasKind::kShopify:
      return "shopify";
    case HasKind::kExternal:
      return "external";
  }
  return "phone";
}

std::optional<HasKind> has_kind_by_name(std::string_view name) {
  for (auto k : {HasKind::kPhone, HasKind::kEmail, HasKind::kWechat, HasKind::kTaobao, HasKind::kJd,
                 HasKind::kShopify, HasKind::kExternal}) {
    if (has_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

std::string_view bought_by_name(BoughtBy b) {
  switch (b) {
    case BoughtBy::kCategory:
      return "category";
    case BoughtBy::kSku:
      return "sku";
    case BoughtBy::kProduct:
      return "product";
  }
  return "category";
}

bool Node::operator==(const Node& other) const {
  return kind == other.kind && children == other.children && field == other.field &&
         op == other.op && values == other.values && text == other.text &&
         has_kind == other.has_kind && bought_by == other.bought_by &&
         window_days == other.window_days;
}

namespace {

void collect_segments(const Node& n, std::vector<std::string>& out) {
  if (n.kind == NodeKind::kInSegment && std::find(out.begin(), out.end(), n.text) == out.end()) {
    out.push_back(n.text);
  }
  for (const auto& c : n.children) collect_segments(c, out);
}

bool node_depends_on_time(const Node& n) {
  switch (n.kind) {
    case NodeKind::kCompare:
    case NodeKind::kIn:
      switch (n.field.field) {
        case Field::kFirstOrderDays:
        case Field::kLastOrderDays:
        case Field::kSignupDays:
        case Field::kLastContactDays:
        case Field::kContacts:  // even without a window: a note dated ahead counts from its day
        case Field::kRfmR:
        case Field::kRfmF:
        case Field::kRfmM:
        case Field::kRfmGroup:
        case Field::kAbc:
        case Field::kLifecycle:
          return true;
        default:
          return n.field.window_days.has_value();
      }
    case NodeKind::kBought:
      return n.window_days.has_value();
    case NodeKind::kInSegment:
      return true;  // conservatively: the referenced rule may be
    default:
      break;
  }
  return std::any_of(n.children.begin(), n.children.end(), node_depends_on_time);
}

}  // namespace

std::vector<std::string> referenced_segments(const Rule& rule) {
  std::vector<std::string> out;
  collect_segments(rule.root, out);
  return out;
}

bool depends_on_time(const Rule& rule) {
  return node_depends_on_time(rule.root);
}

}  // namespace guanxi::segment
