// What every command shares: where the database is, which shop, how results
// and errors are printed. Commands are thin shells over domain/engine calls.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "store/database.hpp"

namespace guanxi::cli {

// Options every command accepts.
struct GlobalOptions {
  std::string db;               // --db, else $GUANXI_DB, else ./guanxi.db
  std::optional<int64_t> shop;  // --shop, else the first shop
  bool json = false;            // --json: machine-readable output on stdout
};

// Adds --db and --shop (and --json when `with_json`) to a command.
void add_global_options(CLI::App& cmd, GlobalOptions& opts, bool with_json = true);

// The database location after defaults are applied.
std::string database_path(const GlobalOptions& opts);

// An open database and the shop the command works on.
struct Session {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::Connection> conn;
  domain::Shop shop;
  ShopZone zone = ShopZone::shanghai();
  SystemClock clock;

  domain::ReadContext read() { return {*conn, clock, shop, zone}; }
};

// Opens the database and selects the shop; a database without shops is an error
// that tells the user to run `guanxi demo` or `guanxi shop create`.
Result<std::unique_ptr<Session>> open_session(const GlobalOptions& opts);

// Prints an error for a person on stderr (one place for every command) and
// returns the process exit code for it (2 for bad input, 1 otherwise).
int report_error(const Status& status);

// Runs `fn(WriteContext&)` -> Status or Result<T> in one write transaction on
// the session's connection, attributed to "cli": committed when it succeeds,
// rolled back otherwise.
template <typename F>
auto write(Session& s, F&& fn) -> std::invoke_result_t<F&, domain::WriteContext&> {
  GX_RETURN_IF_ERROR(s.conn->begin_write());
  domain::WriteContext ctx{*s.conn, s.clock, s.shop, s.zone, "cli"};
  auto result = fn(ctx);
  bool ok = false;
  if constexpr (std::is_same_v<decltype(result), Status>)
    ok = result.is_ok();
  else
    ok = result.ok();
  if (!ok) {
    (void)s.conn->rollback();
    return result;
  }
  GX_RETURN_IF_ERROR(s.conn->commit());
  return result;
}

// Runs a command body returning Status and stores its exit code in `rc`.
template <typename F>
void run_command(int& rc, F body) {
  const Status st = body();
  rc = st.is_ok() ? 0 : report_error(st);
}

// A JSON document from a file ("-" = stdin); errors name the file.
Result<Json> read_json_file(const std::string& path);

// Prints a JSON document on stdout, pretty when stdout is a terminal.
void print_json(const Json& j);

// True when stdout / stderr are terminals.
bool stdout_is_tty();
bool stderr_is_tty();

}  // namespace guanxi::cli
