#pragma once
// What every benchmark file of ilio_bench reads: the repository's psoas rules and example
// patients, and the allocation counter (replaced operator new, defined once in
// bench_inputs.cpp, which also holds BENCHMARK_MAIN).

#include <benchmark/benchmark.h>

#include <string>

#include "ilio/ilio.hpp"

namespace ilio::bench {

/// A file's whole text, from a path relative to the repository's root.
std::string read_repository_file(const std::string& path);

/// The psoas rules of the repository, compiled once.
const RuleSet& psoas_rules();

/// An example patient of `examples/patients/`, read for the psoas rules.
Facts psoas_patient(const char* file);

/// Example patients: every fact given, and most missing.
inline const char* const complete_patient = "02-short-iliopsoas.json";
inline const char* const incomplete_patient = "07-incomplete-assessment.json";

/// Allocations so far in this process.
long long allocations_so_far();

/// Sets the `allocs_per_eval` counter: allocations since `before`, per iteration.
void report_allocations(benchmark::State& state, long long before);

}  // namespace ilio::bench
