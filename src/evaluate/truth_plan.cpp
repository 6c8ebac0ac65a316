#include "evaluate/truth_plan.hpp"

#include <algorithm>
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
        case NodeOp::compare: {
            const ValueRef* values = p.eval_values.data() + n.first_value;
            if (is_fact_against_literal(p, n)) {
                s.op = TruthOp::fact_against_literal;
                s.a = values[0].index;
                s.bits = std::bit_cast<std::uint64_t>(values[1].value);
            } else if (values[0].kind == OperandKind::expression &&
                       values[1].kind == OperandKind::literal &&
                       is_difference_of_readings(p, values[0].index)) {
                s.op = TruthOp::difference_against_literal;
                s.a = values[0].index;
                s.bits = std::bit_cast<std::uint64_t>(values[1].value);
            }
            break;
        }
        default:  // between, held, at least, score comparisons: the pass's general rules
            break;
    }
    return s;
}

/// The step after a conclusion's condition: its truth from the truths its status reads
/// (`source`: where each node's truth is worked out, see build_truth_plan).
TruthStep conclusion_truth_step(const Program& p, ConclusionIndex c,
                                const std::vector<std::uint32_t>& source) {
    auto root_of = [&](const std::vector<std::uint32_t>& item_of, std::uint32_t index) {
        if (index == no_index || item_of[index] == no_index) return p.true_slot();
        return source[p.items[item_of[index]].root()];
    };
    const auto& context = p.conclusion_context[c];
    TruthStep s;
    s.op = TruthOp::conclusion_truth;
    s.node = p.conclusion_slot(c);
    s.a = source[p.items[p.conclusion_item[c]].root()];
    s.b = root_of(p.gate_item, context.step);
    s.bits = std::uint64_t{root_of(p.population_item, context.shared_population)} |
             std::uint64_t{root_of(p.population_item, context.own_population)} << 32;
    return s;
}

/// The nodes a step reads through its node rather than from the step (a general node's
/// children, a score's choices): a reference among them keeps a step of its own.
std::vector<std::uint8_t> read_through_nodes(const Program& p) {
    std::vector<std::uint8_t> read(p.eval_nodes.size(), 0);
    for (std::uint32_t n = 0; n < p.eval_nodes.size(); ++n) {
        auto op = step_of(p, n).op;
        if (op != TruthOp::general && op != TruthOp::score_total) continue;
        const auto& node = p.eval_nodes[n];
        for (std::uint32_t k = 0; k < node.child_count; ++k)
            read[p.children[node.first_child + k]] = 1;
    }
    for (const auto& choice : p.score_choices) read[choice.node] = 1;
    return read;
}

/// Calls `read(n)` for every truth step `s` reads (see Evaluator::step_truth): operands, a
/// logical node's children, a conclusion's condition, gate and populations, a score's choices,
/// and for a general node its children and the total of a score it compares.
template <typename Read>
void for_each_truth_read(const Program& p, const TruthStep& s, Read read) {
    switch (s.op) {
        case TruthOp::copy:
        case TruthOp::logical_not:
            read(s.a);
            break;
        case TruthOp::logical_and:
        case TruthOp::logical_or:
            for (std::uint32_t k = 0; k < s.b; ++k) read(p.truth_children[s.a + k]);
            break;
        case TruthOp::and_pair:
        case TruthOp::or_pair:
            read(s.a);
            read(s.b);
            break;
        case TruthOp::conclusion_truth: {
            read(s.a);
            read(s.b);
            auto [shared, own] = conclusion_populations(s);
            read(shared);
            read(own);
            break;
        }
        case TruthOp::gate_state:
        case TruthOp::population_answer:
            read(s.node);  // the root, settled: it must be worked out first
            break;
        case TruthOp::score_total: {
            const auto& score = p.score_data[s.a];
            for (auto i = score.first_part; i < score.first_part + score.part_count; ++i) {
                const auto& part = p.score_parts[i];
                for (auto k = part.first_choice; k < part.first_choice + part.choice_count; ++k)
                    read(p.score_choices[k].node);
            }
            break;
        }
        case TruthOp::general: {
            const auto& node = p.eval_nodes[s.node];
            for (std::uint32_t k = 0; k < node.child_count; ++k)
                read(p.children[node.first_child + k]);
            if (node.op == NodeOp::score_compare) read(p.items[p.score_item[node.ref]].root());
            break;
        }
        default:  // a constant, or a leaf reading facts only
            break;
    }
}

