// libFuzzer target: any bytes as a facts document for the psoas rules. Reading must never
// crash; accepted facts must evaluate and explain.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ilio/ilio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ilio::RuleSet rules = [] {
        auto result = ilio::load(ILIO_SOURCE_DIR "/rules/psoas_release.ilio");
        if (!result.ok()) std::abort();
        return *result.rule_set;
    }();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool lenient : {false, true}) {
        auto facts = ilio::read_facts_json(rules, text, ilio::FactsOptions{lenient});
        if (!facts.ok()) {
            if (facts.errors.empty()) __builtin_trap();
            continue;
        }
        auto evaluation = rules.evaluate(*facts.facts);
        (void)ilio::render_text(ilio::explain(evaluation, *facts.facts));
    }
    return 0;
}
