#include "demo/people.hpp"

#include <fmt/format.h>

#include <array>

#include "demo/catalog.hpp"

namespace guanxi::demo {

namespace {

using domain::Consent;
using domain::Gender;

struct Surname {
  std::string_view text;
  uint32_t weight;  // per mille of the population, roughly
};

constexpr Surname kSurnames[] = {
    {"王", 72}, {"李", 72}, {"张", 69}, {"刘", 53},  {"陈", 45},  {"杨", 31},  {"黄", 22},
    {"赵", 22}, {"吴", 20}, {"周", 19}, {"徐", 15},  {"孙", 15},  {"马", 13},  {"朱", 13},
    {"胡", 12}, {"郭", 12}, {"何", 11}, {"高", 10},  {"林", 10},  {"罗", 9},   {"郑", 9},
    {"梁", 9},  {"谢", 7},  {"宋", 7},  {"唐", 7},   {"许", 6},   {"韩", 6},   {"冯", 6},
    {"邓", 6},  {"曹", 6},  {"彭", 5},  {"曾", 5},   {"肖", 5},   {"田", 5},   {"董", 5},
    {"袁", 5},  {"潘", 4},  {"于", 4},  {"蒋", 4},   {"蔡", 4},   {"余", 4},   {"杜", 4},
    {"叶", 4},  {"程", 4},  {"苏", 4},  {"魏", 4},   {"吕", 4},   {"丁", 4},   {"任", 3},
    {"沈", 3},  {"姚", 3},  {"卢", 3},  {"姜", 3},   {"崔", 3},   {"钟", 3},   {"谭", 3},
    {"陆", 3},  {"汪", 3},  {"范", 3},  {"金", 3},   {"石", 3},   {"廖", 3},   {"贾", 2},
    {"夏", 2},  {"韦", 2},  {"方", 2},  {"白", 2},   {"邹", 2},   {"孟", 2},   {"熊", 2},
    {"秦", 2},  {"邱", 2},  {"江", 2},  {"尹", 2},   {"薛", 2},   {"段", 2},   {"雷", 2},
    {"侯", 2},  {"龙", 2},  {"史", 2},  {"欧阳", 1}, {"司马", 1}, {"诸葛", 1}, {"上官", 1},
};

constexpr std::string_view kFemaleChars[] = {"芳", "娜", "敏", "静", "丽", "婷", "雪", "琳", "颖",
                                             "晶", "欣", "怡", "悦", "佳", "瑶", "萱", "雯", "倩",
                                             "璐", "蕾", "洁", "燕", "霞", "月", "梦", "思", "雨",
                                             "诗", "嘉", "妍", "楠", "菲", "岚", "露", "晓", "玲"};
constexpr std::string_view kMaleChars[] = {"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明",
                                           "超", "鹏", "浩", "宇", "昊", "辉", "峰", "俊", "博",
                                           "凯", "晨", "然", "轩", "航", "鑫", "斌", "志", "文",
                                           "华", "建", "国", "东", "亮", "子", "一", "天", "泽"};

constexpr std::string_view kHangzhou[] = {"西湖区", "滨江区", "余杭区", "拱墅区", "上城区"};
constexpr std::string_view kShanghai[] = {"浦东新区", "徐汇区", "闵行区",
                                          "静安区",   "长宁区", "杨浦区"};
constexpr std::string_view kBeijing[] = {"朝阳区", "海淀区", "丰台区",
                                         "东城区", "西城区", "通州区"};
constexpr std::string_view kGuangzhou[] = {"天河区", "越秀区", "海珠区", "番禺区", "白云区"};
constexpr std::string_view kShenzhen[] = {"南山区", "福田区", "宝安区", "龙华区", "罗湖区"};
constexpr std::string_view kChengdu[] = {"武侯区", "锦江区", "高新区", "成华区", "青羊区"};
constexpr std::string_view kNanjing[] = {"鼓楼区", "玄武区", "建邺区", "江宁区"};
constexpr std::string_view kSuzhou[] = {"姑苏区", "工业园区", "吴中区", "相城区"};
constexpr std::string_view kWuhan[] = {"武昌区", "江汉区", "洪山区", "江岸区"};
constexpr std::string_view kChongqing[] = {"渝中区", "江北区", "渝北区", "南岸区"};
constexpr std::string_view kXian[] = {"雁塔区", "碑林区", "未央区", "长安区"};
constexpr std::string_view kTianjin[] = {"南开区", "和平区", "河西区", "滨海新区"};
constexpr std::string_view kChangsha[] = {"岳麓区", "芙蓉区", "天心区", "开福区"};
constexpr std::string_view kNingbo[] = {"鄞州区", "海曙区", "江北区"};
constexpr std::string_view kQingdao[] = {"市南区", "崂山区", "黄岛区"};
constexpr std::string_view kZhengzhou[] = {"金水区", "二七区", "郑东新区"};
constexpr std::string_view kXiamen[] = {"思明区", "湖里区", "集美区"};
constexpr std::string_view kFuzhou[] = {"鼓楼区", "仓山区", "晋安区"};
constexpr std::string_view kDongguan[] = {"南城街道", "东城街道", "松山湖"};
constexpr std::string_view kFoshan[] = {"禅城区", "南海区", "顺德区"};
constexpr std::string_view kHefei[] = {"蜀山区", "包河区", "政务区"};
constexpr std::string_view kJinan[] = {"历下区", "市中区", "槐荫区"};
constexpr std::string_view kShenyang[] = {"和平区", "沈河区", "浑南区"};
constexpr std::string_view kDalian[] = {"中山区", "沙河口区", "甘井子区"};
constexpr std::string_view kKunming[] = {"五华区", "盘龙区", "官渡区"};
constexpr std::string_view kNanchang[] = {"东湖区", "红谷滩区", "青山湖区"};
constexpr std::string_view kHarbin[] = {"南岗区", "道里区", "香坊区"};
constexpr std::string_view kShijiazhuang[] = {"长安区", "桥西区", "裕华区"};
constexpr std::string_view kNanning[] = {"青秀区", "兴宁区", "西乡塘区"};
constexpr std::string_view kGuiyang[] = {"云岩区", "南明区", "观山湖区"};
constexpr std::string_view kTaiyuan[] = {"小店区", "迎泽区", "杏花岭区"};
constexpr std::string_view kChangchun[] = {"朝阳区", "南关区", "绿园区"};
constexpr std::string_view kHaikou[] = {"龙华区", "美兰区", "秀英区"};
constexpr std::string_view kLanzhou[] = {"城关区", "七里河区", "安宁区"};
constexpr std::string_view kHohhot[] = {"新城区", "赛罕区", "回民区"};
constexpr std::string_view kUrumqi[] = {"天山区", "沙依巴克区", "新市区"};
constexpr std::string_view kLhasa[] = {"城关区", "堆龙德庆区"};

// Weights follow the usual shape of a Tmall store's buyers: the big coastal
// cities first, then provincial capitals, a thin tail from the far west.
constexpr Region kRegions[] = {
    {"浙江省", "杭州市", kHangzhou, 90},
    {"上海市", "上海市", kShanghai, 100},
    {"北京市", "北京市", kBeijing, 85},
    {"广东省", "广州市", kGuangzhou, 70},
    {"广东省", "深圳市", kShenzhen, 80},
    {"四川省", "成都市", kChengdu, 60},
    {"江苏省", "南京市", kNanjing, 45},
    {"江苏省", "苏州市", kSuzhou, 50},
    {"湖北省", "武汉市", kWuhan, 45},
    {"重庆市", "重庆市", kChongqing, 40},
    {"陕西省", "西安市", kXian, 35},
    {"天津市", "天津市", kTianjin, 30},
    {"湖南省", "长沙市", kChangsha, 35},
    {"浙江省", "宁波市", kNingbo, 30},
    {"山东省", "青岛市", kQingdao, 25},
    {"河南省", "郑州市", kZhengzhou, 28},
    {"福建省", "厦门市", kXiamen, 20},
    {"福建省", "福州市", kFuzhou, 18},
    {"广东省", "东莞市", kDongguan, 25},
    {"广东省", "佛山市", kFoshan, 20},
    {"安徽省", "合肥市", kHefei, 25},
    {"山东省", "济南市", kJinan, 18},
    {"辽宁省", "沈阳市", kShenyang, 15},
    {"辽宁省", "大连市", kDalian, 14},
    {"云南省", "昆明市", kKunming, 15},
    {"江西省", "南昌市", kNanchang, 14},
    {"黑龙江省", "哈尔滨市", kHarbin, 12},
    {"河北省", "石家庄市", kShijiazhuang, 12},
    {"广西壮族自治区", "南宁市", kNanning, 12},
    {"贵州省", "贵阳市", kGuiyang, 10},
    {"山西省", "太原市", kTaiyuan, 9},
    {"吉林省", "长春市", kChangchun, 8},
    {"海南省", "海口市", kHaikou, 7, true},
    {"甘肃省", "兰州市", kLanzhou, 6, true},
    {"内蒙古自治区", "呼和浩特市", kHohhot, 5, true},
    {"新疆维吾尔自治区", "乌鲁木齐市", kUrumqi, 5, true},
    {"西藏自治区", "拉萨市", kLhasa, 2, true},
};

constexpr std::string_view kRoads[] = {"人民路",   "中山路", "解放路",   "建设路", "文三路",
                                       "长江路",   "和平路", "新华路",   "胜利路", "滨江大道",
                                       "世纪大道", "学院路", "科技园路", "南京路", "天府大道",
                                       "延安路",   "花园路", "青年路",   "东风路", "体育西路"};
constexpr std::string_view kCompounds[] = {
    "阳光花园", "锦绣华庭",     "万科城",       "绿城桂花园",   "中海国际社区",
    "碧桂园",   "保利香槟国际", "龙湖春江郦城", "金地格林小镇", "华润二十四城"};

constexpr std::string_view kPhonePrefixes[] = {
    "138", "139", "135", "136", "137", "150", "151", "152", "157", "158", "159", "182",
    "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153",
    "180", "181", "189", "177", "199", "166", "176", "173", "191", "198"};

constexpr std::string_view kNickWords[] = {"爱购物", "的小店铺", "不吃香菜", "在路上",
                                           "要早睡", "喵喵",     "宝妈",     "的日常"};
constexpr std::string_view kEmailDomains[] = {"qq.com", "163.com", "126.com", "gmail.com",
                                              "foxmail.com"};

// Share of sign-ups per channel.
constexpr std::array<uint32_t, 5> kChannelWeights = {38, 20, 12, 22,
                                                     8};  // taobao tmall jd wechat shopify

// Birth years: most buyers were born 1985-2000.
constexpr int kFirstBirthYear = 1960;
constexpr std::array<uint32_t, 9> kBirthYearBuckets = {2,  4,  8, 14, 22,
                                                       24, 16, 8, 2};  // 5-year buckets from 1960

constexpr char kBase36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// `width` digits of `value` in base `base` from `alphabet`, most significant first.
std::string encode(uint64_t value, uint64_t base, const char* alphabet, int width) {
  std::string out(static_cast<size_t>(width), alphabet[0]);
  for (int i = width - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = alphabet[value % base];
    value /= base;
  }
  return out;
}

std::vector<uint32_t> weights_of_surnames() {
  std::vector<uint32_t> w;
  for (const auto& s : kSurnames) w.push_back(s.weight);
  return w;
}

std::vector<uint32_t> weights_of_regions() {
  std::vector<uint32_t> w;
  for (const auto& r : kRegions) w.push_back(r.weight);
  return w;
}

// Favourite products by gender: men lean to coffee, tea, apparel and hair
// care, women to skin care and baby products; cat owners are everyone.
std::vector<uint32_t> favourite_weights(bool male) {
  std::vector<uint32_t> w;
  for (const Product& p : demo_products()) {
    uint32_t x = p.popularity * 10;
    const std::string_view c = p.category;
    const bool skin = c == "面膜" || c == "精华" || c == "洁面" || c == "防晒" || c == "身体护理";
    if (male && skin) x /= 4;
    if (male && (c == "咖啡豆" || c == "速溶咖啡" || c == "茶叶" || c == "鞋靴")) x *= 3;
    if (!male && (c == "纸尿裤" || c == "湿巾")) x = x * 3 / 2;
    w.push_back(x);
  }
  return w;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

std::optional<domain::Birthday> draw_birthday(DemoRandom& rng) {
  if (!rng.chance(700)) return std::nullopt;
  static const WeightedChoice buckets(kBirthYearBuckets);
  domain::Birthday b;
  b.lunar = rng.chance(100);
  if (b.lunar) {
    // Lunar months have 29 or 30 days.
    b.month = static_cast<unsigned>(rng.uniform(1, 12));
    b.day = static_cast<unsigned>(rng.uniform(1, 30));
  } else {
    // A day of a leap year, so Feb 29 comes up about once in 366 birthdays.
    static constexpr std::array<unsigned, 12> kDays = {31, 29, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
    auto day_of_year = static_cast<unsigned>(rng.uniform(0, 365));
    unsigned month = 0;
    while (day_of_year >= kDays[month]) day_of_year -= kDays[month++];
    b.month = month + 1;
    b.day = day_of_year + 1;
  }
  if (rng.chance(650)) {
    int year = kFirstBirthYear + static_cast<int>(buckets.pick(rng)) * 5 +
               static_cast<int>(rng.uniform(0, 4));
    if (!b.lunar && b.month == 2 && b.day == 29)
      year -= year % 4;  // 1960..2004: every multiple of 4 is leap
    b.year = year;
    if (!b.lunar && b.month == 2 && b.day == 29 && !is_leap(year)) b.year.reset();
  }
  return b;
}

Consent draw_consent(DemoRandom& rng, int granted_per_mille, int denied_per_mille) {
  const auto x = rng.uniform(0, 999);
  if (x < granted_per_mille) return Consent::kGranted;
  if (x < granted_per_mille + denied_per_mille) return Consent::kDenied;
  return Consent::kUnknown;
}

// Sign-up day offset: a third uniform, two thirds with density growing
// linearly over the window (isqrt of a uniform over days^2), so the shop grows.
int64_t draw_signup_day(DemoRandom& rng, int64_t days) {
  if (rng.chance(330)) return rng.uniform(0, days - 1);
  const auto square = static_cast<uint64_t>(days) * static_cast<uint64_t>(days);
  return static_cast<int64_t>(
      isqrt(static_cast<uint64_t>(rng.uniform(0, static_cast<int64_t>(square) - 1))));
}

Person draw_person(DemoRandom& rng, uint32_t index, const HistoryWindow& window) {
  static const WeightedChoice surnames(weights_of_surnames());
  static const WeightedChoice regions(weights_of_regions());
  static const WeightedChoice channels(kChannelWeights);
  static const WeightedChoice female_favourites(favourite_weights(false));
  static const WeightedChoice male_favourites(favourite_weights(true));

  Person p;
  p.index = index;
  const auto g = rng.uniform(0, 999);
  p.gender = g < 630 ? Gender::kFemale : (g < 950 ? Gender::kMale : Gender::kUnknown);
  const std::string_view surname = kSurnames[surnames.pick(rng)].text;
  p.name = std::string(surname);
  p.surname_bytes = static_cast<uint8_t>(surname.size());
  const std::span<const std::string_view> chars =
      p.gender == Gender::kMale ? std::span<const std::string_view>(kMaleChars)
                                : std::span<const std::string_view>(kFemaleChars);
  const int given = rng.chance(700) ? 2 : 1;
  for (int i = 0; i < given; ++i) {
    p.name += chars[rng.below(chars.size())];
  }
  p.birthday = draw_birthday(rng);

  p.cross_channel = rng.chance(30);
  p.channel = p.cross_channel ? Channel::kWechat : static_cast<Channel>(channels.pick(rng));
  switch (p.channel) {
    case Channel::kTaobao:
    case Channel::kTmall:
    case Channel::kJd:
      p.has_phone = rng.chance(970);
      p.has_email = rng.chance(100);
      break;
    case Channel::kWechat:
      p.has_phone = p.cross_channel || rng.chance(600);
      p.has_email = p.cross_channel ? rng.chance(600) : rng.chance(150);
      break;
    case Channel::kShopify:
      p.has_phone = rng.chance(500);
      p.has_email = true;
      break;
  }
  if (p.has_phone) p.consent_sms = draw_consent(rng, 780, 70);
  if (p.has_email) p.consent_email = draw_consent(rng, 400, 100);
  if (p.channel == Channel::kWechat) p.consent_wechat = draw_consent(rng, 850, 50);

  p.region = static_cast<uint16_t>(regions.pick(rng));
  const Region& r = kRegions[p.region];
  p.district = static_cast<uint8_t>(rng.below(r.districts.size()));
  p.road = static_cast<uint8_t>(rng.below(std::size(kRoads)));
  p.compound = static_cast<uint8_t>(rng.below(std::size(kCompounds)));
  p.house_number = static_cast<uint16_t>(rng.uniform(1, 999));
  p.phone_prefix = static_cast<uint8_t>(rng.below(std::size(kPhonePrefixes)));
  p.nick_style = static_cast<uint8_t>(rng.uniform(0, 3));
  p.email_style =
      static_cast<uint8_t>(rng.chance(550) ? 0 : 1 + rng.below(std::size(kEmailDomains) - 1));
  p.favorite_product = static_cast<uint16_t>(
      p.gender == Gender::kMale ? male_favourites.pick(rng) : female_favourites.pick(rng));
  p.signup_at = window.shopping_time(window.day(draw_signup_day(rng, window.days())), rng);
  return p;
}

}  // namespace

std::string_view channel_name(Channel channel) {
  switch (channel) {
    case Channel::kTaobao:
      return "taobao";
    case Channel::kTmall:
      return "tmall";
    case Channel::kJd:
      return "jd";
    case Channel::kWechat:
      return "wechat";
    case Channel::kShopify:
      return "shopify";
  }
  return "taobao";
}

std::span<const Region> demo_regions() {
  return kRegions;
}

Population Population::draw(uint64_t seed, int64_t count, const HistoryWindow& window) {
  DemoRandom rng = DemoRandom::stream(seed, 1);
  Population pop(mix64(seed ^ 0x5EED5A17ULL));
  pop.people_.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    pop.people_.push_back(draw_person(rng, static_cast<uint32_t>(i), window));
  return pop;
}

std::string Population::phone(const Person& p) const {
  return p.has_phone ? mobile_number(p) : std::string();
}

std::string Population::mobile_number(const Person& p) const {
  return std::string(kPhonePrefixes[p.phone_prefix]) +
         fmt::format("{:08d}", scramble(p.index, 10, 8, salt_ ^ 1));
}

std::string Population::email(const Person& p) const {
  if (!p.has_email) return {};
  if (p.email_style == 0) {
    // QQ numbers: 9 or 10 digits.
    return fmt::format("{}@qq.com", 100'000'000 + scramble(p.index, 10, 9, salt_ ^ 2));
  }
  const std::string local = encode(scramble(p.index, 36, 8, salt_ ^ 3), 36, kBase36, 8);
  // Addresses should not start with a digit-only look; prefix a letter from the name's hash.
  return std::string(1, kBase36[10 + mix64(p.index ^ salt_) % 26]) + local + "@" +
         std::string(kEmailDomains[p.email_style]);
}

std::string Population::taobao_nick(const Person& p) const {
  const std::string code = encode(scramble(p.index, 36, 6, salt_ ^ 4), 36, kBase36, 6);
  switch (p.nick_style) {
    case 0:
      return "tb" + fmt::format("{:010d}", scramble(p.index, 10, 10, salt_ ^ 5));
    case 1:
      return std::string(p.given_name()) +
             std::string(kNickWords[mix64(p.index) % std::size(kNickWords)]) + "_" + code;
    case 2:
      return std::string(region(p).city.substr(0, 6)) + "小" +
             std::string(p.given_name().substr(p.given_name().size() - 3)) + "_" + code;
    default:
      return p.name + "_" + code;
  }
}

std::string Population::jd_pin(const Person& p) const {
  return "jd_" + encode(scramble(p.index, 36, 8, salt_ ^ 6), 36, kBase36, 8);
}

std::string Population::wechat_openid(const Person& p) const {
  // "o" + 5 characters unique per index + 22 random-looking ones.
  std::string id = "o" + encode(scramble(p.index, 64, 5, salt_ ^ 7), 64, kBase64, 5);
  const uint64_t base = mix64(p.index ^ (salt_ << 1));
  uint64_t h = 0;
  for (uint64_t i = 0; i < 22; ++i) {
    if (i % 10 == 0) h = mix64(base + i);
    id += kBase64[h % 64];
    h /= 64;
  }
  return id;
}

std::string Population::shopify_customer_id(const Person& p) const {
  return fmt::format("7{:012d}", scramble(p.index, 10, 12, salt_ ^ 8));
}

std::string Population::member_id(const Person& p) const {
  return fmt::format("M{:08d}", p.index + 1);
}

std::string Population::anonymous_id(const Person& p) const {
  const uint64_t h = mix64(p.index ^ (salt_ << 2));
  return fmt::format("{:08x}-{:04x}-4{:03x}-a{:03x}-{:010x}", h >> 32, (h >> 16) & 0xffff,
                     h & 0xfff, mix64(h) & 0xfff, scramble(p.index, 16, 10, salt_ ^ 9));
}

const Region& Population::region(const Person& p) const {
  return kRegions[p.region];
}

std::string Population::address(const Person& p) const {
  const Region& r = region(p);
  return fmt::format("{} {} {} {} {} 号 {} {} 栋 {} 室", r.province, r.city,
                     r.districts[p.district], kRoads[p.road], p.house_number,
                     kCompounds[p.compound], p.house_number % 12 + 1,
                     (p.house_number % 30 + 1) * 100 + p.house_number % 4 + 1);
}

std::string Population::relative_name(const Person& p) const {
  const uint64_t h = mix64(p.index ^ 0xFA417ULL);
  const bool spouse_male = p.gender != Gender::kMale;
  const std::span<const std::string_view> chars =
      spouse_male ? std::span<const std::string_view>(kMaleChars)
                  : std::span<const std::string_view>(kFemaleChars);
  // The spouse usually has another surname; a parent or child shares it.
  std::string name = h % 3 == 0 ? std::string(p.name.substr(0, p.surname_bytes))
                                : std::string(kSurnames[(h >> 8) % 24].text);
  name += chars[(h >> 16) % chars.size()];
  name += chars[(h >> 24) % chars.size()];
  return name;
}

}  // namespace guanxi::demo
