// guanxi accounts|contacts|leads|opportunities|pipelines|competitors|activities
// and guanxi sales import|settings: thin shells over the sales functions the
// HTTP API calls. Creates and updates take the API's JSON body from --file
// and/or the common members as flags (flags win); bodies go through the same
// readers as the API, so errors name the same fields ("/amount_minor").
// Writes run in one transaction attributed to "cli", which sees every record.
// Every read command takes --json.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "api/render_sales.hpp"
#include "api/sales_input.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "importer/encoding.hpp"
#include "importer/error_report.hpp"
#include "sales/import.hpp"
#include "sales/settings.hpp"

namespace guanxi::cli {

namespace {

const sales::Viewer kCli = sales::Viewer::all();

// Flags that become members of a JSON body: strings, integers, and a --file
// body they override.
struct BodyArgs {
  GlobalOptions g;
  std::string file;
  std::map<std::string, std::string> text;
  std::map<std::string, int64_t> number;
  int64_t id = 0;
};

void text_flag(CLI::App* cmd, BodyArgs& a, const std::string& flag, const std::string& member,
               const std::string& help) {
  cmd->add_option(flag, a.text[member], help);
}

void number_flag(CLI::App* cmd, BodyArgs& a, const std::string& flag, const std::string& member,
                 const std::string& help) {
  a.number[member] = 0;
  cmd->add_option(flag, a.number[member], help);
}

Result<Json> body_of(const BodyArgs& a) {
  Json body = Json::object();
  if (!a.file.empty()) {
    GX_ASSIGN_OR_RETURN(body, read_json_file(a.file));
    if (!body.is_object()) return Status::invalid(a.file + ": the body must be a JSON object");
  }
  for (const auto& [k, v] : a.text) {
    if (!v.empty()) body[k] = v;
  }
  for (const auto& [k, v] : a.number) {
    if (v != 0) body[k] = v;
  }
  return body;
}

std::string opt(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : "-";
}

std::string sales_money(int64_t minor, const std::string& currency) {
  return fmt::format("{}.{:02d} {}", minor / 100, (minor < 0 ? -minor : minor) % 100, currency);
}

void add_body_command(CLI::App& parent, int& rc, const std::string& name, const std::string& help,
                      bool with_id, const std::function<void(CLI::App*, BodyArgs&)>& flags,
                      const std::function<Status(const BodyArgs&)>& run) {
  auto args = std::make_shared<BodyArgs>();
  auto* cmd = parent.add_subcommand(name, help);
  add_global_options(*cmd, args->g);
  if (with_id) cmd->add_option("id", args->id, "Id")->required();
  cmd->add_option("--file", args->file, "JSON body (as the API's; - = stdin)");
  if (flags) flags(cmd, *args);
  cmd->callback([args, run, &rc] { run_command(rc, [&] { return run(*args); }); });
}

void print_or(const GlobalOptions& g, const Json& j, const std::string& line) {
  if (g.json) {
    print_json(j);
  } else {
    std::cout << line << "\n";
  }
}

// ---- accounts ------------------------------------------------------------------------

void account_flags(CLI::App* cmd, BodyArgs& a) {
  text_flag(cmd, a, "--name", "name", "Company name");
  text_flag(cmd, a, "--industry", "industry", "Industry");
  text_flag(cmd, a, "--size", "size", "1-20 | 21-100 | 101-500 | 501-2000 | 2000+");
  text_flag(cmd, a, "--region", "region", "Region");
  text_flag(cmd, a, "--website", "website", "Website");
  text_flag(cmd, a, "--phone", "phone", "Phone");
  text_flag(cmd, a, "--external-id", "external_id", "Id in the source system");
  number_flag(cmd, a, "--owner", "owner_user_id", "Owner user id");
  number_flag(cmd, a, "--parent", "parent_account_id", "Parent account id");
}

void add_accounts_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("accounts", "B2B accounts (companies) and their decision chain");
  cmd->require_subcommand(1);
  add_body_command(
      *cmd, rc, "list", "Accounts, newest first", false,
      [](CLI::App* c, BodyArgs& a) {
        number_flag(c, a, "--owner", "owner", "Owner user id");
        text_flag(c, a, "--q", "q", "Name prefix");
        number_flag(c, a, "--limit", "limit", "1..500 (default 50)");
        number_flag(c, a, "--after", "after", "Next page after this id");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        store::AccountFilter f;
        if (a.number.at("owner")) f.owner = a.number.at("owner");
        if (a.number.at("after")) f.after_id = a.number.at("after");
        f.name_prefix = a.text.at("q");
        f.limit = a.number.at("limit") ? static_cast<int>(a.number.at("limit")) : 50;
        auto r = s->read();
        GX_ASSIGN_OR_RETURN(auto rows, sales::list_accounts(r, kCli, f));
        Json items = Json::array();
        for (const auto& x : rows) items.push_back(api::render_account(x, s->zone));
        if (a.g.json) {
          print_json({{"items", items}});
          return Status::ok();
        }
        std::cout << fmt::format("{:>8}  {:<30} {:<12} {:<10} {:>6}\n", "id", "name", "industry",
                                 "region", "owner");
        for (const auto& x : rows)
          std::cout << fmt::format("{:>8}  {:<30} {:<12} {:<10} {:>6}\n", x.id, x.name, x.industry,
                                   x.region, opt(x.owner_user_id));
        return Status::ok();
      });
  add_body_command(*cmd, rc, "show", "An account with contacts, decision chain, opportunities",
                   true, nullptr, [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     auto r = s->read();
                     GX_ASSIGN_OR_RETURN(auto d, sales::account_detail(r, kCli, a.id));
                     const Json j = api::render_account_detail(d, s->zone, true);
                     if (a.g.json) {
                       print_json(j);
                       return Status::ok();
                     }
                     std::cout << "Account " << d.account.id << ": " << d.account.name << " ("
                               << d.account.industry << ", " << d.account.region << ")\n";
                     std::cout << "Decision chain:\n";
                     for (const auto& c : d.contacts)
                       std::cout << fmt::format("  {:>6} {:<12} {:<16} influence {} {}\n", c.id,
                                                c.name, c.decision_role, c.influence, c.attitude);
                     std::cout << "Opportunities: " << d.opportunities.size() << "\n";
                     return Status::ok();
                   });
  add_body_command(*cmd, rc, "create", "Create an account", false, account_flags,
                   [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(Json body, body_of(a));
                     GX_ASSIGN_OR_RETURN(auto in, api::read_account_fields(body));
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     GX_ASSIGN_OR_RETURN(auto x, write(*s, [&](domain::WriteContext& w) {
                                           return sales::create_account(w, kCli, in);
                                         }));
                     print_or(a.g, api::render_account(x, s->zone),
                              "account " + std::to_string(x.id) + " created");
                     return Status::ok();
                   });
  add_body_command(*cmd, rc, "update", "Change an account", true, account_flags,
                   [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(Json body, body_of(a));
                     GX_ASSIGN_OR_RETURN(auto in, api::read_account_fields(body));
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     GX_ASSIGN_OR_RETURN(auto x, write(*s, [&](domain::WriteContext& w) {
                                           return sales::update_account(w, kCli, a.id, in);
                                         }));
                     print_or(a.g, api::render_account(x, s->zone),
                              "account " + std::to_string(x.id) + " updated");
                     return Status::ok();
                   });
}

// ---- contacts ------------------------------------------------------------------------

void contact_flags(CLI::App* cmd, BodyArgs& a) {
  text_flag(cmd, a, "--name", "name", "Name");
  text_flag(cmd, a, "--title", "title", "Title");
  text_flag(cmd, a, "--email", "email", "Email");
  text_flag(cmd, a, "--phone", "phone", "Phone");
  text_flag(cmd, a, "--role", "decision_role",
            "decision_maker | purchasing_lead | user | influencer | gatekeeper");
  text_flag(cmd, a, "--attitude", "attitude",
            "champion | supporter | neutral | skeptic | opponent");
  text_flag(cmd, a, "--external-id", "external_id", "Id in the source system");
  number_flag(cmd, a, "--account", "account_id", "Account id");
  number_flag(cmd, a, "--influence", "influence", "1..5");
  number_flag(cmd, a, "--reports-to", "reports_to_contact_id", "Manager's contact id");
  number_flag(cmd, a, "--owner", "owner_user_id", "Owner user id");
}

void add_contacts_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("contacts", "Contacts of accounts with their decision roles");
  cmd->require_subcommand(1);
  add_body_command(
      *cmd, rc, "list", "Contacts, newest first", false,
      [](CLI::App* c, BodyArgs& a) {
        number_flag(c, a, "--account", "account", "Account id");
        number_flag(c, a, "--limit", "limit", "1..500 (default 50)");
        number_flag(c, a, "--after", "after", "Next page after this id");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        store::ContactFilter f;
        if (a.number.at("account")) f.account = a.number.at("account");
        if (a.number.at("after")) f.after_id = a.number.at("after");
        f.limit = a.number.at("limit") ? static_cast<int>(a.number.at("limit")) : 50;
        auto r = s->read();
        GX_ASSIGN_OR_RETURN(auto rows, sales::list_contacts(r, kCli, f));
        Json items = Json::array();
        for (const auto& x : rows) items.push_back(api::render_contact(x, s->zone, true));
        if (a.g.json) {
          print_json({{"items", items}});
          return Status::ok();
        }
        for (const auto& x : rows)
          std::cout << fmt::format("{:>8}  {:<16} {:<16} {:<14} account {}\n", x.id, x.name,
                                   x.decision_role, x.phone, opt(x.account_id));
        return Status::ok();
      });
  add_body_command(
      *cmd, rc, "create", "Create a contact", false, contact_flags,
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(Json body, body_of(a));
        GX_ASSIGN_OR_RETURN(auto in, api::read_contact_fields(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto x, write(*s, [&](domain::WriteContext& w) {
                              return sales::create_contact(w, kCli, in);
                            }));
        print_or(a.g, api::render_contact(x, s->zone, true),
                 "contact " + std::to_string(x.id) + " created" +
                     (x.customer_id ? " (customer " + std::to_string(*x.customer_id) + ")" : ""));
        return Status::ok();
      });
  add_body_command(*cmd, rc, "update", "Change a contact", true, contact_flags,
                   [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(Json body, body_of(a));
                     GX_ASSIGN_OR_RETURN(auto in, api::read_contact_fields(body));
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     GX_ASSIGN_OR_RETURN(auto x, write(*s, [&](domain::WriteContext& w) {
                                           return sales::update_contact(w, kCli, a.id, in);
                                         }));
                     print_or(a.g, api::render_contact(x, s->zone, true),
                              "contact " + std::to_string(x.id) + " updated");
                     return Status::ok();
                   });
}

