#pragma once
// Evaluating many patients at once, on several threads. Each thread reuses one Evaluation, so
// the evaluation itself allocates nothing after each thread's first patient; a visitor takes
// what it needs from each result while the thread still holds it.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"

namespace ilio {

struct BatchOptions {
    /// Threads to use; 0 means std::thread::hardware_concurrency(). Never more than the
    /// number of patients; 1 evaluates on the calling thread.
    unsigned threads = 0;
};

/// Called once per patient, on a worker thread, with the patient's index in the input and its
/// evaluation, which is valid only during the call. Calls for different indices run
/// concurrently and in no particular order: write results to slot `index` to keep input order.
using BatchVisitor = std::function<void(std::size_t index, const Evaluation& evaluation)>;

/// Evaluates `facts[i]` for every i and calls `visit(i, evaluation)`. Every Facts must be bound
/// to `rules` (std::invalid_argument names the first that is not). If a visitor throws, the
/// remaining patients are skipped and the first exception is rethrown once every thread has
/// stopped.
void evaluate_batch(const RuleSet& rules, std::span<const Facts> facts, const BatchVisitor& visit,
                    const BatchOptions& options = {});

/// The same, returning every evaluation in input order (one allocation set per patient).
std::vector<Evaluation> evaluate_batch(const RuleSet& rules, std::span<const Facts> facts,
                                       const BatchOptions& options = {});

/// The threads evaluate_batch would use for `patients` patients.
unsigned batch_threads(std::size_t patients, const BatchOptions& options = {}) noexcept;

}  // namespace ilio
