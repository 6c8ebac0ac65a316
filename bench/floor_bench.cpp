// The psoas rules for complete visits, hand-written and in ilio: the floor (psoas_floor.cpp)
// and `RuleSet::evaluate` with a reused Evaluation, timed in the same run on the same pool of
// 1,024 generated patients, cycled (psoas_floor_test checks that the two agree on every
// conclusion). Two pools: `complete`, whose readings fall inside borderline bands too (so some
// conclusions are unknown, as for real readings near a threshold), and `complete_decided`, where
// no reading is borderline and every conclusion is decided. ilio's benchmark also times the
// floor on the same patients right after its own loop and reports `floor_ns` and the ratio
// `x_floor` (ilio's CPU time per patient over the floor's).
// Run: build/bench/ilio_bench --benchmark_filter='psoas_floor|psoas_ilio'

#include <time.h>

#include <vector>

#include "bench_inputs.hpp"
#include "psoas_floor.hpp"
#include "psoas_patient_facts.hpp"
#include "psoas_patient_generator.hpp"

namespace {

namespace hand = ilio::bench::psoas_floor;
using hand::Readings;

constexpr std::size_t pool_size = 1024;  // a power of two: the next patient is a mask away
constexpr std::uint64_t pool_seed = 2026;

struct Pool {
    std::vector<hand::Patient> patients;
    std::vector<ilio::Facts> facts;  // the same patients for ilio
};

Pool make_pool(Readings readings) {
    Pool out;
    hand::PatientGenerator generator(pool_seed, readings);
    for (std::size_t i = 0; i < pool_size; ++i) {
        out.patients.push_back(generator.next());
        out.facts.push_back(hand::to_facts(ilio::bench::psoas_rules(), out.patients.back()));
    }
    return out;
}

const Pool& pool(Readings readings) {
    static const Pool any = make_pool(Readings::any);
    static const Pool decided = make_pool(Readings::decided);
    return readings == Readings::any ? any : decided;
}

/// This thread's CPU time in nanoseconds: the ratio is read on a shared machine, where wall
/// time counts other processes' turns.
double thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

/// The floor over `iterations` patients of the pool, in CPU nanoseconds per patient.
double floor_ns_per_patient(const Pool& pool, benchmark::IterationCount iterations) {
    hand::Statuses out{};
    double start = thread_cpu_ns();
    for (benchmark::IterationCount k = 0; k < iterations; ++k) {
        hand::evaluate(pool.patients[k & (pool_size - 1)], out);
        benchmark::DoNotOptimize(out);
    }
    return (thread_cpu_ns() - start) / static_cast<double>(iterations);
}

void psoas_floor(benchmark::State& state, Readings readings) {
    const auto& patients = pool(readings).patients;
    hand::Statuses out{};
    std::size_t i = 0;
    for (auto _ : state) {
        hand::evaluate(patients[i], out);
        benchmark::DoNotOptimize(out);
        i = (i + 1) & (pool_size - 1);
    }
}

void psoas_ilio_reused(benchmark::State& state, Readings readings) {
    const auto& rules = ilio::bench::psoas_rules();
    const Pool& patients = pool(readings);
    ilio::Evaluation evaluation;
    rules.evaluate(patients.facts[0], evaluation);
    auto before = ilio::bench::allocations_so_far();
    std::size_t i = 0;
    double start = thread_cpu_ns();
    for (auto _ : state) {
        rules.evaluate(patients.facts[i], evaluation);
        benchmark::DoNotOptimize(evaluation);
        i = (i + 1) & (pool_size - 1);
    }
    double ilio_ns = (thread_cpu_ns() - start) / static_cast<double>(state.iterations());
    ilio::bench::report_allocations(state, before);
    double floor_ns = floor_ns_per_patient(patients, state.iterations());
    state.counters["floor_ns"] = floor_ns;
    state.counters["x_floor"] = ilio_ns / floor_ns;
}

}  // namespace

BENCHMARK_CAPTURE(psoas_floor, complete, Readings::any);
BENCHMARK_CAPTURE(psoas_ilio_reused, complete, Readings::any);
BENCHMARK_CAPTURE(psoas_floor, complete_decided, Readings::decided);
BENCHMARK_CAPTURE(psoas_ilio_reused, complete_decided, Readings::decided);