// ---- leads -----------------------------------------------------------------------------

void lead_flags(CLI::App* cmd, BodyArgs& a) {
  text_flag(cmd, a, "--name", "name", "Name");
  text_flag(cmd, a, "--company", "company", "Company");
  text_flag(cmd, a, "--title", "title", "Title");
  text_flag(cmd, a, "--email", "email", "Email");
  text_flag(cmd, a, "--phone", "phone", "Phone");
  text_flag(cmd, a, "--industry", "industry", "Industry");
  text_flag(cmd, a, "--size", "size", "Company size band");
  text_flag(cmd, a, "--region", "region", "Region");
  text_flag(cmd, a, "--source", "source",
            "campaign | web_form | event | referral | cold_call | other");
  text_flag(cmd, a, "--external-id", "external_id", "Id in the source system");
  number_flag(cmd, a, "--owner", "owner_user_id", "Owner user id (default: assignment rules)");
}

std::string lead_line(const sales::Lead& l) {
  return fmt::format("{:>8}  {:<12} {:<20} {:<12} score {:>3}  owner {}", l.id, l.name, l.company,
                     l.status, l.score, opt(l.owner_user_id));
}

void add_leads_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("leads", "Leads: duplicate check, scores, assignment, conversion");
  cmd->require_subcommand(1);
  add_body_command(
      *cmd, rc, "list", "Leads, newest first", false,
      [](CLI::App* c, BodyArgs& a) {
        text_flag(c, a, "--status", "status", "A status");
        number_flag(c, a, "--owner", "owner", "Owner user id");
        number_flag(c, a, "--limit", "limit", "1..500 (default 50)");
        number_flag(c, a, "--after", "after", "Next page after this id");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        store::LeadFilter f;
        if (!a.text.at("status").empty()) f.statuses = {a.text.at("status")};
        if (a.number.at("owner")) f.owner = a.number.at("owner");
        if (a.number.at("after")) f.after_id = a.number.at("after");
        f.limit = a.number.at("limit") ? static_cast<int>(a.number.at("limit")) : 50;
        auto r = s->read();
        GX_ASSIGN_OR_RETURN(auto rows, sales::list_leads(r, kCli, f));
        Json items = Json::array();
        for (const auto& x : rows) items.push_back(api::render_lead(x, s->zone, true));
        if (a.g.json) {
          print_json({{"items", items}});
          return Status::ok();
        }
        for (const auto& x : rows) std::cout << lead_line(x) << "\n";
        return Status::ok();
      });
  add_body_command(
      *cmd, rc, "create", "Create a lead (duplicate check: --on-duplicate reject|link|allow)",
      false,
      [](CLI::App* c, BodyArgs& a) {
        lead_flags(c, a);
        a.text["?on_duplicate"] = "reject";
        c->add_option("--on-duplicate", a.text["?on_duplicate"], "reject (default), link, allow");
      },
      [](const BodyArgs& a) -> Status {
        BodyArgs flags = a;
        const std::string mode = flags.text["?on_duplicate"];
        flags.text.erase("?on_duplicate");
        GX_ASSIGN_OR_RETURN(auto on, sales::parse_on_duplicate(mode));
        GX_ASSIGN_OR_RETURN(Json body, body_of(flags));
        GX_ASSIGN_OR_RETURN(auto in, api::read_lead_fields(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto out, write(*s, [&](domain::WriteContext& w) {
                              return sales::create_lead(w, kCli, in, on);
                            }));
        if (out.kind == sales::LeadOutcome::Kind::kRejected) {
          std::string why;
          for (const auto& d : out.duplicates) {
            why += "\n  " + d.type + " " + std::to_string(d.id) + " " + d.name + " (";
            for (size_t i = 0; i < d.reasons.size(); ++i) why += (i ? ", " : "") + d.reasons[i];
            why += ")";
          }
          return Status::conflict(
              "the lead looks like existing records (use --on-duplicate "
              "link or allow):" +
              why);
        }
        Json j = api::render_lead(out.lead, s->zone, true);
        j["duplicates"] = api::render_duplicates(out.duplicates);
        j["outcome"] = out.kind == sales::LeadOutcome::Kind::kLinked ? "linked" : "created";
        print_or(
            a.g, j,
            std::string(out.kind == sales::LeadOutcome::Kind::kLinked ? "linked to" : "created") +
                " lead " + std::to_string(out.lead.id));
        return Status::ok();
      });
  add_body_command(*cmd, rc, "show", "A lead", true, nullptr, [](const BodyArgs& a) -> Status {
    GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
    auto r = s->read();
    GX_ASSIGN_OR_RETURN(auto l, sales::get_lead(r, kCli, a.id));
    print_or(a.g, api::render_lead(l, s->zone, true), lead_line(l));
    return Status::ok();
  });
  add_body_command(
      *cmd, rc, "status", "Move a lead to a status (--status, --reason to disqualify)", true,
      [](CLI::App* c, BodyArgs& a) {
        text_flag(c, a, "--status", "status", "working | nurturing | qualified | disqualified");
        text_flag(c, a, "--reason", "reason", "Why (required to disqualify)");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto l, write(*s, [&](domain::WriteContext& w) {
                              return sales::set_lead_status(w, kCli, a.id, a.text.at("status"),
                                                            a.text.at("reason"));
                            }));
        print_or(a.g, api::render_lead(l, s->zone, true), lead_line(l));
        return Status::ok();
      });
  add_body_command(
      *cmd, rc, "convert", "Convert a lead into account + contact (+ opportunity)", true,
      [](CLI::App* c, BodyArgs& a) {
        number_flag(c, a, "--account", "account_id", "Link this account");
        number_flag(c, a, "--contact", "contact_id", "Link this contact");
        number_flag(c, a, "--amount", "?amount_minor", "Opportunity amount (minor units)");
        text_flag(c, a, "--opportunity-name", "?name", "Opportunity name");
        text_flag(c, a, "--close-date", "?expected_close_date", "YYYY-MM-DD");
        a.text["?none"] = "";
        c->add_flag("--no-opportunity", a.number["?no_opportunity"], "Do not create one");
      },
      [](const BodyArgs& a) -> Status {
        BodyArgs flags = a;
        Json opp = Json::object();
        for (const char* k : {"?name", "?expected_close_date"}) {
          if (!flags.text[k].empty()) opp[std::string(k).substr(1)] = flags.text[k];
          flags.text.erase(k);
        }
        if (flags.number["?amount_minor"]) opp["amount_minor"] = flags.number["?amount_minor"];
        const bool none = flags.number["?no_opportunity"] != 0;
        flags.number.erase("?amount_minor");
        flags.number.erase("?no_opportunity");
        flags.text.erase("?none");
        GX_ASSIGN_OR_RETURN(Json body, body_of(flags));
        if (!opp.empty()) body["opportunity"] = opp;
        if (none) body["create_opportunity"] = false;
        GX_ASSIGN_OR_RETURN(auto in, api::read_convert_input(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto c, write(*s, [&](domain::WriteContext& w) {
                              return sales::convert_lead(w, kCli, a.id, in);
                            }));
        print_or(a.g, api::render_conversion(c, s->zone, true),
                 fmt::format("lead {} converted: account {} ({}), contact {} ({}), opportunity {}",
                             a.id, c.account ? std::to_string(c.account->id) : "-",
                             c.account_created ? "created" : "linked", c.contact.id,
                             c.contact_created ? "created" : "linked",
                             c.opportunity ? std::to_string(c.opportunity->opportunity.id) : "-"));
        return Status::ok();
      });
  add_body_command(
      *cmd, rc, "score", "Recompute every unconverted lead's score", false, nullptr,
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(int64_t n, write(*s, [&](domain::WriteContext& w) {
                              return sales::rescore_all_leads(w);
                            }));
        print_or(a.g, Json{{"leads_changed", n}}, std::to_string(n) + " lead scores changed");
        return Status::ok();
      });
}

