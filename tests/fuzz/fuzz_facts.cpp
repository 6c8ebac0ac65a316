// libFuzzer target: any bytes as a facts document for the psoas rules. Reading must never
// crash; a rejection always says why; accepted facts must evaluate and explain. And the two
// readers behind read_facts_json must agree (tests/facts_json/facts_json_agreement.hpp): the fast
// reader accepts only what the checked reader accepts without a warning, with the same Facts;
// for the psoas rules and for a rule set with date facts (tests/language/every_construct.ilio).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "facts_json_agreement.hpp"
#include "psoas_rules.hpp"

namespace {

const ilio::RuleSet& dated_rules() {
    static const ilio::RuleSet rules = [] {
        auto result = ilio::load(ILIO_SOURCE_DIR "/tests/language/every_construct.ilio");
        if (!result.ok()) std::abort();
        return *result.rule_set;
    }();
    return rules;
}

}  // namespace

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
    for (const ilio::RuleSet* r : {&rules, &dated_rules()})
        if (ilio::testing::facts_json_disagreement(*r, text)) __builtin_trap();
    return 0;
}
