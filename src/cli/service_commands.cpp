// guanxi tickets list|show|create|status|assign|reply|csat|report,
// guanxi service-settings [--file F], guanxi interactions log|list,
// guanxi tasks list|create|done: thin shells over the service desk functions
// the HTTP API calls. Writes run in one transaction on the command's
// connection, attributed to "cli"; times on the command line are shop-local
// ("2024-06-03 10:00") or ISO 8601. Every read command takes --json.
#include <fmt/format.h>

#include <iostream>

#include "api/render.hpp"
#include "api/render_service.hpp"
#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/pct.hpp"
#include "service/interactions.hpp"
#include "service/reports.hpp"
#include "service/settings.hpp"
#include "service/tasks.hpp"
#include "service/tickets.hpp"

namespace guanxi::cli {

namespace {

Result<Timestamp> time_arg(const std::string& text, const ShopZone& zone, std::string_view flag) {
  auto t = zone.parse_local(text);
  if (!t.ok()) return Status::invalid(std::string(flag) + ": " + t.status().message());
  return *t;
}

std::string local(const std::optional<Timestamp>& t, const ShopZone& zone) {
  return t ? zone.format_local(*t) : "-";
}

std::string agent_text(const std::optional<int64_t>& agent) {
  return agent ? std::to_string(*agent) : "-";
}

// ---- tickets ----------------------------------------------------------------------

struct TicketListArgs {
  GlobalOptions g;
  std::string status = "open";
  int64_t assignee = -1;
  int64_t customer = 0;
  std::string sla;
  std::string q;
  std::string sort = "id";
  int limit = 50;
  std::string cursor;
};

Status tickets_list(const TicketListArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::TicketQuery q;
  if (!a.status.empty() && a.status != "all") q.statuses = {a.status};
  if (a.assignee >= 0) q.assignee = a.assignee;
  if (a.customer > 0) q.customer = a.customer;
  if (!a.sla.empty()) q.sla_states = {a.sla};
  q.q = a.q;
  q.sort = a.sort;
  q.limit = a.limit;
  q.cursor = a.cursor;
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto page, service::list_tickets(r, q));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& t : page.tickets) items.push_back(api::render_ticket(t, s->zone));
    print_json(
        {{"items", items},
         {"next_cursor", page.next_cursor.empty() ? Json(nullptr) : Json(page.next_cursor)}});
    return Status::ok();
  }
  std::cout << fmt::format("{:>8}  {:<16} {:<7} {:<9} {:>6} {:>8}  {:<16} {}\n", "id", "status",
                           "prio", "sla", "agent", "customer", "resolution due", "subject");
  for (const auto& t : page.tickets) {
    std::cout << fmt::format("{:>8}  {:<16} {:<7} {:<9} {:>6} {:>8}  {:<16} {}\n", t.id,
                             service::ticket_status_name(t.status),
                             service::priority_name(t.priority), t.sla_state,
                             agent_text(t.assignee_agent_id), t.customer_id,
                             local(t.resolution_due, s->zone), t.subject);
  }
  if (!page.next_cursor.empty()) std::cout << "next page: --cursor " << page.next_cursor << "\n";
  return Status::ok();
}

void print_ticket(const service::Ticket& t, const ShopZone& zone) {
  std::cout << "Ticket " << t.id << ": " << t.subject << "\n  status    "
            << service::ticket_status_name(t.status) << "\n  customer  " << t.customer_id
            << "\n  type      " << t.type << " via " << t.channel << "\n  priority  "
            << service::priority_name(t.priority)
            << (t.priority_reason.empty() ? "" : " (" + t.priority_reason + ")") << "\n  assignee  "
            << agent_text(t.assignee_agent_id) << "\n  SLA       " << t.sla_state
            << ", first response due " << local(t.first_response_due, zone) << ", resolution due "
            << local(t.resolution_due, zone) << "\n  contacts  " << t.customer_contacts
            << ", agent replies " << t.agent_replies << ", reopened " << t.reopen_count << "\n";
  if (t.csat_score) std::cout << "  CSAT      " << *t.csat_score << "\n";
}

