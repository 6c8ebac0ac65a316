// Evaluates one patient a given number of times into one kept Evaluation, and with `--needed`
// asks for the facts needed next each time, with `--summary` explains the result into one
// kept Explanation and renders the text summary, or with `--json` explains it in full and
// renders the JSON explanation into one kept string: a fixed amount of work whose instructions
// callgrind counts exactly, where a timing varies with the machine. bench/instructions.sh runs
// it for 0 and for N evaluations; the difference over N is what one evaluation costs, the
// figure docs/performance.md quotes.
//
//     ilio_repeat_eval RULES FACTS N [--needed | --summary | --json]

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "ilio/ilio.hpp"

int main(int argc, char** argv) {
    if (argc < 4 || argc > 5) {
        std::cerr << "usage: ilio_repeat_eval RULES FACTS N [--needed | --summary | --json]\n";
        return 2;
    }
    auto loaded = ilio::load(argv[1]);
    if (!loaded.ok()) {
        std::cerr << "ilio_repeat_eval: " << argv[1] << " does not compile\n";
        return 1;
    }
    const auto& rules = *loaded.rule_set;
    std::ifstream file(argv[2], std::ios::binary);
    std::string document((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!file) {
        std::cerr << "ilio_repeat_eval: cannot read " << argv[2] << "\n";
        return 1;
    }
    auto read = ilio::read_facts_json(rules, document);
    if (!read.ok()) {
        std::cerr << "ilio_repeat_eval: " << argv[2] << ": "
                  << ilio::render_fact_problems_json(read.errors) << "\n";
        return 1;
    }
    char* end = nullptr;
    long count = std::strtol(argv[3], &end, 10);
    if (*end != '\0' || count < 0) {
        std::cerr << "ilio_repeat_eval: N must be a whole number, not " << argv[3] << "\n";
        return 2;
    }
    std::string_view mode = argc == 5 ? argv[4] : "";
    if (!mode.empty() && mode != "--needed" && mode != "--summary" && mode != "--json") {
        std::cerr << "ilio_repeat_eval: unknown option " << mode << "\n";
        return 2;
    }
    const auto& facts = *read.facts;
    ilio::Evaluation evaluation;
    ilio::Explanation explanation;
    std::string rendered;
    std::size_t fired = 0, needed = 0, text = 0;
    for (long i = 0; i < count; ++i) {
        rules.evaluate(facts, evaluation);
        if (mode == "--needed") needed += evaluation.needed().size();
        if (mode == "--summary") {
            ilio::explain(evaluation, facts, ilio::ExplainDetail::summary, explanation);
            text += ilio::render_summary(explanation).size();
        }
        if (mode == "--json") {
            ilio::explain(evaluation, facts, ilio::ExplainDetail::full, explanation);
            rendered.clear();
            ilio::render_json(explanation, rendered);
            text += rendered.size();
        }
    }
    if (count > 0)
        for (std::size_t c = 0; c < rules.conclusions().size(); ++c)
            fired += evaluation.status(static_cast<ilio::ConclusionIndex>(c)) ==
                     ilio::ConclusionStatus::fired;
    // What the last evaluation found, so that the work cannot be optimised away and a run
    // shows it evaluated what was meant.
    std::cout << count << " evaluations: " << fired << " fired, " << needed << " facts needed, "
              << text << " bytes of " << (mode == "--json" ? "JSON" : "summary") << "\n";
    return 0;
}
