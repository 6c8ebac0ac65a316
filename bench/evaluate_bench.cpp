// Benchmarks of evaluation: the psoas rules with a reused buffer (the hot path, which must not
// allocate), also asked for the facts needed next, and with a fresh result; exact answers over
// published rule sets; compilation. Allocations per iteration are reported as a counter
// (bench_inputs.hpp).
// Run: build/bench/ilio_bench

#include <map>

#include "bench_inputs.hpp"

namespace {

using ilio::bench::complete_patient;
using ilio::bench::incomplete_patient;
using ilio::bench::report_allocations;

const ilio::RuleSet& rules() {
    return ilio::bench::psoas_rules();
}
ilio::Facts patient(const char* file) {
    return ilio::bench::psoas_patient(file);
}

void evaluate_reused(benchmark::State& state, const char* file) {
    auto facts = patient(file);
    ilio::Evaluation evaluation;
    rules().evaluate(facts, evaluation);
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) {
        rules().evaluate(facts, evaluation);
        benchmark::DoNotOptimize(evaluation);
    }
    report_allocations(state, before);
}

/// As evaluate_reused, and then asking for the facts needed next, which are worked out on first
/// use: what a caller that shows them pays (explanations, `--format status`).
void evaluate_reused_and_needed(benchmark::State& state, const char* file) {
    auto facts = patient(file);
    ilio::Evaluation evaluation;
    rules().evaluate(facts, evaluation);
    benchmark::DoNotOptimize(evaluation.needed().data());
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) {
        rules().evaluate(facts, evaluation);
        benchmark::DoNotOptimize(evaluation.needed().data());
    }
    report_allocations(state, before);
}

void evaluate_fresh(benchmark::State& state, const char* file) {
    auto facts = patient(file);
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) benchmark::DoNotOptimize(rules().evaluate(facts));
    report_allocations(state, before);
}

/// A rule set of the repository (path from its root) and one patient, evaluated into a reused
/// Evaluation: for exact answers, a partial patient of a published rule set whose open
/// conclusions are decided (or found open) by cases over the missing facts read more than once.
void evaluate_by_cases(benchmark::State& state, const char* rules_file, const char* facts_json) {
    static std::map<std::string, ilio::RuleSet> loaded;
    auto it = loaded.find(rules_file);
    if (it == loaded.end())
        it = loaded
                 .emplace(rules_file,
                          *ilio::load(std::string(ILIO_SOURCE_DIR) + "/" + rules_file).rule_set)
                 .first;
    const auto& r = it->second;
    auto facts = *ilio::read_facts_json(r, facts_json).facts;
    ilio::Evaluation evaluation;
    r.evaluate(facts, evaluation);
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) {
        r.evaluate(facts, evaluation);
        benchmark::DoNotOptimize(evaluation);
    }
    report_allocations(state, before);
    int by_cases = 0;
    for (ilio::ConclusionIndex c = 0; c < r.conclusions().size(); ++c)
        by_cases += evaluation.decided_by_cases(c);
    state.counters["decided_by_cases"] = by_cases;
}

const char* const cha_complete =
    R"({"patient.atrial_fibrillation": true, "patient.mechanical_valve_or_mitral_stenosis": false,
        "patient.age": 80, "patient.sex": "female", "history.heart_failure": false,
        "history.hypertension": false, "history.diabetes": false,
        "history.stroke_tia_thromboembolism": false, "history.vascular_disease": false})";
const char* const cha_sex_unknown =
    R"({"patient.atrial_fibrillation": true, "patient.mechanical_valve_or_mitral_stenosis": false,
        "patient.age": 80, "history.heart_failure": false, "history.hypertension": false,
        "history.diabetes": false, "history.stroke_tia_thromboembolism": false,
        "history.vascular_disease": false})";
const char* const cha_sex_and_age_unknown =
    R"({"patient.atrial_fibrillation": true, "patient.mechanical_valve_or_mitral_stenosis": false,
        "history.heart_failure": true, "history.hypertension": true})";
const char* const wells_alternative_unknown =
    R"({"dvt.suspected": true, "patient.outpatient": true, "dvt.active_cancer": true,
        "dvt.paralysis_or_cast": true, "dvt.bedridden_or_surgery": true,
        "dvt.deep_vein_tenderness": true})";

// Both sides measured, one short: every comparison reads a measured fact with its error.
const char* const sides_both =
    R"({"thomas.low_back_flat": true, "thomas.thigh_angle.left": 10, "thomas.thigh_angle.right": -5})";
// A borderline reading: open, and asked to be measured again.
const char* const measured_borderline = R"({"thomas.thigh_angle": 1, "thomas.knee_flexion": 60})";

// Five dated visits, both sides measured at each, with arithmetic across sides and visits.
const char* const five_visits_both_sides = R"({"visits": [
  {"date": "2026-09-01", "facts": {"thomas.thigh_angle.left": 12, "thomas.thigh_angle.right": 3, "program.tightness": 7}},
  {"date": "2026-09-15", "facts": {"thomas.thigh_angle.left": 11, "thomas.thigh_angle.right": 2, "program.tightness": 6}},
  {"date": "2026-09-29", "facts": {"thomas.thigh_angle.left": 10, "thomas.thigh_angle.right": 2, "program.tightness": 6}},
  {"date": "2026-10-13", "facts": {"thomas.thigh_angle.left": 10, "thomas.thigh_angle.right": 1, "program.tightness": 5}},
  {"date": "2026-10-27", "facts": {"thomas.thigh_angle.left": 9, "thomas.thigh_angle.right": -1, "program.tightness": 6}}]})";

void compile_rules(benchmark::State& state) {
    auto text = ilio::bench::read_repository_file("rules/psoas_release.ilio");
    for (auto _ : state) benchmark::DoNotOptimize(ilio::compile(text));
}

}  // namespace

BENCHMARK_CAPTURE(evaluate_reused, complete_patient, complete_patient);
BENCHMARK_CAPTURE(evaluate_reused, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(evaluate_reused_and_needed, complete_patient, complete_patient);
BENCHMARK_CAPTURE(evaluate_reused_and_needed, incomplete_patient, incomplete_patient);
BENCHMARK_CAPTURE(evaluate_fresh, complete_patient, complete_patient);
BENCHMARK_CAPTURE(evaluate_by_cases, cha2ds2_vasc_complete, "rules/cha2ds2_vasc.ilio",
                  cha_complete);
BENCHMARK_CAPTURE(evaluate_by_cases, cha2ds2_vasc_sex_unknown, "rules/cha2ds2_vasc.ilio",
                  cha_sex_unknown);
BENCHMARK_CAPTURE(evaluate_by_cases, cha2ds2_vasc_sex_and_age_unknown, "rules/cha2ds2_vasc.ilio",
                  cha_sex_and_age_unknown);
BENCHMARK_CAPTURE(evaluate_by_cases, wells_alternative_unknown, "rules/wells_dvt.ilio",
                  wells_alternative_unknown);
BENCHMARK_CAPTURE(evaluate_by_cases, sides_both_measured, "tests/language/thomas_sides.ilio",
                  sides_both);
BENCHMARK_CAPTURE(evaluate_by_cases, measured_borderline, "tests/language/thomas_measured.ilio",
                  measured_borderline);
BENCHMARK_CAPTURE(evaluate_by_cases, five_visits_both_sides, "bench/sides_visits.ilio",
                  five_visits_both_sides);
BENCHMARK(compile_rules)->Unit(benchmark::kMillisecond);
