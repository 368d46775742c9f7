#include "journey/journeys.hpp"

#include "journey/internal.hpp"
#include "outbox/templates.hpp"
#include "segment/rule/parser.hpp"
#include "store/change_feed.hpp"
#include "store/outbox_table.hpp"
#include "store/query.hpp"

namespace guanxi::journey {

namespace {

using internal::append;

Status check_rule_text(std::string_view text) {
  return segment::parse_rule(text).status();
}

Status check_name(const std::string& name) {
  if (name.empty() || name.size() > 100) {
    Location loc;
    loc.field = "name";
    return Status::invalid("name: must be 1-100 bytes", loc);
  }
  return Status::ok();
}

}  // namespace

Result<JourneyDef> parse_definition(const Json& json) {
  return parse_journey(json, check_rule_text);
}

Result<store::JourneyRecord> create_journey(domain::WriteContext& w, const JourneyInput& in) {
  GX_RETURN_IF_ERROR(check_name(in.name));
  GX_RETURN_IF_ERROR(parse_definition(in.definition).status());
  GX_ASSIGN_OR_RETURN(auto existing, store::find_journey_by_name(w.db, w.shop.id, in.name));
  if (existing) return Status::conflict("a journey named '" + in.name + "' exists");
  store::JourneyRecord r;
  r.shop_id = w.shop.id;
  r.name = in.name;
  r.status = "draft";
  r.version = 1;
  r.definition = in.definition.dump();
  r.template_key = in.template_key;
  r.created_by = w.actor;
  r.created_at = to_millis(w.clock.now());
  r.updated_at = r.created_at;
  GX_ASSIGN_OR_RETURN(r.id, store::insert_journey(w.db, r));
  GX_RETURN_IF_ERROR(
      store::insert_journey_version(w.db, r.id, 1, r.definition, w.actor, r.created_at));
  GX_RETURN_IF_ERROR(append(w, "journey_created", r.id, Json{{"name", r.name}}));
  return r;
}

Result<store::JourneyRecord> update_journey(domain::WriteContext& w, int64_t id,
                                            const std::optional<std::string>& name,
                                            const std::optional<Json>& definition) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_journey(w.db, w.shop.id, id));
  if (!r) return Status::not_found("journey " + std::to_string(id) + " does not exist");
  const int64_t now = to_millis(w.clock.now());
  if (name && *name != r->name) {
    GX_RETURN_IF_ERROR(check_name(*name));
    GX_ASSIGN_OR_RETURN(auto other, store::find_journey_by_name(w.db, w.shop.id, *name));
    if (other) return Status::conflict("a journey named '" + *name + "' exists");
    r->name = *name;
  }
  if (definition && definition->dump() != r->definition) {
    GX_RETURN_IF_ERROR(parse_definition(*definition).status());
    r->version += 1;
    r->definition = definition->dump();
    GX_RETURN_IF_ERROR(
        store::insert_journey_version(w.db, r->id, r->version, r->definition, w.actor, now));
  }
  r->updated_at = now;
  GX_RETURN_IF_ERROR(store::update_journey(w.db, *r));
  GX_RETURN_IF_ERROR(append(w, "journey_updated", r->id, Json{{"version", r->version}}));
  return *r;
}

