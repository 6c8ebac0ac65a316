// Evaluating into a reused Evaluation allocates nothing: checked for every example patient with
// the real psoas rules, by counting calls to operator new. Not a timing test.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "counting_allocator.hpp"
#include "ilio/ilio.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: steady_state_test RULES PATIENTS_DIR\n";
        return 2;
    }
    auto compiled = ilio::load(argv[1]);
    if (!compiled.ok()) return 2;
    const auto& rules = *compiled.rule_set;
    int failures = 0, patients = 0;
    ilio::Evaluation evaluation;
    for (const auto& entry : std::filesystem::directory_iterator(argv[2])) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        auto facts = ilio::read_facts_json(rules, text.str());
        if (!facts.ok()) return 2;
        ++patients;
        rules.evaluate(*facts.facts, evaluation);  // may size the buffers
        auto before = ilio::counting::allocations.load();
        for (int i = 0; i < 100; ++i) rules.evaluate(*facts.facts, evaluation);
        auto allocated = ilio::counting::allocations.load() - before;
        if (allocated != 0) {
            std::cout << entry.path().filename().string() << ": " << allocated
                      << " allocations in 100 evaluations\n";
            ++failures;
        }
    }
    std::cout << patients << " passed, " << failures << " failed\n";
    return failures == 0 && patients > 0 ? 0 : 1;
}
