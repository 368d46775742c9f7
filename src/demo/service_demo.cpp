#include "demo/service_demo.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "cti/call_log.hpp"
#include "demo/random.hpp"
#include "domain/activity.hpp"
#include "domain/customer360.hpp"
#include "domain/shops.hpp"
#include "service/auto_pick.hpp"
#include "service/canned.hpp"
#include "service/csat.hpp"
#include "service/engine.hpp"
#include "service/settings.hpp"
#include "service/tickets.hpp"
#include "store/agents_table.hpp"
#include "store/callcenter_table.hpp"
#include "store/service_table.hpp"
#include "store/writer.hpp"

namespace guanxi::demo {

namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

struct AgentPlan {
  const char* name;
  const char* skills;  // JSON
};
constexpr std::array<AgentPlan, 8> kAgents = {{
    {"周晓雯", R"({"售前": 5, "售后": 2})"},
    {"吴浩", R"({"售前": 4})"},
    {"郑丽娟", R"({"售后": 5, "售前": 2})"},
    {"王磊", R"({"售后": 4, "投诉": 2})"},
    {"冯静", R"({"投诉": 5, "售后": 3})"},
    {"陈思远", R"({"投诉": 3, "VIP": 4})"},
    {"褚佳怡", R"({"VIP": 5, "售前": 3})"},
    {"卫东", R"({"售前": 3, "售后": 3, "投诉": 2})"},
}};

struct TicketKind {
  const char* type;
  const char* queue_skill;
  uint32_t weight;
  std::array<const char*, 8> subjects;
};
constexpr std::array<TicketKind, 4> kKinds = {{
    {"inquiry",
     "售前",
     40,
     {"这款面膜适合敏感肌吗", "什么时候发货", "有没有优惠券可以用", "会员积分怎么兑换",
      "能开增值税专用发票吗", "咖啡豆是哪天烘焙的", "猫粮有小包装吗", "可以指定顺丰快递吗"}},
    {"after_sales",
     "售后",
     32,
     {"收到的商品有破损", "申请退货退款", "物流三天没更新了", "尺码不合适想换货", "少发了一件赠品",
      "退款什么时候到账", "发票抬头开错了", "快递显示签收但没收到"}},
    {"complaint",
     "投诉",
     18,
     {"客服回复太慢", "商品与描述不符", "快递员态度差", "重复扣款", "活动价没有生效",
      "用了精华后皮肤过敏", "承诺的赠品没有发", "退款被拒绝"}},
    {"suggestion",
     "售前",
     10,
     {"希望增加货到付款", "建议包装更环保一些", "希望上架大包装", "下单流程太复杂",
      "希望支持花呗分期", "建议增加门店自提", "希望会员日提前通知", "建议开通英文客服"}},
}};
constexpr std::array<const char*, 6> kChannels = {"phone",    "chat",  "wechat",
                                                  "platform", "email", "visit"};
constexpr std::array<uint32_t, 6> kChannelWeights = {25, 30, 20, 15, 8, 2};
constexpr std::array<const char*, 4> kPriorities = {"low", "normal", "high", "urgent"};
constexpr std::array<uint32_t, 4> kPriorityWeights = {10, 70, 15, 5};
constexpr std::array<const char*, 6> kReplies = {
    "您好，已为您查询，订单正在处理中，请耐心等待。",
    "非常抱歉给您带来不便，我们已经登记，会尽快为您处理。",
    "您好，麻烦提供一下订单号和商品照片，方便我们核实。",
    "已为您申请补发，预计 2-3 天内送达。",
    "退款已提交，预计 1-3 个工作日原路退回。",
    "感谢您的建议，我们已经反馈给相关部门。"};
constexpr std::array<const char*, 4> kCustomerMessages = {
    "好的，照片已经发给你们了。", "还是没有收到，麻烦再帮我看一下。", "订单号在上面，谢谢。",
    "问题又出现了，请再处理一下。"};
constexpr std::array<uint32_t, 5> kScoreWeights = {7, 6, 12, 25, 50};  // scores 1..5
constexpr std::array<const char*, 5> kComments = {"很不满意", "处理太慢", "一般", "挺好的",
                                                  "非常满意，客服很耐心"};

enum class StepKind {
  kAgentState,  // a: agent index, text: state; available also picks up the queue
  kCreate,      // a: ticket index
  kReply,       // a: ticket index, b: 1 → then waiting_customer
  kCustomerMessage,
  kResolve,
  kCsat,  // b: score
  kClose,
  kCall,  // a: call index
};

struct Step {
  int64_t at = 0;
  StepKind kind = StepKind::kCreate;
  size_t a = 0;
  int64_t b = 0;
  const char* text = "";
};

struct PlannedTicket {
  size_t customer = 0;
  size_t kind = 0;
  std::string subject;
  std::string description;
  std::string channel;
  std::string priority;
};

struct PlannedCall {
  std::optional<size_t> customer;  // index into the callers; none: unknown number
  std::string number;
  size_t queue = 0;  // index into the queues
  std::string ivr;   // the digit pressed
  int64_t offered = 0;
  std::optional<int64_t> answered;
  int64_t ended = 0;
  std::string outcome;  // answered | abandoned | callback
  std::optional<size_t> agent;
};

struct Caller {
  int64_t customer = 0;
  std::string phone;
  bool vip = false;
};

date::sys_days civil(LocalDays day) {
  return date::sys_days{date::days{day.time_since_epoch().count()}};
}

// Shop-local wall time `minutes` after midnight of `day`.
int64_t local_at(const ShopZone& zone, LocalDays day, int64_t minutes) {
  const std::string text =
      date::format("%F", civil(day)) + fmt::format(" {:02}:{:02}", minutes / 60, minutes % 60);
  return to_millis(zone.parse_local(text).value_or(Timestamp{}));
}

bool is_workday(LocalDays day) {
  const unsigned wd = date::weekday{civil(day)}.c_encoding();
  return wd >= 1 && wd <= 5;
}

// The next instant the desk is staffed at or after `t` (09:00-12:00 and
// 13:00-18:00 on workdays), plus `extra` minutes of work if it was closed.
int64_t next_staffed(const ShopZone& zone, int64_t t, int64_t extra) {
  LocalDays day = zone.local_day(from_millis(t));
  for (int i = 0; i < 10; ++i, day += std::chrono::days(1)) {
    if (!is_workday(day)) continue;
    for (const auto& [open, close] : {std::pair{9 * 60, 12 * 60}, std::pair{13 * 60, 18 * 60}}) {
      const int64_t a = local_at(zone, day, open);
      const int64_t b = local_at(zone, day, close);
      if (t < a) return a + extra * kMinute;
      if (t < b) return t;
    }
  }
  return t;
}

Json settings_json() {
  return Json{{"skills",
               {{"inquiry", "售前"},
                {"suggestion", "售前"},
                {"after_sales", "售后"},
                {"complaint", "投诉"},
                {"*", "售前"}}},
              {"auto_assign", true}};
}

// The shop's customers the demo talks to, with a phone when they have one.
Result<std::vector<Caller>> load_callers(store::Connection& db, const Clock& clock,
                                         const domain::Shop& shop, const ShopZone& zone,
                                         DemoRandom& rng) {
  domain::ReadContext r{db, clock, shop, zone};
  std::vector<domain::Customer> customers;
  domain::CustomerQuery q;
  q.limit = 500;
  for (int page = 0; page < 4; ++page) {
    GX_ASSIGN_OR_RETURN(auto p, domain::list_customers(r, q));
    for (auto& c : p.customers) customers.push_back(std::move(c));
    if (p.next_cursor.empty()) break;
    q.cursor = p.next_cursor;
  }
  if (customers.empty()) {
    return Status::conflict("shop " + std::to_string(shop.id) +
                            " has no customers: generate the demo shop first");
  }
  std::vector<Caller> out;
  domain::Customer360Options o;
  o.recent_orders = 1;
  o.notes = 1;
  o.tickets = 1;
  const size_t want = std::min<size_t>(customers.size(), 200);
  for (size_t i = 0; i < want; ++i) {
    const auto& c = customers[rng.below(customers.size())];
    GX_ASSIGN_OR_RETURN(auto c360, domain::customer_360(r, c.id, o));
    Caller caller;
    caller.customer = c360.profile.id;
    caller.vip = c360.profile.tier.find("VIP") != std::string::npos;
    for (const auto& id : c360.identities) {
      if (id.type == domain::IdentityType::kPhone) {
        caller.phone = id.value;
        break;
      }
    }
    out.push_back(std::move(caller));
  }
  return out;
}

Status check(const ServiceDemoOptions& o) {
  auto bad = [](const char* field, const char* what) {
    Location loc;
    loc.field = field;
    return Status::invalid(what, loc);
  };
  if (o.shop_id <= 0) return bad("shop_id", "shop_id is required");
  if (o.tickets < 0 || o.tickets > 100'000) return bad("tickets", "tickets must be 0..100000");
  if (o.calls < 0 || o.calls > 1'000'000) return bad("calls", "calls must be 0..1000000");
  if (o.days < 7 || o.days > 365) return bad("days", "days must be 7..365");
  return Status::ok();
}

}  // namespace

Json ServiceDemoSummary::to_json() const {
  return Json{{"agents", agents},
              {"queues", queues},
              {"tickets", tickets},
              {"replies", replies},
              {"resolutions", resolutions},
              {"reopens", reopens},
              {"csat_answers", csat_answers},
              {"sla_breaches", sla_breaches},
              {"auto_picked", auto_picked},
              {"calls", calls},
              {"calls_answered", calls_answered},
              {"calls_abandoned", calls_abandoned},
              {"call_memos", call_memos},
              {"seconds", seconds}};
}

Result<ServiceDemoSummary> generate_service_demo(store::Database& db,
                                                 const ServiceDemoOptions& options,
                                                 const Clock& clock) {
  GX_RETURN_IF_ERROR(check(options));
  const auto started = std::chrono::steady_clock::now();
  const int64_t as_of = to_millis(options.as_of.value_or(clock.now()));
  const int64_t begin = as_of - options.days * kDay;
  const int64_t desk_closed = as_of - 2 * kHour;  // the newest tickets wait in the queue
  FakeClock sim(from_millis(begin - kHour));

  GX_ASSIGN_OR_RETURN(auto writer, store::Writer::start(db));
  GX_ASSIGN_OR_RETURN(auto reader, db.connect(true));
  GX_ASSIGN_OR_RETURN(auto found, domain::find_shop(*reader, options.shop_id));
  if (!found)
    return Status::not_found("shop " + std::to_string(options.shop_id) + " does not exist");
  const domain::Shop shop = *found;
  GX_ASSIGN_OR_RETURN(const ShopZone zone, ShopZone::load(shop.time_zone));
  GX_ASSIGN_OR_RETURN(auto existing, store::list_agents(*reader, shop.id));
  if (!existing.empty()) {
    return Status::conflict("shop " + std::to_string(shop.id) +
                            " already has agents: the service demo runs once per shop");
  }
  DemoRandom setup_rng = DemoRandom::stream(options.seed, 101);
  GX_ASSIGN_OR_RETURN(auto callers, load_callers(*reader, clock, shop, zone, setup_rng));

  ServiceDemoSummary summary;
  std::vector<int64_t> agent_ids;
  std::vector<int64_t> queue_ids;  // 售前咨询, 售后服务, 投诉建议, VIP专线
  std::vector<int64_t> canned_ids;

  // ---- the team, queues, IVR, canned responses --------------------------------------------
  Status setup = writer->run([&](store::Connection& conn) -> Status {
    domain::WriteContext w{conn, sim, shop, zone, options.actor};
    GX_ASSIGN_OR_RETURN(auto settings, service::service_settings_from_json(settings_json()));
    GX_RETURN_IF_ERROR(service::save_service_settings(w, settings));
    for (const auto& a : kAgents) {
      cti::AgentInput in;
      in.name = a.name;
      in.skills = Json::parse(a.skills);
      in.ticket_capacity = 15;
      GX_ASSIGN_OR_RETURN(auto view, cti::create_agent(w, in));
      agent_ids.push_back(view.agent.id);
    }
    struct QueuePlan {
      const char* name;
      const char* skill;
      int64_t priority;
    };
    for (const QueuePlan& q : {QueuePlan{"售前咨询", "售前", 0}, QueuePlan{"售后服务", "售后", 0},
                               QueuePlan{"投诉建议", "投诉", 5}, QueuePlan{"VIP专线", "VIP", 10}}) {
      store::CallQueueRecord r;
      r.name = q.name;
      r.skill = q.skill;
      r.priority = q.priority;
      r.service_level_s = 20;
      r.callback_offer_after_s = 90;
      if (!queue_ids.empty() && std::string(q.skill) == "VIP") {
        r.overflow_to = queue_ids[1];
        r.overflow_after_s = 60;
      }
      GX_ASSIGN_OR_RETURN(auto created, cti::create_queue(w, r));
      queue_ids.push_back(created.id);
    }
    const Json menu = {
        {"start", "hello"},
        {"nodes",
         {{"hello",
           {{"kind", "vip"}, {"vip", {{"queue", queue_ids[3]}}}, {"regular", {{"node", "main"}}}}},
          {"main",
           {{"kind", "menu"},
            {"prompt", {{"zh", "售前咨询请按1，售后服务请按2，投诉建议请按3，预约回电请按9"}}},
            {"options",
             {{"1", {{"queue", queue_ids[0]}}},
              {"2", {{"queue", queue_ids[1]}}},
              {"3", {{"queue", queue_ids[2]}}},
              {"9", {{"callback", queue_ids[1]}}},
              {"*", {{"repeat", true}}}}},
            {"max_repeats", 2},
            {"fallback", {{"queue", queue_ids[0]}}}}}}}};
    GX_RETURN_IF_ERROR(cti::put_ivr_menu(w, "main", menu).status());
    for (const auto& [name, body] :
         {std::pair{"问候", "{{customer.name}}您好，我是客服{{agent.name}}，很高兴为您服务。"},
          std::pair{"退款说明", "退款已提交，预计 1-3 个工作日原路退回，工单号 {{ticket.id}}。"},
          std::pair{"结束语", "感谢您的耐心，如还有问题随时联系我们。"}}) {
      GX_ASSIGN_OR_RETURN(auto c, service::create_canned_response(w, name, body));
      canned_ids.push_back(c.id);
    }
    return Status::ok();
  });
  GX_RETURN_IF_ERROR(setup);
  summary.agents = static_cast<int64_t>(agent_ids.size());
  summary.queues = static_cast<int64_t>(queue_ids.size());

  // ---- the plan ----------------------------------------------------------------------------
  std::vector<Step> steps;
  // Shifts: Mon-Fri 09:00-12:00 and 13:00-18:00; each agent off one weekday
  // in five weeks; nobody after desk_closed.
  for (LocalDays day = zone.local_day(from_millis(begin));
       day <= zone.local_day(from_millis(as_of)); day += std::chrono::days(1)) {
    if (!is_workday(day)) continue;
    const int64_t day_index = day.time_since_epoch().count();
    for (size_t a = 0; a < kAgents.size(); ++a) {
      if ((day_index + static_cast<int64_t>(a) * 3) % 25 == 0) continue;  // a day off
      bool on = false;
      for (const auto& [minute, state] :
           {std::pair{9 * 60, "available"}, std::pair{12 * 60, "break"},
            std::pair{13 * 60, "available"}, std::pair{18 * 60, "offline"}}) {
        const int64_t at = local_at(zone, day, minute);
        if (at < begin) continue;
        if (at >= desk_closed) {
          if (on) steps.push_back({desk_closed, StepKind::kAgentState, a, 0, "offline"});
          break;
        }
        steps.push_back({at, StepKind::kAgentState, a, 0, state});
        on = std::string_view(state) != "offline";
      }
    }
  }

  DemoRandom rng = DemoRandom::stream(options.seed, 102);
  std::vector<uint32_t> kind_weights;
  for (const auto& k : kKinds) kind_weights.push_back(k.weight);
  const WeightedChoice kinds(kind_weights);
  const WeightedChoice channels(kChannelWeights);
  const WeightedChoice priorities(kPriorityWeights);
  const WeightedChoice scores(kScoreWeights);
  // Hours of the day people write in (00..23).
  constexpr std::array<uint32_t, 24> kHourWeights = {1, 1, 0,  0,  0, 0, 1, 2, 4, 8, 10, 10,
                                                     7, 8, 10, 10, 9, 8, 6, 6, 7, 7, 5,  3};
  const WeightedChoice hours(kHourWeights);

  const LocalDays first_day = zone.local_day(from_millis(begin));
  std::vector<PlannedTicket> tickets;
  for (int64_t i = 0; i < options.tickets; ++i) {
    PlannedTicket t;
    t.customer = rng.below(callers.size());
    t.kind = kinds.pick(rng);
    const auto& kind = kKinds[t.kind];
    t.subject = kind.subjects[rng.below(kind.subjects.size())];
    t.description = t.subject + "，" +
                    (rng.chance(500) ? std::string("麻烦尽快处理，谢谢！")
                                     : fmt::format("订单号 {}，请帮忙看一下。",
                                                   scramble(static_cast<uint64_t>(i), 10, 12, 7)));
    t.channel = kChannels[channels.pick(rng)];
    t.priority = kPriorities[priorities.pick(rng)];
    // Spread over the window, at the hours people write.
    int64_t created = local_at(zone, first_day + std::chrono::days(rng.uniform(0, options.days)),
                               static_cast<int64_t>(hours.pick(rng)) * 60 + rng.uniform(0, 59));
    // The last few came in after the desk closed: they wait in the queue.
    const bool evening = i >= options.tickets - std::min<int64_t>(6, options.tickets / 20);
    if (evening) created = desk_closed + rng.uniform(1, 110) * kMinute;
    if (created <= begin || created >= as_of) continue;
    // How far a ticket of the last three days has come by as_of: 0 created
    // (new or assigned), 1 answered (in progress), 2 waiting on the
    // customer, 3 resolved, 4 all the way; older tickets are done.
    const int64_t stage = evening ? 0 : created > as_of - 3 * kDay ? rng.uniform(0, 4) : 4;
    const size_t index = tickets.size();
    tickets.push_back(std::move(t));
    steps.push_back({created, StepKind::kCreate, index, 0});
    if (stage == 0) continue;
    // The first reply: minutes in staffed hours, or hours later (a breach).
    int64_t at = next_staffed(zone, created, rng.uniform(5, 30));
    const bool pressing = tickets[index].priority == "high" || tickets[index].priority == "urgent";
    if (rng.chance(100)) {
      at += rng.uniform(4, 30) * kHour;
    } else {
      at += rng.uniform(2, pressing ? 20 : 60) * kMinute;
    }
    at = next_staffed(zone, at, rng.uniform(5, 60));
    const bool waits = stage == 2 || (stage > 2 && rng.chance(250));
    steps.push_back({at, StepKind::kReply, index, waits ? 1 : 0});
    if (stage <= 2) continue;
    if (waits) {
      at += rng.uniform(1, 48) * kHour;
      steps.push_back({at, StepKind::kCustomerMessage, index, 0});
      at = next_staffed(zone, at + rng.uniform(10, 120) * kMinute, rng.uniform(5, 60));
      steps.push_back({at, StepKind::kReply, index, 0});
    }
    at = next_staffed(zone, at + rng.uniform(10, pressing ? 180 : 8 * 60) * kMinute,
                      rng.uniform(5, 60));
    steps.push_back({at, StepKind::kResolve, index, 0});
    if (stage == 3) continue;
    if (rng.chance(80)) {  // the customer comes back: a reopen
      at += rng.uniform(2, 96) * kHour;
      steps.push_back({at, StepKind::kCustomerMessage, index, 0});
      at = next_staffed(zone, at + rng.uniform(30, 600) * kMinute, rng.uniform(5, 60));
      steps.push_back({at, StepKind::kResolve, index, 0});
    }
    if (rng.chance(550)) {
      steps.push_back({at + rng.uniform(10, 24 * 60) * kMinute, StepKind::kCsat, index,
                       static_cast<int64_t>(scores.pick(rng)) + 1});
    }
    steps.push_back({at + rng.uniform(3, 7) * kDay, StepKind::kClose, index, 0});
  }

  // Calls: offered through the IVR, mostly in the desk's hours; answered
  // while it is staffed (else abandoned or a callback).
  std::vector<PlannedCall> calls;
  DemoRandom call_rng = DemoRandom::stream(options.seed, 103);
  for (int64_t i = 0; i < options.calls; ++i) {
    PlannedCall c;
    if (call_rng.chance(800)) {
      const size_t who = call_rng.below(callers.size());
      if (!callers[who].phone.empty()) {
        c.customer = who;
        c.number = callers[who].phone;
      }
    }
    if (c.number.empty()) {
      c.number = fmt::format("+86139{:08}", scramble(static_cast<uint64_t>(i), 10, 8, 11));
    }
    // Mostly on workdays in the desk's hours; some in the evening or at the weekend.
    LocalDays day = first_day + std::chrono::days(call_rng.uniform(0, options.days));
    if (!is_workday(day) && call_rng.chance(800)) day += std::chrono::days(2);
    const int64_t local_minute = call_rng.chance(850)
                                     ? 9 * 60 + call_rng.uniform(0, 8 * 60 - 1)
                                     : 8 * 60 + 30 + call_rng.uniform(0, 11 * 60 + 30);
    c.offered = local_at(zone, day, local_minute) + call_rng.uniform(0, 59) * 1000;
    if (c.offered <= begin || c.offered >= as_of - kHour) continue;
    const bool vip = c.customer && callers[*c.customer].vip;
    const size_t digit = call_rng.below(10) < 5 ? 1 : (call_rng.below(10) < 7 ? 2 : 3);
    c.queue = vip ? 3 : digit - 1;
    c.ivr = vip ? "" : std::to_string(digit);
    const bool staffed = is_workday(day) && ((local_minute >= 9 * 60 && local_minute < 12 * 60) ||
                                             (local_minute >= 13 * 60 && local_minute < 18 * 60));
    if (staffed && call_rng.chance(880)) {
      c.answered = c.offered + call_rng.uniform(3, 90) * 1000;
      c.ended = *c.answered + call_rng.uniform(40, 600) * 1000;
      c.outcome = "answered";
      // An agent of the queue's skill (VIP calls: the VIP agents).
      const std::string skill = std::array{"售前", "售后", "投诉", "VIP"}[c.queue];
      std::vector<size_t> able;
      for (size_t a = 0; a < kAgents.size(); ++a) {
        if (std::string(kAgents[a].skills).find(skill) != std::string::npos) able.push_back(a);
      }
      c.agent = able[call_rng.below(able.size())];
    } else if (call_rng.chance(800)) {
      c.ended = c.offered + call_rng.uniform(5, 120) * 1000;
      c.outcome = "abandoned";
    } else {
      c.ended = c.offered + call_rng.uniform(30, 90) * 1000;
      c.outcome = "callback";
    }
    const size_t index = calls.size();
    calls.push_back(std::move(c));
    steps.push_back({calls[index].ended, StepKind::kCall, index, 0});
  }

  // What lies after as_of has not happened yet: those tickets are still open.
  std::erase_if(steps, [as_of](const Step& st) { return st.at > as_of; });
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& x, const Step& y) { return x.at < y.at; });

  // ---- replay ------------------------------------------------------------------------------
  std::vector<int64_t> ticket_ids(tickets.size(), 0);
  std::vector<int64_t> reopen_counts(tickets.size(), 0);
  int64_t next_call_id = 0;
  {
    GX_ASSIGN_OR_RETURN(auto max_id, store::max_call_id_from(*reader, shop.id, 1));
    next_call_id = max_id.value_or(0) + 1;
  }
  service::ServiceRoundStats fired;
  auto fire_due = [&](domain::WriteContext& w) -> Status {
    GX_ASSIGN_OR_RETURN(auto due, store::due_sla_tickets(w.db, to_millis(sim.now()), 500));
    for (const auto& [shop_id, id] : due) {
      if (shop_id != shop.id) continue;
      GX_RETURN_IF_ERROR(service::fire_ticket_sla(w, id, fired));
    }
    return Status::ok();
  };
  // A planned move the ticket's state no longer allows (e.g. a close that
  // came before its reopen's resolution) is skipped.
  auto tolerate = [](Status s) { return s.code() == ErrorCode::kConflict ? Status::ok() : s; };

  auto run_step = [&](domain::WriteContext& w, const Step& s) -> Status {
    switch (s.kind) {
      case StepKind::kAgentState: {
        const int64_t agent = agent_ids[s.a];
        GX_RETURN_IF_ERROR(store::insert_agent_state(w.db, shop.id, {agent, s.text, s.at}));
        GX_RETURN_IF_ERROR(store::set_agent_state(w.db, shop.id, agent, s.text, s.at));
        if (std::string_view(s.text) == "available") {
          GX_ASSIGN_OR_RETURN(const int64_t n, service::auto_pick_tickets(w));
          summary.auto_picked += n;
        }
        return Status::ok();
      }
      case StepKind::kCreate: {
        const PlannedTicket& t = tickets[s.a];
        service::TicketInput in;
        in.customer_id = callers[t.customer].customer;
        in.subject = t.subject;
        in.description = t.description;
        in.type = kKinds[t.kind].type;
        in.channel = t.channel;
        in.priority = service::parse_priority(t.priority).value_or(service::Priority::kNormal);
        GX_ASSIGN_OR_RETURN(auto created, service::create_ticket(w, in));
        ticket_ids[s.a] = created.id;
        summary.tickets += 1;
        return Status::ok();
      }
      case StepKind::kReply: {
        service::MessageInput m;
        if (s.b == 0 && s.a % 4 == 1) {
          m.canned_response_id = canned_ids[1];
        } else {
          m.body = kReplies[(s.a + static_cast<size_t>(s.at / kMinute)) % kReplies.size()];
        }
        if (s.b == 1) m.then_status = service::TicketStatus::kWaitingCustomer;
        auto r = service::add_message(w, ticket_ids[s.a], m);
        if (r.ok()) summary.replies += 1;
        return tolerate(r.status());
      }
      case StepKind::kCustomerMessage: {
        service::MessageInput m;
        m.kind = service::MessageKind::kCustomerMessage;
        m.body = kCustomerMessages[(s.a + static_cast<size_t>(s.at / kMinute)) %
                                   kCustomerMessages.size()];
        auto r = service::add_message(w, ticket_ids[s.a], m);
        if (r.ok() && r->reopen_count > reopen_counts[s.a]) {
          summary.reopens += 1;
          reopen_counts[s.a] = r->reopen_count;
        }
        return tolerate(r.status());
      }
      case StepKind::kResolve: {
        auto r = service::change_status(w, ticket_ids[s.a], service::TicketStatus::kResolved);
        if (r.ok()) summary.resolutions += 1;
        return tolerate(r.status());
      }
      case StepKind::kCsat: {
        GX_ASSIGN_OR_RETURN(auto survey, store::latest_csat_survey(w.db, ticket_ids[s.a]));
        if (!survey || survey->score) return Status::ok();
        auto r = service::answer_csat(w, survey->token, s.b,
                                      kComments[static_cast<size_t>(s.b - 1)], "link");
        if (r.ok()) summary.csat_answers += 1;
        return tolerate(r.status());
      }
      case StepKind::kClose:
        return tolerate(
            service::change_status(w, ticket_ids[s.a], service::TicketStatus::kClosed).status());
      case StepKind::kCall: {
        const PlannedCall& c = calls[s.a];
        store::CallRecord r;
        r.shop_id = shop.id;
        r.call_id = next_call_id + static_cast<int64_t>(s.a);
        r.number = c.number;
        if (c.customer) r.customer_id = callers[*c.customer].customer;
        r.vip = c.queue == 3;
        r.queue_id = queue_ids[c.queue];
        if (c.agent) r.agent_id = agent_ids[*c.agent];
        r.ivr_path = c.ivr.empty() ? Json::array({"hello"}).dump()
                                   : Json::array({"hello", "main:" + c.ivr}).dump();
        r.offered_at = c.offered;
        r.answered_at = c.answered;
        r.ended_at = c.ended;
        if (c.answered) r.wrap_up_end_at = c.ended + 30'000;
        r.outcome = c.outcome;
        if (c.answered) r.recording_url = fmt::format("https://rec.example.com/{}.mp3", r.call_id);
        r.updated_at = c.ended;
        GX_RETURN_IF_ERROR(store::upsert_call(w.db, r));
        summary.calls += 1;
        if (c.outcome == "answered") summary.calls_answered += 1;
        if (c.outcome == "abandoned") summary.calls_abandoned += 1;
        if (r.customer_id && r.answered_at) {
          domain::NoteInput note;
          note.type = domain::NoteType::kCall;
          note.direction = "inbound";
          note.author = "agent:" + std::to_string(*r.agent_id);
          note.summary =
              fmt::format("来电 {}（{}）：等待 {} 秒，通话 {} 秒。录音：{}", r.number,
                          std::array{"售前咨询", "售后服务", "投诉建议", "VIP专线"}[c.queue],
                          (*r.answered_at - r.offered_at) / 1000, (c.ended - *r.answered_at) / 1000,
                          r.recording_url);
          note.occurred_at = from_millis(*r.answered_at);
          domain::InteractionDetails details;
          details.agent_id = r.agent_id;
          details.duration_s = (c.ended - *r.answered_at) / 1000;
          details.outcome = "answered";
          auto added = domain::add_note(w, *r.customer_id, note, details);
          if (added.ok()) summary.call_memos += 1;
          if (!added.ok() && added.status().code() != ErrorCode::kNotFound) return added.status();
        }
        return Status::ok();
      }
    }
    return Status::ok();
  };

  constexpr size_t kStepsPerJob = 200;
  for (size_t from = 0; from < steps.size(); from += kStepsPerJob) {
    const size_t to = std::min(steps.size(), from + kStepsPerJob);
    Status job = writer->run([&](store::Connection& conn) -> Status {
      for (size_t i = from; i < to; ++i) {
        sim.set(from_millis(steps[i].at));
        domain::WriteContext w{conn, sim, shop, zone, options.actor};
        GX_RETURN_IF_ERROR(fire_due(w));
        if (Status s = run_step(w, steps[i]); !s.is_ok()) {
          return Status(s.code(),
                        fmt::format("service demo step {} at {}: {}", i,
                                    format_utc_iso8601(from_millis(steps[i].at)), s.message()));
        }
      }
      return Status::ok();
    });
    GX_RETURN_IF_ERROR(job);
  }
  Status last = writer->run([&](store::Connection& conn) -> Status {
    sim.set(from_millis(as_of));
    domain::WriteContext w{conn, sim, shop, zone, options.actor};
    return fire_due(w);
  });
  GX_RETURN_IF_ERROR(last);
  writer.reset();
  summary.sla_breaches = fired.sla_breaches;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace guanxi::demo
