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
#include <random>
#include <string>
#include <vector>

#include "ilio/ilio.hpp"

namespace {

/// A value of `fact` drawn within its declared range (0 to 100 in its unit without one).
void set_random(ilio::Facts& facts, ilio::FactIndex f, const ilio::FactInfo& fact,
                std::mt19937_64& rng) {
    switch (fact.type) {
        case ilio::ValueType::boolean:
            return facts.set_bool(f, rng() % 2 == 0);
        case ilio::ValueType::one_of:
            return facts.set_enum(f, fact.members[rng() % fact.members.size()]);
        case ilio::ValueType::set_of: {
            std::vector<std::string> members;
            for (const auto& m : fact.members)
                if (rng() % 2 == 0) members.push_back(m);
            return facts.set_members(f, members);
        }
        case ilio::ValueType::date:
            // Within ten years of 2020-01-01 (day 18262 since 1970-01-01).
            return facts.set_date(f, static_cast<std::int32_t>(18262 + rng() % 3650));
        case ilio::ValueType::number:
        case ilio::ValueType::integer: {
            double low = fact.minimum.value_or(0.0), high = fact.maximum.value_or(100.0);
            std::uniform_real_distribution<double> within(low, high);
            double value = within(rng);
            if (fact.type == ilio::ValueType::integer)
                value = static_cast<double>(static_cast<long long>(value));
            return facts.set_number(f, value);
        }
    }
}

std::vector<ilio::Facts> make_patients(const ilio::RuleSet& rules, double known,
                                       std::uint64_t seed) {
    constexpr int count = 16;
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution is_known(known);
    std::vector<ilio::Facts> patients;
    for (int i = 0; i < count; ++i) {
        ilio::Facts facts(rules);
        auto declared = rules.facts();
        for (ilio::FactIndex f = 0; f < declared.size(); ++f)
            if (is_known(rng)) set_random(facts, f, declared[f], rng);
        patients.push_back(std::move(facts));
    }
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
