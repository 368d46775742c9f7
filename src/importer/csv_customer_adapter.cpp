#include "importer/csv_customer_adapter.hpp"

namespace guanxi::importer {

namespace {

// Reads an optional enum-like value with a domain parser, recording its error.
template <typename T, typename Parse>
std::optional<T> parse_value(RowReader& row, const Column& c, Parse parse) {
  const std::string_view v = row.text(c);
  if (v.empty()) return std::nullopt;
  Result<T> r = parse(v);
  if (!r.ok()) {
    row.error(c, r.status().message());
    return std::nullopt;
  }
  return *r;
}

}  // namespace

CsvCustomerAdapter::CsvCustomerAdapter(std::optional<Mapping> mapping, const ShopZone& shop_zone)
    : given_(std::move(mapping)), zone_(mapping_zone(given_, shop_zone)) {}

Status CsvCustomerAdapter::bind_header(const CsvRecord& header) {
  header_ = Header(header);
  GX_ASSIGN_OR_RETURN(mapping_, mapping_for_header(given_, header_, MappingKind::kCustomers));
  GX_ASSIGN_OR_RETURN(cols_, bind_mapping(mapping_, header_));
  return Status::ok();
}

void CsvCustomerAdapter::add_record(const CsvRecord& record, ParseBatch<ParsedCustomer>& out) {
  ++out.rows_read;
  RowReader row(record, header_.size(), out.issues);
  if (row.rejected()) {
    ++out.rows_rejected;
    return;
  }
  ParsedCustomer parsed;
  parsed.line = row.line();
  domain::CustomerInput& c = parsed.input;
  read_mapped_identities(row, cols_, MappingKind::kCustomers, c, parsed.identity_columns);
  if (c.identities.empty()) {
    row.add("", Severity::kError, "no identity: every mapped identity column is empty");
  }
  for (const auto& [field, target] :
       {std::pair{"name", &c.name}, std::pair{"province", &c.province}, std::pair{"city", &c.city},
        std::pair{"source_channel", &c.source_channel}}) {
    const std::string_view v = row.text(cols_[field]);
    if (!v.empty()) *target = std::string(v);
  }
  c.gender = parse_value<domain::Gender>(
      row, cols_["gender"], [](std::string_view v) { return domain::parse_gender(v); });
  c.birthday = parse_value<domain::Birthday>(
      row, cols_["birthday"], [](std::string_view v) { return domain::parse_birthday(v); });
  c.signup_at = row.local_time(cols_["signup_at"], zone_);
  const auto consent = [](std::string_view v) { return domain::parse_consent(v); };
  c.consent_sms = parse_value<domain::Consent>(row, cols_["consent_sms"], consent);
  c.consent_email = parse_value<domain::Consent>(row, cols_["consent_email"], consent);
  c.consent_wechat = parse_value<domain::Consent>(row, cols_["consent_wechat"], consent);
  for (const auto& [key, column] : cols_.attributes()) {
    const std::string_view v = row.text(column);
    if (!v.empty()) c.attributes[key] = std::string(v);
  }
  if (row.rejected()) {
    ++out.rows_rejected;
    return;
  }
  out.items.push_back(std::move(parsed));
}

}  // namespace guanxi::importer
