// Google Benchmark for `ilio lint` in process (no process start, no dynamic loading):
//   build/tests/lint/ilio_lint_bench [--benchmark_filter=psoas]
// lint_psoas lints rules/psoas_release.ilio; lint_generated/N a rule set of N conclusions
// written by generate_rules.py into the build directory at configure time.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "ilio/lint.hpp"

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void lint_text(benchmark::State& state, const std::string& text) {
    for (auto _ : state) {
        auto report = ilio::lint(text);
        benchmark::DoNotOptimize(report.findings.data());
    }
}

void lint_psoas(benchmark::State& state) {
    lint_text(state,
              read_text(std::filesystem::path(ILIO_SOURCE_DIR) / "rules" / "psoas_release.ilio"));
}

void lint_generated(benchmark::State& state) {
    auto name = "generated-" + std::to_string(state.range(0)) + ".ilio";
    lint_text(state, read_text(std::filesystem::path(ILIO_GENERATED_DIR) / name));
    state.SetComplexityN(state.range(0));
}

}  // namespace

BENCHMARK(lint_psoas)->Unit(benchmark::kMillisecond);
BENCHMARK(lint_generated)
    ->Arg(1000)
    ->Arg(2500)
    ->Arg(5000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Complexity();

BENCHMARK_MAIN();
