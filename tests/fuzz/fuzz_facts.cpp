// libFuzzer target: any bytes as a facts document for the psoas rules. Reading must never
// crash; a rejection always says why; accepted facts must evaluate and explain.
#include <cstdint>
#include <string_view>

#include "psoas_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& rules = psoas_rules();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool lenient : {false, true}) {
        auto facts = ilio::read_facts_json(rules, text, ilio::FactsOptions{lenient});
        if (!facts.ok()) {
            if (facts.errors.empty()) __builtin_trap();
            (void)ilio::render_fact_problems_json(facts.errors);
            continue;
        }
        auto evaluation = rules.evaluate(*facts.facts);
        (void)ilio::render_text(ilio::explain(evaluation, *facts.facts));
    }
    return 0;
}