/// Program::grouped_steps and step_groups from the plan in evaluation order.
void group_steps(Program& p) {
    std::vector<std::uint32_t> level_of(p.true_slot() + 1, 0);  // per truth written
    std::vector<std::uint32_t> level(p.truth_steps.size());
    for (std::size_t i = 0; i < p.truth_steps.size(); ++i) {
        const auto& s = p.truth_steps[i];
        std::uint32_t l = 0;
        for_each_truth_read(p, s, [&](std::uint32_t n) { l = std::max(l, level_of[n] + 1); });
        level[i] = l;
        level_of[s.node] = l;
    }
    std::vector<std::uint32_t> order(p.truth_steps.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        if (level[a] != level[b]) return level[a] < level[b];
        return p.truth_steps[a].op < p.truth_steps[b].op;
    });
    p.grouped_steps.clear();
    p.step_groups.clear();
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        const auto& s = p.truth_steps[order[k]];
        bool same = k > 0 && level[order[k - 1]] == level[order[k]] &&
                    p.truth_steps[order[k - 1]].op == s.op;
        if (!same) p.step_groups.push_back({s.op, k, k});
        p.grouped_steps.push_back(s);
        p.step_groups.back().end = k + 1;
    }
}

}  // namespace

void build_truth_plan(Program& p) {
    p.truth_steps.clear();
    p.item_steps.clear();
    p.item_decided_by.clear();
    p.truth_children.clear();
    p.truth_copies.clear();
    p.item_copies.clear();
    p.truth_steps.reserve(p.eval_nodes.size() + p.items.size());
    // Where each node's truth is worked out: the node itself, or for a reference the truth it
    // copies, followed through references of references. Items are in evaluation order, so
    // what a reference reads is resolved before it. Reading the referred truth rather than the
    // reference's copy is what a pass over a cone already relies on: an item outside the cone
    // keeps a value at least as precise as the answer's, and a reference to it is exactly as
    // precise (exact answers decide an item and what it is a reference to alike).
    std::vector<std::uint32_t> source(p.eval_nodes.size() + p.conclusions.size());
    for (std::uint32_t n = 0; n < source.size(); ++n) source[n] = n;
    auto read_through = read_through_nodes(p);
    for (const auto& item : p.items) {
        p.item_steps.push_back(static_cast<std::uint32_t>(p.truth_steps.size()));
        p.item_copies.push_back(static_cast<std::uint32_t>(p.truth_copies.size()));
        for (auto n = item.node_begin; n < item.node_end; ++n) {
            TruthStep s = step_of(p, n);
            switch (s.op) {
                case TruthOp::copy:
                    s.a = source[s.a];
                    if (!read_through[n]) {
                        source[n] = s.a;
                        p.truth_copies.push_back({n, s.a});
                        continue;
                    }
                    break;
                case TruthOp::logical_not:
                    s.a = source[s.a];
                    break;
                case TruthOp::logical_and:
                case TruthOp::logical_or: {
                    if (s.b == 2) {  // read from the step, without truth_children
                        s.op = s.op == TruthOp::logical_and ? TruthOp::and_pair : TruthOp::or_pair;
                        std::uint32_t first = p.children[s.a];
                        s.b = source[p.children[s.a + 1]];
                        s.a = source[first];
                        break;
                    }
                    auto first = static_cast<std::uint32_t>(p.truth_children.size());
                    for (std::uint32_t k = 0; k < s.b; ++k)
                        p.truth_children.push_back(source[p.children[s.a + k]]);
                    s.a = first;
                    break;
                }
                default:
                    break;
            }
            p.truth_steps.push_back(s);
        }
        auto root = source[item.root()];
        p.item_decided_by.push_back(root);
        TruthStep settle;
        settle.node = root;  // read, and written back unchanged
        settle.a = item.index;
        switch (item.kind) {
            case ItemKind::conclusion:
                p.truth_steps.push_back(conclusion_truth_step(p, item.index, source));
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
    p.item_copies.push_back(static_cast<std::uint32_t>(p.truth_copies.size()));
    group_steps(p);
}

}  // namespace ilio::detail
