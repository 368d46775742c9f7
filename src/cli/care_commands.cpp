// guanxi journeys list|show|create|edit|activate|pause|archive|gallery|enable|simulate,
// guanxi suppressions list|add|remove, guanxi care-settings show|set,
// guanxi campaigns list|create|schedule|cancel|report, guanxi templates
// list|show|create|preview|sms-length, guanxi messages list|show: thin shells
// over the journey and outbox functions the HTTP API calls. Writes commit on
// the command's connection; a running server picks them up within a second.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "api/render_care.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "journey/campaign.hpp"
#include "journey/journeys.hpp"
#include "journey/simulate.hpp"
#include "outbox/feedback.hpp"
#include "outbox/settings.hpp"
#include "outbox/templates.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::cli {

namespace {

// At most `max` characters of one line of text (for tables).
std::string one_line(std::string_view text, size_t max = 60) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size() && chars < max; ++chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string_view piece = text.substr(i, len);
    out +=
        (piece == "\n" || piece == "\r" || piece == "\t") ? std::string(" ") : std::string(piece);
    i += len;
  }
  if (out.size() < text.size()) out += "…";
  return out;
}

// ---- journeys -----------------------------------------------------------------------

struct JourneyArgs {
  GlobalOptions g;
  std::string journey;  // id or name
  std::string name;
  std::string file;
  std::string status;
  std::string from, to;
  int limit = 50;
};

void print_journey_line(const store::JourneyRecord& j) {
  std::cout << j.id << "\t" << j.status << "\tv" << j.version << "\t" << j.name
            << (j.template_key.empty() ? "" : "\t(" + j.template_key + ")") << "\n";
}

Status journeys_list(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto list, store::list_journeys(*s->conn, s->shop.id, a.status));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& j : list) items.push_back(api::render_journey(j, s->zone, false));
    print_json(items);
    return Status::ok();
  }
  if (list.empty())
    std::cout << "No journeys yet: `guanxi journeys gallery` lists the built-in care journeys.\n";
  for (const auto& j : list) print_journey_line(j);
  return Status::ok();
}

Status journeys_show(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto j, journey::find_journey(r, a.journey));
  GX_ASSIGN_OR_RETURN(auto stats, journey::journey_stats(r, j));
  if (a.g.json) {
    Json body = api::render_journey(j, s->zone, true);
    body["stats"] = api::render_journey_stats(stats);
    print_json(body);
    return Status::ok();
  }
  print_journey_line(j);
  std::cout << "runs " << stats.runs.dump() << "\n";
  for (const auto& st : stats.steps)
    std::cout << "  " << st.step << "\t" << st.type << "\twaiting " << st.waiting << "\t"
              << st.outcomes.dump() << "\n";
  GX_ASSIGN_OR_RETURN(auto def, parse_json(j.definition));
  std::cout << def.dump(2) << "\n";
  return Status::ok();
}

Status journeys_create(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(Json def, read_json_file(a.file));
  GX_ASSIGN_OR_RETURN(auto j, write(*s, [&](domain::WriteContext& w) {
                        return journey::create_journey(w, journey::JourneyInput{a.name, def, ""});
                      }));
  if (a.g.json) {
    print_json(api::render_journey(j, s->zone, true));
  } else {
    std::cout << "Created journey " << j.id << " (draft): `guanxi journeys activate " << j.id
              << "` switches it on.\n";
  }
  return Status::ok();
}

Status journeys_edit(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(Json def, read_json_file(a.file));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto found, journey::find_journey(r, a.journey));
  GX_ASSIGN_OR_RETURN(auto j, write(*s, [&](domain::WriteContext& w) {
                        return journey::update_journey(w, found.id, std::nullopt, def);
                      }));
  std::cout << "Journey " << j.id << " is now version " << j.version << ".\n";
  return Status::ok();
}

