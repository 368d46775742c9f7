// Each function adds one command (with its subcommands) to the application.
// The command runs when CLI11 parses its name; its exit code is stored in `rc`.
#pragma once

#include <CLI/CLI.hpp>

namespace guanxi::cli {

void add_serve_command(CLI::App& app, int& rc);
void add_import_command(CLI::App& app, int& rc);
void add_customer_command(CLI::App& app, int& rc);
void add_demo_command(CLI::App& app, int& rc);
void add_backup_command(CLI::App& app, int& rc);
void add_apikey_command(CLI::App& app, int& rc);
void add_shop_command(CLI::App& app, int& rc);
void add_segment_command(CLI::App& app, int& rc);  // segment count|members|list|show|create|delete
void add_model_commands(CLI::App& app, int& rc);   // rfm, abc, lifecycle
void add_tiers_command(CLI::App& app, int& rc);    // tiers recompute|show

void add_coupons_command(CLI::App& app, int& rc);    // coupons create|issue|list|report
void add_points_command(CLI::App& app, int& rc);     // points show|adjust|expire|settings
void add_referrals_command(CLI::App& app, int& rc);  // referrals add|list|report
// journeys, campaigns, templates, messages
void add_care_commands(CLI::App& app, int& rc);
// tickets, sla, canned, interactions, tasks, service reports
void add_service_commands(CLI::App& app, int& rc);
// queues, agents, ivr, cti, callstats, calls, callsim
void add_callcenter_commands(CLI::App& app, int& rc);
// accounts, contacts, leads, opportunities, pipelines, competitors, activities, sales import
void add_sales_commands(CLI::App& app, int& rc);
// sales report funnel|velocity|forecast|competitors|leaderboard
void add_sales_report_commands(CLI::App& app, int& rc);
// user create|list|passwd|disable, team ...
void add_user_commands(CLI::App& app, int& rc);

}  // namespace guanxi::cli