// ---- opportunities ---------------------------------------------------------------------

void opportunity_flags(CLI::App* cmd, BodyArgs& a) {
  text_flag(cmd, a, "--name", "name", "Name");
  text_flag(cmd, a, "--close-date", "expected_close_date", "Expected close date YYYY-MM-DD");
  text_flag(cmd, a, "--next-step", "next_step", "Next step");
  text_flag(cmd, a, "--forecast", "forecast_category", "pipeline | best_case | commit");
  text_flag(cmd, a, "--currency", "currency", "Currency (default: the shop's)");
  text_flag(cmd, a, "--external-id", "external_id", "Id in the source system");
  number_flag(cmd, a, "--amount", "amount_minor", "Amount in minor units (fen)");
  number_flag(cmd, a, "--account", "account_id", "Account id");
  number_flag(cmd, a, "--contact", "primary_contact_id", "Primary contact id");
  number_flag(cmd, a, "--owner", "owner_user_id", "Owner user id");
}

std::string opp_line(const sales::OpportunityDetail& d) {
  const auto& o = d.opportunity;
  return fmt::format("{:>8}  {:<24} {:<8} {:<6} {:>16}  close {}", o.id, o.name, d.stage.name,
                     o.status, sales_money(o.amount_minor, o.currency),
                     o.expected_close_date.value_or("-"));
}

