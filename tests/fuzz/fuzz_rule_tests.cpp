// libFuzzer target: any bytes as a rule tests file (NAME.tests.json) for the psoas rules. Running
// and reporting must never crash; a file that cannot be read is reported as failing.
#include <cstdint>
#include <string_view>

#include "psoas_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto report = ilio::run_rule_tests(psoas_rules(), text);
    (void)ilio::render_rule_test_report(report, "fuzz", true);
    return 0;
}
