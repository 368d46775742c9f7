#include "importer/address.hpp"

#include <array>

namespace guanxi::importer {

namespace {

struct Province {
  std::string_view full;
  std::string_view short_name;
  bool municipality;  // 直辖市: the city is the province itself
};

constexpr std::array<Province, 34> kProvinces{{
    {"北京市", "北京", true},          {"天津市", "天津", true},
    {"上海市", "上海", true},          {"重庆市", "重庆", true},
    {"河北省", "河北", false},         {"山西省", "山西", false},
    {"辽宁省", "辽宁", false},         {"吉林省", "吉林", false},
    {"黑龙江省", "黑龙江", false},     {"江苏省", "江苏", false},
    {"浙江省", "浙江", false},         {"安徽省", "安徽", false},
    {"福建省", "福建", false},         {"江西省", "江西", false},
    {"山东省", "山东", false},         {"河南省", "河南", false},
    {"湖北省", "湖北", false},         {"湖南省", "湖南", false},
    {"广东省", "广东", false},         {"海南省", "海南", false},
    {"四川省", "四川", false},         {"贵州省", "贵州", false},
    {"云南省", "云南", false},         {"陕西省", "陕西", false},
    {"甘肃省", "甘肃", false},         {"青海省", "青海", false},
    {"台湾省", "台湾", false},         {"内蒙古自治区", "内蒙古", false},
    {"广西壮族自治区", "广西", false}, {"西藏自治区", "西藏", false},
    {"宁夏回族自治区", "宁夏", false}, {"新疆维吾尔自治区", "新疆", false},
    {"香港特别行政区", "香港", false}, {"澳门特别行政区", "澳门", false},
}};

// City-level names end with one of these; the earliest one ends the city.
constexpr std::array<std::string_view, 4> kCityMarkers{"市", "自治州", "地区", "盟"};
// Counties directly under a province sit under this pseudo-city.
constexpr std::array<std::string_view, 2> kDirectCounties{"省直辖县级行政区划",
                                                          "自治区直辖县级行政区划"};
// A city is at most this long (黔东南苗族侗族自治州 is 10 characters).
constexpr size_t kMaxCityBytes = 12 * 3;

size_t space_len(std::string_view s) {
  if (s.empty()) return 0;
  if (s[0] == ' ' || s[0] == '\t' || s[0] == ',' || s[0] == '\n') return 1;
  if (s.starts_with("\xE3\x80\x80")) return 3;  // U+3000
  if (s.starts_with("，")) return 3;
  return 0;
}

std::string_view skip_spaces(std::string_view s) {
  for (size_t n = space_len(s); n > 0; n = space_len(s)) s.remove_prefix(n);
  return s;
}

// The text up to the next space; sets `spaced` when a space ends it.
std::string_view first_token(std::string_view s, bool& spaced) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (space_len(s.substr(i)) > 0) {
      spaced = true;
      return s.substr(0, i);
    }
  }
  spaced = false;
  return s;
}

bool consume(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

}  // namespace

Region split_china_address(std::string_view address) {
  std::string_view s = skip_spaces(address);
  if (consume(s, "中国大陆") || consume(s, "中国")) s = skip_spaces(s);

  const Province* province = nullptr;
  size_t matched = 0;
  for (const Province& p : kProvinces) {
    // Every name starts with a 3-byte character: compare that first.
    if (s.size() < 3 || s[0] != p.short_name[0] || s[1] != p.short_name[1] ||
        s[2] != p.short_name[2])
      continue;
    if (s.starts_with(p.full) && p.full.size() > matched) {
      province = &p;
      matched = p.full.size();
    } else if (s.starts_with(p.short_name) && p.short_name.size() > matched) {
      province = &p;
      matched = p.short_name.size();
    }
  }
  if (province == nullptr) return {};
  Region region{std::string(province->full), {}};
  s = skip_spaces(s.substr(matched));

  if (province->municipality) {
    region.city = std::string(province->full);
    return region;
  }
  for (std::string_view direct : kDirectCounties) {
    if (consume(s, direct)) s = skip_spaces(s);
  }
  bool spaced = false;
  const std::string_view token = first_token(s, spaced);
  const std::string_view window = token.substr(0, kMaxCityBytes);
  size_t city_end = std::string_view::npos;
  for (std::string_view marker : kCityMarkers) {
    const size_t at = window.find(marker);
    if (at != std::string_view::npos && at > 0 && at + marker.size() < city_end)
      city_end = at + marker.size();
  }
  if (city_end != std::string_view::npos) {
    region.city = std::string(token.substr(0, city_end));
  } else if (spaced && !token.empty() && !token.ends_with("区") && !token.ends_with("县") &&
             token.size() <= kMaxCityBytes) {
    region.city = std::string(token);  // "浙江 杭州 西湖区": a city written without 市
  }
  return region;
}

}  // namespace guanxi::importer