void add_opportunities_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("opportunities", "Opportunities: stages, moves, history");
  cmd->require_subcommand(1);
  add_body_command(
      *cmd, rc, "list", "Opportunities, newest first", false,
      [](CLI::App* c, BodyArgs& a) {
        text_flag(c, a, "--status", "status", "open | won | lost");
        number_flag(c, a, "--stage", "stage", "Stage id");
        number_flag(c, a, "--owner", "owner", "Owner user id");
        number_flag(c, a, "--account", "account", "Account id");
        number_flag(c, a, "--limit", "limit", "1..500 (default 50)");
        number_flag(c, a, "--after", "after", "Next page after this id");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        store::OpportunityFilter f;
        if (!a.text.at("status").empty()) f.status = a.text.at("status");
        if (a.number.at("stage")) f.stages = {a.number.at("stage")};
        if (a.number.at("owner")) f.owner = a.number.at("owner");
        if (a.number.at("account")) f.account = a.number.at("account");
        if (a.number.at("after")) f.after_id = a.number.at("after");
        f.limit = a.number.at("limit") ? static_cast<int>(a.number.at("limit")) : 50;
        auto r = s->read();
        GX_ASSIGN_OR_RETURN(auto rows, sales::list_opportunities(r, kCli, f));
        Json items = Json::array();
        for (const auto& x : rows) items.push_back(api::render_opportunity_row(x, s->zone));
        if (a.g.json) {
          print_json({{"items", items}});
          return Status::ok();
        }
        for (const auto& x : rows) {
          const auto& o = x.opportunity;
          std::cout << fmt::format("{:>8}  {:<24} {:<8} {:<6} {:>16}  close {}\n", o.id, o.name,
                                   x.stage_name, o.status, sales_money(o.amount_minor, o.currency),
                                   o.expected_close_date.value_or("-"));
        }
        return Status::ok();
      });
  add_body_command(*cmd, rc, "show", "An opportunity with its stage history", true, nullptr,
                   [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     auto r = s->read();
                     GX_ASSIGN_OR_RETURN(auto d, sales::get_opportunity(r, kCli, a.id));
                     GX_ASSIGN_OR_RETURN(auto h, sales::opportunity_history(r, kCli, a.id));
                     Json j = api::render_opportunity(d, s->zone);
                     Json hist = Json::array();
                     for (const auto& e : h) hist.push_back(api::render_history_entry(e, s->zone));
                     j["history"] = hist;
                     if (a.g.json) {
                       print_json(j);
                       return Status::ok();
                     }
                     std::cout << opp_line(d) << "\nHistory:\n";
                     for (const auto& e : h)
                       std::cout << fmt::format("  {}  {} → {}  {}\n",
                                                s->zone.format_local(from_millis(e.move.moved_at)),
                                                e.from_name.empty() ? "-" : e.from_name, e.to_name,
                                                e.move.actor);
                     return Status::ok();
                   });
  add_body_command(
      *cmd, rc, "create", "Create an opportunity (default pipeline, first stage)", false,
      [](CLI::App* c, BodyArgs& a) {
        opportunity_flags(c, a);
        number_flag(c, a, "--stage", "stage_id", "Stage id");
        number_flag(c, a, "--pipeline", "pipeline_id", "Pipeline id");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(Json body, body_of(a));
        GX_ASSIGN_OR_RETURN(auto in, api::read_opportunity_fields(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto d, write(*s, [&](domain::WriteContext& w) {
                              return sales::create_opportunity(w, kCli, in);
                            }));
        print_or(a.g, api::render_opportunity(d, s->zone), opp_line(d));
        return Status::ok();
      });
  add_body_command(*cmd, rc, "update", "Change an opportunity (not its stage)", true,
                   opportunity_flags, [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(Json body, body_of(a));
                     GX_ASSIGN_OR_RETURN(auto in, api::read_opportunity_fields(body));
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     GX_ASSIGN_OR_RETURN(auto d, write(*s, [&](domain::WriteContext& w) {
                                           return sales::update_opportunity(w, kCli, a.id, in);
                                         }));
                     print_or(a.g, api::render_opportunity(d, s->zone), opp_line(d));
                     return Status::ok();
                   });
  add_body_command(
      *cmd, rc, "move", "Move to a stage (--stage NAME or --stage-id), with --reason for won/lost",
      true,
      [](CLI::App* c, BodyArgs& a) {
        text_flag(c, a, "--stage", "stage", "Stage name, e.g. 谈判");
        number_flag(c, a, "--stage-id", "stage_id", "Stage id");
        text_flag(c, a, "--reason", "reason", "Why won or lost");
        number_flag(c, a, "--amount", "amount_minor", "Amount in minor units");
        text_flag(c, a, "--close-date", "expected_close_date", "YYYY-MM-DD");
        text_flag(c, a, "--next-step", "next_step", "Next step");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(Json body, body_of(a));
        GX_ASSIGN_OR_RETURN(auto in, api::read_stage_move(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto d, write(*s, [&](domain::WriteContext& w) {
                              return sales::move_stage(w, kCli, a.id, in);
                            }));
        print_or(a.g, api::render_opportunity(d, s->zone), opp_line(d));
        return Status::ok();
      });
}

// ---- pipelines, competitors, activities --------------------------------------------------

void add_pipelines_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("pipelines", "Sales pipelines and their stages");
  cmd->require_subcommand(1);
  add_body_command(*cmd, rc, "list", "Pipelines with stages (creates the default one)", false,
                   nullptr, [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     GX_RETURN_IF_ERROR(write(*s, [](domain::WriteContext& w) {
                       return sales::ensure_default_pipeline(w).status();
                     }));
                     auto r = s->read();
                     GX_ASSIGN_OR_RETURN(auto all, sales::list_pipelines(r));
                     Json items = Json::array();
                     for (const auto& p : all) items.push_back(api::render_pipeline(p));
                     if (a.g.json) {
                       print_json({{"items", items}});
                       return Status::ok();
                     }
                     for (const auto& p : all) {
                       std::cout << p.pipeline.id << "  " << p.pipeline.name
                                 << (p.pipeline.is_default ? " (default)" : "") << "\n";
                       for (const auto& st : p.stages)
                         std::cout
                             << fmt::format("    {:>6} {:<10} {:>3}% {:<5} {}\n", st.id, st.name,
                                            st.probability, st.kind, st.required_fields);
                     }
                     return Status::ok();
                   });
  add_body_command(*cmd, rc, "create", "Create a pipeline from --file (the API's body)", false,
                   nullptr, [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(Json body, body_of(a));
                     GX_ASSIGN_OR_RETURN(auto in, api::read_pipeline_fields(body));
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     GX_ASSIGN_OR_RETURN(auto p, write(*s, [&](domain::WriteContext& w) {
                                           return sales::create_pipeline(w, in);
                                         }));
                     print_or(a.g, api::render_pipeline(p),
                              "pipeline " + std::to_string(p.pipeline.id) + " created");
                     return Status::ok();
                   });
}