struct TicketShowArgs {
  GlobalOptions g;
  int64_t id = 0;
};

Status tickets_show(const TicketShowArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto t, service::get_ticket(r, a.id));
  GX_ASSIGN_OR_RETURN(auto events, service::ticket_events(r, a.id));
  if (a.g.json) {
    Json j = api::render_ticket(t, s->zone);
    Json ev = Json::array();
    for (const auto& e : events) ev.push_back(api::render_ticket_event(e, s->zone));
    j["events"] = ev;
    print_json(j);
    return Status::ok();
  }
  print_ticket(t, s->zone);
  std::cout << "\nHistory:\n";
  for (const auto& e : events) {
    std::cout << fmt::format("  {}  {:<16} {:<10} {}{}{}\n", s->zone.format_local(e.at), e.kind,
                             e.actor, e.from.empty() ? "" : e.from + " → ", e.to,
                             e.body.empty() ? "" : "  " + e.body);
  }
  return Status::ok();
}

struct TicketCreateArgs {
  GlobalOptions g;
  int64_t customer = 0;
  std::string subject;
  std::string description;
  std::string type;
  std::string channel;
  std::string priority;
  std::string category;
  int64_t agent = 0;
};

Status tickets_create(const TicketCreateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::TicketInput in;
  in.customer_id = a.customer;
  in.subject = a.subject;
  in.description = a.description;
  in.type = a.type;
  in.channel = a.channel;
  in.category = a.category;
  if (!a.priority.empty()) {
    GX_ASSIGN_OR_RETURN(in.priority, service::parse_priority(a.priority));
  }
  if (a.agent > 0) in.assignee_agent_id = a.agent;
  GX_ASSIGN_OR_RETURN(
      auto t, write(*s, [&](domain::WriteContext& w) { return service::create_ticket(w, in); }));
  if (a.g.json) {
    print_json(api::render_ticket(t, s->zone));
  } else {
    std::cout << "Created ";
    print_ticket(t, s->zone);
  }
  return Status::ok();
}

struct StatusArgs {
  GlobalOptions g;
  int64_t id = 0;
  std::string status;
  std::string comment;
};

Status tickets_status(const StatusArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto to, service::parse_ticket_status(a.status));
  GX_ASSIGN_OR_RETURN(auto t, write(*s, [&](domain::WriteContext& w) {
                        return service::change_status(w, a.id, to, a.comment);
                      }));
  if (a.g.json) {
    print_json(api::render_ticket(t, s->zone));
  } else {
    std::cout << "Ticket " << t.id << " is now " << service::ticket_status_name(t.status) << "\n";
  }
  return Status::ok();
}

struct AssignArgs {
  GlobalOptions g;
  int64_t id = 0;
  int64_t agent = 0;
};

Status tickets_assign(const AssignArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  std::optional<int64_t> agent;
  if (a.agent > 0) agent = a.agent;
  GX_ASSIGN_OR_RETURN(auto t, write(*s, [&](domain::WriteContext& w) {
                        return service::assign_ticket(w, a.id, agent);
                      }));
  if (a.g.json) {
    print_json(api::render_ticket(t, s->zone));
  } else {
    std::cout << "Ticket " << t.id << " is assigned to agent " << agent_text(t.assignee_agent_id)
              << "\n";
  }
  return Status::ok();
}

struct ReplyArgs {
  GlobalOptions g;
  int64_t id = 0;
  std::string body;
  std::string kind = "reply";
  int64_t canned = 0;
  int64_t agent = 0;
  std::string then;
};

