// The import log: one row per import run, opened when it starts and closed with
// its summary, so an import that was killed shows as never finished.
#pragma once

#include <string>

#include "domain/context.hpp"

namespace guanxi::domain {

// kind: "orders" | "customers"; returns the run id.
Result<int64_t> start_import_run(WriteContext& ctx, std::string_view kind, std::string_view file,
                                 std::string_view format);
Status finish_import_run(WriteContext& ctx, int64_t run_id, const Json& summary);

}  // namespace guanxi::domain
