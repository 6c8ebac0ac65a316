// The psoas rules for complete visits, hand-written and in ilio: the floor (psoas_floor.cpp)
// and `RuleSet::evaluate` with a reused Evaluation, timed in the same run on the same pool of
// 1,024 generated patients, cycled (psoas_floor_test checks that the two agree on every
// conclusion). ilio's benchmark also times the floor on the same patients right after its own
// loop and reports `floor_ns` and the ratio `x_floor` (ilio's CPU time per patient over the
// floor's).
// Run: build/bench/ilio_bench --benchmark_filter=psoas_complete

#include <time.h>

#include <vector>

#include "bench_inputs.hpp"
#include "psoas_floor.hpp"
#include "psoas_patient_facts.hpp"
#include "psoas_patient_generator.hpp"

namespace {

namespace psoas_floor = ilio::bench::psoas_floor;

constexpr std::size_t pool_size = 1024;  // a power of two: the next patient is a mask away
constexpr std::uint64_t pool_seed = 2026;

struct Pool {
    std::vector<psoas_floor::Patient> patients;
    std::vector<ilio::Facts> facts;  // the same patients for ilio
};

const Pool& pool() {
    static const Pool p = [] {
        Pool out;
        psoas_floor::PatientGenerator generator(pool_seed);
        for (std::size_t i = 0; i < pool_size; ++i) {
            out.patients.push_back(generator.next());
            out.facts.push_back(
                psoas_floor::to_facts(ilio::bench::psoas_rules(), out.patients.back()));
        }
        return out;
    }();
    return p;
}

/// This thread's CPU time in nanoseconds: the ratio is read on a shared machine, where wall
/// time counts other processes' turns.
double thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

/// The floor over `iterations` patients of the pool, in CPU nanoseconds per patient.
double floor_ns_per_patient(benchmark::IterationCount iterations) {
    const auto& patients = pool().patients;
    psoas_floor::Statuses out{};
    double start = thread_cpu_ns();
    for (benchmark::IterationCount k = 0; k < iterations; ++k) {
        psoas_floor::evaluate(patients[k & (pool_size - 1)], out);
        benchmark::DoNotOptimize(out);
    }
    return (thread_cpu_ns() - start) / static_cast<double>(iterations);
}

void psoas_complete_floor(benchmark::State& state) {
    const auto& patients = pool().patients;
    psoas_floor::Statuses out{};
    std::size_t i = 0;
    for (auto _ : state) {
        psoas_floor::evaluate(patients[i], out);
        benchmark::DoNotOptimize(out);
        i = (i + 1) & (pool_size - 1);
    }
}

void psoas_complete_ilio(benchmark::State& state) {
    const auto& rules = ilio::bench::psoas_rules();
    const auto& facts = pool().facts;
    ilio::Evaluation evaluation;
    rules.evaluate(facts[0], evaluation);
    auto before = ilio::bench::allocations_so_far();
    std::size_t i = 0;
    double start = thread_cpu_ns();
    for (auto _ : state) {
        rules.evaluate(facts[i], evaluation);
        benchmark::DoNotOptimize(evaluation);
        i = (i + 1) & (pool_size - 1);
    }
    double ilio_ns = (thread_cpu_ns() - start) / static_cast<double>(state.iterations());
    ilio::bench::report_allocations(state, before);
    double floor_ns = floor_ns_per_patient(state.iterations());
    state.counters["floor_ns"] = floor_ns;
    state.counters["x_floor"] = ilio_ns / floor_ns;
}

}  // namespace

BENCHMARK(psoas_complete_floor);
BENCHMARK(psoas_complete_ilio);