Status tickets_reply(const ReplyArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::MessageInput in;
  GX_ASSIGN_OR_RETURN(in.kind, service::parse_message_kind(a.kind));
  in.body = a.body;
  if (a.canned > 0) in.canned_response_id = a.canned;
  if (a.agent > 0) in.agent_id = a.agent;
  if (!a.then.empty()) {
    GX_ASSIGN_OR_RETURN(in.then_status, service::parse_ticket_status(a.then));
  }
  GX_ASSIGN_OR_RETURN(auto t, write(*s, [&](domain::WriteContext& w) {
                        return service::add_message(w, a.id, in);
                      }));
  if (a.g.json) {
    print_json(api::render_ticket(t, s->zone));
  } else {
    std::cout << "Recorded " << a.kind << " on ticket " << t.id << " ("
              << service::ticket_status_name(t.status) << ")\n";
  }
  return Status::ok();
}

struct CsatArgs {
  GlobalOptions g;
  int64_t id = 0;
  int64_t score = 0;
  std::string comment;
};

Status tickets_csat(const CsatArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  GX_ASSIGN_OR_RETURN(auto survey, write(*s, [&](domain::WriteContext& w) {
                        return service::record_csat(w, a.id, a.score, a.comment, "phone");
                      }));
  if (a.g.json) {
    print_json(api::render_csat(survey, s->zone));
  } else {
    std::cout << "CSAT " << a.score << " recorded on ticket " << a.id << "\n";
  }
  return Status::ok();
}

struct TicketReportArgs {
  GlobalOptions g;
  std::string from;
  std::string to;
  std::string group_by;
  int64_t agent = 0;
};

std::string hours(const std::optional<int64_t>& ms) {
  return ms ? fmt::format("{:.1f} h", static_cast<double>(*ms) / 3'600'000.0) : "-";
}

void print_figures(const std::string& title, const service::ReportFigures& f) {
  std::cout << title << ": " << f.tickets << " tickets, " << f.resolved << " resolved\n"
            << "  FCR        " << detail::pct(f.fcr_rate()) << " (" << f.fcr << " of "
            << f.fcr_decided << " decided, " << f.fcr_pending << " pending)\n"
            << "  one-touch  " << detail::pct(f.one_touch_rate()) << " (" << f.one_touch << ")\n"
            << "  CSAT       "
            << (f.csat_average() ? fmt::format("{:.2f}", *f.csat_average()) : std::string("-"))
            << " avg, " << f.csat_responses << "/" << f.csat_sent << " answered ("
            << detail::pct(f.csat_response_rate()) << "), 1-5: " << f.csat_distribution[0] << " "
            << f.csat_distribution[1] << " " << f.csat_distribution[2] << " "
            << f.csat_distribution[3] << " " << f.csat_distribution[4] << "\n"
            << "  SLA        first response met " << detail::pct(f.first_response_met_rate())
            << " (" << f.first_response_breached << " breached), resolution met "
            << detail::pct(f.resolution_met_rate()) << " (" << f.resolution_breached
            << " breached)\n"
            << "  business   first response " << hours(f.average_first_response_ms())
            << ", resolution " << hours(f.average_resolution_ms()) << " on average\n";
}

Status tickets_report(const TicketReportArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::ReportQuery q;
  q.to = s->clock.now();
  if (!a.to.empty()) {
    GX_ASSIGN_OR_RETURN(q.to, time_arg(a.to, s->zone, "--to"));
  }
  q.from = q.to - std::chrono::hours(24 * 30);
  if (!a.from.empty()) {
    GX_ASSIGN_OR_RETURN(q.from, time_arg(a.from, s->zone, "--from"));
  }
  q.group_by = a.group_by;
  if (a.agent > 0) q.agent = a.agent;
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto report, service::service_report(r, q));
  if (a.g.json) {
    print_json(api::render_service_report(report, s->zone));
    return Status::ok();
  }
  print_figures(
      "Tickets created " + s->zone.format_local(q.from) + " .. " + s->zone.format_local(q.to),
      report.total);
  for (const auto& [key, f] : report.groups) print_figures("\n" + key, f);
  return Status::ok();
}

// ---- settings -----------------------------------------------------------------------

struct ServiceSettingsArgs {
  GlobalOptions g;
  std::string file;
};

