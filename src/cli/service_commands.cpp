// (Being written for issue 5.)
#include "cli/commands.hpp"

namespace guanxi::cli {

void add_service_commands(CLI::App& /*app*/, int& /*rc*/) {}

}  // namespace guanxi::cli
