#include "bench_inputs.hpp"

#include <fstream>
#include <sstream>

#include "counting_allocator.hpp"

namespace ilio::bench {

std::string read_repository_file(const std::string& path) {
    std::ifstream in(std::string(ILIO_SOURCE_DIR) + "/" + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const RuleSet& psoas_rules() {
    static const RuleSet r =
        *load(std::string(ILIO_SOURCE_DIR) + "/rules/psoas_release.ilio").rule_set;
    return r;
}

Facts psoas_patient(const char* file) {
    return *read_facts_json(psoas_rules(),
                            read_repository_file(std::string("examples/patients/") + file))
                .facts;
}

long long allocations_so_far() {
    return counting::allocations.load();
}

void report_allocations(benchmark::State& state, long long before) {
    state.counters["allocs_per_eval"] =
        benchmark::Counter(static_cast<double>(allocations_so_far() - before) /
                           static_cast<double>(state.iterations()));
}

}  // namespace ilio::bench

BENCHMARK_MAIN();
