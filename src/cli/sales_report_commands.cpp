// Placeholder; filled in by the work on these commands.
#include "cli/commands.hpp"

namespace guanxi::cli {

void add_sales_report_commands(CLI::App& /*app*/, int& /*rc*/) {}

}  // namespace guanxi::cli
