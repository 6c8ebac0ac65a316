// Checks the floor (psoas_floor.cpp) against ilio on generated complete visits: the status of
// every conclusion must be the one `Evaluation::status` gives. Fails on the first disagreement,
// naming the conclusion and printing the patient as a facts document (`ilio eval
// rules/psoas_release.ilio FILE` reproduces it); prints how often each conclusion took each
// status; and fails when a conclusion was never fired or never anything else, since the
// comparison would then say little about it, except the ones a single visit can never fire
// (never_fired below), which must never fire. Then the same without borderline readings, where
// every conclusion must be decided.
//   psoas_floor_test [PATIENTS [SEED]]     (20,000 patients, seed 1)

#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "ilio/ilio.hpp"
#include "psoas_floor.hpp"
#include "psoas_patient_facts.hpp"
#include "psoas_patient_generator.hpp"

namespace {

using namespace ilio::bench::psoas_floor;

/// The conclusions no single visit fires, and why.
struct NeverFired {
    Conclusion conclusion;
    const char* reason;
};
constexpr const char* since_baseline =
    "needs programme_long_enough: time since baseline >= 6 weeks, and a single visit is its own "
    "baseline (0 days)";
constexpr std::array<NeverFired, 6> never_fired = {{
    {getting_worse,
     "a change since the first visit is 0 with one visit, within the minimal detectable change: "
     "never worse"},
    {programme_working, since_baseline},
    {programme_not_followed, since_baseline},
    {manual_therapy, since_baseline},
    {look_elsewhere, since_baseline},
    {psoas_strengthening, since_baseline},
}};

const char* never_fired_reason(int c) {
    for (const auto& n : never_fired)
        if (n.conclusion == c) return n.reason;
    return nullptr;
}

ilio::ConclusionStatus as_ilio(Status s) {
    switch (s) {
        case Status::fired:
            return ilio::ConclusionStatus::fired;
        case Status::not_applicable:
            return ilio::ConclusionStatus::not_applicable;
        case Status::unknown:
            return ilio::ConclusionStatus::unknown;
        case Status::withheld:
            return ilio::ConclusionStatus::withheld;
    }
    return ilio::ConclusionStatus::unknown;
}

constexpr int status_count = 4;  // Status: fired, not_applicable, unknown, withheld
using Counts = std::array<std::array<long, status_count>, conclusion_count>;

/// The floor against ilio on `patients` generated patients, counting each conclusion's
/// statuses; false, after printing the patient, at the first disagreement.
bool compare(const ilio::RuleSet& rules,
             const std::array<ilio::ConclusionIndex, conclusion_count>& index, long patients,
             std::uint64_t seed, Readings readings, Counts& counts) {
    PatientGenerator generator(seed, readings);
    ilio::Evaluation evaluation;
    Statuses floor{};
    for (long i = 0; i < patients; ++i) {
        Patient patient = generator.next();
        evaluate(patient, floor);
        rules.evaluate(to_facts(rules, patient), evaluation);
        for (int c = 0; c < conclusion_count; ++c) {
            auto expected = evaluation.status(index[c]);
            if (as_ilio(floor[c]) != expected) {
                std::printf(
                    "psoas_floor_test: patient %ld (seed %llu%s): %s is %s by the floor, %s by "
                    "ilio\n%s\n",
                    i, static_cast<unsigned long long>(seed),
                    readings == Readings::decided ? ", decided readings" : "",
                    std::string(conclusion_names[c]).c_str(),
                    std::string(ilio::to_string(as_ilio(floor[c]))).c_str(),
                    std::string(ilio::to_string(expected)).c_str(), to_facts_json(patient).c_str());
                return false;
            }
            ++counts[c][static_cast<int>(floor[c])];
        }
    }
    return true;
}

int run(long patients, std::uint64_t seed) {
    auto loaded = ilio::load(std::string(ILIO_SOURCE_DIR) + "/rules/psoas_release.ilio");
    if (!loaded.rule_set) {
        std::fprintf(stderr, "psoas_floor_test: rules/psoas_release.ilio does not compile\n");
        return 1;
    }
    const ilio::RuleSet& rules = *loaded.rule_set;
    // The floor's conclusions must be exactly the rule set's.
    if (rules.conclusions().size() != conclusion_count) {
        std::fprintf(stderr, "psoas_floor_test: the rules have %zu conclusions, the floor %d\n",
                     rules.conclusions().size(), static_cast<int>(conclusion_count));
        return 1;
    }
    std::array<ilio::ConclusionIndex, conclusion_count> index{};
    for (int c = 0; c < conclusion_count; ++c) {
        auto found = rules.find_conclusion(conclusion_names[c]);
        if (!found) {
            std::fprintf(stderr, "psoas_floor_test: the rules have no conclusion %s\n",
                         std::string(conclusion_names[c]).c_str());
            return 1;
        }
        index[c] = *found;
    }

    Counts counts{};
    if (!compare(rules, index, patients, seed, Readings::any, counts)) return 1;
    std::printf("%ld complete visits (seed %llu): the floor equals ilio on every conclusion\n",
                patients, static_cast<unsigned long long>(seed));
    std::printf("%-36s %8s %8s %8s %8s\n", "conclusion", "fired", "n/a", "unknown", "withheld");
    bool covered = true;
    for (int c = 0; c < conclusion_count; ++c) {
        const auto& n = counts[c];
        std::printf("%-36s %8ld %8ld %8ld %8ld\n", std::string(conclusion_names[c]).c_str(), n[0],
                    n[1], n[2], n[3]);
        long fired = n[static_cast<int>(Status::fired)];
        if (const char* reason = never_fired_reason(c)) {
            if (fired != 0) {
                std::printf("  %s fired, but a single visit should never fire it: %s\n",
                            std::string(conclusion_names[c]).c_str(), reason);
                covered = false;
            }
            continue;
        }
        if (fired == 0 || fired == patients) {
            std::printf("  %s was %s: the generator does not exercise it\n",
                        std::string(conclusion_names[c]).c_str(),
                        fired == 0 ? "never fired" : "always fired");
            covered = false;
        }
    }
    std::printf("never fired by a single visit:\n");
    for (const auto& n : never_fired)
        std::printf("  %s: %s\n", std::string(conclusion_names[n.conclusion]).c_str(), n.reason);

    // Without a borderline reading, a complete visit decides every conclusion.
    long decided_patients = patients / 4 + 1;
    Counts decided{};
    if (!compare(rules, index, decided_patients, seed + 1, Readings::decided, decided)) return 1;
    for (int c = 0; c < conclusion_count; ++c)
        if (long open = decided[c][static_cast<int>(Status::unknown)]; open != 0) {
            std::printf("  %s was unknown for %ld patients without a borderline reading\n",
                        std::string(conclusion_names[c]).c_str(), open);
            covered = false;
        }
    std::printf(
        "%ld complete visits without a borderline reading (seed %llu): the floor equals ilio, "
        "every conclusion decided\n",
        decided_patients, static_cast<unsigned long long>(seed + 1));
    return covered ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        long patients = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 20000;
        std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
        if (patients <= 0) {
            std::fprintf(stderr, "psoas_floor_test: PATIENTS must be a positive number\n");
            return 2;
        }
        return run(patients, seed);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "psoas_floor_test: %s\n", e.what());
        return 1;
    }
}
