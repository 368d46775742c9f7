#include "store/service_table.hpp"
