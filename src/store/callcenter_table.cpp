#include "store/callcenter_table.hpp"