Status journeys_set_status(const JourneyArgs& a, std::string_view status) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto found, journey::find_journey(r, a.journey));
  GX_ASSIGN_OR_RETURN(auto j, write(*s, [&](domain::WriteContext& w) {
                        return journey::set_journey_status(w, found.id, status);
                      }));
  print_journey_line(j);
  return Status::ok();
}

Status journeys_gallery(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto list, store::list_journeys(*s->conn, s->shop.id, ""));
  for (const auto& t : journey::care_templates()) {
    std::string status = "off";
    for (const auto& j : list)
      if (j.template_key == t.key) status = j.status + " (journey " + std::to_string(j.id) + ")";
    std::cout << t.key << "\t" << t.name << " / " << t.name_en << "\t" << status << "\n  "
              << t.description << "\n";
  }
  std::cout << "Switch one on: guanxi journeys enable KEY\n";
  return Status::ok();
}

Status journeys_enable(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto j, write(*s, [&](domain::WriteContext& w) {
                        return journey::enable_care_template(w, a.journey);
                      }));
  print_journey_line(j);
  return Status::ok();
}

Status journeys_simulate(const JourneyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  journey::SimulationRequest req;
  req.shop_id = s->shop.id;
  req.journey = a.journey;
  GX_ASSIGN_OR_RETURN(req.from, parse_civil_date(a.from));
  GX_ASSIGN_OR_RETURN(req.to, parse_civil_date(a.to));
  req.sample_limit = a.limit;
  GX_ASSIGN_OR_RETURN(auto result, journey::simulate_journey(*s->db, req));
  if (a.g.json) {
    print_json(api::render_simulation(result, s->zone));
    return Status::ok();
  }
  std::cout << "Journey " << result.journey_id << " " << result.journey_name << ", " << a.from
            << " .. " << a.to << " (" << s->zone.name() << "), nothing sent:\n";
  std::cout << "  " << result.entered << " customers enter, " << result.messages
            << " messages decided\n";
  for (const auto& [status, n] : result.by_status) std::cout << "  " << status << "\t" << n << "\n";
  if (!result.sample.empty())
    std::cout << "\nwhen (shop time)\tcustomer\tchannel\ttemplate\toutcome\ttext\n";
  for (const auto& m : result.sample) {
    std::cout << s->zone.format_local(m.due) << "\t" << m.customer_id << " " << m.customer_name
              << "\t" << m.channel << " " << m.to << "\t" << m.template_name << "\t"
              << (m.reason.empty() ? m.status : m.status + ":" + m.reason) << "\t"
              << one_line(m.body) << "\n";
  }
  if (result.messages > static_cast<int64_t>(result.sample.size()))
    std::cout << "(" << result.messages - static_cast<int64_t>(result.sample.size())
              << " more; --limit N shows more)\n";
  return Status::ok();
}

