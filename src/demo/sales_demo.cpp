#include "demo/sales_demo.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "demo/random.hpp"
#include "sales/accounts.hpp"
#include "sales/activities.hpp"
#include "sales/leads.hpp"
#include "sales/opportunities.hpp"
#include "sales/pipelines.hpp"

namespace guanxi::demo {

namespace {

constexpr std::array<const char*, 12> kCities = {"北京", "上海", "杭州", "深圳", "广州", "成都",
                                                 "南京", "苏州", "武汉", "西安", "宁波", "厦门"};
constexpr std::array<const char*, 20> kCores = {
    "云栖", "星河", "华信", "博远", "恒通", "瑞丰", "天成", "嘉禾", "立信", "中科",
    "远景", "汇智", "明德", "安达", "新锐", "同创", "宏图", "正泰", "东方", "卓越"};
constexpr std::array<const char*, 8> kIndustries = {"制造", "零售", "软件", "医疗",
                                                    "教育", "物流", "金融", "地产"};
constexpr std::array<const char*, 8> kSuffixes = {
    "科技有限公司",     "贸易有限公司",     "集团",        "股份有限公司", "实业有限公司",
    "医疗器械有限公司", "教育科技有限公司", "物流有限公司"};
constexpr std::array<const char*, 5> kRegions = {"华东", "华南", "华北", "西南", "华中"};
constexpr std::array<const char*, 16> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                                   "周", "吴", "徐", "孙", "胡", "朱", "高", "林"};
constexpr std::array<const char*, 16> kGiven = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军",
                                                "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"};
constexpr std::array<const char*, 8> kTitles = {"总经理",   "采购经理",   "IT总监",   "财务总监",
                                                "运营经理", "技术工程师", "行政主管", "副总裁"};
constexpr std::array<const char*, 6> kSources = {"campaign", "web_form",  "event",
                                                 "referral", "cold_call", "other"};
constexpr std::array<const char*, 5> kRoles = {"decision_maker", "purchasing_lead", "user",
                                               "influencer", "gatekeeper"};
constexpr std::array<const char*, 5> kAttitudes = {"champion", "supporter", "neutral", "skeptic",
                                                   "opponent"};
constexpr std::array<const char*, 5> kLostReasons = {"价格高于竞品", "预算取消", "选择了竞品",
                                                     "需求变更", "决策延期"};
constexpr std::array<const char*, 4> kWonReasons = {"方案契合", "服务口碑", "价格合适",
                                                    "老客户推荐"};
constexpr std::array<const char*, 5> kKinds = {"call", "meeting", "email", "visit", "note"};
constexpr std::array<const char*, 6> kSubjects = {"电话沟通需求", "上门演示", "发送报价单",
                                                  "商务谈判",     "技术交流", "回访跟进"};
struct DemoCompetitor {
  const char* name;
  const char* price;
  const char* strengths;
  const char* weaknesses;
};
constexpr std::array<DemoCompetitor, 6> kCompetitors = {{
    {"纷享云", "parity", "移动端体验好", "定制能力弱"},
    {"销售易通", "premium", "大客户案例多", "价格高"},
    {"简道CRM", "budget", "上手快、便宜", "功能浅"},
    {"八百客户", "value", "行业模板丰富", "服务响应慢"},
    {"Salesforce", "premium", "生态完整", "本地化弱、贵"},
    {"自研系统", "budget", "完全贴合流程", "维护成本高"},
}};

template <size_t N>
const char* pick(DemoRandom& rng, const std::array<const char*, N>& list) {
  return list[rng.below(N)];
}

std::string person(DemoRandom& rng) {
  return std::string(pick(rng, kSurnames)) + pick(rng, kGiven) +
         (rng.chance(400) ? pick(rng, kGiven) : "");
}

// One timed step of an opportunity's life.
struct Event {
  int64_t at = 0;
  int kind = 0;  // 0 create, 1 move, 2 activity
  size_t opp = 0;
  size_t stage = 0;  // target stage index (moves)
  int64_t seq = 0;
};

}  // namespace

