// (Being written for issue 5.)
#include <gtest/gtest.h>
