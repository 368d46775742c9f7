// Phone numbers as SMS providers want them.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace guanxi::channel {

// The E.164 form of a recipient: "+" and 8-15 digits as given, or an 11-digit
// mainland-China mobile number ("13800138000") prefixed with +86. Spaces and
// hyphens are ignored. invalid_argument for anything else.
Result<std::string> to_e164(std::string_view phone);

}  // namespace guanxi::channel