void add_journeys(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("journeys", "Care and marketing journeys");
  cmd->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto body, bool with_journey) {
    auto a = std::make_shared<JourneyArgs>();
    auto* sub = cmd->add_subcommand(name, help);
    add_global_options(*sub, a->g);
    if (with_journey) sub->add_option("journey", a->journey, "Journey id or name")->required();
    sub->callback([a, &rc, body] { run_command(rc, [&] { return body(*a); }); });
    return std::pair(sub, a);
  };
  auto [list, list_args] = add("list", "List journeys", journeys_list, false);
  list->add_option("--status", list_args->status, "draft, active, paused or archived");
  add("show", "A journey's definition and per-step statistics", journeys_show, true);
  auto [create, create_args] =
      add("create", "Create a journey (draft) from a JSON definition", journeys_create, false);
  create->add_option("--name", create_args->name, "Name")->required();
  create->add_option("--file", create_args->file, "Definition JSON file (- = stdin)")->required();
  auto [edit, edit_args] =
      add("edit", "Replace the definition (a new version)", journeys_edit, true);
  edit->add_option("--file", edit_args->file, "Definition JSON file (- = stdin)")->required();
  add(
      "activate", "Switch a journey on",
      [](const JourneyArgs& a) { return journeys_set_status(a, "active"); }, true);
  add(
      "pause", "Pause (waiting customers are held)",
      [](const JourneyArgs& a) { return journeys_set_status(a, "paused"); }, true);
  add(
      "archive", "Archive (waiting customers exit)",
      [](const JourneyArgs& a) { return journeys_set_status(a, "archived"); }, true);
  add("gallery", "The built-in care journeys and whether each is on", journeys_gallery, false);
  auto [enable, enable_args] =
      add("enable", "Switch a built-in care journey on (by key)", journeys_enable, false);
  enable->add_option("key", enable_args->journey, "Template key, e.g. birthday")->required();
  auto [sim, sim_args] =
      add("simulate", "Who would receive what and when; sends nothing", journeys_simulate, true);
  sim->add_option("--from", sim_args->from, "First shop-local day YYYY-MM-DD")->required();
  sim->add_option("--to", sim_args->to, "Last shop-local day YYYY-MM-DD")->required();
  sim->add_option("--limit", sim_args->limit, "Messages listed")
      ->default_val(50)
      ->check(CLI::Range(0, 1000000));
}

// ---- campaigns ----------------------------------------------------------------------

struct CampaignArgs {
  GlobalOptions g;
  int64_t id = 0;
  std::string name;
  std::string file;
  std::string at;
};

void print_campaign(const store::CampaignRecord& c, const ShopZone& zone) {
  std::cout << c.id << "\t" << c.status << "\t" << c.name << "\t"
            << (c.scheduled_at ? zone.format_local(from_millis(*c.scheduled_at)) : "-") << "\n";
}

Result<std::optional<Timestamp>> at_arg(const std::string& text, const ShopZone& zone) {
  if (text.empty()) return std::optional<Timestamp>();
  auto t = zone.parse_local(text);
  if (!t.ok()) return Status::invalid("--at: " + t.status().message());
  return std::optional<Timestamp>(*t);
}

Status campaigns_list(const CampaignArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto list, store::list_campaigns(*s->conn, s->shop.id, ""));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& c : list) items.push_back(api::render_campaign(c, s->zone));
    print_json(items);
    return Status::ok();
  }
  if (list.empty()) std::cout << "No campaigns yet.\n";
  for (const auto& c : list) print_campaign(c, s->zone);
  return Status::ok();
}

Status campaigns_create(const CampaignArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(Json def, read_json_file(a.file));
  GX_ASSIGN_OR_RETURN(auto at, at_arg(a.at, s->zone));
  GX_ASSIGN_OR_RETURN(auto c, write(*s, [&](domain::WriteContext& w) {
                        return journey::create_campaign(w, a.name, def, at);
                      }));
  print_campaign(c, s->zone);
  return Status::ok();
}

Status campaigns_schedule(const CampaignArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto at, at_arg(a.at, s->zone));
  GX_ASSIGN_OR_RETURN(auto c, write(*s, [&](domain::WriteContext& w) {
                        return journey::schedule_campaign(w, a.id, at);
                      }));
  print_campaign(c, s->zone);
  return Status::ok();
}

Status campaigns_cancel(const CampaignArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto c, write(*s, [&](domain::WriteContext& w) {
                        return journey::cancel_campaign(w, a.id);
                      }));
  print_campaign(c, s->zone);
  return Status::ok();
}

Status campaigns_report(const CampaignArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto c, store::find_campaign(*s->conn, s->shop.id, a.id));
  if (!c) return Status::not_found("campaign " + std::to_string(a.id) + " does not exist");
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(Json report, journey::campaign_report(r, *c));
  print_json(report);
  return Status::ok();
}

