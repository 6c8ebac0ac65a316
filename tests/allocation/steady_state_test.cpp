// Evaluating into a reused Evaluation allocates nothing: checked for every example patient of a
// rules file, by counting calls to operator new. Not a timing test. With `--expect-cases`, some
// patient must have a conclusion decided by cases, so that exact answers are counted too.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

#include "counting_allocator.hpp"
#include "ilio/ilio.hpp"

namespace {

void* volatile sink;  // keeps the compiler from eliding an allocation it can see is unused

/// The counter is blind to no allocation function: each form, called once, counts once.
bool counter_sees_every_form() {
    struct Form {
        const char* name;
        void (*call)();
    };
    constexpr auto big = std::align_val_t{64};
    const Form forms[] = {
        {"new",
         [] {
             sink = ::operator new(8);
             ::operator delete(sink);
         }},
        {"new[]",
         [] {
             sink = ::operator new[](8);
             ::operator delete[](sink);
         }},
        {"new nothrow",
         [] {
             sink = ::operator new(8, std::nothrow);
             ::operator delete(sink, std::nothrow);
         }},
        {"new[] nothrow",
         [] {
             sink = ::operator new[](8, std::nothrow);
             ::operator delete[](sink, std::nothrow);
         }},
        {"new aligned",
         [] {
             sink = ::operator new(8, big);
             ::operator delete(sink, 8, big);
         }},
        {"new[] aligned",
         [] {
             sink = ::operator new[](8, big);
             ::operator delete[](sink, big);
         }},
        {"new aligned nothrow",
         [] {
             sink = ::operator new(8, big, std::nothrow);
             ::operator delete(sink, big, std::nothrow);
         }},
        {"new[] aligned nothrow",
         [] {
             sink = ::operator new[](8, big, std::nothrow);
             ::operator delete[](sink, 8, big);
         }},
    };
    bool all = true;
    for (const auto& form : forms) {
        auto before = ilio::counting::allocations.load();
        form.call();
        if (ilio::counting::allocations.load() - before != 1) {
            std::cout << "the allocation counter does not see operator " << form.name << "\n";
            all = false;
        }
    }
    return all;
}

}  // namespace

int main(int argc, char** argv) {
    bool expect_cases = argc == 4 && std::string_view(argv[3]) == "--expect-cases";
    if (argc != 3 && !expect_cases) {
        std::cerr << "usage: steady_state_test RULES PATIENTS_DIR [--expect-cases]\n";
        return 2;
    }
    if (!counter_sees_every_form()) return 1;
    auto compiled = ilio::load(argv[1]);
    if (!compiled.ok()) return 2;
    const auto& rules = *compiled.rule_set;
    int failures = 0, patients = 0, by_cases = 0;
    std::size_t needed = 0;  // facts needed next, summed over the evaluations asked
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
        needed += evaluation.needed().size();
        auto before = ilio::counting::allocations.load();
        // Every other evaluation is asked for the facts needed next, which are worked out on
        // first use: both ways allocate nothing.
        for (int i = 0; i < 100; ++i) {
            rules.evaluate(*facts.facts, evaluation);
            if (i % 2 == 0) needed += evaluation.needed().size();
        }
        auto allocated = ilio::counting::allocations.load() - before;
        for (ilio::ConclusionIndex c = 0; c < rules.conclusions().size(); ++c)
            by_cases += evaluation.decided_by_cases(c);
        if (allocated != 0) {
            std::cout << entry.path().filename().string() << ": " << allocated
                      << " allocations in 100 evaluations\n";
            ++failures;
        }
    }
    std::cout << patients << " passed, " << failures << " failed; " << by_cases
              << " conclusions decided by cases; " << needed << " facts needed next\n";
    if (expect_cases && by_cases == 0) return 1;
    return failures == 0 && patients > 0 ? 0 : 1;
}
