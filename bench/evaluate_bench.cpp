// Benchmarks of the psoas rules: evaluation with a reused buffer (the hot path, which must not
// allocate), with a fresh result, explanation, and compilation. Allocations per iteration are
// reported as a counter from a replaced operator new. Run: build/bench/ilio_bench

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "counting_allocator.hpp"
#include "ilio/ilio.hpp"

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const ilio::RuleSet& rules() {
    static const ilio::RuleSet r =
        *ilio::load(std::string(ILIO_SOURCE_DIR) + "/rules/psoas_release.ilio").rule_set;
    return r;
}

ilio::Facts patient(const char* file) {
    return *ilio::read_facts_json(rules(),
                                  read(std::string(ILIO_SOURCE_DIR) + "/examples/patients/" + file))
                .facts;
}

const char* const complete = "02-short-iliopsoas.json";
const char* const incomplete = "07-incomplete-assessment.json";

void report_allocations(benchmark::State& state, long long before) {
    state.counters["allocs_per_eval"] =
        benchmark::Counter(static_cast<double>(ilio::counting::allocations.load() - before) /
                           static_cast<double>(state.iterations()));
}

void evaluate_reused(benchmark::State& state, const char* file) {
    auto facts = patient(file);
    ilio::Evaluation evaluation;
    rules().evaluate(facts, evaluation);
    auto before = ilio::counting::allocations.load();
    for (auto _ : state) {
        rules().evaluate(facts, evaluation);
        benchmark::DoNotOptimize(evaluation);
    }
    report_allocations(state, before);
}

void evaluate_fresh(benchmark::State& state, const char* file) {
    auto facts = patient(file);
    auto before = ilio::counting::allocations.load();
    for (auto _ : state) benchmark::DoNotOptimize(rules().evaluate(facts));
    report_allocations(state, before);
}

void explain_text(benchmark::State& state) {
    auto facts = patient(complete);
    auto evaluation = rules().evaluate(facts);
    for (auto _ : state)
        benchmark::DoNotOptimize(ilio::render_text(ilio::explain(evaluation, facts)));
}

void compile_rules(benchmark::State& state) {
    auto text = read(std::string(ILIO_SOURCE_DIR) + "/rules/psoas_release.ilio");
    for (auto _ : state) benchmark::DoNotOptimize(ilio::compile(text));
}

}  // namespace

BENCHMARK_CAPTURE(evaluate_reused, complete_patient, complete);
BENCHMARK_CAPTURE(evaluate_reused, incomplete_patient, incomplete);
BENCHMARK_CAPTURE(evaluate_fresh, complete_patient, complete);
BENCHMARK(explain_text);
BENCHMARK(compile_rules)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