void add_campaigns(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("campaigns", "Sends to a segment with A/B variants and control");
  cmd->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto body, bool with_id) {
    auto a = std::make_shared<CampaignArgs>();
    auto* sub = cmd->add_subcommand(name, help);
    add_global_options(*sub, a->g);
    if (with_id) sub->add_option("id", a->id, "Campaign id")->required();
    sub->callback([a, &rc, body] { run_command(rc, [&] { return body(*a); }); });
    return std::pair(sub, a);
  };
  add("list", "List campaigns", campaigns_list, false);
  auto [create, create_args] = add("create",
                                   "Create a campaign from a JSON definition "
                                   "(see src/journey/campaign.hpp)",
                                   campaigns_create, false);
  create->add_option("--name", create_args->name, "Name")->required();
  create->add_option("--file", create_args->file, "Definition JSON file (- = stdin)")->required();
  create->add_option("--at", create_args->at, "Schedule at (shop time); default: a draft");
  auto [sched, sched_args] = add("schedule", "Schedule a draft", campaigns_schedule, true);
  sched->add_option("--at", sched_args->at, "Shop time (default now)");
  add("cancel", "Cancel; queued messages are cancelled", campaigns_cancel, true);
  add("report", "Results per variant and control, with uplift (JSON)", campaigns_report, true);
}

// ---- templates and messages ---------------------------------------------------------

struct TemplateArgs {
  GlobalOptions g;
  int64_t id = 0;
  outbox::TemplateInput in;
  int64_t customer = 0;
  std::string text;
};

Status templates_list(const TemplateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto list, store::list_templates(*s->conn, s->shop.id));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& t : list) items.push_back(outbox::render_template_record(t));
    print_json(items);
    return Status::ok();
  }
  for (const auto& t : list)
    std::cout << t.id << "\t" << t.channel << "\t" << t.klass << "\t" << t.name << "\t"
              << one_line(t.body, 40) << "\n";
  return Status::ok();
}

Status templates_show(const TemplateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto t, store::find_template(*s->conn, s->shop.id, a.id));
  if (!t) return Status::not_found("message template " + std::to_string(a.id) + " does not exist");
  print_json(outbox::render_template_record(*t));
  return Status::ok();
}

Status templates_create(const TemplateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(
      auto t, write(*s, [&](domain::WriteContext& w) { return outbox::create_template(w, a.in); }));
  print_json(outbox::render_template_record(t));
  return Status::ok();
}

Status templates_preview(const TemplateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto t, store::find_template(*s->conn, s->shop.id, a.id));
  if (!t) return Status::not_found("message template " + std::to_string(a.id) + " does not exist");
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(Json preview, outbox::preview_template(r, *t, a.customer, Json::object()));
  print_json(preview);
  return Status::ok();
}

void add_templates(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("templates", "Message templates (mustache)");
  cmd->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto body, bool with_id) {
    auto a = std::make_shared<TemplateArgs>();
    auto* sub = cmd->add_subcommand(name, help);
    add_global_options(*sub, a->g);
    if (with_id) sub->add_option("id", a->id, "Template id")->required();
    sub->callback([a, &rc, body] { run_command(rc, [&] { return body(*a); }); });
    return std::pair(sub, a);
  };
  add("list", "List templates", templates_list, false);
  add("show", "A template with its SMS length", templates_show, true);
  auto [create, c] = add("create", "Create a template", templates_create, false);
  create->add_option("--name", c->in.name, "Name")->required();
  create->add_option("--channel", c->in.channel, "sms, email, wechat or webhook")->required();
  create->add_option("--class", c->in.klass, "marketing or care")->required();
  create->add_option("--subject", c->in.subject, "Email subject");
  create->add_option("--body", c->in.body, "Text with {{variables}}")->required();
  create->add_option("--provider-template", c->in.provider_template,
                     "The provider's template code (Tencent SMS, WeChat)");
  auto [preview, p] = add("preview", "Render for one customer", templates_preview, true);
  preview->add_option("--customer", p->customer, "Customer id")->required();
  auto [len, l] = add(
      "sms-length", "Characters and segments of an SMS text",
      [](const TemplateArgs& a) {
        print_json(outbox::sms_length_json(a.text));
        return Status::ok();
      },
      false);
  len->add_option("text", l->text, "Text")->required();
}

