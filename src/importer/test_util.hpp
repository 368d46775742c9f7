// Helpers for the importer tests: where the fixture files are, and instants
// printed so expectations read as UTC text.
#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"

namespace guanxi::importer::testing {

// The directory of the import fixtures, with a trailing '/'.
inline const std::string kDir = std::string(GUANXI_SOURCE_DIR) + "/tests/fixtures/import/";

// ISO 8601 UTC, "-" for none.
inline std::string utc(const std::optional<Timestamp>& t) {
  return t ? format_utc_iso8601(*t) : "-";
}

}  // namespace guanxi::importer::testing
