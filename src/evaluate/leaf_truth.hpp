#pragma once
// The truth of the nodes that read facts directly, from the facts alone. Shared by evaluation
// and by the preparation of exact answers, which asks the same question of every cell of a
// fact's domain: one definition, so the two can never disagree.

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

/// The truth of a node for which reads_facts() holds; unknown when a fact it reads is missing.
inline Truth leaf_truth(const Program& p, const EvalNode& n,
                        const std::vector<FactValue>& facts) noexcept {
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
            return truth_of(compare_values(n.compare, a, b));
        }
        case NodeOp::between: {
            double x, lo, hi;
            if (!operand(values[0], x) || !operand(values[1], lo) || !operand(values[2], hi))
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
