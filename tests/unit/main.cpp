// The one Catch2 main for ilio's unit tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
