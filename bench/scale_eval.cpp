// Evaluation time against rule-set size, for bench/scaling.py and its plot: compiles one rules
// file, makes patients from its facts' declared types, ranges and members, and times
// RuleSet::evaluate with a reused Evaluation (statuses, as a batch asks for them) on
//   complete    every fact known;
//   half_known  each fact known with probability 1/2 (three-valued logic and exact answers).
// Patients are drawn from a fixed seed, so a size's figure depends on the rules alone.
//
//   ilio_scale_eval RULES [Google Benchmark flags, e.g. --benchmark_format=json]
// Exit codes: 0 measured, 1 the rules do not compile, 2 usage.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <vector>

#include "ilio/ilio.hpp"
#include "random_facts.hpp"

namespace {

/// 16 patients, each fact known with probability `known`, drawn by the property tests'
/// generator (tests/unit/random_facts.hpp: values within each fact's range, often at the
/// thresholds the rules compare them with).
std::vector<ilio::Facts> make_patients(const ilio::RuleSet& rules, double known,
                                       std::uint64_t seed) {
    ilio::testing::RandomFacts random(rules, seed);
    std::vector<ilio::Facts> patients;
    for (int i = 0; i < 16; ++i) patients.push_back(random.partial(known));
    return patients;
}

void time_evaluation(benchmark::State& state, const ilio::RuleSet& rules,
                     const std::vector<ilio::Facts>& patients) {
    ilio::Evaluation evaluation;
    std::size_t next = 0;
    for (auto _ : state) {
        rules.evaluate(patients[next], evaluation);
        benchmark::DoNotOptimize(evaluation);
        next = (next + 1) % patients.size();
    }
    state.counters["conclusions"] = static_cast<double>(rules.conclusions().size());
    state.counters["facts"] = static_cast<double>(rules.facts().size());
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: ilio_scale_eval RULES [benchmark flags]\n");
        return 2;
    }
    ilio::CompileOptions options;
    options.max_source_bytes = std::size_t{1} << 30;
    auto compiled = ilio::load(argv[1], options);
    if (!compiled.rule_set) {
        std::fprintf(stderr, "ilio_scale_eval: %s does not compile\n", argv[1]);
        return 1;
    }
    const ilio::RuleSet& rules = *compiled.rule_set;
    auto complete = make_patients(rules, 1.0, 1);
    auto half_known = make_patients(rules, 0.5, 2);
    benchmark::RegisterBenchmark(
        "complete", [&](benchmark::State& state) { time_evaluation(state, rules, complete); });
    benchmark::RegisterBenchmark(
        "half_known", [&](benchmark::State& state) { time_evaluation(state, rules, half_known); });
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