struct MessageArgs {
  GlobalOptions g;
  int64_t id = 0;
  int64_t customer = 0;
  std::string status;
  int limit = 50;
};

Status messages_list(const MessageArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  std::vector<store::MessageRecord> list;
  if (a.customer > 0) {
    GX_ASSIGN_OR_RETURN(list, store::customer_messages(*s->conn, s->shop.id, a.customer, a.limit));
  } else {
    GX_ASSIGN_OR_RETURN(list, store::list_messages(*s->conn, s->shop.id, a.status, "", std::nullopt,
                                                   std::nullopt, a.limit));
  }
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& m : list) items.push_back(api::render_message(m, s->zone, true));
    print_json(items);
    return Status::ok();
  }
  for (const auto& m : list)
    std::cout << m.id << "\t" << s->zone.format_local(from_millis(m.due_at)) << "\t"
              << m.customer_id.value_or(0) << "\t" << m.channel << "\t"
              << (m.reason.empty() ? m.status : m.status + ":" + m.reason) << "\t"
              << one_line(m.body, 40) << "\n";
  return Status::ok();
}

Status messages_show(const MessageArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto m, store::find_message(*s->conn, a.id));
  if (!m || m->shop_id != s->shop.id)
    return Status::not_found("message " + std::to_string(a.id) + " does not exist");
  print_json(api::render_message(*m, s->zone, true));
  return Status::ok();
}

void add_messages(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("messages", "The outbox: every message decided");
  cmd->require_subcommand(1);
  auto list_args = std::make_shared<MessageArgs>();
  auto* list = cmd->add_subcommand("list", "Messages, newest first");
  add_global_options(*list, list_args->g);
  list->add_option("--customer", list_args->customer, "Only this customer's");
  list->add_option("--status", list_args->status, "queued, sent, delivered, failed, dead, ...");
  list->add_option("--limit", list_args->limit, "How many")
      ->default_val(50)
      ->check(CLI::Range(1, 10000));
  list->callback([list_args, &rc] { run_command(rc, [&] { return messages_list(*list_args); }); });
  auto show_args = std::make_shared<MessageArgs>();
  auto* show = cmd->add_subcommand("show", "One message with its text and delivery");
  add_global_options(*show, show_args->g);
  show->add_option("id", show_args->id, "Message id")->required();
  show->callback([show_args, &rc] { run_command(rc, [&] { return messages_show(*show_args); }); });
}

// ---- suppressions and holidays ------------------------------------------------------

struct SuppressionArgs {
  GlobalOptions g;
  std::string channel;
  std::string address;
  std::string reason = "manual";
  int limit = 100;
};

Status suppressions_list(const SuppressionArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto list,
                      store::list_suppressions(*s->conn, s->shop.id, a.channel, a.limit, 0));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& x : list) items.push_back(api::render_suppression(x, s->zone));
    print_json(items);
    return Status::ok();
  }
  for (const auto& x : list)
    std::cout << x.channel << "\t" << x.address << "\t" << x.reason << "\t" << x.source << "\t"
              << s->zone.format_local(from_millis(x.created_at)) << "\n";
  return Status::ok();
}

Status suppressions_add(const SuppressionArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(bool added, write(*s, [&](domain::WriteContext& w) {
                        return outbox::add_suppression(w, a.channel, a.address, a.reason);
                      }));
  std::cout << (added ? "Suppressed.\n" : "Already on the list.\n");
  return Status::ok();
}

