// Province and city from a free-text mainland China address, for the customer
// profile. Exports write "浙江省 杭州市 西湖区 文三路 1 号" (space separated),
// "北京 北京市 朝阳区 …" (municipalities repeat themselves) or run everything
// together ("广东深圳市南山区…"). Best effort: an address that does not start
// with a province-level name gives empty parts rather than a guess.
#pragma once

#include <string>
#include <string_view>

namespace guanxi::importer {

struct Region {
  std::string province;  // canonical full name: "浙江省", "北京市", "广西壮族自治区"
  std::string city;  // "杭州市", "北京市" for municipalities, "恩施土家族苗族自治州"
  bool operator==(const Region&) const = default;
};

Region split_china_address(std::string_view address);

}  // namespace guanxi::importer