void add_competitors_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("competitors", "Competitors and their links to opportunities");
  cmd->require_subcommand(1);
  add_body_command(*cmd, rc, "list", "Competitors", false, nullptr,
                   [](const BodyArgs& a) -> Status {
                     GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
                     auto r = s->read();
                     GX_ASSIGN_OR_RETURN(auto all, sales::list_competitors(r));
                     Json items = Json::array();
                     for (const auto& c : all) items.push_back(api::render_competitor(c, s->zone));
                     if (a.g.json) {
                       print_json({{"items", items}});
                       return Status::ok();
                     }
                     for (const auto& c : all)
                       std::cout << fmt::format("{:>6}  {:<20} {:<8} {}\n", c.id, c.name,
                                                c.price_positioning, c.strengths);
                     return Status::ok();
                   });
  add_body_command(
      *cmd, rc, "create", "Create a competitor", false,
      [](CLI::App* c, BodyArgs& a) {
        text_flag(c, a, "--name", "name", "Name");
        text_flag(c, a, "--products", "products", "Products");
        text_flag(c, a, "--price", "price_positioning", "budget | value | parity | premium");
        text_flag(c, a, "--strengths", "strengths", "Strengths");
        text_flag(c, a, "--weaknesses", "weaknesses", "Weaknesses");
        text_flag(c, a, "--notes", "notes", "Notes");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(Json body, body_of(a));
        GX_ASSIGN_OR_RETURN(auto in, api::read_competitor_fields(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto c, write(*s, [&](domain::WriteContext& w) {
                              return sales::create_competitor(w, in);
                            }));
        print_or(a.g, api::render_competitor(c, s->zone),
                 "competitor " + std::to_string(c.id) + " created");
        return Status::ok();
      });
  add_body_command(
      *cmd, rc, "link", "Link a competitor to an opportunity (id = the opportunity)", true,
      [](CLI::App* c, BodyArgs& a) {
        number_flag(c, a, "--competitor", "competitor_id", "Competitor id");
        text_flag(c, a, "--notes", "notes", "Notes");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto d, write(*s, [&](domain::WriteContext& w) {
                              return sales::link_competitor(
                                  w, kCli, a.id, a.number.at("competitor_id"), a.text.at("notes"));
                            }));
        print_or(a.g, api::render_opportunity(d, s->zone), opp_line(d));
        return Status::ok();
      });
}