Status service_settings(const ServiceSettingsArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  if (!a.file.empty()) {
    GX_ASSIGN_OR_RETURN(Json json, read_json_file(a.file));
    GX_ASSIGN_OR_RETURN(auto settings, service::service_settings_from_json(json));
    GX_RETURN_IF_ERROR(write(
        *s, [&](domain::WriteContext& w) { return service::save_service_settings(w, settings); }));
  }
  GX_ASSIGN_OR_RETURN(auto settings, service::load_service_settings(*s->conn, s->shop.id));
  print_json(service::service_settings_to_json(settings));
  return Status::ok();
}

// ---- interactions -----------------------------------------------------------------

struct LogArgs {
  GlobalOptions g;
  int64_t customer = 0;
  std::string type = "call";
  std::string direction;
  std::string summary;
  int64_t agent = 0;
  int64_t duration = -1;
  std::string outcome;
  int64_t ticket = 0;
  std::string follow_up;
};

Status interactions_log(const LogArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::InteractionInput in;
  GX_ASSIGN_OR_RETURN(in.note.type, domain::parse_note_type(a.type));
  in.note.direction = a.direction;
  in.note.summary = a.summary;
  if (a.agent > 0) in.details.agent_id = a.agent;
  if (a.duration >= 0) in.details.duration_s = a.duration;
  in.details.outcome = a.outcome;
  if (a.ticket > 0) in.details.ticket_id = a.ticket;
  if (!a.follow_up.empty()) {
    GX_ASSIGN_OR_RETURN(in.details.next_follow_up_at,
                        time_arg(a.follow_up, s->zone, "--follow-up"));
  }
  GX_ASSIGN_OR_RETURN(auto logged, write(*s, [&](domain::WriteContext& w) {
                        return service::log_interaction(w, a.customer, in);
                      }));
  if (a.g.json) {
    Json j = api::render_note(logged.note, s->zone);
    j["follow_up_task_id"] = api::optional_value(logged.task_id);
    print_json(j);
  } else {
    std::cout << "Logged interaction " << logged.note.id << " for customer " << a.customer;
    if (logged.task_id) std::cout << "; follow-up task " << *logged.task_id;
    std::cout << "\n";
  }
  return Status::ok();
}

struct InteractionListArgs {
  GlobalOptions g;
  int64_t customer = 0;
  int limit = 50;
};

Status interactions_list(const InteractionListArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto notes, service::list_interactions(r, a.customer, a.limit));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& n : notes) items.push_back(api::render_note(n, s->zone));
    print_json({{"items", items}});
    return Status::ok();
  }
  for (const auto& n : notes) {
    std::cout << fmt::format("{}  {:<6} {:<9} {:<10} {:>6}s  {}\n",
                             s->zone.format_local(n.occurred_at), domain::note_type_name(n.type),
                             n.direction, n.author, n.duration_s.value_or(0), n.summary);
  }
  return Status::ok();
}

// ---- tasks ------------------------------------------------------------------------------

struct TaskListArgs {
  GlobalOptions g;
  std::string status = "open";
  int64_t assignee = 0;
  int64_t customer = 0;
  bool overdue = false;
  int limit = 50;
};

Status tasks_list(const TaskListArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::TaskQuery q;
  if (!a.status.empty() && a.status != "all") q.status = a.status;
  if (a.assignee > 0) q.assignee_user_id = a.assignee;
  if (a.customer > 0) q.customer_id = a.customer;
  if (a.overdue) q.due_before = s->clock.now();
  q.limit = a.limit;
  auto r = s->read();
  GX_ASSIGN_OR_RETURN(auto tasks, service::list_tasks(r, q));
  if (a.g.json) {
    Json items = Json::array();
    for (const auto& t : tasks) items.push_back(api::render_task(t, s->zone));
    print_json({{"items", items}});
    return Status::ok();
  }
  for (const auto& t : tasks) {
    std::cout << fmt::format("{:>6}  {:<9} due {:<16} user {:<6} customer {:<8} {}\n", t.id,
                             t.status, local(t.due_at, s->zone), agent_text(t.assignee_user_id),
                             agent_text(t.customer_id), t.title);
  }
  return Status::ok();
}

