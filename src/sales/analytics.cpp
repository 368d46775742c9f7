// The sales analytics are split by concept: analytics_rollups.cpp keeps the
// rollups current (the hooks and the rebuild), analytics_pipeline.cpp has the
// funnel, velocity, stalled deals and the forecast, analytics_people.cpp the
// competitor report, leaderboards and lead cohorts. See analytics.hpp.
#include "sales/analytics.hpp"
