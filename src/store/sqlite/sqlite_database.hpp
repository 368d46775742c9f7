// SQLite implementation of the storage interface: WAL mode, foreign keys on,
// synchronous=FULL (a committed transaction survives kill -9 and power loss),
// a per-connection cache of prepared statements.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace guanxi::store {

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path);

}  // namespace guanxi::store
