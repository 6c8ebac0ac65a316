// libFuzzer target: any bytes as a rules file. Compiling must never crash, hang or leak, and
// must either succeed or explain why; a compiled rule set must evaluate empty facts.
#include <cstdint>
#include <string_view>

#include "ilio/ilio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto result = ilio::compile(text);
    if (!result.ok() && result.diagnostics.empty()) __builtin_trap();
    for (const auto& d : result.diagnostics) (void)ilio::render_diagnostic(d, result.source);
    if (result.ok()) {
        ilio::Facts facts(*result.rule_set);
        auto evaluation = result.rule_set->evaluate(facts);
        (void)ilio::render_json(ilio::explain(evaluation, facts));
    }
    return 0;
}
