#include "cli/app.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "domain/shops.hpp"

namespace guanxi::cli {

void add_global_options(CLI::App& cmd, GlobalOptions& opts, bool with_json) {
  cmd.add_option("--db", opts.db, "SQLite database file (default: $GUANXI_DB or ./guanxi.db)");
  cmd.add_option("--shop", opts.shop, "Shop id (default: the first shop)");
  if (with_json) cmd.add_flag("--json", opts.json, "Print machine-readable JSON");
}

std::string database_path(const GlobalOptions& opts) {
  if (!opts.db.empty()) return opts.db;
  if (const char* env = std::getenv("GUANXI_DB"); env != nullptr && *env != '\0') return env;
  return "guanxi.db";
}

Result<std::unique_ptr<Session>> open_session(const GlobalOptions& opts) {
  auto s = std::make_unique<Session>();
  GX_ASSIGN_OR_RETURN(s->db, store::open_database(database_path(opts)));
  GX_ASSIGN_OR_RETURN(s->conn, s->db->connect());
  if (opts.shop) {
    GX_ASSIGN_OR_RETURN(auto shop, domain::find_shop(*s->conn, *opts.shop));
    if (!shop) return Status::not_found("shop " + std::to_string(*opts.shop) + " does not exist");
    s->shop = *shop;
  } else {
    GX_ASSIGN_OR_RETURN(auto shops, domain::list_shops(*s->conn));
    if (shops.empty()) {
      return Status::not_found(
          "the database " + database_path(opts) +
          " has no shop yet: run `guanxi shop create --name NAME` or `guanxi demo`");
    }
    s->shop = shops.front();
  }
  GX_ASSIGN_OR_RETURN(s->zone, ShopZone::load(s->shop.time_zone));
  return s;
}

int report_error(const Status& status) {
  std::cerr << "guanxi: " << status.message();
  if (!status.location().empty()) std::cerr << " (at " << status.location().to_string() << ")";
  std::cerr << "\n";
  return status.code() == ErrorCode::kInvalidArgument || status.code() == ErrorCode::kNotFound ? 2
                                                                                               : 1;
}

void print_json(const Json& j) {
  std::cout << (stdout_is_tty() ? j.dump(2) : j.dump()) << "\n";
}

bool stdout_is_tty() {
  return ::isatty(STDOUT_FILENO) != 0;
}
bool stderr_is_tty() {
  return ::isatty(STDERR_FILENO) != 0;
}

Result<Json> read_json_file(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::invalid("cannot read " + path);
    text << in.rdbuf();
  }
  auto json = parse_json(text.str());
  if (!json.ok()) return Status::invalid(path + ": " + json.status().message());
  return *json;
}

}  // namespace guanxi::cli
