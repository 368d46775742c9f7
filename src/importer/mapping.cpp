#include "importer/mapping.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include "core/money.hpp"
#include "core/time.hpp"

namespace guanxi::importer {

namespace {

using domain::IdentityType;

constexpr std::array<std::string_view, 33> kOrderFields{"external_id",
                                                        "platform",
                                                        "phone",
                                                        "email",
                                                        "wechat_openid",
                                                        "wechat_unionid",
                                                        "taobao_nick",
                                                        "jd_pin",
                                                        "customer_external_id",
                                                        "name",
                                                        "province",
                                                        "city",
                                                        "status",
                                                        "created_at",
                                                        "paid_at",
                                                        "shipped_at",
                                                        "completed_at",
                                                        "currency",
                                                        "goods_amount",
                                                        "discount_amount",
                                                        "shipping_fee",
                                                        "paid_amount",
                                                        "refunded_amount",
                                                        "coupon_code",
                                                        "refund_reason",
                                                        "receiver_name",
                                                        "receiver_phone",
                                                        "receiver_address",
                                                        "sku",
                                                        "product_name",
                                                        "category",
                                                        "quantity",
                                                        "unit_price"};

constexpr std::array<std::string_view, 17> kCustomerFields{
    "external_id",   "phone",         "email",     "wechat_openid",  "wechat_unionid",
    "taobao_nick",   "jd_pin",        "name",      "gender",         "birthday",
    "province",      "city",          "signup_at", "source_channel", "consent_sms",
    "consent_email", "consent_wechat"};

constexpr std::array<std::pair<std::string_view, IdentityType>, 7> kOrderIdentities{{
    {"phone", IdentityType::kPhone},
    {"email", IdentityType::kEmail},
    {"wechat_openid", IdentityType::kWechatOpenid},
    {"wechat_unionid", IdentityType::kWechatUnionid},
    {"taobao_nick", IdentityType::kTaobaoNick},
    {"jd_pin", IdentityType::kJdPin},
    {"customer_external_id", IdentityType::kExternalId},
}};

constexpr std::array<std::pair<std::string_view, IdentityType>, 7> kCustomerIdentities{{
    {"external_id", IdentityType::kExternalId},
    {"phone", IdentityType::kPhone},
    {"email", IdentityType::kEmail},
    {"wechat_openid", IdentityType::kWechatOpenid},
    {"wechat_unionid", IdentityType::kWechatUnionid},
    {"taobao_nick", IdentityType::kTaobaoNick},
    {"jd_pin", IdentityType::kJdPin},
}};

constexpr std::string_view kAttributePrefix = "attributes.";

Status invalid_at(std::string pointer, std::string message) {
  Location loc;
  loc.field = std::move(pointer);
  return Status::invalid(std::move(message), loc);
}

// Reads {"key": "non-empty string", ...} into `out`, naming the pointer of any problem.
Status read_string_map(const Json& object, const std::string& pointer,
                       std::map<std::string, std::string>& out) {
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string() || value.get<std::string>().empty()) {
      return invalid_at(pointer + "/" + key,
                        "'" + key + "' must be a non-empty string (a column name)");
    }
    out.emplace(key, value.get<std::string>());
  }
  return Status::ok();
}

}  // namespace

const std::string* Mapping::column(std::string_view field) const {
  const auto it = columns.find(std::string(field));
  return it == columns.end() ? nullptr : &it->second;
}

std::span<const std::string_view> mapping_fields(MappingKind kind) {
  if (kind == MappingKind::kOrders) return kOrderFields;
  return kCustomerFields;
}

std::span<const std::pair<std::string_view, IdentityType>> mapping_identity_fields(
    MappingKind kind) {
  if (kind == MappingKind::kOrders) return kOrderIdentities;
  return kCustomerIdentities;
}

Result<Mapping> parse_mapping(const Json& doc, MappingKind kind) {
  Mapping m;
  m.kind = kind;
  const bool orders = kind == MappingKind::kOrders;
  JsonFields f(doc);
  if (orders) {
    if (auto platform = f.string("platform")) {
      if (platform->empty()) f.fail("platform", "'platform' must not be empty");
      m.platform = *platform;
    }
  }
  const Json* columns = f.object("columns", JsonFields::Need::kRequired);
  const Json* attributes = orders ? nullptr : f.object("attributes");
  const Json* status_values = orders ? f.object("status_values") : nullptr;
  if (auto amounts = f.string("amounts_in")) {
    if (*amounts == "minor")
      m.amounts_in_minor = true;
    else if (*amounts != "major")
      f.fail("amounts_in", "'amounts_in' must be \"major\" or \"minor\"");
  }
  if (auto zone = f.string("time_zone")) {
    if (ShopZone::load(*zone).ok())
      m.time_zone = *zone;
    else
      f.fail("time_zone", "unknown time zone '" + *zone + "'");
  }
  if (auto currency = f.string("currency")) {
    if (Result<Currency> c = Currency::parse(*currency); c.ok())
      m.currency = c->code();
    else
      f.fail("currency", c.status().message());
  }
  if (orders) m.group_rows_by_external_id = f.boolean("group_rows_by_external_id").value_or(false);
  GX_RETURN_IF_ERROR(f.finish());

  // "columns": only known fields, each a column name.
  JsonFields cf(*columns, "/columns");
  for (std::string_view field : mapping_fields(kind)) {
    if (auto column = cf.string(field)) {
      if (column->empty()) cf.fail(field, "'" + std::string(field) + "' must name a column");
      m.columns.emplace(field, *column);
    }
  }
  GX_RETURN_IF_ERROR(cf.finish());
  if (attributes != nullptr)
    GX_RETURN_IF_ERROR(read_string_map(*attributes, "/attributes", m.attributes));
  if (status_values != nullptr) {
    for (const auto& [value, status] : status_values->items()) {
      const std::string pointer = "/status_values/" + value;
      if (!status.is_string())
        return invalid_at(pointer, "'" + value + "' must map to a status name");
      Result<domain::OrderStatus> parsed = domain::parse_order_status(status.get<std::string>());
      if (!parsed.ok()) return invalid_at(pointer, parsed.status().message());
      m.status_values.emplace(value, *parsed);
    }
  }

  GX_RETURN_IF_ERROR(check_required_columns(m));
  return m;
}