void add_activities_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("activities", "Sales calls, meetings, emails, visits and notes");
  cmd->require_subcommand(1);
  auto target_flags = [](CLI::App* c, BodyArgs& a) {
    number_flag(c, a, "--account", "account_id", "Account id");
    number_flag(c, a, "--contact", "contact_id", "Contact id");
    number_flag(c, a, "--opportunity", "opportunity_id", "Opportunity id");
    number_flag(c, a, "--lead", "lead_id", "Lead id");
  };
  add_body_command(
      *cmd, rc, "log", "Log an activity on a record", false,
      [target_flags](CLI::App* c, BodyArgs& a) {
        target_flags(c, a);
        text_flag(c, a, "--kind", "kind", "call | meeting | email | visit | note");
        text_flag(c, a, "--subject", "subject", "Subject");
        text_flag(c, a, "--body", "body", "What was said and agreed");
        text_flag(c, a, "--outcome", "outcome", "Outcome");
        number_flag(c, a, "--duration", "duration_s", "Seconds");
        number_flag(c, a, "--user", "user_id", "The rep's user id");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(Json body, body_of(a));
        GX_ASSIGN_OR_RETURN(auto in, api::read_activity_input(body));
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        GX_ASSIGN_OR_RETURN(auto x, write(*s, [&](domain::WriteContext& w) {
                              return sales::log_activity(w, kCli, in);
                            }));
        print_or(
            a.g, api::render_activity(x, s->zone),
            "activity " + std::to_string(x.id) + " logged" +
                (x.note_id ? " (note " + std::to_string(*x.note_id) + " on the customer)" : ""));
        return Status::ok();
      });
  add_body_command(
      *cmd, rc, "list", "Activities on a record, newest first", false,
      [target_flags](CLI::App* c, BodyArgs& a) {
        target_flags(c, a);
        number_flag(c, a, "--limit", "limit", "1..500 (default 50)");
      },
      [](const BodyArgs& a) -> Status {
        GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
        store::SalesActivityFilter f;
        auto id = [&](const char* k) {
          return a.number.at(k) ? std::optional<int64_t>(a.number.at(k)) : std::nullopt;
        };
        f.account = id("account_id");
        f.contact = id("contact_id");
        f.opportunity = id("opportunity_id");
        f.lead = id("lead_id");
        f.limit = a.number.at("limit") ? static_cast<int>(a.number.at("limit")) : 50;
        auto r = s->read();
        GX_ASSIGN_OR_RETURN(auto rows, sales::list_activities(r, kCli, f));
        Json items = Json::array();
        for (const auto& x : rows) items.push_back(api::render_activity(x, s->zone));
        if (a.g.json) {
          print_json({{"items", items}});
          return Status::ok();
        }
        for (const auto& x : rows)
          std::cout << fmt::format("{:>8}  {}  {:<8} {}\n", x.id,
                                   s->zone.format_local(from_millis(x.occurred_at)), x.kind,
                                   x.subject);
        return Status::ok();
      });
}

