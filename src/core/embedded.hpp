// Files compiled into the binary by the guanxi_embed() CMake function
// (migrations, the OpenAPI document).
#pragma once

#include <span>
#include <string_view>

namespace guanxi {

struct EmbeddedFile {
  std::string_view name;
  std::string_view contents;
};

}  // namespace guanxi