Status check_required_columns(const Mapping& m) {
  if (m.kind == MappingKind::kOrders && !m.column("external_id")) {
    return invalid_at("/columns/external_id",
                      "'external_id' is required: the column holding the order number");
  }
  std::string names;
  for (const auto& [field, type] : mapping_identity_fields(m.kind)) {
    if (m.column(field) != nullptr) return Status::ok();
    names += names.empty() ? "" : ", ";
    names += field;
  }
  return invalid_at("/columns", "map at least one identity column (" + names + ")");
}

Result<Mapping> load_mapping(const std::string& path, MappingKind kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error("cannot open mapping file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  Result<Json> doc = parse_json(text.str());
  Result<Mapping> mapping = doc.ok() ? parse_mapping(*doc, kind) : Result<Mapping>(doc.status());
  if (mapping.ok()) return mapping;
  Location loc = mapping.status().location();
  loc.file = path;
  return Status::invalid("mapping: " + mapping.status().message(), loc);
}

const Column& MappedColumns::operator[](std::string_view field) const {
  static const Column kUnknown;
  const auto it = fields_.find(field);
  return it == fields_.end() ? kUnknown : it->second;
}

Result<MappedColumns> bind_mapping(const Mapping& mapping, const Header& header) {
  MappedColumns out;
  auto resolve = [&](const std::string& key, const std::string& name) -> Result<Column> {
    Column c = header.find(name);
    if (c.present()) return c;
    Location loc;
    loc.line = 1;
    loc.field = name;
    return Status::invalid("column '" + name + "' (mapping " + key + ") is missing from the header",
                           loc);
  };
  for (const auto& [field, name] : mapping.columns) {
    GX_ASSIGN_OR_RETURN(Column c, resolve("columns." + field, name));
    out.fields_.emplace(field, std::move(c));
  }
  for (std::string_view field : mapping_fields(mapping.kind)) {
    out.fields_.emplace(std::string(field), Column{-1, std::string(field)});  // no-op when mapped
  }
  for (const auto& [key, name] : mapping.attributes) {
    GX_ASSIGN_OR_RETURN(Column c, resolve("attributes." + key, name));
    out.attributes_.emplace_back(key, std::move(c));
  }
  return out;
}

void read_mapped_identities(RowReader& row, const MappedColumns& columns, MappingKind kind,
                            domain::CustomerInput& customer,
                            std::vector<std::string>& identity_columns) {
  for (const auto& [field, type] : mapping_identity_fields(kind)) {
    const Column& c = columns[field];
    const std::string_view value = row.text(c);
    if (!c.present() || value.empty()) continue;
    customer.identities.push_back({type, std::string(value)});
    identity_columns.push_back(c.name);
  }
}

Mapping default_mapping(const Header& header, MappingKind kind) {
  Mapping m;
  m.kind = kind;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header.name(i);
    for (std::string_view field : mapping_fields(kind)) {
      if (name == field) m.columns.emplace(field, name);
    }
    if (kind == MappingKind::kCustomers && name.starts_with(kAttributePrefix) &&
        name.size() > kAttributePrefix.size()) {
      m.attributes.emplace(name.substr(kAttributePrefix.size()), name);
    }
  }
  return m;
}

Result<Mapping> mapping_for_header(const std::optional<Mapping>& given, const Header& header,
                                   MappingKind kind) {
  if (given) return *given;
  Mapping implied = default_mapping(header, kind);
  Status complete = check_required_columns(implied);
  if (!complete.is_ok()) {
    Location loc;
    loc.line = 1;
    loc.field = complete.location().field;
    return Status::invalid(
        "without --mapping, the header must use our field names: " + complete.message(), loc);
  }
  return implied;
}

ShopZone mapping_zone(const std::optional<Mapping>& mapping, const ShopZone& shop_zone) {
  if (mapping && mapping->time_zone) {
    Result<ShopZone> zone = ShopZone::load(*mapping->time_zone);
    if (zone.ok()) return *zone;
  }
  return shop_zone;
}

}  // namespace guanxi::importer
