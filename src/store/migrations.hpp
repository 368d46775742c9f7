// Versioned schema migrations, compiled into the binary from migrations/*.sql
// and applied in order at open. Each file runs in its own transaction together
// with its row in schema_migrations, so a crash mid-migration leaves the schema
// at the previous version.
#pragma once

#include <string>
#include <string_view>

#include "store/database.hpp"

namespace guanxi::store {

// Expands the dialect macros of a migration ({{id_pk}}, {{without_rowid}}).
std::string expand_migration(std::string_view sql, std::string_view dialect);

// Applies the pending migrations; returns the resulting schema version.
Result<int> apply_migrations(Connection& conn);

// The version the binary's migrations reach.
int latest_schema_version();

}  // namespace guanxi::store
