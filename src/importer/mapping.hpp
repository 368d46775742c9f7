// The mapping file of `--format csv`: which column of the file holds each of
// our fields, plus how to read values. Documented with a full example in
// src/importer/README.md; examples in tests/fixtures/import/*.mapping.json.
//
//   {"platform": "erp",                        orders: platform of every order
//    "columns": {"external_id": "单号", "phone": "手机", ...},
//    "attributes": {"vip_level": "会员等级"},   customers: custom attributes
//    "status_values": {"已完成": "completed"},  orders: file value -> our status
//    "amounts_in": "major" | "minor",           default "major" (12.50 yuan)
//    "time_zone": "Asia/Shanghai",              default: the shop's
//    "currency": "CNY",                         default: the shop's
//    "group_rows_by_external_id": true}         orders: consecutive rows of one
//                                               order number are its items
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/model.hpp"
#include "importer/header.hpp"
#include "importer/row_reader.hpp"

namespace guanxi::importer {

enum class MappingKind { kOrders, kCustomers };

struct Mapping {
  MappingKind kind = MappingKind::kOrders;
  std::string platform = "csv";
  std::map<std::string, std::string> columns;     // our field -> column name in the file
  std::map<std::string, std::string> attributes;  // attribute key -> column name (customers)
  std::map<std::string, domain::OrderStatus> status_values;  // value in the file -> status
  bool amounts_in_minor = false;
  std::optional<std::string> time_zone;  // IANA name, validated
  std::optional<std::string> currency;   // ISO 4217, validated
  bool group_rows_by_external_id = false;

  // The column mapped to `field`, or nullptr.
  const std::string* column(std::string_view field) const;
};

// The fields a "columns" object may name for each kind.
std::span<const std::string_view> mapping_fields(MappingKind kind);
// The identity fields and the identity type each one carries.
std::span<const std::pair<std::string_view, domain::IdentityType>> mapping_identity_fields(
    MappingKind kind);

// Validates a mapping document. Errors are invalid_argument whose location
// field is the JSON pointer of the offending key ("/columns/phon": unknown
// field; "/status_values/已完成": not a status; "/columns": no identity column).
Result<Mapping> parse_mapping(const Json& doc, MappingKind kind);
// Orders need external_id; both kinds need at least one identity column.
// Errors name the pointer ("/columns/external_id", "/columns").
Status check_required_columns(const Mapping& mapping);
// Reads and validates a mapping file; errors also name the file.
Result<Mapping> load_mapping(const std::string& path, MappingKind kind);

// A mapping resolved against a file's header.
class MappedColumns {
 public:
  // The column mapped to `field`; absent (named after the field) when the
  // mapping does not name it.
  const Column& operator[](std::string_view field) const;
  const std::vector<std::pair<std::string, Column>>& attributes() const { return attributes_; }

 private:
  friend Result<MappedColumns> bind_mapping(const Mapping& mapping, const Header& header);
  std::map<std::string, Column, std::less<>> fields_;
  std::vector<std::pair<std::string, Column>> attributes_;
};

// Resolves every mapped column in the header. A mapped column missing from
// the file is invalid_argument naming the column and the mapping key.
Result<MappedColumns> bind_mapping(const Mapping& mapping, const Header& header);

// Appends the identities of the mapped identity columns that have a value,
// with the column each came from.
void read_mapped_identities(RowReader& row, const MappedColumns& columns, MappingKind kind,
                            domain::CustomerInput& customer,
                            std::vector<std::string>& identity_columns);

// The mapping a header implies when it already uses our names: a column named
// like a field maps to it, "attributes.KEY" (customers) to attribute KEY;
// other columns are ignored.
Mapping default_mapping(const Header& header, MappingKind kind);

// The mapping a file is read with: the one given (--mapping), else the one its
// header implies; without --mapping a header missing a required field is an
// invalid_argument at line 1 naming the field.
Result<Mapping> mapping_for_header(const std::optional<Mapping>& given, const Header& header,
                                   MappingKind kind);

// The zone wall times are read in: the mapping's time_zone (validated when the
// mapping was parsed), else the shop's.
ShopZone mapping_zone(const std::optional<Mapping>& mapping, const ShopZone& shop_zone);

}  // namespace guanxi::importer
