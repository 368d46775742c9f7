// (Being written for issue 5.)
#pragma once

namespace guanxi::store {}  // namespace guanxi::store
