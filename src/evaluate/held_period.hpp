#pragma once
// A comparison held over a period (`x > 0 deg at every visit for at least 6 week`): the visits
// before the latest that its period reaches, each read as it was recorded. One walk serves
// evaluation (the truth at the earlier visits, once per patient) and explanations (which visits,
// with what values), so the two can never disagree.

#include <cstdint>
#include <vector>

#include "evaluate/leaf_truth.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

/// What the earlier visits of a held comparison's period say.
struct HeldHistory {
    /// Kleene `and` of the comparison at the earlier visits walked: false at the first visit
    /// where it is decided false (the walk stops there).
    Truth earlier = Truth::true_;
    /// Whether a visit at least the period before the latest was reached: without one the
    /// visits do not span the period, and the condition cannot have held for it.
    bool spans = false;
    /// From the earliest visit walked to the latest, in seconds (0 when none was walked).
    double span = 0.0;
    /// The period, in seconds.
    double period = 0.0;
    /// The truth over the period without the latest visit: false when the visits do not span
    /// it.
    Truth truth() const noexcept { return spans ? earlier : Truth::false_; }
};

/// Walks the visits before the latest, latest first, back to the first visit that lies at
/// least the period before the latest, calling `visit(i, truth)` for each (i: the visit's
/// index, 0 the first). A reading missing at a visit is unknown there (the comparison's
/// `constant` when its fact's whole domain answers alike), never another visit's value; a
/// borderline reading is unknown. Allocates nothing.
template <typename Visit>
HeldHistory walk_held_period(const Program& p, std::uint32_t held, const Facts& facts,
                             const double* bands, Visit visit) {
    const EvalNode& h = p.eval_nodes[held];
    const EvalNode& comparison = p.eval_nodes[p.children[h.first_child]];
    const ValueRef& d = p.eval_values[h.first_value];
    HeldHistory out;
    out.period = plain_reading(p, facts.values(), nullptr, d.kind, d.index, d.value).value;
    auto count = facts.visit_count();
    auto latest = facts.visit_date(count - 1);
    if (!latest) return out;  // one undated visit: no time has passed
    ReadingContext context;
    context.bands = bands;
    for (auto i = count - 1; i-- > 0;) {
        auto date = facts.visit_date(i);
        if (!date) break;  // only the first visit of a lone undated patient; never reached
        Truth t = leaf_truth(p, comparison, facts.visit_values(i), &context);
        if (t == Truth::unknown) t = comparison.constant;
        visit(static_cast<std::size_t>(i), t);
        out.span = (*latest - *date) * seconds_per_day;
        if (t == Truth::false_) {
            out.earlier = Truth::false_;
            out.spans = true;  // decided: whatever came before
            return out;
        }
        if (t == Truth::unknown) out.earlier = Truth::unknown;
        if (compare_values(CompareOp::greater_equal, out.span, out.period)) {
            out.spans = true;
            return out;
        }
    }
    return out;
}

/// Per node, for each held comparison of the program, its truth at the earlier visits of its
/// period; `history` is sized to the program's nodes once, so this allocates nothing.
inline void held_history(const Program& p, const Facts& facts, const double* bands,
                         std::vector<Truth>& history) {
    for (auto n : p.held_nodes)
        history[n] = walk_held_period(p, n, facts, bands, [](std::size_t, Truth) {}).truth();
}

}  // namespace ilio::detail
