// `ilio test` checks that a tests file is run against the rules it names.

#include "ilio/rule_tests.hpp"
#include "test_support.hpp"

using namespace ilio;

TEST_CASE("a tests file whose \"rules\" names another file is rejected", "[rule_tests]") {
    CompileOptions options;
    options.file_name = "rules/ankle.ilio";
    auto rules = ilio::testing::compile_ok(R"(
ruleset ankle version "1.0.0"
fact pain : bool "Pain." ask "Pain?"
finding hurts "Hurts" when pain because "b" cite "c"
)",
                                           options);
    const char* cases = R"("cases": [{"name": "pain", "facts": {"pain": true},
                                        "expect": {"hurts": "fired"}}])";
    auto other = run_rule_tests(rules, std::string(R"({"rules": "wells.ilio", )") + cases + "}");
    REQUIRE(other.failures.size() == 1);
    CHECK(other.failures[0].message.find("wells.ilio") != std::string::npos);
    CHECK_FALSE(other.ok());
    auto same = run_rule_tests(rules, std::string(R"({"rules": "ankle.ilio", )") + cases + "}");
    CHECK(same.failures.empty());
    auto wrong_type = run_rule_tests(rules, std::string(R"({"rules": 3, )") + cases + "}");
    CHECK_FALSE(wrong_type.failures.empty());
}