Result<store::JourneyRecord> set_journey_status(domain::WriteContext& w, int64_t id,
                                                std::string_view status) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_journey(w.db, w.shop.id, id));
  if (!r) return Status::not_found("journey " + std::to_string(id) + " does not exist");
  if (status != "draft" && status != "active" && status != "paused" && status != "archived") {
    Location loc;
    loc.field = "status";
    return Status::invalid("status: must be draft, active, paused or archived", loc);
  }
  if (r->status == "archived" && status != "archived")
    return Status::conflict("an archived journey cannot be reopened; copy it instead");
  if (status == "active") {
    GX_ASSIGN_OR_RETURN(auto json, parse_json(r->definition));
    GX_ASSIGN_OR_RETURN(auto def, parse_definition(json));
    for (const auto& s : def.steps) {
      if (s.type != StepType::kSend) continue;
      GX_ASSIGN_OR_RETURN(auto t, store::find_template_by_name(w.db, w.shop.id, s.template_name));
      if (!t) {
        return Status{ErrorCode::kUnprocessable, "step '" + s.id + "' sends template '" +
                                                     s.template_name + "', which does not exist"};
      }
    }
  }
  const int64_t now = to_millis(w.clock.now());
  if (status == "archived") {
    store::Query q(w.db,
                   "UPDATE journey_runs SET status = 'exited', exit_reason = 'archived', wake_at = "
                   "NULL, updated_at = ? WHERE journey_id = ? AND status = 'waiting'");
    q.bind(now, r->id);
    GX_RETURN_IF_ERROR(q.run());
  }
  if (status == "active" && r->status != "active") {
    // Event triggers start with the changes after this one, not with history.
    GX_ASSIGN_OR_RETURN(r->activated_seq, store::last_change_seq(w.db));
    // Date triggers start with today, not with every past day.
    GX_ASSIGN_OR_RETURN(auto cursor, store::journey_date_cursor(w.db, r->id));
    if (!cursor) {
      const int64_t yesterday = w.zone.local_day(w.clock.now()).time_since_epoch().count() - 1;
      GX_RETURN_IF_ERROR(store::set_journey_date_cursor(w.db, r->id, yesterday));
    }
  }
  r->status = std::string(status);
  r->updated_at = now;
  GX_RETURN_IF_ERROR(store::update_journey(w.db, *r));
  GX_RETURN_IF_ERROR(append(w, "journey_status", r->id, Json{{"status", status}}));
  return *r;
}

Result<store::JourneyRecord> get_journey(domain::ReadContext& r, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto j, store::find_journey(r.db, r.shop.id, id));
  if (!j) return Status::not_found("journey " + std::to_string(id) + " does not exist");
  return *j;
}

Result<store::JourneyRecord> find_journey(domain::ReadContext& r, std::string_view id_or_name) {
  GX_ASSIGN_OR_RETURN(auto j, store::find_journey_by_name(r.db, r.shop.id, id_or_name));
  if (j) return *j;
  // A built-in care journey by its template key ("birthday").
  GX_ASSIGN_OR_RETURN(auto all, store::list_journeys(r.db, r.shop.id, ""));
  for (auto& one : all)
    if (!one.template_key.empty() && one.template_key == id_or_name) return std::move(one);
  int64_t id = 0;
  for (char c : id_or_name) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000)
      return Status::not_found("no journey named '" + std::string(id_or_name) + "'");
    id = id * 10 + (c - '0');
  }
  return get_journey(r, id);
}

Result<JourneyStats> journey_stats(domain::ReadContext& r, const store::JourneyRecord& j) {
  JourneyStats out;
  GX_ASSIGN_OR_RETURN(auto runs, store::journey_run_counts(r.db, j.id));
  for (const auto& c : runs) out.runs[c.status] = c.count;
  GX_ASSIGN_OR_RETURN(auto counts, store::journey_step_counts(r.db, j.id));
  GX_ASSIGN_OR_RETURN(auto waiting, store::journey_waiting_by_step(r.db, j.id));
  GX_ASSIGN_OR_RETURN(auto json, parse_json(j.definition));
  GX_ASSIGN_OR_RETURN(auto def, parse_definition(json));
  for (const auto& s : def.steps) {
    StepStats st;
    st.step = s.id;
    st.type = std::string(step_type_name(s.type));
    for (const auto& [step, n] : waiting) {
      if (step == s.id) st.waiting = n;
    }
    for (const auto& c : counts) {
      if (c.step != s.id) continue;
      const std::string key = c.detail.empty() ? c.outcome : c.outcome + ":" + c.detail;
      st.outcomes[key] = c.count;
    }
    out.steps.push_back(std::move(st));
  }
  return out;
}

// ---- built-in care templates ----

