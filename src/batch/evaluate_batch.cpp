// evaluate_batch: patients shared by the threads in chunks (parallel_chunks.hpp), each thread
// with one reused Evaluation.

#include <algorithm>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "batch/parallel_chunks.hpp"
#include "ilio/batch.hpp"

namespace ilio {

unsigned batch_threads(std::size_t patients, const BatchOptions& options) noexcept {
    unsigned threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::clamp<std::size_t>(patients, 1, threads));
}

void evaluate_batch(const RuleSet& rules, std::span<const Facts> facts, const BatchVisitor& visit,
                    const BatchOptions& options) {
    for (std::size_t i = 0; i < facts.size(); ++i)
        if (&facts[i].rule_set().program() != &rules.program())
            throw std::invalid_argument(fmt::format(
                "evaluate_batch: the facts of patient {} are bound to rule set `{}`, not to the "
                "rule set `{}` being evaluated",
                i, facts[i].rule_set().name(), rules.name()));

    unsigned threads = batch_threads(facts.size(), options);
    // One Evaluation per thread, reused: allocation-free after the thread's first patient.
    std::vector<Evaluation> evaluations(threads);
    detail::for_each_in_chunks(facts.size(), threads, [&](unsigned worker, std::size_t i) {
        rules.evaluate(facts[i], evaluations[worker]);
        visit(i, evaluations[worker]);
    });
}

std::vector<Evaluation> evaluate_batch(const RuleSet& rules, std::span<const Facts> facts,
                                       const BatchOptions& options) {
    std::vector<Evaluation> results(facts.size());
    evaluate_batch(
        rules, facts, [&](std::size_t i, const Evaluation& e) { results[i] = e; }, options);
    return results;
}

}  // namespace ilio
