// libFuzzer target: a fuzzed rule set with fuzzed facts, explained in every format. The input is
// the rules text, a line "%%", then the facts document. Whatever compiles and reads must
// evaluate, explain, render, and round-trip through the JSON explanation.
#include <cstdint>
#include <string_view>

#include "ilio/ilio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto split = input.find("\n%%\n");
    if (split == std::string_view::npos) return -1;  // not of this shape: not kept in the corpus
    auto compiled = ilio::compile(input.substr(0, split));
    if (!compiled.ok()) return 0;
    const auto& rules = *compiled.rule_set;
    auto facts = ilio::read_facts_json(rules, input.substr(split + 4), ilio::FactsOptions{true});
    if (!facts.ok()) return 0;
    auto evaluation = rules.evaluate(*facts.facts);
    auto explanation = ilio::explain(evaluation, *facts.facts);
    (void)ilio::render_text(explanation);
    (void)ilio::render_markdown(explanation);
    auto json = ilio::render_json(explanation);
    if (ilio::render_json(ilio::read_explanation_json(json)) != json) __builtin_trap();
    return 0;
}
