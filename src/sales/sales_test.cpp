// The sales records: normalization of the duplicate-check keys, lead
// conversion without duplicates (case and format variants), the duplicate
// check, lead statuses, scores and assignment, stage moves with required
// fields and complete history, record visibility (own / team / shared),
// activities on customer profiles, and the CSV import.
#include <gtest/gtest.h>

#include "domain/customers.hpp"
#include "domain/testing/test_shop.hpp"
#include "importer/byte_source.hpp"
#include "sales/accounts.hpp"
#include "sales/activities.hpp"
#include "sales/import.hpp"
#include "sales/leads.hpp"
#include "sales/normalize.hpp"
#include "sales/opportunities.hpp"
#include "store/query.hpp"

namespace guanxi::sales {
namespace {

using domain::testing::TestShop;

TEST(NormalizeTest, EmailPhoneAndCompanyVariantsShareAKey) {
  EXPECT_EQ(email_key("  Li.Wei@Example.COM "), "li.wei@example.com");
  EXPECT_EQ(email_key("ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "li@example.com");
  EXPECT_EQ(email_key("not-an-email"), "");

  EXPECT_EQ(phone_key("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(phone_key("0086 138 0013 8000"), "13800138000");
  EXPECT_EQ(phone_key("8613800138000"), "13800138000");
  EXPECT_EQ(phone_key("(138)0013 8000"), "13800138000");
  EXPECT_EQ(phone_key("１３８００１３８０００"), "13800138000");
  EXPECT_EQ(phone_key("010-88886666"), "01088886666");
  EXPECT_EQ(phone_key("+86 10 8888 6666"), "01088886666");
  EXPECT_EQ(phone_key("+86 (21) 5555-6666"), "02155556666");
  EXPECT_EQ(phone_key("+1 415 555 0100"), "14155550100");
  EXPECT_EQ(phone_key("12"), "");

  const std::string acme = company_key("acme");
  EXPECT_EQ(acme, "acme");
  for (const char* v : {"ACME Co., Ltd.", "Acme Inc", "ＡＣＭＥ", "acme, inc.", "ACME Corp.",
                        "Acme Group Co., Ltd", "ACME LLC", "Acme GmbH", "Acme Limited"}) {
    EXPECT_EQ(company_key(v), acme) << v;
  }
  EXPECT_EQ(company_key("杭州云栖科技有限公司"), "杭州云栖科技");
  EXPECT_EQ(company_key("杭州云栖科技股份有限公司"), "杭州云栖科技");
  EXPECT_EQ(company_key("杭州 云栖科技（集团）有限公司"), "杭州云栖科技");
  EXPECT_EQ(company_key("万科集团"), "万科");
  // Whole words only: "Costco" keeps its "co".
  EXPECT_EQ(company_key("Costco"), "costco");
}

class SalesTest : public ::testing::Test {
 protected:
  int64_t team(const std::string& name) {
    store::Query q(shop_.conn(),
                   "INSERT INTO teams (shop_id, name, created_at, updated_at) VALUES (?, ?, 0, 0)");
    q.bind(shop_.shop().id, name);
    return q.insert_row("teams").value();
  }
  int64_t user(const std::string& name, const std::string& role, std::optional<int64_t> team_id) {
    store::Query q(
        shop_.conn(),
        "INSERT INTO users (shop_id, username, password_hash, role, team_id, "
        "password_changed_at, created_at, updated_at) VALUES (?, ?, 'x', ?, ?, 0, 0, 0)");
    q.bind(shop_.shop().id, name, role, team_id);
    return q.insert_row("users").value();
  }
  template <typename F>
  auto write(F&& f) {
    return shop_.write(std::forward<F>(f));
  }
  domain::ReadContext read() { return shop_.read_context(); }

  TestShop shop_;
  Viewer all_ = Viewer::all();
};

TEST_F(SalesTest, ConversionLinksExistingAccountAndContactAcrossFormatVariants) {
  auto acme = write([&](auto& w) {
    AccountFields f;
    f.name = "ACME Co., Ltd.";
    return create_account(w, all_, f);
  });
  ASSERT_TRUE(acme.ok()) << acme.status().to_string();
  auto wang = write([&](auto& w) {
    ContactFields f;
    f.name = "王经理";
    f.phone = "13800138000";
    f.account_id = acme->id;
    return create_contact(w, all_, f);
  });
  ASSERT_TRUE(wang.ok()) << wang.status().to_string();

  // The lead spells all three differently; the duplicate check sees through it.
  LeadFields lf;
  lf.name = "王强";
  lf.company = "acme";
  lf.phone = "+86 138-0013-8000";
  lf.email = "Wang@ACME.com";
  lf.source = "event";
  auto rejected = write([&](auto& w) { return create_lead(w, all_, lf, OnDuplicate::kReject); });
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->kind, LeadOutcome::Kind::kRejected);
  ASSERT_EQ(rejected->duplicates.size(), 2u);
  EXPECT_EQ(rejected->duplicates[0].type, "contact");
  EXPECT_EQ(rejected->duplicates[0].reasons, std::vector<std::string>{"phone"});
  EXPECT_EQ(rejected->duplicates[1].type, "account");
  EXPECT_EQ(shop_.count("leads"), 0);

  auto lead = write([&](auto& w) { return create_lead(w, all_, lf, OnDuplicate::kAllow); });
  ASSERT_TRUE(lead.ok());
  ASSERT_EQ(lead->kind, LeadOutcome::Kind::kCreated);
  const int64_t lead_id = lead->lead.id;
  // An activity on the lead before conversion.
  auto call = write([&](auto& w) {
    ActivityInput a;
    a.kind = "call";
    a.subject = "首次电话";
    a.lead_id = lead_id;
    return log_activity(w, all_, a);
  });
  ASSERT_TRUE(call.ok()) << call.status().to_string();

  auto conv = write([&](auto& w) { return convert_lead(w, all_, lead_id, ConvertInput{}); });
  ASSERT_TRUE(conv.ok()) << conv.status().to_string();
  EXPECT_FALSE(conv->account_created);
  EXPECT_FALSE(conv->contact_created);
  EXPECT_EQ(conv->account->id, acme->id);
  EXPECT_EQ(conv->contact.id, wang->id);
  EXPECT_EQ(conv->contact.email, "Wang@ACME.com");  // filled from the lead
  ASSERT_TRUE(conv->opportunity.has_value());
  EXPECT_EQ(conv->opportunity->opportunity.account_id, acme->id);
  EXPECT_EQ(conv->opportunity->opportunity.lead_id, lead_id);
  EXPECT_EQ(conv->opportunity->stage.name, "初步接洽");
  EXPECT_EQ(conv->activities_linked, 1);
  EXPECT_EQ(shop_.count("accounts"), 1);
  EXPECT_EQ(shop_.count("contacts"), 1);
  EXPECT_EQ(conv->lead.status, "converted");
  EXPECT_EQ(conv->lead.converted_contact_id, wang->id);

  // History kept: the lead's call now also shows on the contact and the opportunity.
  auto r = read();
  store::SalesActivityFilter on_opp;
  on_opp.opportunity = conv->opportunity->opportunity.id;
  auto acts = list_activities(r, all_, on_opp);
  ASSERT_TRUE(acts.ok());
  ASSERT_EQ(acts->size(), 1u);
  EXPECT_EQ((*acts)[0].lead_id, lead_id);
  EXPECT_EQ((*acts)[0].contact_id, wang->id);
  auto opp = get_opportunity(r, all_, conv->opportunity->opportunity.id);
  ASSERT_TRUE(opp.ok());
  EXPECT_EQ(opp->opportunity.last_activity_at, call->occurred_at);

  // Converting twice is a conflict.
  auto again = write([&](auto& w) { return convert_lead(w, all_, lead_id, ConvertInput{}); });
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
}

TEST_F(SalesTest, ConversionCreatesOnceThenLinksByEmailAndCompanyKeys) {
  LeadFields a;
  a.name = "李娜";
  a.company = "杭州云栖科技有限公司";
  a.email = " Li.Na@Yunqi.cn ";
  a.source = "web_form";
  auto first = write([&](auto& w) { return create_lead(w, all_, a, OnDuplicate::kReject); });
  ASSERT_TRUE(first.ok());
  ConvertInput no_opp;
  no_opp.create_opportunity = false;
  auto c1 = write([&](auto& w) { return convert_lead(w, all_, first->lead.id, no_opp); });
  ASSERT_TRUE(c1.ok()) << c1.status().to_string();
  EXPECT_TRUE(c1->account_created);
  EXPECT_TRUE(c1->contact_created);
  EXPECT_FALSE(c1->opportunity.has_value());

  // The same person and company written differently: linked, nothing new.
  LeadFields b;
  b.name = "Li Na";
  b.company = "杭州云栖科技股份有限公司";
  b.email = "LI.NA@YUNQI.CN";
  b.source = "referral";
  auto second = write([&](auto& w) { return create_lead(w, all_, b, OnDuplicate::kAllow); });
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->duplicates.empty());
  auto c2 = write([&](auto& w) { return convert_lead(w, all_, second->lead.id, ConvertInput{}); });
  ASSERT_TRUE(c2.ok()) << c2.status().to_string();
  EXPECT_FALSE(c2->account_created);
  EXPECT_FALSE(c2->contact_created);
  EXPECT_EQ(c2->account->id, c1->account->id);
  EXPECT_EQ(c2->contact.id, c1->contact.id);
  EXPECT_EQ(shop_.count("accounts"), 1);
  EXPECT_EQ(shop_.count("contacts"), 1);
  EXPECT_EQ(shop_.count("opportunities"), 1);
}

TEST_F(SalesTest, DuplicateLinkReturnsTheExistingLeadAndFillsItsBlanks) {
  LeadFields a;
  a.name = "赵敏";
  a.phone = "139 0000 1111";
  a.source = "cold_call";
  auto first = write([&](auto& w) { return create_lead(w, all_, a, OnDuplicate::kReject); });
  ASSERT_TRUE(first.ok());
  LeadFields b = a;
  b.phone = "+8613900001111";
  b.title = "采购总监";
  auto linked = write([&](auto& w) { return create_lead(w, all_, b, OnDuplicate::kLink); });
  ASSERT_TRUE(linked.ok());
  EXPECT_EQ(linked->kind, LeadOutcome::Kind::kLinked);
  EXPECT_EQ(linked->lead.id, first->lead.id);
  EXPECT_EQ(linked->lead.title, "采购总监");
  EXPECT_EQ(linked->lead.fit_score, 20);  // the title rule now matches
  EXPECT_EQ(shop_.count("leads"), 1);
}

TEST_F(SalesTest, LeadStatusesScoresAndRoundRobinAssignment) {
  const int64_t u1 = user("rep1", "sales", std::nullopt);
  const int64_t u2 = user("rep2", "sales", std::nullopt);
  auto settings = sales_settings_from_json(Json::parse(R"J({
    "scoring": {"fit_rules": [{"field": "industry", "values": ["制造"], "points": 30},
                              {"field": "title", "match": "contains", "values": ["总"], "points": 10}],
                "engagement": {"days": 30, "activity_points": 7, "max": 20}},
    "assignment": {"mode": "rules", "users": [)J" + std::to_string(u1) +
                                                       ", " + std::to_string(u2) + R"J(],
                   "rules": [{"field": "region", "values": ["华南"], "user_id": )J" +
                                                       std::to_string(u2) + "}]}}"));
  ASSERT_TRUE(settings.ok()) << settings.status().to_string();
  ASSERT_TRUE(write([&](auto& w) { return save_sales_settings(w, *settings); }).is_ok());

  auto make = [&](const std::string& name, const std::string& region) {
    LeadFields f;
    f.name = name;
    f.industry = "制造";
    f.title = "副总经理";
    f.region = region;
    f.source = "event";
    return write([&](auto& w) { return create_lead(w, all_, f, OnDuplicate::kAllow); })->lead;
  };
  const Lead a = make("甲", "华东");
  const Lead b = make("乙", "华东");
  const Lead c = make("丙", "华南");
  const Lead d = make("丁", "华东");
  EXPECT_EQ(a.owner_user_id, u1);  // round robin
  EXPECT_EQ(b.owner_user_id, u2);
  EXPECT_EQ(c.owner_user_id, u2);  // the region rule
  EXPECT_EQ(d.owner_user_id, u1);
  EXPECT_EQ(a.fit_score, 40);
  EXPECT_EQ(a.score, 40);

  // Engagement: three activities at 7 points, capped at 20.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(write([&](auto& w) {
                  ActivityInput in;
                  in.kind = "email";
                  in.subject = "资料";
                  in.lead_id = a.id;
                  return log_activity(w, all_, in);
                }).ok());
  }
  auto scored = write([&](auto& w) { return rescore_lead(w, a.id); });
  ASSERT_TRUE(scored.ok());
  EXPECT_EQ(scored->engagement_score, 20);
  EXPECT_EQ(scored->score, 60);

  // Statuses: allowed moves only; disqualifying needs a reason.
  auto bad = write([&](auto& w) { return set_lead_status(w, all_, a.id, "converted", ""); });
  EXPECT_EQ(bad.status().code(), ErrorCode::kConflict);
  auto no_reason =
      write([&](auto& w) { return set_lead_status(w, all_, a.id, "disqualified", ""); });
  EXPECT_EQ(no_reason.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(no_reason.status().location().field, "/reason");
  auto ok = write([&](auto& w) { return set_lead_status(w, all_, a.id, "qualified", ""); });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, "qualified");
  auto back = write([&](auto& w) { return set_lead_status(w, all_, a.id, "new", ""); });
  EXPECT_EQ(back.status().code(), ErrorCode::kConflict);
}

TEST_F(SalesTest, StageMovesCheckRequiredFieldsAndKeepCompleteHistory) {
  auto created = write([&](auto& w) {
    OpportunityFields f;
    f.name = "ERP 升级";
    return create_opportunity(w, all_, f);
  });
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  const int64_t id = created->opportunity.id;
  EXPECT_EQ(created->stage.name, "初步接洽");
  EXPECT_EQ(created->opportunity.currency, "CNY");

  auto move = [&](StageMoveInput m) {
    return write([&](auto& w) { return move_stage(w, all_, id, m); });
  };
  StageMoveInput to_quote;
  to_quote.stage_name = "方案报价";
  auto missing = move(to_quote);
  EXPECT_EQ(missing.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(missing.status().location().field, "/amount_minor");
  to_quote.amount_minor = 12'000'000;
  missing = move(to_quote);
  EXPECT_EQ(missing.status().location().field, "/expected_close_date");
  to_quote.expected_close_date = "2024-07-31";
  auto quoted = move(to_quote);
  ASSERT_TRUE(quoted.ok()) << quoted.status().to_string();
  EXPECT_EQ(quoted->opportunity.amount_minor, 12'000'000);

  shop_.clock().advance(std::chrono::hours(24));
  StageMoveInput lost;
  lost.stage_name = "输单";
  auto no_reason = move(lost);
  EXPECT_EQ(no_reason.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(no_reason.status().location().field, "/reason");
  lost.close_reason = "价格高于竞品";
  auto closed = move(lost);
  ASSERT_TRUE(closed.ok()) << closed.status().to_string();
  EXPECT_EQ(closed->opportunity.status, "lost");
  EXPECT_EQ(closed->opportunity.forecast_category, "omitted");
  EXPECT_TRUE(closed->opportunity.closed_at.has_value());

  // Reopen, then win.
  StageMoveInput reopen;
  reopen.stage_name = "谈判";
  auto reopened = move(reopen);
  ASSERT_TRUE(reopened.ok()) << reopened.status().to_string();
  EXPECT_EQ(reopened->opportunity.status, "open");
  EXPECT_FALSE(reopened->opportunity.closed_at.has_value());
  EXPECT_EQ(reopened->opportunity.forecast_category, "pipeline");
  StageMoveInput won;
  won.stage_name = "赢单";
  won.close_reason = "方案契合";
  auto win = move(won);
  ASSERT_TRUE(win.ok());
  EXPECT_EQ(win->opportunity.status, "won");
  EXPECT_EQ(win->opportunity.forecast_category, "closed");
  EXPECT_EQ(move(won).status().code(), ErrorCode::kConflict);  // already there

  auto r = read();
  auto history = opportunity_history(r, all_, id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 5u);
  EXPECT_FALSE((*history)[0].move.from_stage_id.has_value());
  EXPECT_EQ((*history)[0].to_name, "初步接洽");
  EXPECT_EQ((*history)[1].to_name, "方案报价");
  EXPECT_EQ((*history)[1].move.probability, 50);
  EXPECT_EQ((*history)[2].to_name, "输单");
  EXPECT_EQ((*history)[3].from_name, "输单");
  EXPECT_EQ((*history)[4].to_name, "赢单");
  EXPECT_EQ((*history)[4].move.amount_minor, 12'000'000);
}

TEST_F(SalesTest, QuoteLinesDeriveTheAmountAndCompetitorsLink) {
  auto comp = write([&](auto& w) {
    CompetitorFields f;
    f.name = "友商A";
    f.price_positioning = "budget";
    return create_competitor(w, f);
  });
  ASSERT_TRUE(comp.ok());
  auto created = write([&](auto& w) {
    OpportunityFields f;
    f.name = "门店系统";
    f.lines = std::vector<QuoteLineInput>{{std::nullopt, "POS-1", "收银终端", 10, 350000, 50000},
                                          {std::nullopt, "SaaS", "年费", 1, 1200000, 0}};
    f.amount_from_lines = true;
    return create_opportunity(w, all_, f);
  });
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  EXPECT_EQ(created->opportunity.amount_minor, 10 * 350000 - 50000 + 1200000);
  EXPECT_EQ(created->lines.size(), 2u);
  auto linked = write([&](auto& w) {
    return link_competitor(w, all_, created->opportunity.id, comp->id, "对方报价低 20%");
  });
  ASSERT_TRUE(linked.ok());
  ASSERT_EQ(linked->competitors.size(), 1u);
  EXPECT_EQ(linked->competitors[0].competitor_name, "友商A");
  EXPECT_EQ(linked->competitors[0].notes, "对方报价低 20%");
}

TEST_F(SalesTest, VisibilityOwnTeamAndShared) {
  const int64_t east = team("华东");
  const int64_t south = team("华南");
  const int64_t rep1 = user("rep1", "sales", east);
  const int64_t rep2 = user("rep2", "sales", east);
  const int64_t rep3 = user("rep3", "sales", south);
  const int64_t boss = user("boss", "manager", east);
  const Viewer v1{rep1, east, Viewer::Scope::kOwn};
  const Viewer v2{rep2, east, Viewer::Scope::kOwn};
  const Viewer v3{rep3, south, Viewer::Scope::kTeam};
  const Viewer vm{boss, east, Viewer::Scope::kTeam};

  auto acct = write([&](auto& w) {
    AccountFields f;
    f.name = "星河地产";
    return create_account(w, v1, f);
  });
  ASSERT_TRUE(acct.ok());
  EXPECT_EQ(acct->owner_user_id, rep1);  // the creator owns it
  auto r = read();
  EXPECT_TRUE(get_account(r, v1, acct->id).ok());
  EXPECT_EQ(get_account(r, v2, acct->id).status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(get_account(r, v3, acct->id).status().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(get_account(r, vm, acct->id).ok());
  EXPECT_EQ(list_accounts(r, v2, {})->size(), 0u);
  EXPECT_EQ(list_accounts(r, vm, {})->size(), 1u);
  // rep2 cannot log on it or share it.
  auto act = write([&](auto& w) {
    ActivityInput in;
    in.kind = "visit";
    in.subject = "拜访";
    in.account_id = acct->id;
    return log_activity(w, v2, in);
  });
  EXPECT_EQ(act.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(write([&](auto& w) {
              return share_record(w, v2, RecordType::kAccount, acct->id, rep2);
            }).code(),
            ErrorCode::kPermissionDenied);

  // Shared with rep2: visible and listed.
  ASSERT_TRUE(write([&](auto& w) {
                return share_record(w, v1, RecordType::kAccount, acct->id, rep2);
              }).is_ok());
  EXPECT_TRUE(get_account(r, v2, acct->id).ok());
  ASSERT_EQ(list_accounts(r, v2, {})->size(), 1u);
  EXPECT_EQ(list_accounts(r, v3, {})->size(), 0u);
  EXPECT_EQ(list_shares(r, v1, RecordType::kAccount, acct->id)->size(), 1u);

  // Opportunities follow the same rule, on lists and the board.
  auto opp = write([&](auto& w) {
    OpportunityFields f;
    f.name = "总部装修";
    f.account_id = acct->id;
    return create_opportunity(w, v1, f);
  });
  ASSERT_TRUE(opp.ok());
  EXPECT_EQ(get_opportunity(r, v2, opp->opportunity.id).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(list_opportunities(r, v2, {})->size(), 0u);
  EXPECT_EQ(list_opportunities(r, vm, {})->size(), 1u);
  auto board_rep2 = pipeline_board(r, v2, opp->opportunity.pipeline_id, 10);
  ASSERT_TRUE(board_rep2.ok());
  EXPECT_EQ(board_rep2->columns[0].count, 0);
  auto board_boss = pipeline_board(r, vm, opp->opportunity.pipeline_id, 10);
  EXPECT_EQ(board_boss->columns[0].count, 1);
  EXPECT_EQ(board_boss->columns[0].items.size(), 1u);
}

TEST_F(SalesTest, ActivityOnAContactWithACustomerProfileWritesTheMemo) {
  auto customer = write([&](auto& w) {
    domain::CustomerInput in;
    in.identities = {{domain::IdentityType::kPhone, "13900002222"}};
    return domain::create_customer(w, in);
  });
  ASSERT_TRUE(customer.ok()) << customer.status().to_string();
  auto contact = write([&](auto& w) {
    ContactFields f;
    f.name = "周总";
    f.phone = "+86 139-0000-2222";
    return create_contact(w, all_, f);
  });
  ASSERT_TRUE(contact.ok());
  EXPECT_EQ(contact->customer_id, *customer);  // linked by the phone identity
  auto opp = write([&](auto& w) {
    OpportunityFields f;
    f.name = "年度框架";
    f.primary_contact_id = contact->id;
    return create_opportunity(w, all_, f);
  });
  ASSERT_TRUE(opp.ok());
  shop_.clock().advance(std::chrono::hours(2));
  auto act = write([&](auto& w) {
    ActivityInput in;
    in.kind = "meeting";
    in.subject = "需求沟通";
    in.body = "确认 3 个门店试点";
    in.opportunity_id = opp->opportunity.id;
    return log_activity(w, all_, in);
  });
  ASSERT_TRUE(act.ok()) << act.status().to_string();
  EXPECT_EQ(act->contact_id, contact->id);
  ASSERT_TRUE(act->note_id.has_value());
  EXPECT_EQ(shop_.count("notes"), 1);
  auto r = read();
  auto o = get_opportunity(r, all_, opp->opportunity.id);
  EXPECT_EQ(o->opportunity.last_activity_at, act->occurred_at);
}

TEST_F(SalesTest, CsvImportWithChineseHeadersIsIdempotentAndReportsBadRows) {
  const std::string accounts =
      "外部编号,公司名称,行业,规模,地区,备注\n"
      "A1,\"ACME Co., Ltd.\",制造,501-2000,华东,x\n"
      "A2,杭州云栖科技有限公司,软件,huge,华东,y\n"
      "A3,,零售,1-20,华南,z\n"
      "A4,\"Beta Inc\",零售,21-100,华北,w\n";
  auto run = [&](const std::string& text, RecordType type) {
    return write([&](auto& w) {
      importer::MemorySource src(text);
      return import_sales_csv(w, all_, type, src, "accounts.csv");
    });
  };
  auto first = run(accounts, RecordType::kAccount);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->rows, 4);
  EXPECT_EQ(first->created, 2);
  EXPECT_EQ(first->rejected, 2);
  ASSERT_EQ(first->issues.size(), 3u);
  EXPECT_EQ(first->issues[0].column, "备注");  // not imported: a warning on line 1
  EXPECT_EQ(first->issues[0].severity, importer::Severity::kWarning);
  EXPECT_EQ(first->issues[1].line, 3);
  EXPECT_EQ(first->issues[1].column, "规模");
  EXPECT_EQ(first->issues[2].line, 4);
  EXPECT_EQ(first->issues[2].column, "公司名称");

  auto again = run(accounts, RecordType::kAccount);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(shop_.count("accounts"), 2);
  auto changed = run("external_id,name,industry\nA1,ACME,化工\n", RecordType::kAccount);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(shop_.count("accounts"), 2);

  const std::string contacts =
      "姓名,手机,邮箱,职位,决策角色,公司名称\n"
      "王强,+86 138-0013-8000,wang@acme.com,采购经理,采购负责人,acme\n"
      "李雷,13800138001,li@acme.com,CTO,决策者,不存在的公司\n";
  auto c = run(contacts, RecordType::kContact);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->created, 1);
  ASSERT_EQ(c->issues.size(), 1u);
  EXPECT_EQ(c->issues[0].line, 3);
  EXPECT_EQ(c->issues[0].column, "公司名称");
  auto c2 = run("name,mobile,role\n王强,13800138000,decision_maker\n", RecordType::kContact);
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(c2->updated, 1);  // matched by the phone key
  EXPECT_EQ(shop_.count("contacts"), 1);

  auto no_name = run("行业,地区\n制造,华东\n", RecordType::kAccount);
  EXPECT_EQ(no_name.status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::sales