struct TaskCreateArgs {
  GlobalOptions g;
  std::string title;
  int64_t customer = 0;
  int64_t ticket = 0;
  int64_t assignee = 0;
  std::string due;
  std::string remind;
};

Status tasks_create(const TaskCreateArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::TaskInput in;
  in.title = a.title;
  in.source = "cli";
  if (a.customer > 0) in.customer_id = a.customer;
  if (a.ticket > 0) in.ticket_id = a.ticket;
  if (a.assignee > 0) in.assignee_user_id = a.assignee;
  if (!a.due.empty()) {
    GX_ASSIGN_OR_RETURN(in.due_at, time_arg(a.due, s->zone, "--due"));
  }
  if (!a.remind.empty()) {
    GX_ASSIGN_OR_RETURN(in.remind_at, time_arg(a.remind, s->zone, "--remind"));
  }
  GX_ASSIGN_OR_RETURN(
      auto t, write(*s, [&](domain::WriteContext& w) { return service::create_task(w, in); }));
  if (a.g.json) {
    print_json(api::render_task(t, s->zone));
  } else {
    std::cout << "Created task " << t.id << ": " << t.title << " (due " << local(t.due_at, s->zone)
              << ")\n";
  }
  return Status::ok();
}

struct TaskDoneArgs {
  GlobalOptions g;
  int64_t id = 0;
  bool cancel = false;
};

Status tasks_done(const TaskDoneArgs& a) {
  GX_ASSIGN_OR_RETURN(auto s, open_session(a.g));
  service::TaskPatch p;
  p.status = a.cancel ? "cancelled" : "done";
  GX_ASSIGN_OR_RETURN(
      auto t, write(*s, [&](domain::WriteContext& w) { return service::update_task(w, a.id, p); }));
  if (a.g.json) {
    print_json(api::render_task(t, s->zone));
  } else {
    std::cout << "Task " << t.id << " is " << t.status << "\n";
  }
  return Status::ok();
}

