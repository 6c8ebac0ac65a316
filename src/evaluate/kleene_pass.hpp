#pragma once
// One forward pass of three-valued (Kleene) evaluation over a program's items in topological
// order. The evaluation of a patient is one pass; exact answers run one more per case.

#include <cstdint>
#include <span>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

/// What a conclusion's status says of it to whatever reads it: withheld and out of population
/// are never false, as the rule has not decided, so nothing can be decided through them.
inline Truth status_truth(ConclusionStatus s) noexcept {
    switch (s) {
        case ConclusionStatus::fired:
            return Truth::true_;
        case ConclusionStatus::not_applicable:
            return Truth::false_;
        default:
            return Truth::unknown;
    }
}

/// Sizes every buffer of a pass for a program, once; passes into it then allocate nothing.
void size_pass_values(const Program& p, PassValues& values);

/// What a pass works out besides statuses.
enum class PassDetail : std::uint8_t {
    with_closers,   ///< which conclusion closed each gate (explanations read it)
    statuses_only,  ///< only truths, holds and statuses: closers are left as they were
};

/// Evaluates every item. `context`: the readings' bands and the earlier visits (leaf_truth).
void run_kleene_pass(const Program& p, const std::vector<FactValue>& facts, PassValues& values,
                     const ReadingContext* context, PassDetail detail);

/// Evaluates only `items`, in ascending order (evaluation order); the others keep their values
/// in `values`. Exact answers and facts needed next re-evaluate only what a case can change,
/// so a case costs what its cone holds, not what the rule set holds.
void run_kleene_pass(const Program& p, const std::vector<FactValue>& facts, PassValues& values,
                     const ReadingContext* context, std::span<const std::uint32_t> items,
                     PassDetail detail);

/// The bands a patient's readings have: nullptr when no fact of the program is measured.
inline const double* reading_bands(const Program& p) noexcept {
    return p.error_k == no_index ? nullptr : p.fact_band.data();
}

/// A patient's reading context: the bands, the first visit and the one before the latest, and
/// the time since each (when both visits are dated). Points into `facts`; allocates nothing.
inline ReadingContext reading_context(const Program& p, const Facts& facts) noexcept {
    ReadingContext c;
    c.bands = reading_bands(p);
    auto visits = facts.visit_count();
    c.baseline = facts.baseline_values().data();
    if (const auto* previous = facts.previous_values()) c.previous = previous->data();
    auto latest = facts.visit_date(visits - 1);
    // `time since` a date fact counts to the evaluation date, or to the latest visit's.
    if (auto now = facts.evaluated_on() ? facts.evaluated_on() : latest) {
        c.now = *now * seconds_per_day;
        c.now_known = true;
    }
    if (auto first = facts.visit_date(0); first && latest) {
        c.since_baseline = (*latest - *first) * seconds_per_day;
        c.since_baseline_known = true;
    }
    if (visits > 1)
        if (auto before = facts.visit_date(visits - 2); before && latest) {
            c.since_previous = (*latest - *before) * seconds_per_day;
            c.since_previous_known = true;
        }
    return c;
}

}  // namespace ilio::detail
