#include "demo/catalog.hpp"

namespace guanxi::demo {

namespace {

// Prices are typical Tmall flagship-store list prices; cycles are how long one
// unit lasts a typical buyer (a 10-piece mask box a month, a 64-piece diaper
// pack three weeks, a 2 kg bag of cat food six weeks).
constexpr Product kProducts[] = {
    // 面膜 (30 days)
    {"MASK-HA-10", "玻尿酸补水面膜 10片装", "面膜", 12900, 30, 14},
    {"MASK-CICA-5", "积雪草舒缓修护面膜 5片装", "面膜", 8900, 30, 9},
    {"MASK-CLAY-100", "清洁泥膜 100g", "面膜", 15800, 45, 5},
    {"MASK-SLEEP-80", "免洗睡眠面膜 80ml", "面膜", 11800, 40, 4},
    // 精华 (60 days)
    {"SER-NIA-30", "烟酰胺亮白精华液 30ml", "精华", 29900, 60, 7},
    {"SER-RET-30", "A醇抗老精华 30ml", "精华", 45900, 60, 4},
    {"SER-REP-50", "修护精华液 50ml, 敏感肌可用", "精华", 38900, 75, 4},
    // 护肤
    {"SKN-CLN-120", "氨基酸洁面乳 120g", "洁面", 8900, 60, 6},
    {"SKN-SUN-50", "清透防晒霜 SPF50+ PA++++ 50ml", "防晒", 16900, 60, 5},
    {"SKN-BODY-400", "烟酰胺身体乳 400ml", "身体护理", 9900, 60, 3},
    // 洗发水 (45 days)
    {"HAIR-AMI-500", "氨基酸控油洗发水 500ml", "洗发水", 7900, 45, 8},
    {"HAIR-ANTI-400", "防脱生发洗发水 400ml", "洗发水", 12900, 45, 5},
    {"HAIR-SOFT-750", "无硅油柔顺洗发水 750ml", "洗发水", 6900, 50, 5},
    {"HAIR-COND-500", "修护护发素 500ml", "护发素", 5900, 50, 3},
    // 纸尿裤 (20 days)
    {"DIA-M-64", "婴儿纸尿裤 M码 64片", "纸尿裤", 16900, 20, 7},
    {"DIA-L-54", "婴儿纸尿裤 L码 54片", "纸尿裤", 16900, 20, 7},
    {"DIA-XL-42", "拉拉裤 XL码 42片", "纸尿裤", 15900, 20, 5},
    {"BABY-WIPE-6", "婴儿手口湿巾 80抽×6包", "湿巾", 5900, 15, 5},
    // 咖啡豆 (30 days)
    {"COF-YN-500", "云南小粒咖啡豆 中深烘 500g", "咖啡豆", 8800, 30, 6},
    {"COF-YIR-227", "埃塞俄比亚耶加雪菲 浅烘 227g", "咖啡豆", 12800, 25, 4},
    {"COF-ESP-1K", "意式浓缩拼配咖啡豆 1kg", "咖啡豆", 16800, 40, 4},
    {"COF-FD-24", "冻干咖啡粉 24颗", "速溶咖啡", 9900, 20, 5},
    // 猫粮 (45 days)
    {"CAT-GF-2K", "全价无谷猫粮 2kg", "猫粮", 13900, 45, 6},
    {"CAT-ADU-10K", "成猫粮 鸡肉味 10kg", "猫粮", 32900, 90, 3},
    {"CAT-KIT-15", "幼猫奶糕猫粮 1.5kg", "猫粮", 11900, 30, 3},
    {"CAT-LIT-6X4", "豆腐猫砂 6L×4包", "猫砂", 8900, 30, 5},
    {"CAT-SNK-500", "冻干猫零食 鸡胸肉 500g", "宠物零食", 7900, 30, 3},
    // 茶叶 (90 days)
    {"TEA-LJ-250", "西湖龙井 明前特级 250g", "茶叶", 89800, 90, 2},
    {"TEA-TGY-500", "安溪铁观音 浓香型 500g", "茶叶", 26800, 90, 3},
    {"TEA-PE-357", "云南普洱熟茶饼 357g", "茶叶", 16800, 120, 3},
    {"TEA-BC-300", "福鼎白茶 寿眉 300g", "茶叶", 22800, 120, 2},
    // 服饰 / 鞋靴 (no cycle)
    {"TS-001-WH-XL", "纯棉短袖T恤 男款 白色 XL", "服饰", 9900, 0, 6},
    {"DRS-SILK-M", "真丝连衣裙, 夏季新款 M码", "服饰", 69900, 0, 2},
    {"SCF-WOOL-GY", "羊毛围巾, 加厚保暖 灰色", "服饰", 25900, 0, 3},
    {"UV-JKT-L", "冰丝防晒衣 女款 L码", "服饰", 12900, 0, 4},
    {"JNS-HW-27", "高腰直筒牛仔裤 女款 27码", "服饰", 19900, 0, 3},
    {"SH-RUN-42", "轻量跑步鞋 男款 42码", "鞋靴", 39900, 0, 3},
    // 家居 (no cycle)
    {"CUP-500", "保温杯 500ml \"经典款\"", "家居", 8900, 0, 3},
    {"CNDL-GIFT", "香薰蜡烛 礼盒装", "家居", 16800, 0, 2},
    {"TOWEL-3", "长绒棉毛巾 三条装", "家居", 6900, 0, 3},
    {"PIL-LATEX", "泰国乳胶枕 单只装", "家居", 29900, 0, 2},
};

constexpr Coupon kCoupons[] = {
    {"NEW10", 0, 1000, 0, "", true},
    {"FULL199-20", 19900, 2000, 0, "", false},
    {"FULL399-50", 39900, 5000, 0, "", false},
    {"VIP95", 0, 0, 5, "", false},
    {"618-30", 19900, 3000, 0, "06-18", false},
    {"1111-50", 29900, 5000, 0, "11-11", false},
    {"1212-20", 19900, 2000, 0, "12-12", false},
};

constexpr RefundReason kRefundReasons[] = {
    {"不想要了", true, false},       {"质量问题", true, false},
    {"尺码不合适", true, true},      {"七天无理由退货", true, false},
    {"商品与描述不符", true, false}, {"发错货", true, false},
    {"少件/漏发", false, false},     {"商品破损", false, false},
    {"价格保护补差", false, false},  {"质量问题", false, false},
};

constexpr PromotionDay kPromotionDays[] = {{6, 18}, {11, 11}, {12, 12}};

}  // namespace

std::span<const Product> demo_products() {
  return kProducts;
}
std::span<const Coupon> demo_coupons() {
  return kCoupons;
}
std::span<const RefundReason> demo_refund_reasons() {
  return kRefundReasons;
}
std::span<const PromotionDay> demo_promotion_days() {
  return kPromotionDays;
}

}  // namespace guanxi::demo
