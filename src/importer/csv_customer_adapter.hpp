// Customers from any CSV, read through a mapping (mapping.hpp, kind
// kCustomers). Without a mapping, the header must use our field names
// (external_id, phone, email, wechat_openid, wechat_unionid, taobao_nick,
// jd_pin, name, gender, birthday, province, city, signup_at, source_channel,
// consent_sms, consent_email, consent_wechat) and "attributes.KEY" columns.
//
// One row per customer. Values: gender 男/女/male/female/m/f; birthday
// 1990-03-15, 03-15 or --03-15; consents yes/no/true/false/1/0/是/否/granted/
// denied; signup_at a shop-local time; attributes are stored as strings (an
// empty cell leaves the attribute as it is). A row needs at least one
// identity with a value.
#pragma once

#include <optional>

#include "core/time.hpp"
#include "importer/adapter.hpp"
#include "importer/header.hpp"
#include "importer/mapping.hpp"

namespace guanxi::importer {

class CsvCustomerAdapter final : public CustomerAdapter {
 public:
  // The mapping's time_zone overrides the shop's.
  CsvCustomerAdapter(std::optional<Mapping> mapping, const ShopZone& shop_zone);

  Status bind_header(const CsvRecord& header) override;
  void add_record(const CsvRecord& record, ParseBatch<ParsedCustomer>& out) override;
  void finish(ParseBatch<ParsedCustomer>& /*out*/) override {}

 private:
  std::optional<Mapping> given_;
  Mapping mapping_;
  ShopZone zone_;
  Header header_;
  MappedColumns cols_;
};

}  // namespace guanxi::importer
