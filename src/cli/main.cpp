// guanxi: the server and its command line.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Guanxi (关系): customer relationship and customer-care automation server"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "guanxi 0.1.0");
  int rc = 0;
  guanxi::cli::add_serve_command(app, rc);
  guanxi::cli::add_import_command(app, rc);
  guanxi::cli::add_customer_command(app, rc);
  guanxi::cli::add_demo_command(app, rc);
  guanxi::cli::add_backup_command(app, rc);
  guanxi::cli::add_apikey_command(app, rc);
  guanxi::cli::add_shop_command(app, rc);
  guanxi::cli::add_segment_command(app, rc);
  guanxi::cli::add_model_commands(app, rc);
  guanxi::cli::add_tiers_command(app, rc);
  guanxi::cli::add_coupons_command(app, rc);
  guanxi::cli::add_points_command(app, rc);
  guanxi::cli::add_referrals_command(app, rc);
  guanxi::cli::add_care_commands(app, rc);
  guanxi::cli::add_service_commands(app, rc);
  guanxi::cli::add_callcenter_commands(app, rc);
  guanxi::cli::add_sales_commands(app, rc);
  guanxi::cli::add_sales_report_commands(app, rc);
  guanxi::cli::add_user_commands(app, rc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return rc;
}
