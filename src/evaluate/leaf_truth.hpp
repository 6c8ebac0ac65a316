#pragma once
// The truth of the nodes that read facts directly, from the facts alone. Shared by evaluation
// and by the preparation of exact answers, which asks the same question of every cell of a
// fact's domain: one definition, so the two can never disagree.

#include <cmath>
#include <vector>

#include "evaluate/kleene_logic.hpp"
#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

/// A comparison of two values in base units; values this close count as equal
/// (nearly_equal), so a threshold is met exactly as written whatever the units.
inline bool compare_values(CompareOp op, double a, double b) noexcept {
    bool eq = nearly_equal(a, b);
    switch (op) {
        case CompareOp::less:
            return a < b && !eq;
        case CompareOp::less_equal:
            return a < b || eq;
        case CompareOp::greater:
            return a > b && !eq;
        case CompareOp::greater_equal:
            return a > b || eq;
        case CompareOp::equal:
            return eq;
        case CompareOp::not_equal:
            return !eq;
    }
    return false;
}

/// The borderline band of a comparison, in base units: for one measured fact its band; for
/// several, or arithmetic on them, the band of the difference (errors add in quadrature); 0 when
/// nothing read is measured.
inline double comparison_band(const Reading* readings, std::uint32_t count) noexcept {
    double variance = 0.0;
    for (std::uint32_t k = 0; k < count; ++k) variance += readings[k].variance;
    return variance > 0 ? std::sqrt(variance) : 0.0;
}

/// The readings of a comparison's operands (compare: 2, between: 3).
inline void operand_readings(const Program& p, const EvalNode& n,
                             const std::vector<FactValue>& facts, const ReadingContext* context,
                             Reading* out) noexcept {
    const ValueRef* values = p.eval_values.data() + n.first_value;
    std::uint32_t count = n.op == NodeOp::compare ? 2u : 3u;
    for (std::uint32_t k = 0; k < count; ++k)
        out[k] =
            operand_reading(p, facts, context, values[k].kind, values[k].index, values[k].value);
}

/// Whether a reading `a` lies within the band of threshold `b`: the comparison cannot be
/// decided from it. Exactly at the band's edge is outside it, so a band never reaches a value
/// that a reading equal to the threshold plus the band would decide.
inline bool within_band(double a, double b, double band) noexcept {
    double d = a - b;
    return band > 0 && (d < 0 ? -d : d) < band && !nearly_equal(d < 0 ? -d : d, band);
}

/// A fact's value against a fixed threshold, the shape most comparisons have: unknown when the
/// fact is missing or its reading lies within `band` (the fact's) of the threshold.
[[gnu::always_inline]] inline Truth fact_against_literal(const FactValue& v, CompareOp op,
                                                         double literal, double band) noexcept {
    if (!v.known) return Truth::unknown;
    if (within_band(v.number, literal, band)) return Truth::unknown;
    return truth_of(compare_values(op, v.number, literal));
}

inline Truth fact_bool_truth(const FactValue& v) noexcept {
    return v.known ? truth_of(v.number != 0.0) : Truth::unknown;
}
inline Truth enum_in_truth(const FactValue& v, std::uint64_t mask, bool negate) noexcept {
    return v.known ? truth_of(((v.members & mask) != 0) != negate) : Truth::unknown;
}
inline Truth set_has_any_truth(const FactValue& v, std::uint64_t mask) noexcept {
    return v.known ? truth_of((v.members & mask) != 0) : Truth::unknown;
}
inline Truth set_has_all_truth(const FactValue& v, std::uint64_t mask) noexcept {
    return v.known ? truth_of((v.members & mask) == mask) : Truth::unknown;
}

/// Whether expression `e` is the difference of two plain readings of facts, `x - y` with each
/// a fact now, at the first visit or at the visit before (`thomas.thigh_angle - baseline
/// thomas.thigh_angle`): the shape a change since an earlier visit has.
inline bool is_difference_of_readings(const Program& p, std::uint32_t e) noexcept {
    const auto& ex = p.expressions[e];
    if (ex.step_count != 3) return false;
    const ArithStep* s = p.arith_steps.data() + ex.first_step;
    auto reads_fact = [](const ArithStep& step) {
        return step.op == ArithOp::value &&
               (step.kind == OperandKind::fact || step.kind == OperandKind::fact_at_baseline ||
                step.kind == OperandKind::fact_at_previous);
    };
    return reads_fact(s[0]) && reads_fact(s[1]) && s[2].op == ArithOp::subtract;
}

