#include "evaluate/truth_plan.hpp"

#include <bit>

#include "evaluate/leaf_truth.hpp"

namespace ilio::detail {

namespace {

TruthStep step_of(const Program& p, std::uint32_t index) {
    const EvalNode& n = p.eval_nodes[index];
    TruthStep s;
    s.node = index;
    s.fallback = n.constant;
    s.compare = n.compare;
    s.negate = n.negate;
    s.bits = n.mask;
    switch (n.op) {
        case NodeOp::constant:
            s.op = TruthOp::constant;
            break;
        case NodeOp::criterion_ref:
            s.op = TruthOp::copy;
            s.a = p.criterion_root[n.ref];
            break;
        case NodeOp::conclusion_ref:
            s.op = TruthOp::copy;
            s.a = p.conclusion_slot(n.ref);
            break;
        case NodeOp::score_sum:
            s.op = TruthOp::score_total;
            s.a = n.ref;
            break;
        case NodeOp::logical_not:
            s.op = TruthOp::logical_not;
            s.a = p.children[n.first_child];
            break;
        case NodeOp::logical_and:
        case NodeOp::logical_or:
            s.op = n.op == NodeOp::logical_and ? TruthOp::logical_and : TruthOp::logical_or;
            s.a = n.first_child;
            s.b = n.child_count;
            break;
        case NodeOp::fact_bool:
        case NodeOp::enum_in:
        case NodeOp::set_has_any:
        case NodeOp::set_has_all:
            s.op = n.op == NodeOp::fact_bool     ? TruthOp::fact_bool
                   : n.op == NodeOp::enum_in     ? TruthOp::enum_in
                   : n.op == NodeOp::set_has_any ? TruthOp::set_has_any
                                                 : TruthOp::set_has_all;
            s.a = n.ref;
            break;
        case NodeOp::compare:
            if (is_fact_against_literal(p, n)) {
                s.op = TruthOp::fact_against_literal;
                s.a = p.eval_values[n.first_value].index;
                s.bits = std::bit_cast<std::uint64_t>(p.eval_values[n.first_value + 1].value);
            }
            break;
        default:  // between, held, at least, score comparisons: the pass's general rules
            break;
    }
    return s;
}

/// The step after a conclusion's condition: its truth from the roots its status reads.
TruthStep conclusion_truth_step(const Program& p, ConclusionIndex c, std::uint32_t condition) {
    auto root_of = [&](const std::vector<std::uint32_t>& item_of, std::uint32_t index) {
        if (index == no_index || item_of[index] == no_index) return no_index;
        return p.items[item_of[index]].root();
    };
    const auto& context = p.conclusion_context[c];
    TruthStep s;
    s.op = TruthOp::conclusion_truth;
    s.node = p.conclusion_slot(c);
    s.a = condition;
    s.b = root_of(p.gate_item, context.step);
    s.bits = std::uint64_t{root_of(p.population_item, context.shared_population)} |
             std::uint64_t{root_of(p.population_item, context.own_population)} << 32;
    return s;
}

}  // namespace

void build_truth_plan(Program& p) {
    p.truth_steps.clear();
    p.item_steps.clear();
    p.item_decided_by.clear();
    p.truth_steps.reserve(p.eval_nodes.size() + p.items.size());
    for (const auto& item : p.items) {
        p.item_steps.push_back(static_cast<std::uint32_t>(p.truth_steps.size()));
        for (auto n = item.node_begin; n < item.node_end; ++n)
            p.truth_steps.push_back(step_of(p, n));
        p.item_decided_by.push_back(item.root());
        TruthStep settle;
        settle.node = item.root();
        settle.a = item.index;
        switch (item.kind) {
            case ItemKind::conclusion:
                p.truth_steps.push_back(conclusion_truth_step(p, item.index, item.root()));
                p.item_decided_by.back() = p.conclusion_slot(item.index);
                break;
            case ItemKind::gate:
                settle.op = TruthOp::gate_state;
                p.truth_steps.push_back(settle);
                break;
            case ItemKind::population:
                settle.op = TruthOp::population_answer;
                p.truth_steps.push_back(settle);
                break;
            case ItemKind::criterion:
            case ItemKind::score:
                break;
        }
    }
    p.item_steps.push_back(static_cast<std::uint32_t>(p.truth_steps.size()));
}

}  // namespace ilio::detail