void add_tickets_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("tickets", "Service desk tickets: queue, workflow, replies, CSAT");
  cmd->require_subcommand(1);

  auto list = std::make_shared<TicketListArgs>();
  auto* list_cmd = cmd->add_subcommand("list", "The ticket queue (default: open, newest first)");
  add_global_options(*list_cmd, list->g);
  list_cmd->add_option("--status", list->status, "open (default), all or one status");
  list_cmd->add_option("--assignee", list->assignee, "Agent id (0 = unassigned)");
  list_cmd->add_option("--customer", list->customer, "Customer id");
  list_cmd->add_option("--sla", list->sla, "running, paused, warning, breached, met or at_risk");
  list_cmd->add_option(
      "--q", list->q,
      "Words in the subject or opening message (full text; 1-2 characters: substring)");
  list_cmd->add_option("--sort", list->sort, "id, updated, priority or due");
  list_cmd->add_option("--limit", list->limit, "1..500");
  list_cmd->add_option("--cursor", list->cursor, "Next page (printed at the end of a page)");
  list_cmd->callback([list, &rc] { run_command(rc, [&] { return tickets_list(*list); }); });

  auto show = std::make_shared<TicketShowArgs>();
  auto* show_cmd = cmd->add_subcommand("show", "A ticket and its history");
  add_global_options(*show_cmd, show->g);
  show_cmd->add_option("id", show->id, "Ticket id")->required();
  show_cmd->callback([show, &rc] { run_command(rc, [&] { return tickets_show(*show); }); });

  auto create = std::make_shared<TicketCreateArgs>();
  auto* create_cmd = cmd->add_subcommand("create", "Open a ticket (assigned automatically)");
  add_global_options(*create_cmd, create->g);
  create_cmd->add_option("--customer", create->customer, "Customer id")->required();
  create_cmd->add_option("--subject", create->subject, "Subject")->required();
  create_cmd->add_option("--type", create->type, "complaint, inquiry, after_sales, suggestion")
      ->required();
  create_cmd
      ->add_option("--channel", create->channel, "phone, chat, email, wechat, platform, visit")
      ->required();
  create_cmd->add_option("--description", create->description, "Description");
  create_cmd->add_option("--priority", create->priority, "low, normal, high, urgent");
  create_cmd->add_option("--category", create->category, "Category");
  create_cmd->add_option("--agent", create->agent, "Assign to this agent");
  create_cmd->callback([create, &rc] { run_command(rc, [&] { return tickets_create(*create); }); });

  auto status = std::make_shared<StatusArgs>();
  auto* status_cmd = cmd->add_subcommand("status", "Move a ticket through the workflow");
  add_global_options(*status_cmd, status->g);
  status_cmd->add_option("id", status->id, "Ticket id")->required();
  status_cmd
      ->add_option("status", status->status, "in_progress, waiting_customer, resolved, closed")
      ->required();
  status_cmd->add_option("--comment", status->comment, "Recorded with the transition");
  status_cmd->callback([status, &rc] { run_command(rc, [&] { return tickets_status(*status); }); });

  auto assign = std::make_shared<AssignArgs>();
  auto* assign_cmd = cmd->add_subcommand("assign", "Assign to an agent, or automatically");
  add_global_options(*assign_cmd, assign->g);
  assign_cmd->add_option("id", assign->id, "Ticket id")->required();
  assign_cmd->add_option("--agent", assign->agent, "Agent id (absent: automatic)");
  assign_cmd->callback([assign, &rc] { run_command(rc, [&] { return tickets_assign(*assign); }); });

  auto reply = std::make_shared<ReplyArgs>();
  auto* reply_cmd =
      cmd->add_subcommand("reply", "Reply to the customer, or record a message / note");
  add_global_options(*reply_cmd, reply->g);
  reply_cmd->add_option("id", reply->id, "Ticket id")->required();
  reply_cmd->add_option("--body", reply->body, "Text");
  reply_cmd->add_option("--kind", reply->kind, "reply (default), customer_message or note");
  reply_cmd->add_option("--canned", reply->canned, "Canned response id (rendered)");
  reply_cmd->add_option("--agent", reply->agent, "Agent id (default: the assignee)");
  reply_cmd->add_option("--then", reply->then, "Then move to this status");
  reply_cmd->callback([reply, &rc] { run_command(rc, [&] { return tickets_reply(*reply); }); });

  auto csat = std::make_shared<CsatArgs>();
  auto* csat_cmd = cmd->add_subcommand("csat", "Record a CSAT score taken by phone");
  add_global_options(*csat_cmd, csat->g);
  csat_cmd->add_option("id", csat->id, "Ticket id")->required();
  csat_cmd->add_option("--score", csat->score, "1..5")->required();
  csat_cmd->add_option("--comment", csat->comment, "Comment");
  csat_cmd->callback([csat, &rc] { run_command(rc, [&] { return tickets_csat(*csat); }); });

  auto report = std::make_shared<TicketReportArgs>();
  auto* report_cmd =
      cmd->add_subcommand("report", "FCR, one-touch, CSAT, SLA and business times of a period");
  add_global_options(*report_cmd, report->g);
  report_cmd->add_option("--from", report->from, "Start (default: 30 days before --to)");
  report_cmd->add_option("--to", report->to, "End (default: now)");
  report_cmd->add_option("--group-by", report->group_by, "agent, day, week or month");
  report_cmd->add_option("--agent", report->agent, "Only this agent's tickets");
  report_cmd->callback([report, &rc] { run_command(rc, [&] { return tickets_report(*report); }); });
}

