// evaluate_batch: patients handed out in small chunks from one atomic counter, so threads that
// meet costlier patients (many missing facts) do not hold the others up.

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "ilio/batch.hpp"

namespace ilio {

namespace {

/// Patients taken at a time: large enough that the shared counter is touched rarely, small
/// enough that the last chunks balance out.
constexpr std::size_t chunk_size = 64;

}  // namespace

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

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto work = [&] {
        Evaluation evaluation;  // reused: allocation-free after this thread's first patient
        try {
            while (!failed.load(std::memory_order_relaxed)) {
                std::size_t begin = next.fetch_add(chunk_size, std::memory_order_relaxed);
                if (begin >= facts.size()) return;
                std::size_t end = std::min(begin + chunk_size, facts.size());
                for (std::size_t i = begin; i < end; ++i) {
                    rules.evaluate(facts[i], evaluation);
                    visit(i, evaluation);
                }
            }
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
            failed = true;
        }
    };

    unsigned threads = batch_threads(facts.size(), options);
    if (threads == 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        pool.reserve(threads - 1);
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();  // the calling thread works too
    }            // the jthreads join here
    if (first_error) std::rethrow_exception(first_error);
}

std::vector<Evaluation> evaluate_batch(const RuleSet& rules, std::span<const Facts> facts,
                                       const BatchOptions& options) {
    std::vector<Evaluation> results(facts.size());
    evaluate_batch(
        rules, facts, [&](std::size_t i, const Evaluation& e) { results[i] = e; }, options);
    return results;
}

}  // namespace ilio
