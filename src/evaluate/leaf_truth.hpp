#pragma once
// The truth of the nodes that read facts directly, from the facts alone. Shared by evaluation
// and by the preparation of exact answers, which asks the same question of every cell of a
// fact's domain: one definition, so the two can never disagree.

#include <cmath>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

inline Truth truth_of(bool b) noexcept {
    return b ? Truth::true_ : Truth::false_;
}

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

/// The borderline band of a comparison, in base units: for one measured fact its band, for two
/// the band of their difference (errors add in quadrature); 0 when nothing read is measured.
inline double comparison_band(const ValueRef* values, std::uint32_t count,
                              const double* bands) noexcept {
    if (!bands) return 0.0;
    double one = 0.0, squares = 0.0;
    int measured = 0;
    for (std::uint32_t k = 0; k < count; ++k)
        if (values[k].kind == OperandKind::fact && bands[values[k].index] > 0) {
            one = bands[values[k].index];
            squares += one * one;
            ++measured;
        }
    return measured > 1 ? std::sqrt(squares) : one;
}

/// Whether a reading `a` lies within the band of threshold `b`: the comparison cannot be
/// decided from it. Exactly at the band's edge is outside it, so a band never reaches a value
/// that a reading equal to the threshold plus the band would decide.
inline bool within_band(double a, double b, double band) noexcept {
    double d = a - b;
    return band > 0 && (d < 0 ? -d : d) < band && !nearly_equal(d < 0 ? -d : d, band);
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
/// or when a measured reading lies within the borderline band of its threshold. `bands`: per
/// fact, the band (Program::fact_band), or nullptr to compare every value exactly.
inline Truth leaf_truth(const Program& p, const EvalNode& n, const std::vector<FactValue>& facts,
                        const double* bands) noexcept {
    const ValueRef* values = p.eval_values.data() + n.first_value;
    auto operand = [&](const ValueRef& o, double& out) {
        return operand_value(p, facts, o.kind, o.index, o.value, out);
    };
    switch (n.op) {
        case NodeOp::fact_bool: {
            const auto& v = facts[n.ref];
            return v.known ? truth_of(v.number != 0.0) : Truth::unknown;
        }
        case NodeOp::compare: {
            double a, b;
            if (!operand(values[0], a) || !operand(values[1], b)) return Truth::unknown;
            if (within_band(a, b, comparison_band(values, 2, bands))) return Truth::unknown;
            return truth_of(compare_values(n.compare, a, b));
        }
        case NodeOp::between: {
            double x, lo, hi;
            if (!operand(values[0], x) || !operand(values[1], lo) || !operand(values[2], hi))
                return Truth::unknown;
            if (double band = comparison_band(values, 3, bands);
                within_band(x, lo, band) || within_band(x, hi, band))
                return Truth::unknown;
            return truth_of(compare_values(CompareOp::greater_equal, x, lo) &&
                            compare_values(CompareOp::less_equal, x, hi));
        }
        case NodeOp::enum_in: {
            const auto& v = facts[n.ref];
            if (!v.known) return Truth::unknown;
            return truth_of(((v.members & n.mask) != 0) != n.negate);
        }
        case NodeOp::set_has_any: {
            const auto& v = facts[n.ref];
            return v.known ? truth_of((v.members & n.mask) != 0) : Truth::unknown;
        }
        case NodeOp::set_has_all: {
            const auto& v = facts[n.ref];
            return v.known ? truth_of((v.members & n.mask) == n.mask) : Truth::unknown;
        }
        default:
            return Truth::unknown;
    }
}

}  // namespace ilio::detail