const std::vector<CareTemplate>& care_templates() {
  static const std::vector<CareTemplate> t = [] {
    std::vector<CareTemplate> v;
    auto sms = [](const char* name, const char* klass, const char* body) {
      return Json{{"name", name}, {"channel", "sms"}, {"class", klass}, {"body", body}};
    };
    v.push_back(
        {"post_return", "退货关怀", "Post-return care",
         "退货/退款两天后问候客户，了解原因；VIP客户同时给专属客服建回访任务。",
         Json::parse(R"J({"trigger":{"type":"event","event":"order_refunded"},
                   "steps":[{"id":"wait","type":"wait","duration":"2d"},
                            {"id":"sms","type":"send","template":"退货关怀短信"},
                            {"id":"vip","type":"branch","rule":"tier in (\"VIP会员\", \"至尊VIP会员\")","then":"task","else":"end"},
                            {"id":"task","type":"task","assignee":"csr","title":"VIP客户退货回访","due_days":1}]})J"),
         Json::array({sms(
             "退货关怀短信", "care",
             "【{{shop.name}}】{{customer.name}}"
             "您好，您的退款已处理。如商品有任何不满意，欢迎回复告诉我们，我们会持续改进。")})});
    v.push_back({"birthday", "生日关怀", "Birthday care",
                 "生日当天09:00发送祝福短信（农历生日按农历；2月29日的生日在平年2月28日）。",
                 Json::parse(R"J({"trigger":{"type":"date","date":"birthday","at":"09:00"},
                   "steps":[{"id":"sms","type":"send","template":"生日祝福短信"}]})J"),
                 Json::array({sms("生日祝福短信", "care",
                                  "【{{shop.name}}】亲爱的{{customer.name}}"
                                  "，祝您生日快乐！感谢一路相伴，愿新的一岁万事顺意。")})});
    v.push_back(
        {"winback_high", "高价值流失客户挽回", "High-value churned win-back",
         "高价值客户进入流失状态时发送挽回短信，并为客户负责人建回访任务。",
         Json::parse(
             R"J({"trigger":{"type":"event","event":"segment_entered","segment":"高价值流失客户"},
                   "reentry":{"days":90},"exit":{"events":["order_paid"]},
                   "steps":[{"id":"sms","type":"send","template":"高价值挽回短信","class":"marketing"},
                            {"id":"task","type":"task","assignee":"owner","title":"高价值流失客户电话回访","due_days":2}]})J"),
         Json::array({sms("高价值挽回短信", "marketing",
                          "【{{shop.name}}】{{customer.name}}"
                          "，好久不见，我们为老朋友准备了专属礼遇，期待您再次光临。回T退订")})});
    v.push_back(
        {"winback_low", "低价值流失客户唤醒", "Low-value churned reactivation",
         "低价值流失客户进入分群时发送一条唤醒短信，90天内不重复。",
         Json::parse(
             R"J({"trigger":{"type":"event","event":"segment_entered","segment":"低价值流失客户"},
                   "reentry":{"days":90},"exit":{"events":["order_paid"]},
                   "steps":[{"id":"sms","type":"send","template":"流失唤醒短信","class":"marketing"}]})J"),
         Json::array({sms("流失唤醒短信", "marketing",
                          "【{{shop.name}}】{{customer.name}}，新品上架，回来看看吧。回T退订")})});
    v.push_back(
        {"at_risk", "流失预警关怀", "At-risk care",
         "客户进入流失预警分群时发送关怀短信，7天后仍未购买则提醒客服跟进。",
         Json::parse(
             R"J({"trigger":{"type":"event","event":"segment_entered","segment":"流失预警客户"},
                   "reentry":{"days":60},"exit":{"events":["order_paid"]},
                   "steps":[{"id":"sms","type":"send","template":"流失预警关怀短信"},
                            {"id":"wait","type":"wait","event":"order_paid","timeout":"7d","on_event":"end","on_timeout":"task"},
                            {"id":"task","type":"task","assignee":"csr","title":"流失预警客户跟进","due_days":2}]})J"),
         Json::array(
             {sms("流失预警关怀短信", "care",
                  "【{{shop.name}}】{{customer.name}}，最近还好吗？有任何需要随时联系我们。")})});
    v.push_back({"new_customer", "新客关怀", "New-customer care",
                 "首次购买签收后3天问候使用体验，并推荐相关商品。",
                 Json::parse(R"J({"trigger":{"type":"event","event":"first_purchase"},
                   "steps":[{"id":"wait","type":"wait","duration":"3d"},
                            {"id":"check","type":"branch","rule":"orders = 1","then":"sms","else":"end"},
                            {"id":"sms","type":"send","template":"新客关怀短信"}]})J"),
                 Json::array({sms("新客关怀短信", "care",
                                  "【{{shop.name}}】{{customer.name}}"
                                  "，感谢您的首次购买！使用中有任何问题请随时联系我们。也推荐您看看"
                                  "{{recommendation.name}}"
                                  "。")})});
    v.push_back({"repeat_thanks", "老客答谢", "Repeat-buyer thanks",
                 "90天内购买达到3次的客户收到一次答谢短信（每年最多一次）。",
                 Json::parse(R"J({"trigger":{"type":"event","event":"order_paid"},
                   "audience":"orders(90d) >= 3","reentry":{"days":365},
                   "steps":[{"id":"sms","type":"send","template":"老客答谢短信"}]})J"),
                 Json::array({sms(
                     "老客答谢短信", "care",
                     "【{{shop.name}}】{{customer.name}}"
                     "，感谢您一直以来的支持！您已是我们的老朋友，有任何需求请随时告诉我们。")})});
    v.push_back({"replenishment", "补货提醒", "Replenishment reminder",
                 "按商品消耗周期，在预计用完前3天提醒回购。",
                 Json::parse(R"J({"trigger":{"type":"replenishment","lead_days":3,"at":"10:00"},
                   "exit":{"events":["order_paid"]},
                   "steps":[{"id":"sms","type":"send","template":"补货提醒短信"}]})J"),
                 Json::array({sms("补货提醒短信", "care",
                                  "【{{shop.name}}】{{customer.name}}，您购买的{{product.name}}"
                                  "预计快用完了，需要时可以提前补货哦。")})});
    v.push_back({"vip_care", "VIP关怀", "VIP care",
                 "客户升级为VIP/至尊VIP时发送祝贺并为专属客服建立介绍任务。",
                 Json::parse(R"J({"trigger":{"type":"event","event":"tier_changed"},
                   "audience":"tier in (\"VIP会员\", \"至尊VIP会员\")",
                   "steps":[{"id":"sms","type":"send","template":"VIP升级祝贺短信"},
                            {"id":"task","type":"task","assignee":"csr","title":"新晋VIP客户专属客服介绍","due_days":3}]})J"),
                 Json::array({sms("VIP升级祝贺短信", "care",
                                  "【{{shop.name}}】恭喜{{customer.name}}升级为{{customer.tier}}"
                                  "！专属客服将很快与您联系。")})});
    v.push_back(
        {"mid_autumn", "中秋问候", "Mid-Autumn greetings",
         "中秋节（农历八月十五）当天10:00向有购买的客户发送节日问候。",
         Json::parse(
             R"J({"trigger":{"type":"date","date":"holiday","holiday":"mid_autumn","at":"10:00"},
                   "audience":"orders >= 1",
                   "steps":[{"id":"sms","type":"send","template":"中秋问候短信"}]})J"),
         Json::array(
             {sms("中秋问候短信", "care",
                  "【{{shop.name}}】{{customer.name}}，月圆人团圆，祝您中秋快乐，阖家幸福！")})});
    v.push_back(
        {"spring_festival", "春节问候", "Spring Festival greetings",
         "春节（农历正月初一）前一天10:00向有购买的客户发送新春祝福。",
         Json::parse(
             R"J({"trigger":{"type":"date","date":"holiday","holiday":"spring_festival","days_before":1,"at":"10:00"},
                   "audience":"orders >= 1",
                   "steps":[{"id":"sms","type":"send","template":"春节问候短信"}]})J"),
         Json::array({sms("春节问候短信", "care",
                          "【{{shop.name}}】{{customer.name}}"
                          "，新春将至，感谢您一年的陪伴，祝您新年快乐，万事如意！")})});
    return v;
  }();
  return t;
}

Result<store::JourneyRecord> enable_care_template(domain::WriteContext& w, std::string_view key) {
  const CareTemplate* t = nullptr;
  for (const auto& c : care_templates()) {
    if (c.key == key) t = &c;
  }
  if (t == nullptr) return Status::not_found("no care template '" + std::string(key) + "'");
  for (const auto& m : t->message_templates) {
    GX_ASSIGN_OR_RETURN(
        auto existing, store::find_template_by_name(w.db, w.shop.id, m["name"].get<std::string>()));
    if (existing) continue;
    GX_ASSIGN_OR_RETURN(auto in, outbox::template_input_from_json(m));
    GX_RETURN_IF_ERROR(outbox::create_template(w, in).status());
  }
  GX_ASSIGN_OR_RETURN(auto existing, store::find_journey_by_name(w.db, w.shop.id, t->name));
  int64_t id = 0;
  if (existing) {
    id = existing->id;
  } else {
    GX_ASSIGN_OR_RETURN(auto created, create_journey(w, {t->name, t->definition, t->key}));
    id = created.id;
  }
  return set_journey_status(w, id, "active");
}

}  // namespace guanxi::journey
