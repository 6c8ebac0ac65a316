// Benchmarks of the compact result of a batch (`ilio eval --format status`, issue 11: under
// 1 µs per patient): StatusWriter::append into one buffer reused for every patient, as the
// JSON Lines batch writes, for the psoas rules' complete and incomplete example patients.
//   status_line_only   the line alone, the facts needed next already worked out;
//   status_line        evaluate with a reused Evaluation, then the line (which asks for the
//                      facts needed next): what the batch does per patient after reading it.
// Run: build/bench/ilio_bench --benchmark_filter=status_line

#include "bench_inputs.hpp"

namespace {

using ilio::bench::complete_patient;
using ilio::bench::incomplete_patient;

void status_line_only(benchmark::State& state, const char* file) {
    const auto& rules = ilio::bench::psoas_rules();
    auto facts = ilio::bench::psoas_patient(file);
    auto evaluation = rules.evaluate(facts);
    evaluation.needed();  // worked out once, before timing
    ilio::StatusWriter writer(rules);
    std::string out;
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) {
        out.clear();
        writer.append(out, evaluation, facts, 1);
        benchmark::DoNotOptimize(out.data());
    }
    ilio::bench::report_allocations(state, before);
    state.counters["bytes"] = static_cast<double>(out.size());
}

void status_line(benchmark::State& state, const char* file) {
    const auto& rules = ilio::bench::psoas_rules();
    auto facts = ilio::bench::psoas_patient(file);
    ilio::Evaluation evaluation;
    ilio::StatusWriter writer(rules);
    std::string out;
    rules.evaluate(facts, evaluation);  // sizes the evaluation's buffers
    writer.append(out, evaluation, facts, 1);
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) {
        rules.evaluate(facts, evaluation);
        out.clear();
        writer.append(out, evaluation, facts, 1);
        benchmark::DoNotOptimize(out.data());
    }
    ilio::bench::report_allocations(state, before);
}

}  // namespace

BENCHMARK_CAPTURE(status_line_only, complete_patient, complete_patient);
BENCHMARK_CAPTURE(status_line_only, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(status_line, complete_patient, complete_patient);
BENCHMARK_CAPTURE(status_line, incomplete_patient, incomplete_patient);
