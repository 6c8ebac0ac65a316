// Benchmarks of explanations out: explain() from an existing Evaluation and Facts, then one
// renderer, for the psoas rules' complete and incomplete example patients. The clinician
// summary is what `ilio eval` prints as text; render_text is the library's terminal renderer;
// render_json is `ilio eval --format json`. Targets (issue 11): JSON under 20 µs, the text
// summary under 10 µs per patient.
// Run: build/bench/ilio_bench --benchmark_filter=explain_

#include "bench_inputs.hpp"

namespace {

using ilio::bench::complete_patient;
using ilio::bench::incomplete_patient;

/// Times explain() followed by `render` on one example patient's evaluation.
template <typename Render>
void explain_and_render(benchmark::State& state, const char* file, Render render,
                        ilio::ExplainDetail detail = ilio::ExplainDetail::full) {
    auto facts = ilio::bench::psoas_patient(file);
    auto evaluation = ilio::bench::psoas_rules().evaluate(facts);
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) benchmark::DoNotOptimize(render(ilio::explain(evaluation, facts, detail)));
    ilio::bench::report_allocations(state, before);
}

void explain_only(benchmark::State& state, const char* file) {
    explain_and_render(state, file, [](ilio::Explanation x) { return x; });
}
void explain_json(benchmark::State& state, const char* file) {
    explain_and_render(state, file,
                       [](const ilio::Explanation& x) { return ilio::render_json(x); });
}
/// As a batch writes: into one buffer reused for every patient.
void explain_json_reused_buffer(benchmark::State& state, const char* file) {
    std::string out;
    explain_and_render(state, file, [&](const ilio::Explanation& x) {
        out.clear();
        ilio::render_json(x, out);
        return out.size();
    });
}
void explain_text(benchmark::State& state, const char* file) {
    explain_and_render(state, file,
                       [](const ilio::Explanation& x) { return ilio::render_text(x); });
}
/// As `ilio eval` prints it: explained with only the trees the summary shows.
void explain_summary(benchmark::State& state, const char* file) {
    explain_and_render(
        state, file, [](const ilio::Explanation& x) { return ilio::render_summary(x); },
        ilio::ExplainDetail::summary);
}
/// From a full explanation, as before ExplainDetail::summary.
void explain_summary_from_full(benchmark::State& state, const char* file) {
    explain_and_render(state, file,
                       [](const ilio::Explanation& x) { return ilio::render_summary(x); });
}

/// As a batch explains: into one Explanation reused for every patient (explain()'s overload
/// that overwrites `out`), then rendered with `render`.
template <typename Render>
void explain_reused(benchmark::State& state, const char* file, ilio::ExplainDetail detail,
                    Render render) {
    auto facts = ilio::bench::psoas_patient(file);
    auto evaluation = ilio::bench::psoas_rules().evaluate(facts);
    ilio::Explanation x;
    ilio::explain(evaluation, facts, detail, x);  // the memory a batch holds after one patient
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) {
        ilio::explain(evaluation, facts, detail, x);
        benchmark::DoNotOptimize(render(x));
    }
    ilio::bench::report_allocations(state, before);
}
void explain_summary_reused(benchmark::State& state, const char* file) {
    explain_reused(state, file, ilio::ExplainDetail::summary,
                   [](const ilio::Explanation& x) { return ilio::render_summary(x); });
}
void explain_json_reused(benchmark::State& state, const char* file) {
    std::string out;
    explain_reused(state, file, ilio::ExplainDetail::full, [&](const ilio::Explanation& x) {
        out.clear();
        ilio::render_json(x, out);
        return out.size();
    });
}

/// A renderer alone, over one explanation built before timing: where explain+render's time goes.
template <typename Render>
void render_only(benchmark::State& state, const char* file, Render render) {
    auto facts = ilio::bench::psoas_patient(file);
    auto x = ilio::explain(ilio::bench::psoas_rules().evaluate(facts), facts);
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) benchmark::DoNotOptimize(render(x));
    ilio::bench::report_allocations(state, before);
}
void render_json_only(benchmark::State& state, const char* file) {
    render_only(state, file, [](const ilio::Explanation& x) { return ilio::render_json(x); });
}
void render_summary_only(benchmark::State& state, const char* file) {
    render_only(state, file, [](const ilio::Explanation& x) { return ilio::render_summary(x); });
}

}  // namespace

BENCHMARK_CAPTURE(explain_only, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_only, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(explain_json, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_json, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(explain_json_reused_buffer, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_json_reused_buffer, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(explain_text, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_text, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(explain_summary, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_summary, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(explain_summary_from_full, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_summary_reused, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_summary_reused, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(explain_json_reused, complete_patient, complete_patient);
BENCHMARK_CAPTURE(explain_json_reused, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(render_json_only, complete_patient, complete_patient);
BENCHMARK_CAPTURE(render_json_only, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(render_summary_only, complete_patient, complete_patient);
BENCHMARK_CAPTURE(render_summary_only, incomplete_patient, incomplete_patient);