// ---- sales import / settings -----------------------------------------------------------

struct SalesImportArgs {
  GlobalOptions g;
  std::string type;
  std::string file;
  std::string encoding = "auto";
};

Status sales_import(const SalesImportArgs& a) {
  sales::RecordType type = sales::RecordType::kAccount;
  if (a.type == "contacts")
    type = sales::RecordType::kContact;
  else if (a.type == "leads")
    type = sales::RecordType::kLead;
  else if (a.type != "accounts")
    return Status::invalid("--type must be accounts, contacts or leads");
  GX_ASSIGN_OR_RETURN(auto encoding, importer::parse_encoding(a.encoding));
  GX_ASSIGN_OR_RETURN(auto text, importer::TextFile::open(a.file, encoding));
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  const std::string label = a.file;
  GX_ASSIGN_OR_RETURN(auto summary, write(*s, [&](domain::WriteContext& w) {
                        return sales::import_sales_csv(w, kCli, type, text->text(), label);
                      }));
  const std::string report_path = a.file + ".errors.csv";
  importer::ErrorReport::remove_stale(report_path);
  importer::ErrorReport report(report_path);
  GX_RETURN_IF_ERROR(report.add(summary.issues));
  GX_RETURN_IF_ERROR(report.close());
  if (a.g.json) {
    Json j = api::render_sales_import(summary);
    j["error_report"] = report.written() ? Json(report_path) : Json(nullptr);
    print_json(j);
    return Status::ok();
  }
  std::cout << fmt::format("{} rows: {} created, {} updated, {} unchanged, {} rejected\n",
                           summary.rows, summary.created, summary.updated, summary.unchanged,
                           summary.rejected);
  if (report.written())
    std::cout << "Issues (line, column, reason) written to " << report_path << "\n";
  return Status::ok();
}