void add_interactions_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("interactions", "Calls, visits, chats and emails with customers");
  cmd->require_subcommand(1);
  auto log = std::make_shared<LogArgs>();
  auto* log_cmd = cmd->add_subcommand("log", "Log an interaction (the CSR memo)");
  add_global_options(*log_cmd, log->g);
  log_cmd->add_option("customer", log->customer, "Customer id")->required();
  log_cmd->add_option("--summary", log->summary, "What was said and done")->required();
  log_cmd->add_option("--type", log->type, "call (default), visit, chat, email, other");
  log_cmd->add_option("--direction", log->direction, "inbound or outbound");
  log_cmd->add_option("--agent", log->agent, "Agent id");
  log_cmd->add_option("--duration", log->duration, "Seconds");
  log_cmd->add_option("--outcome", log->outcome, "e.g. resolved, callback, no_answer");
  log_cmd->add_option("--ticket", log->ticket, "Ticket id");
  log_cmd->add_option("--follow-up", log->follow_up, "Next follow-up (creates a task)");
  log_cmd->callback([log, &rc] { run_command(rc, [&] { return interactions_log(*log); }); });
  auto list = std::make_shared<InteractionListArgs>();
  auto* list_cmd = cmd->add_subcommand("list", "A customer's interactions, newest first");
  add_global_options(*list_cmd, list->g);
  list_cmd->add_option("customer", list->customer, "Customer id")->required();
  list_cmd->add_option("--limit", list->limit, "1..500");
  list_cmd->callback([list, &rc] { run_command(rc, [&] { return interactions_list(*list); }); });
}

void add_tasks_command(CLI::App& app, int& rc) {
  auto* cmd = app.add_subcommand("tasks", "Follow-up tasks with due dates and reminders");
  cmd->require_subcommand(1);
  auto list = std::make_shared<TaskListArgs>();
  auto* list_cmd = cmd->add_subcommand("list", "Tasks (default: open)");
  add_global_options(*list_cmd, list->g);
  list_cmd->add_option("--status", list->status, "open (default), done, cancelled or all");
  list_cmd->add_option("--assignee", list->assignee, "Assignee user id");
  list_cmd->add_option("--customer", list->customer, "Customer id");
  list_cmd->add_flag("--overdue", list->overdue, "Only tasks past their due time");
  list_cmd->add_option("--limit", list->limit, "1..500");
  list_cmd->callback([list, &rc] { run_command(rc, [&] { return tasks_list(*list); }); });
  auto create = std::make_shared<TaskCreateArgs>();
  auto* create_cmd = cmd->add_subcommand("create", "Create a task");
  add_global_options(*create_cmd, create->g);
  create_cmd->add_option("--title", create->title, "Title")->required();
  create_cmd->add_option("--customer", create->customer, "Customer id");
  create_cmd->add_option("--ticket", create->ticket, "Ticket id");
  create_cmd->add_option("--assignee", create->assignee, "Assignee user id");
  create_cmd->add_option("--due", create->due, "Due time");
  create_cmd->add_option("--remind", create->remind, "Reminder time (default: the due time)");
  create_cmd->callback([create, &rc] { run_command(rc, [&] { return tasks_create(*create); }); });
  auto done = std::make_shared<TaskDoneArgs>();
  auto* done_cmd = cmd->add_subcommand("done", "Mark a task done (or --cancel it)");
  add_global_options(*done_cmd, done->g);
  done_cmd->add_option("id", done->id, "Task id")->required();
  done_cmd->add_flag("--cancel", done->cancel, "Cancel instead");
  done_cmd->callback([done, &rc] { run_command(rc, [&] { return tasks_done(*done); }); });
}

}  // namespace

void add_service_commands(CLI::App& app, int& rc) {
  add_tickets_command(app, rc);
  add_interactions_command(app, rc);
  add_tasks_command(app, rc);
  auto settings = std::make_shared<ServiceSettingsArgs>();
  auto* cmd = app.add_subcommand(
      "service-settings",
      "Show the service desk settings (SLA policies, business hours, types, CSAT), or --file");
  add_global_options(*cmd, settings->g, false);
  cmd->add_option("--file", settings->file, "Replace them with this JSON file (- = stdin)");
  cmd->callback([settings, &rc] { run_command(rc, [&] { return service_settings(*settings); }); });
}

}  // namespace guanxi::cli