Result<SalesDemoSummary> build_sales_demo(domain::WriteContext& ctx, const SalesDemoOptions& o) {
  SalesDemoSummary out;
  DemoRandom rng = DemoRandom::stream(o.seed, 0x5a1e5);
  const Timestamp end = ctx.clock.now();
  const int64_t end_ms = to_millis(end);
  const int64_t span = int64_t{o.months} * 30 * 86'400'000;
  const int64_t start_ms = end_ms - span;
  FakeClock clock(from_millis(start_ms));
  domain::WriteContext w{ctx.db, clock, ctx.shop, ctx.zone, "demo", ctx.cache};
  const sales::Viewer all = sales::Viewer::all();
  GX_ASSIGN_OR_RETURN(auto owners,
                      store::list_users_with_roles(ctx.db, ctx.shop.id, {"sales", "manager"}));
  auto owner = [&]() -> std::optional<int64_t> {
    if (owners.empty()) return std::nullopt;
    return owners[rng.below(owners.size())];
  };

  GX_ASSIGN_OR_RETURN(auto pipeline, sales::ensure_default_pipeline(w));
  std::vector<sales::Stage> open_stages;
  std::optional<sales::Stage> won, lost;
  for (const auto& s : pipeline.stages) {
    if (s.kind == "open") open_stages.push_back(s);
    if (s.kind == "won") won = s;
    if (s.kind == "lost") lost = s;
  }
  if (open_stages.empty() || !won || !lost)
    return Status::invalid("the default pipeline needs open, won and lost stages");

  std::vector<int64_t> competitor_ids;
  for (const auto& c : kCompetitors) {
    sales::CompetitorFields f;
    f.name = c.name;
    f.price_positioning = c.price;
    f.strengths = c.strengths;
    f.weaknesses = c.weaknesses;
    auto created = sales::create_competitor(w, f);
    if (!created.ok() && created.status().code() != ErrorCode::kAlreadyExists)
      return created.status();
    if (created.ok()) competitor_ids.push_back(created->id);
  }
  out.competitors = static_cast<int64_t>(competitor_ids.size());

  // Accounts: about one in six is a subsidiary of an earlier one.
  std::vector<sales::Account> accounts;
  for (int i = 0; i < o.accounts; ++i) {
    sales::AccountFields f;
    const size_t industry = rng.below(kIndustries.size());
    std::string name = std::string(pick(rng, kCities)) +
                       kCores[static_cast<size_t>(i) % kCores.size()] + kSuffixes[industry];
    if (i >= static_cast<int>(kCores.size())) name = std::string(pick(rng, kCities)) + name;
    f.name = name;
    f.industry = kIndustries[industry];
    f.size = sales::kCompanySizes[rng.below(5)];
    f.region = pick(rng, kRegions);
    f.owner_user_id = owner();
    f.external_id = "DEMO-A" + std::to_string(i + 1);
    if (!accounts.empty() && rng.chance(170))
      f.parent_account_id = accounts[rng.below(accounts.size())].id;
    auto a = sales::create_account(w, all, f);
    if (!a.ok()) {
      if (a.status().code() == ErrorCode::kAlreadyExists) continue;
      return a.status();
    }
    accounts.push_back(*a);
  }
  out.accounts = static_cast<int64_t>(accounts.size());
  if (accounts.empty()) return out;

  // Contacts: a decision maker first, then the others reporting to them.
  std::vector<sales::Contact> contacts;
  std::vector<std::vector<size_t>> by_account(accounts.size());
  for (int i = 0; i < o.contacts; ++i) {
    const size_t ai = static_cast<size_t>(i) < accounts.size() ? static_cast<size_t>(i)
                                                               : rng.below(accounts.size());
    sales::ContactFields f;
    f.name = person(rng);
    f.account_id = accounts[ai].id;
    const bool first = by_account[ai].empty();
    f.decision_role = first ? "decision_maker" : kRoles[1 + rng.below(4)];
    f.title = first ? "总经理" : pick(rng, kTitles);
    f.influence = first ? 5 : rng.uniform(1, 4);
    f.attitude = pick(rng, kAttitudes);
    f.phone = "1" + std::to_string(3 + rng.below(7)) +
              std::to_string(100000000 + scramble(static_cast<uint64_t>(i), 10, 8, o.seed));
    f.email = "c" + std::to_string(i + 1) + "@demo-b2b.cn";
    f.owner_user_id = accounts[ai].owner_user_id;
    f.external_id = "DEMO-C" + std::to_string(i + 1);
    if (!first) f.reports_to_contact_id = contacts[by_account[ai].front()].id;
    auto c = sales::create_contact(w, all, f);
    if (!c.ok()) {
      if (c.status().code() == ErrorCode::kAlreadyExists) continue;
      return c.status();
    }
    by_account[ai].push_back(contacts.size());
    contacts.push_back(*c);
  }
  out.contacts = static_cast<int64_t>(contacts.size());

  // Leads over the whole period.
  for (int i = 0; i < o.leads; ++i) {
    clock.set(from_millis(start_ms + rng.uniform(0, span - 86'400'000)));
    sales::LeadFields f;
    f.name = person(rng);
    f.company = std::string(pick(rng, kCities)) + pick(rng, kCores) + pick(rng, kSuffixes);
    f.title = pick(rng, kTitles);
    f.industry = pick(rng, kIndustries);
    f.size = sales::kCompanySizes[rng.below(5)];
    f.region = pick(rng, kRegions);
    f.source = kSources[static_cast<size_t>(i) % kSources.size()];
    f.phone =
        "15" + std::to_string(100000000 + scramble(static_cast<uint64_t>(i), 10, 8, o.seed + 1));
    f.owner_user_id = owner();
    f.external_id = "DEMO-L" + std::to_string(i + 1);
    auto made = sales::create_lead(w, all, f, sales::OnDuplicate::kAllow);
    if (!made.ok()) {
      if (made.status().code() == ErrorCode::kAlreadyExists) continue;
      return made.status();
    }
    ++out.leads;
    const int64_t id = made->lead.id;
    const int64_t roll = rng.uniform(0, 99);
    clock.advance(std::chrono::hours(rng.uniform(24, 24 * 14)));
    if (to_millis(clock.now()) > end_ms) clock.set(end);
    if (roll < 25) continue;  // new
    GX_RETURN_IF_ERROR(sales::set_lead_status(w, all, id, "working", "").status());
    if (roll < 45) continue;
    if (roll < 60) {
      GX_RETURN_IF_ERROR(sales::set_lead_status(w, all, id, "nurturing", "").status());
    } else if (roll < 75) {
      GX_RETURN_IF_ERROR(sales::set_lead_status(w, all, id, "disqualified", "无预算").status());
    } else if (roll < 88) {
      GX_RETURN_IF_ERROR(sales::set_lead_status(w, all, id, "qualified", "").status());
    } else {
      sales::ConvertInput ci;
      ci.create_opportunity = false;
      GX_RETURN_IF_ERROR(sales::convert_lead(w, all, id, ci).status());
    }
  }

  // Opportunities: a timeline of creations, stage moves and activities,
  // replayed in time order so every write sees its own moment.
  struct Plan {
    size_t account;
    std::vector<size_t> path;  // stage indexes after the first (open_stages, then won/lost)
  };
  std::vector<Plan> plans;
  std::vector<Event> events;
  int64_t seq = 0;
  const size_t n_open = open_stages.size();
  for (int i = 0; i < o.opportunities; ++i) {
    Plan p;
    p.account = rng.below(accounts.size());
    const int64_t created = start_ms + rng.uniform(0, span - 86'400'000 * 3);
    events.push_back({created, 0, plans.size(), 0, seq++});
    int64_t t = created;
    size_t at = 0;
    const int64_t fate = rng.uniform(0, 99);  // 0-34 won, 35-64 lost, else open
    const size_t reach = fate < 35 ? n_open - 1 : rng.below(n_open);
    while (at < reach) {
      t += rng.uniform(2, 21) * 86'400'000;
      if (t >= end_ms) break;
      at += rng.chance(150) && at + 2 <= reach ? size_t{2} : size_t{1};  // a stage skipped at times
      p.path.push_back(at);
      events.push_back({t, 1, plans.size(), at, seq++});
    }
    if (fate < 65 && t < end_ms) {
      t += rng.uniform(3, 20) * 86'400'000;
      if (t < end_ms) {
        const size_t closing = fate < 35 && at + 1 == n_open ? n_open : n_open + 1;
        events.push_back({t, 1, plans.size(), closing, seq++});
      }
    }
    plans.push_back(std::move(p));
  }
  std::vector<int64_t> opp_ids(plans.size(), 0);
  std::vector<std::optional<int64_t>> opp_owner(plans.size());
  std::vector<int64_t> opp_created(plans.size(), 0);
  for (const auto& e : events) {
    if (e.kind == 0) opp_created[e.opp] = e.at;
  }
  for (int i = 0; i < o.activities; ++i) {
    const size_t opp = rng.below(plans.size());
    const int64_t at =
        opp_created[opp] + rng.uniform(0, std::max<int64_t>(1, end_ms - opp_created[opp] - 1));
    events.push_back({at, 2, opp, 0, seq++});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.at != b.at ? a.at < b.at : a.seq < b.seq;
  });
  std::vector<bool> closed(plans.size(), false);
  for (const auto& e : events) {
    clock.set(from_millis(e.at));
    const Plan& p = plans[e.opp];
    const sales::Account& acct = accounts[p.account];
    if (e.kind == 0) {
      sales::OpportunityFields f;
      f.name = acct.name + " " + pick(rng, kSubjects) + "项目";
      if (f.name->size() > 200) f.name = acct.name;
      f.account_id = acct.id;
      if (!by_account[p.account].empty())
        f.primary_contact_id = contacts[by_account[p.account].front()].id;
      f.owner_user_id = acct.owner_user_id ? acct.owner_user_id : owner();
      f.amount_minor = rng.uniform(20, 2000) * 10'000;  // 2,000 .. 200,000 yuan
      const CivilDate close =
          ctx.zone.local_date(from_millis(e.at + rng.uniform(30, 150) * 86'400'000));
      f.expected_close_date = close.to_string();
      f.forecast_category = rng.chance(300) ? "commit" : rng.chance(400) ? "best_case" : "pipeline";
      f.next_step = pick(rng, kSubjects);
      f.source = pick(rng, kSources);
      f.external_id = "DEMO-O" + std::to_string(e.opp + 1);
      auto made = sales::create_opportunity(w, all, f);
      if (!made.ok()) {
        if (made.status().code() == ErrorCode::kAlreadyExists) continue;
        return made.status();
      }
      opp_ids[e.opp] = made->opportunity.id;
      opp_owner[e.opp] = made->opportunity.owner_user_id;
      ++out.opportunities;
      if (!competitor_ids.empty() && rng.chance(400)) {
        GX_RETURN_IF_ERROR(sales::link_competitor(w, all, opp_ids[e.opp],
                                                  competitor_ids[rng.below(competitor_ids.size())],
                                                  "客户在对比")
                               .status());
      }
    } else if (opp_ids[e.opp] == 0 || closed[e.opp]) {
      continue;
    } else if (e.kind == 1) {
      sales::StageMoveInput m;
      if (e.stage < n_open) {
        m.stage_id = open_stages[e.stage].id;
      } else if (e.stage == n_open) {
        m.stage_id = won->id;
        m.close_reason = pick(rng, kWonReasons);
        closed[e.opp] = true;
      } else {
        m.stage_id = lost->id;
        m.close_reason = pick(rng, kLostReasons);
        closed[e.opp] = true;
      }
      auto moved = sales::move_stage(w, all, opp_ids[e.opp], m);
      if (!moved.ok()) {
        if (moved.status().code() == ErrorCode::kConflict) continue;
        return moved.status();
      }
      ++out.stage_moves;
    } else {
      sales::ActivityInput a;
      a.kind = pick(rng, kKinds);
      a.subject = pick(rng, kSubjects);
      a.opportunity_id = opp_ids[e.opp];
      a.user_id = opp_owner[e.opp];
      a.duration_s =
          a.kind == "call" ? std::optional<int64_t>(rng.uniform(60, 1800)) : std::nullopt;
      auto logged = sales::log_activity(w, all, a);
      if (!logged.ok()) return logged.status();
      ++out.activities;
    }
  }
  return out;
}

}  // namespace guanxi::demo