struct SalesSettingsArgs {
  GlobalOptions g;
  std::string file;
};

Status sales_settings(const SalesSettingsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  if (!a.file.empty()) {
    GX_ASSIGN_OR_RETURN(Json body, read_json_file(a.file));
    GX_ASSIGN_OR_RETURN(auto parsed, sales::sales_settings_from_json(body));
    GX_RETURN_IF_ERROR(
        write(*s, [&](domain::WriteContext& w) { return sales::save_sales_settings(w, parsed); }));
  }
  GX_ASSIGN_OR_RETURN(auto current, sales::load_sales_settings(*s->conn, s->shop.id));
  print_json(sales::sales_settings_to_json(current));
  return Status::ok();
}

}  // namespace

void add_sales_commands(CLI::App& app, int& rc) {
  add_accounts_command(app, rc);
  add_contacts_command(app, rc);
  add_leads_command(app, rc);
  add_opportunities_command(app, rc);
  add_pipelines_command(app, rc);
  add_competitors_command(app, rc);
  add_activities_command(app, rc);

  // `guanxi sales` is shared with the reports (sales_report_commands.cpp adds
  // `sales report`): reuse the command when it exists.
  CLI::App* sales_cmd = nullptr;
  try {
    sales_cmd = app.get_subcommand("sales");
  } catch (const CLI::OptionNotFound&) {
    sales_cmd = app.add_subcommand("sales", "Sales: CSV import, settings (and reports)");
  }
  auto imp = std::make_shared<SalesImportArgs>();
  auto* imp_cmd = sales_cmd->add_subcommand(
      "import", "Import accounts, contacts or leads from CSV (idempotent; FILE.errors.csv)");
  add_global_options(*imp_cmd, imp->g);
  imp_cmd->add_option("--type", imp->type, "accounts | contacts | leads")->required();
  imp_cmd->add_option("file", imp->file, "CSV file (UTF-8 or GB18030)")->required();
  imp_cmd->add_option("--encoding", imp->encoding, "auto (default), utf-8, gb18030");
  imp_cmd->callback([imp, &rc] { run_command(rc, [&] { return sales_import(*imp); }); });
  auto settings = std::make_shared<SalesSettingsArgs>();
  auto* set_cmd = sales_cmd->add_subcommand(
      "settings", "Show the lead scoring and assignment settings, or replace them with --file");
  add_global_options(*set_cmd, settings->g, false);
  set_cmd->add_option("--file", settings->file, "JSON file (- = stdin)");
  set_cmd->callback(
      [settings, &rc] { run_command(rc, [&] { return sales_settings(*settings); }); });
}

}  // namespace guanxi::cli
