// Benchmarks of reading facts from JSON (read_facts_json), one patient per iteration: the psoas
// rules' complete and incomplete example patients, a 19-fact patient of a psoas-style rule set
// (bench/psoas_19_facts.ilio), a document with one unknown fact (the error path, which reads
// the document twice to word the error), and patients of 19 to 10,000 facts, to show that the
// time per fact does not grow with the number of facts. Allocations per patient are reported.
// Run: build/bench/ilio_bench --benchmark_filter=facts_json

#include <fmt/format.h>

#include <map>
#include <stdexcept>
#include <string>

#include "bench_inputs.hpp"

namespace {

using ilio::bench::read_repository_file;

/// A rule set of the repository (path from its root), compiled once.
const ilio::RuleSet& repository_rules(const std::string& file) {
    static std::map<std::string, ilio::RuleSet> loaded;
    auto it = loaded.find(file);
    if (it == loaded.end()) {
        auto result = ilio::load(std::string(ILIO_SOURCE_DIR) + "/" + file);
        if (!result.ok()) throw std::runtime_error(file + " does not compile");
        it = loaded.emplace(file, *result.rule_set).first;
    }
    return it->second;
}

void read(benchmark::State& state, const ilio::RuleSet& rules, const std::string& json,
          bool expect_ok) {
    if (read_facts_json(rules, json).ok() != expect_ok) {
        state.SkipWithError("the document was not read as expected");
        return;
    }
    auto before = ilio::bench::allocations_so_far();
    for (auto _ : state) benchmark::DoNotOptimize(read_facts_json(rules, json));
    ilio::bench::report_allocations(state, before);
}

void facts_json(benchmark::State& state, const char* rules_file, const char* patient_file) {
    read(state, repository_rules(rules_file), read_repository_file(patient_file), true);
}

/// The complete psoas patient with one misspelt fact: rejected, the error worded.
void facts_json_unknown_fact(benchmark::State& state) {
    auto json = read_repository_file("examples/patients/02-short-iliopsoas.json");
    json.replace(json.find("hip.groin_pain"), 14, "hip.groin_pian");
    read(state, ilio::bench::psoas_rules(), json, false);
}

/// A rule set of `n` number facts (and one finding), and a patient giving all of them.
struct SizedPatient {
    ilio::RuleSet rules;
    std::string json;
};

const SizedPatient& sized_patient(std::size_t n) {
    static std::map<std::size_t, SizedPatient> made;
    auto it = made.find(n);
    if (it != made.end()) return it->second;
    std::string rules = "ruleset sized\n  version \"1.0.0\"\n  title \"Many facts\"\n";
    std::string json = "{";
    for (std::size_t i = 0; i < n; ++i) {
        rules += fmt::format(
            "fact exam.reading_{0} : number deg in [0, 180]\n  \"Reading {0}.\"\n"
            "  ask \"Reading {0}?\"\n",
            i);
        json += fmt::format("{}\"exam.reading_{}\": {}", i ? ", " : "", i, i % 180);
    }
    rules +=
        "finding high \"High first reading\"\n  when exam.reading_0 > 90 deg\n"
        "  because \"the first reading is high\"\n";
    json += "}";
    auto compiled = ilio::compile(rules);
    if (!compiled.ok()) throw std::runtime_error("the sized rule set does not compile");
    return made.emplace(n, SizedPatient{*compiled.rule_set, json}).first->second;
}

/// Reading time per fact given: the same at every size when reading is linear.
void facts_json_of_size(benchmark::State& state) {
    auto n = static_cast<std::size_t>(state.range(0));
    const auto& patient = sized_patient(n);
    read(state, patient.rules, patient.json, true);
    state.counters["time_per_fact"] =
        benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK_CAPTURE(facts_json, psoas_complete, "rules/psoas_release.ilio",
                  "examples/patients/02-short-iliopsoas.json");
BENCHMARK_CAPTURE(facts_json, psoas_incomplete, "rules/psoas_release.ilio",
                  "examples/patients/07-incomplete-assessment.json");
BENCHMARK_CAPTURE(facts_json, psoas_visits, "rules/psoas_release.ilio",
                  "examples/patients/17-improving-after-seven-weeks.json");
BENCHMARK_CAPTURE(facts_json, nineteen_facts, "bench/psoas_19_facts.ilio",
                  "bench/psoas_19_facts_patient.json");
BENCHMARK(facts_json_unknown_fact);
BENCHMARK(facts_json_of_size)->Arg(19)->Arg(1000)->Arg(10000);