/// What expression_reading gives for such a difference, without its general loop: unknown when
/// a fact is missing, undefined when the difference leaves the finite numbers, a change when
/// either side is read at an earlier visit.
[[gnu::always_inline]] inline Reading difference_reading(const Program& p,
                                                         const std::vector<FactValue>& facts,
                                                         const ReadingContext* context,
                                                         std::uint32_t e) noexcept {
    const ArithStep* s = p.arith_steps.data() + p.expressions[e].first_step;
    Reading x = plain_reading(p, facts, context, s[0].kind, s[0].index, s[0].value);
    if (!x.known) return {0.0, 0.0, false, true};
    Reading y = plain_reading(p, facts, context, s[1].kind, s[1].index, s[1].value);
    if (!y.known) return {0.0, 0.0, false, true};
    Reading out;
    out.value = x.value - y.value;
    out.variance = x.variance + y.variance;
    out.defined = std::isfinite(out.value) && std::isfinite(out.variance);
    out.change = s[0].kind != OperandKind::fact || s[1].kind != OperandKind::fact;
    return out;
}

/// A comparison of two readings, the second exact (a literal or a parameter): unknown when one
/// cannot be known or the first lies within the band of the second; a change within its band
/// (the minimal detectable change) is no real change: not above or below, and equal.
[[gnu::always_inline]] inline Truth compare_readings(const Reading& a, const Reading& b,
                                                     CompareOp op) noexcept {
    if (!a.usable() || !b.usable()) return Truth::unknown;
    Reading r[2] = {a, b};
    if (within_band(a.value, b.value, comparison_band(r, 2))) {
        if (!a.change && !b.change) return Truth::unknown;
        return truth_of(op == CompareOp::equal);
    }
    return truth_of(compare_values(op, a.value, b.value));
}

/// Whether a comparison reads one fact against a literal (fact_against_literal).
inline bool is_fact_against_literal(const Program& p, const EvalNode& n) noexcept {
    if (n.op != NodeOp::compare) return false;
    const ValueRef* values = p.eval_values.data() + n.first_value;
    return values[0].kind == OperandKind::fact && values[1].kind == OperandKind::literal;
}

inline bool reads_facts(NodeOp op) noexcept {
    switch (op) {
        case NodeOp::fact_bool:
        case NodeOp::compare:
        case NodeOp::between:
        case NodeOp::enum_in:
        case NodeOp::set_has_any:
        case NodeOp::set_has_all:
            return true;
        default:
            return false;
    }
}

/// The truth of a node for which reads_facts() holds; unknown when a fact it reads is missing,
/// or when a measured reading lies within the borderline band of its threshold. `context`:
/// the bands and earlier visits, or nullptr to compare every value exactly.
[[gnu::always_inline]] inline Truth leaf_truth(const Program& p, const EvalNode& n,
                                               const std::vector<FactValue>& facts,
                                               const ReadingContext* context) noexcept {
    switch (n.op) {
        case NodeOp::fact_bool:
            return fact_bool_truth(facts[n.ref]);
        case NodeOp::compare: {
            const ValueRef* values = p.eval_values.data() + n.first_value;
            if (is_fact_against_literal(p, n)) {
                // Most comparisons read one fact against a fixed threshold: the general path
                // below, without its readings. Its band is the fact's (the root of its square,
                // exact in binary floating point), and a plain reading is never a change.
                auto f = values[0].index;
                return fact_against_literal(facts[f], n.compare, values[1].value,
                                            context && context->bands ? context->bands[f] : 0.0);
            }
            // A single reading near a threshold asks to be measured again; a change between
            // readings within the minimal detectable change is no real change.
            Reading r[2];
            operand_readings(p, n, facts, context, r);
            return compare_readings(r[0], r[1], n.compare);
        }
        case NodeOp::between: {
            Reading r[3];
            operand_readings(p, n, facts, context, r);
            if (!r[0].usable() || !r[1].usable() || !r[2].usable()) return Truth::unknown;
            double x = r[0].value, lo = r[1].value, hi = r[2].value;
            if (double band = comparison_band(r, 3);
                within_band(x, lo, band) || within_band(x, hi, band))
                return Truth::unknown;
            return truth_of(compare_values(CompareOp::greater_equal, x, lo) &&
                            compare_values(CompareOp::less_equal, x, hi));
        }
        case NodeOp::enum_in:
            return enum_in_truth(facts[n.ref], n.mask, n.negate);
        case NodeOp::set_has_any:
            return set_has_any_truth(facts[n.ref], n.mask);
        case NodeOp::set_has_all:
            return set_has_all_truth(facts[n.ref], n.mask);
        default:
            return Truth::unknown;
    }
}

}  // namespace ilio::detail
