#include "importer/address.hpp"

#include <gtest/gtest.h>

namespace guanxi::importer {
namespace {

TEST(AddressTest, SplitsChinaAddresses) {
  struct Case {
    const char* address;
    Region expected;
  };
  const Case cases[] = {
      {"浙江省 杭州市 西湖区 文三路 1 号", {"浙江省", "杭州市"}},
      {"北京 北京市 朝阳区 建国路 88 号", {"北京市", "北京市"}},
      {"上海上海市浦东新区世纪大道100号", {"上海市", "上海市"}},
      {"重庆 重庆市 渝中区 解放碑", {"重庆市", "重庆市"}},
      {"广东深圳市南山区科技园", {"广东省", "深圳市"}},
      {"广东省广州市天河区体育西路1号", {"广东省", "广州市"}},
      {"湖北省 恩施土家族苗族自治州 恩施市 舞阳大道", {"湖北省", "恩施土家族苗族自治州"}},
      {"内蒙古自治区 锡林郭勒盟 锡林浩特市", {"内蒙古自治区", "锡林郭勒盟"}},
      {"新疆 喀什地区 喀什市", {"新疆维吾尔自治区", "喀什地区"}},
      {"广西 南宁市 青秀区", {"广西壮族自治区", "南宁市"}},
      {"海南省 省直辖县级行政区划 琼海市 嘉积镇", {"海南省", "琼海市"}},
      {"浙江 杭州 西湖区", {"浙江省", "杭州"}},
      {"中国 江苏省 苏州市 工业园区", {"江苏省", "苏州市"}},
      {"吉林省吉林市船营区", {"吉林省", "吉林市"}},
      {"陕西省 西安市 雁塔区", {"陕西省", "西安市"}},
      {"山西省 太原市 小店区", {"山西省", "太原市"}},
      {"黑龙江省 哈尔滨市 南岗区", {"黑龙江省", "哈尔滨市"}},
      {"123 Main St, Springfield", {"", ""}},
      {"", {"", ""}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(split_china_address(c.address), c.expected) << c.address;
  }
}

}  // namespace
}  // namespace guanxi::importer