Status suppressions_remove(const SuppressionArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(bool removed, write(*s, [&](domain::WriteContext& w) {
                        return outbox::remove_suppression(w, a.channel, a.address);
                      }));
  std::cout << (removed ? "Removed (consent unchanged).\n" : "Not on the list.\n");
  return Status::ok();
}

void add_suppressions(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("suppressions", "Addresses never to send to");
  cmd->require_subcommand(1);
  auto add = [&](const char* name, const char* help, auto body, bool with_address) {
    auto a = std::make_shared<SuppressionArgs>();
    auto* sub = cmd->add_subcommand(name, help);
    add_global_options(*sub, a->g);
    if (with_address) {
      sub->add_option("channel", a->channel, "sms, email, wechat or webhook")->required();
      sub->add_option("address", a->address, "Phone, email, openid or URL")->required();
    }
    sub->callback([a, &rc, body] { run_command(rc, [&] { return body(*a); }); });
    return std::pair(sub, a);
  };
  auto [list, list_args] = add("list", "The list", suppressions_list, false);
  list->add_option("--channel", list_args->channel, "Only this channel");
  list->add_option("--limit", list_args->limit, "How many")->default_val(100);
  auto [added, add_args] = add("add", "Put an address on the list", suppressions_add, true);
  added->add_option("--reason", add_args->reason, "Why")->default_val("manual");
  add("remove", "Take an address off the list", suppressions_remove, true);
}

// ---- care settings (guardrails and providers) -------------------------------------

struct CareSettingsArgs {
  GlobalOptions g;
  std::string file;
  bool show_secrets = false;
};

Status settings_show(const CareSettingsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto settings, outbox::load_care_settings(*s->conn, s->shop.id));
  const Json json = outbox::care_settings_to_json(settings);
  print_json(a.show_secrets ? json : api::mask_provider_secrets(json));
  return Status::ok();
}

// Replaces the settings with a JSON document; secrets given as "********"
// (as `show` prints them) keep their stored values.
Status settings_set(const CareSettingsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(Json incoming, read_json_file(a.file));
  GX_RETURN_IF_ERROR(write(*s, [&](domain::WriteContext& w) -> Status {
    GX_ASSIGN_OR_RETURN(auto stored, outbox::load_care_settings(w.db, w.shop.id));
    api::restore_provider_secrets(incoming, outbox::care_settings_to_json(stored));
    GX_ASSIGN_OR_RETURN(auto settings, outbox::care_settings_from_json(incoming));
    return outbox::save_care_settings(w.db, w.shop.id, settings, to_millis(w.clock.now()));
  }));
  std::cout << "Care settings saved; a running server uses them from its next send.\n";
  return Status::ok();
}

void add_settings(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand(
      "care-settings", "Guardrails (quiet hours, caps, dedupe, consent) and channel providers");
  cmd->require_subcommand(1);
  auto show_args = std::make_shared<CareSettingsArgs>();
  auto* show = cmd->add_subcommand("show", "Print the settings (secrets masked)");
  add_global_options(*show, show_args->g, false);
  show->add_flag("--show-secrets", show_args->show_secrets, "Print secrets in clear");
  show->callback([show_args, &rc] { run_command(rc, [&] { return settings_show(*show_args); }); });
  auto set_args = std::make_shared<CareSettingsArgs>();
  auto* set = cmd->add_subcommand("set", "Replace the settings from a JSON file");
  add_global_options(*set, set_args->g, false);
  set->add_option("--file", set_args->file, "Settings JSON (- = stdin)")->required();
  set->callback([set_args, &rc] { run_command(rc, [&] { return settings_set(*set_args); }); });
}

}  // namespace

void add_care_commands(CLI::App& app, int& rc) {
  add_settings(app, rc);
  add_suppressions(app, rc);
  add_journeys(app, rc);
  add_campaigns(app, rc);
  add_templates(app, rc);
  add_messages(app, rc);
}

}  // namespace guanxi::cli
