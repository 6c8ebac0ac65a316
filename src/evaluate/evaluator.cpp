// Evaluation: one forward pass over the items in topological order, Kleene logic at every node.
// All buffers live in the caller's Evaluation and are sized once per rule set, so evaluating
// again into the same Evaluation allocates nothing.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>

#include "evaluate/exact_answers.hpp"
#include "evaluate/held_period.hpp"
#include "evaluate/kleene_pass.hpp"
#include "evaluate/leaf_truth.hpp"
#include "evaluate/needed_facts.hpp"
#include "evaluate/patient_copy.hpp"
#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "ilio/version.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

using detail::CompareOp;
using detail::ItemKind;
using detail::no_index;
using detail::Node;
using detail::NodeOp;
using detail::OperandKind;
using detail::Program;

using detail::kleene_not;
using detail::or_fallback;
using detail::truth_of;

bool blocks_release(ConclusionKind kind) {
    return kind == ConclusionKind::red_flag || kind == ConclusionKind::referral ||
           kind == ConclusionKind::caution || kind == ConclusionKind::escalation;
}

/// For each undecided item, the missing facts (and borderline readings) that could still decide
/// it: those read by its
/// unknown root and, below it, by each unknown child of such a node (once per read); and the items
/// that its unknown references lead to (a criterion's, a conclusion's condition, gate and
/// populations, a score's). A decided node can no longer change (Kleene logic is monotone), so
/// nothing beneath it is worth asking for, nor anything it refers to. The lists go into buffers
/// sized for every fact read and reference of the program, so nothing allocates.
void collect_open_facts(const Program& p, const std::vector<Truth>& nodes,
                        const std::vector<std::uint8_t>& known, const double* bands,
                        std::vector<std::uint8_t>& open, detail::OpenPartsValues& parts) {
    // Sized for every read (size_open_parts): written through pointers, as a push_back's
    // capacity check per read cost more than the walk.
    std::uint32_t* begin = parts.facts_begin.data();
    std::uint32_t* refs_begin = parts.refs_begin.data();
    FactIndex* facts = parts.facts.data();
    std::uint32_t* refs = parts.refs.data();
    std::uint32_t fact_count = 0, ref_count = 0;
    const std::uint32_t* node_facts_begin = p.node_facts_begin.data();
    const std::uint32_t* node_refs_begin = p.node_refs_begin.data();
    for (std::uint32_t i = 0; i < p.items.size(); ++i) {
        const auto& item = p.items[i];
        begin[i] = fact_count;
        refs_begin[i] = ref_count;
        if (nodes[item.root()] != Truth::unknown) continue;
        // `open` is all zeros between walks: each flag set is cleared where it is read.
        open[item.root()] = 1;
        for (auto n = item.node_end; n-- > item.node_begin;) {  // parents before children
            if (!open[n]) {
                // Nothing below a closed node is open: on to the node before its subtree.
                n = p.subtree_begin[n];
                continue;
            }
            open[n] = 0;
            const auto& node = p.eval_nodes[n];
            const FactIndex* read = p.node_facts.data() + node_facts_begin[n];
            const FactIndex* read_end = p.node_facts.data() + node_facts_begin[n + 1];
            // An open leaf whose facts are all known holds a borderline reading: re-measuring
            // it could decide the item, as asking for a missing fact could.
            bool all_known = true;
            for (auto* f = read; f != read_end; ++f) all_known = all_known && known[*f];
            for (auto* f = read; f != read_end; ++f)  // once per read: exact answers count them
                if (!known[*f] || (all_known && bands && bands[*f] > 0)) facts[fact_count++] = *f;
            for (auto k = node_refs_begin[n]; k < node_refs_begin[n + 1]; ++k)
                refs[ref_count++] = p.node_refs[k];
            for (std::uint32_t k = 0; k < node.child_count; ++k) {
                auto kid = p.children[node.first_child + k];
                if (nodes[kid] == Truth::unknown) open[kid] = 1;
            }
        }
    }
    begin[p.items.size()] = fact_count;
    refs_begin[p.items.size()] = ref_count;
}

/// Sizes collect_open_facts' buffers for every read of the program: allocates only the first
/// time (and after a copy, which keeps sizes but not capacities).
void size_open_parts(const Program& p, detail::OpenPartsValues& parts) {
    parts.facts.resize(p.node_facts.size());
    parts.refs.resize(p.node_refs.size());
}

/// Whether `values` (of a one-byte enum: a status, a step's state) holds `value`: memchr, as
/// std::find compares a byte at a time, and evaluate() asks three times of every patient. An
/// empty vector's data() may be null, which memchr must not be given even for no bytes.
template <typename Enum>
bool holds(const std::vector<Enum>& values, Enum value) noexcept {
    static_assert(sizeof(Enum) == 1);
    return !values.empty() &&
           std::memchr(values.data(), static_cast<unsigned char>(value), values.size()) != nullptr;
}

/// Whether a conclusion stayed unknown: evaluate() then keeps the patient, and only then do
/// the facts needed next have anything to work out.
bool any_unknown_status(const detail::PassValues& pass) {
    return holds(pass.status, ConclusionStatus::unknown);
}

void mark_known(const std::vector<FactValue>& facts, std::vector<std::uint8_t>& known) {
    for (std::size_t f = 0; f < facts.size(); ++f) known[f] = facts[f].known;
}

detail::OpenParts view(const detail::OpenPartsValues& v) {
    return detail::OpenParts{v.facts_begin, v.facts, v.refs_begin, v.refs};
}

class Evaluator {
  public:
    Evaluator(const Program& p, const std::vector<FactValue>& facts,
              const detail::ReadingContext* context, detail::PassValues& values)
        : p_(p), facts_(facts), context_(context), v_(values) {}

    /// Evaluates every item, from open steps.
    template <bool Closers>
    void run_all() {
        std::fill(v_.steps.begin(), v_.steps.end(), StepState::open);
        if constexpr (Closers) std::fill(v_.step_closer.begin(), v_.step_closer.end(), no_index);
        // Truths first, every step of the plan in its group: no truth reads a status, a hold
        // or a closer (a conclusion's truth is its condition's, gate's and populations', see
        // TruthOp::conclusion_truth). Then what reads them, item by item.
        run_groups();
        copy_references(0, static_cast<std::uint32_t>(p_.truth_copies.size()));
        for (std::uint32_t i = 0; i < p_.items.size(); ++i) settle<Closers>(i);
    }

    /// Evaluates the listed items (ascending); the others keep their values.
    template <bool Closers>
    void run_items(std::span<const std::uint32_t> items) {
        for (auto i : items)
            run_steps(p_.truth_steps.data() + p_.item_steps[i],
                      p_.truth_steps.data() + p_.item_steps[i + 1]);
        for (auto i : items) {
            copy_references(p_.item_copies[i], p_.item_copies[i + 1]);
            settle<Closers>(i);
        }
    }

  private:
    /// Gives references (truth_copies[begin … end)) the truths they refer to, which the steps
    /// read directly: settling and every reader after the pass read the references' own.
    void copy_references(std::uint32_t begin, std::uint32_t end) {
        Truth* nodes = v_.nodes.data();
        const auto* c = p_.truth_copies.data() + begin;
        const auto* last = p_.truth_copies.data() + end;
        // Four at a time, every read before any write: a copy reads a truth the plan worked
        // out, never another reference's, so no write here changes what another copy reads.
        for (; last - c >= 4; c += 4) {
            Truth t0 = nodes[c[0].from], t1 = nodes[c[1].from];
            Truth t2 = nodes[c[2].from], t3 = nodes[c[3].from];
            nodes[c[0].to] = t0;
            nodes[c[1].to] = t1;
            nodes[c[2].to] = t2;
            nodes[c[3].to] = t3;
        }
        for (; c != last; ++c) nodes[c->to] = nodes[c->from];
    }

    /// The plan's steps settle a decided item as they decide it (a conclusion's status, a
    /// gate's state, a population's answer: TruthOp::conclusion_truth, gate_state,
    /// population_answer); an item left undecided is settled here, after every truth. With
    /// closers, every item is.
    template <bool Closers>
    [[gnu::always_inline]] void settle(std::uint32_t i) {
        if (Closers || v_.nodes[p_.item_decided_by[i]] == Truth::unknown) settle_item<Closers>(i);
    }

    /// What an item's truths leave to work out: why an unknown one is held open, a gate's
    /// state, a conclusion's status, a population's answer and, with `Closers`, which
    /// conclusion closed each gate, which only explanations read (withheld_by,
    /// step_closed_by). Reads the truths of every item and what the items before it settled.
    // Inlined into the loops over items: the call's prologue and epilogue cost more than a
    // small item (callgrind).
    template <bool Closers>
    [[gnu::always_inline]] void settle_item(std::uint32_t i) {
        const auto& item = p_.items[i];
        Truth value = v_.nodes[item.root()];
        // Holds are read only where a truth stayed unknown (hold_of, conclude, a gate), so an
        // item decided at its root has none worth working out. A node reading no conclusion
        // holds nothing, for every patient: its hold stays none from the start. (Its parents
        // read no conclusion through it, so the root's mark says whether any node does.)
        std::uint32_t held = no_index;
        if (value == Truth::unknown && p_.node_may_close[item.root()]) {
            for (auto n = item.node_begin; n < item.node_end; ++n)
                if (p_.node_may_close[n]) v_.node_hold[n] = hold_of(n);
            held = v_.node_hold[item.root()];
        }
        if constexpr (Closers)
            for (auto n = item.node_begin; n < item.node_end; ++n)
                v_.node_closer[n] = p_.node_may_close[n] ? closer_of(n) : no_index;
        switch (item.kind) {
            case ItemKind::gate: {
                if constexpr (Closers) v_.step_closer[item.index] = no_index;
                // A gate left undecided by a withheld conclusion is closed by the same gate.
                if (value == Truth::unknown && detail::is_withheld_hold(held)) {
                    v_.steps[item.index] = StepState::closed;
                    if constexpr (Closers) v_.step_closer[item.index] = v_.step_closer[held];
                    return;
                }
                v_.steps[item.index] = value == Truth::true_    ? StepState::open
                                       : value == Truth::false_ ? StepState::closed
                                                                : StepState::undecided;
                if constexpr (Closers)
                    if (value == Truth::false_)
                        v_.step_closer[item.index] = v_.node_closer[item.root()];
                return;
            }
            case ItemKind::conclusion:
                conclude<Closers>(item.index, value, held);
                return;
            case ItemKind::population:
                v_.populations[item.index] = value;
                return;
            case ItemKind::score:  // its total is a truth (TruthOp::score_total)
            case ItemKind::criterion:
                return;
        }
    }

    /// `held`: what keeps an undecided condition open besides missing facts (a withheld or
    /// out-of-population conclusion it reads), or no_index.
    template <bool Closers>
    void conclude(ConclusionIndex c, Truth condition, std::uint32_t held) {
        if constexpr (Closers) v_.closer[c] = no_index;
        v_.hold[c] = no_index;
        if (Truth truth = v_.nodes[p_.conclusion_slot(c)]; truth != Truth::unknown) {
            v_.status[c] = decided_status(truth);
            return;
        }
        const auto& context = p_.conclusion_context[c];
        auto step = context.step;
        StepState gate = step != no_index ? v_.steps[step] : StepState::open;
        // Outside its population the rule says nothing, whatever its condition and gate.
        Truth member = Truth::true_;
        for (auto pop : {context.shared_population, context.own_population}) {
            if (pop == no_index) continue;
            if (v_.populations[pop] == Truth::false_) {
                v_.status[c] = ConclusionStatus::out_of_population;
                v_.hold[c] = pop | detail::population_hold;
                return;
            }
            if (v_.populations[pop] == Truth::unknown) member = Truth::unknown;
        }
        // A gate left undecided by an out-of-population conclusion leaves its step's
        // conclusions out of that population too.
        if (gate == StepState::undecided && condition != Truth::false_) {
            auto gate_hold = v_.node_hold[p_.items[p_.gate_item[step]].root()];
            if (detail::is_population_hold(gate_hold)) held = gate_hold;
        }
        if (condition == Truth::false_) {
            // Not applicable only to a patient known to be in the population: for one who may
            // be outside it the rule may yet say nothing.
            v_.status[c] = member == Truth::true_ ? ConclusionStatus::not_applicable
                                                  : ConclusionStatus::unknown;
        } else if (gate == StepState::closed) {
            v_.status[c] = ConclusionStatus::withheld;
            if constexpr (Closers) v_.closer[c] = v_.step_closer[step];
            v_.hold[c] = step;
        } else if (condition == Truth::true_ && gate == StepState::open && member == Truth::true_) {
            v_.status[c] = ConclusionStatus::fired;
        } else if (detail::is_population_hold(held)) {
            v_.status[c] = ConclusionStatus::out_of_population;
            v_.hold[c] = held;
        } else if (condition == Truth::unknown && detail::is_withheld_hold(held)) {
            v_.status[c] = ConclusionStatus::withheld;
            if constexpr (Closers) v_.closer[c] = v_.step_closer[held];
            v_.hold[c] = held;
        } else {
            v_.status[c] = ConclusionStatus::unknown;
        }
    }

    /// Why an undecided node is undecided beyond missing facts: the step whose closed gate
    /// withholds a conclusion it reads (or, flagged, the population that excludes one), so the
    /// reader is held the same way. Decided nodes hold nothing.
    std::uint32_t hold_of(std::uint32_t index) const {
        if (v_.nodes[index] != Truth::unknown) return no_index;
        const detail::EvalNode& n = p_.eval_nodes[index];
        const std::uint32_t* kids = p_.children.data() + n.first_child;
        switch (n.op) {
            case NodeOp::conclusion_ref:
                return v_.hold[n.ref];
            case NodeOp::criterion_ref:
                return v_.node_hold[p_.criterion_root[n.ref]];
            case NodeOp::logical_not:
            case NodeOp::logical_and:
            case NodeOp::logical_or:
            case NodeOp::at_least:
                for (std::uint32_t i = 0; i < n.child_count; ++i)
                    if (v_.node_hold[kids[i]] != no_index) return v_.node_hold[kids[i]];
                return no_index;
            default:
                return no_index;
        }
    }

    bool operand(const detail::ValueRef& o, double& out) const {
        return detail::operand_value(p_, facts_, o.kind, o.index, o.value, out);
    }

    /// The truths of an item's nodes, from its steps of the truth plan: the common shapes
    /// from the step alone, every other node by node().
    [[gnu::always_inline]] void run_steps(const detail::TruthStep* s,
                                          const detail::TruthStep* end) {
        StepInputs in = inputs();
        for (; s != end; ++s)
            with_step_kind(s->op, [&](auto op) { in.nodes[s->node] = step_truth<op()>(*s, in); });
    }

    /// Every truth of the plan, a group of steps of one kind at a time (Program::step_groups):
    /// what to do is chosen once a group, and each group is a loop of one kind of step.
    void run_groups() {
        StepInputs in = inputs();
        const detail::TruthStep* steps = p_.grouped_steps.data();
        for (const auto& g : p_.step_groups)
            with_step_kind(g.op, [&](auto op) {
                for (const auto* s = steps + g.begin; s != steps + g.end; ++s)
                    in.nodes[s->node] = step_truth<op()>(*s, in);
            });
    }

    /// What steps read besides themselves.
    struct StepInputs {
        Truth* nodes;
        const FactValue* facts;
        const double* bands;
    };
    StepInputs inputs() {
        return {v_.nodes.data(), facts_.data(), context_ ? context_->bands : nullptr};
    }

    /// Calls `f` with the kind `op` as a constant (std::integral_constant), so that what each
    /// kind of step does is compiled for it alone (step_truth).
    template <typename F>
    [[gnu::always_inline]] static void with_step_kind(detail::TruthOp op, F&& f) {
        using detail::TruthOp;
        auto as = [&]<TruthOp kind>() { f(std::integral_constant<TruthOp, kind>{}); };
        switch (op) {
            case TruthOp::constant:
                return as.template operator()<TruthOp::constant>();
            case TruthOp::copy:
                return as.template operator()<TruthOp::copy>();
            case TruthOp::conclusion_truth:
                return as.template operator()<TruthOp::conclusion_truth>();
            case TruthOp::score_total:
                return as.template operator()<TruthOp::score_total>();
            case TruthOp::gate_state:
                return as.template operator()<TruthOp::gate_state>();
            case TruthOp::population_answer:
                return as.template operator()<TruthOp::population_answer>();
            case TruthOp::logical_not:
                return as.template operator()<TruthOp::logical_not>();
            case TruthOp::logical_and:
                return as.template operator()<TruthOp::logical_and>();
            case TruthOp::logical_or:
                return as.template operator()<TruthOp::logical_or>();
            case TruthOp::and_pair:
                return as.template operator()<TruthOp::and_pair>();
            case TruthOp::or_pair:
                return as.template operator()<TruthOp::or_pair>();
            case TruthOp::fact_bool:
                return as.template operator()<TruthOp::fact_bool>();
            case TruthOp::fact_against_literal:
                return as.template operator()<TruthOp::fact_against_literal>();
            case TruthOp::difference_against_literal:
                return as.template operator()<TruthOp::difference_against_literal>();
            case TruthOp::enum_in:
                return as.template operator()<TruthOp::enum_in>();
            case TruthOp::set_has_any:
                return as.template operator()<TruthOp::set_has_any>();
            case TruthOp::set_has_all:
                return as.template operator()<TruthOp::set_has_all>();
            case TruthOp::general:
                return as.template operator()<TruthOp::general>();
        }
    }

    /// The truth of one step of kind `Op` (its node's), with what settles as it is decided:
    /// a conclusion's status, a gate's state, a population's answer.
    template <detail::TruthOp Op>
    [[gnu::always_inline]] Truth step_truth(const detail::TruthStep& s, const StepInputs& in) {
        using detail::TruthOp;
        Truth* nodes = in.nodes;
        if constexpr (Op == TruthOp::constant) {
            return s.fallback;
        } else if constexpr (Op == TruthOp::copy) {
            return nodes[s.a];
        } else if constexpr (Op == TruthOp::conclusion_truth) {
            Truth t = conclusion_truth(nodes, s);
            // Written whatever the truth: an undecided conclusion's status and hold are
            // written again when its item is settled (conclude).
            auto c = s.node - static_cast<std::uint32_t>(p_.nodes.size());
            v_.status[c] = decided_status(t);
            v_.hold[c] = no_index;
            return t;
        } else if constexpr (Op == TruthOp::score_total) {
            return add_up(s.a) ? Truth::true_ : Truth::unknown;
        } else if constexpr (Op == TruthOp::gate_state) {
            // Undecided, it may be closed by what holds it (settle_item).
            Truth t = nodes[s.node];
            if (t != Truth::unknown)
                v_.steps[s.a] = t == Truth::true_ ? StepState::open : StepState::closed;
            return t;
        } else if constexpr (Op == TruthOp::population_answer) {
            Truth t = nodes[s.node];
            v_.populations[s.a] = t;
            return t;
        } else if constexpr (Op == TruthOp::logical_not) {
            return kleene_not(nodes[s.a]);
        } else if constexpr (Op == TruthOp::logical_and) {
            return all_of(nodes, p_.truth_children.data() + s.a, s.b);
        } else if constexpr (Op == TruthOp::logical_or) {
            return any_of(nodes, p_.truth_children.data() + s.a, s.b);
        } else if constexpr (Op == TruthOp::and_pair) {
            return detail::kleene_and(nodes[s.a], nodes[s.b]);
        } else if constexpr (Op == TruthOp::or_pair) {
            return detail::kleene_or(nodes[s.a], nodes[s.b]);
        } else if constexpr (Op == TruthOp::fact_bool) {
            return or_fallback(detail::fact_bool_truth(in.facts[s.a]), s.fallback);
        } else if constexpr (Op == TruthOp::fact_against_literal) {
            return or_fallback(detail::fact_against_literal(in.facts[s.a], s.compare, s.literal(),
                                                            in.bands ? in.bands[s.a] : 0.0),
                               s.fallback);
        } else if constexpr (Op == TruthOp::difference_against_literal) {
            return or_fallback(
                detail::compare_readings(detail::difference_reading(p_, facts_, context_, s.a),
                                         detail::Reading{s.literal(), 0.0, true, true}, s.compare),
                s.fallback);
        } else if constexpr (Op == TruthOp::enum_in) {
            return or_fallback(detail::enum_in_truth(in.facts[s.a], s.bits, s.negate), s.fallback);
        } else if constexpr (Op == TruthOp::set_has_any) {
            return or_fallback(detail::set_has_any_truth(in.facts[s.a], s.bits), s.fallback);
        } else if constexpr (Op == TruthOp::set_has_all) {
            return or_fallback(detail::set_has_all_truth(in.facts[s.a], s.bits), s.fallback);
        } else {
            static_assert(Op == TruthOp::general);
            return node(s.node);
        }
    }

    /// A conclusion's status where its truth decides it: fired or not applicable, whatever
    /// holds; unknown (for now) where it does not.
    static ConclusionStatus decided_status(Truth truth) {
        return truth == Truth::true_    ? ConclusionStatus::fired
               : truth == Truth::false_ ? ConclusionStatus::not_applicable
                                        : ConclusionStatus::unknown;
    }

    /// Whether a conclusion fires (true), fails (false) or neither, from the truths its
    /// status reads (conclude): fired needs its condition, its gate and its populations true;
    /// not applicable its condition false and its populations true. Every other status, withheld
    /// and out of population included, reads as unknown. No gate or population reads as the
    /// program's true node (Program::true_node), so nothing here branches.
    static Truth conclusion_truth(const Truth* nodes, const detail::TruthStep& s) {
        auto [shared, own] = detail::conclusion_populations(s);
        bool member = detail::kleene_and(nodes[shared], nodes[own]) == Truth::true_;
        Truth condition = nodes[s.a];
        // The condition where the gate is open; where it is not, the condition decides only
        // when false.
        Truth gated = detail::kleene_and(condition, nodes[s.b]);
        Truth t = condition == Truth::false_ ? Truth::false_
                  : gated == Truth::true_    ? Truth::true_
                                             : Truth::unknown;
        return member ? t : Truth::unknown;
    }

    /// Kleene's `and` of `count` nodes: the bitwise one, without a branch on a truth.
    static Truth all_of(const Truth* nodes, const std::uint32_t* kids, std::uint32_t count) {
        unsigned r = detail::bits(Truth::true_);
        for (std::uint32_t i = 0; i < count; ++i) r &= detail::bits(nodes[kids[i]]);
        return detail::from_bits(r);
    }

    /// Kleene's `or` of `count` nodes: the bitwise one, without a branch on a truth.
    static Truth any_of(const Truth* nodes, const std::uint32_t* kids, std::uint32_t count) {
        unsigned r = detail::bits(Truth::false_);
        for (std::uint32_t i = 0; i < count; ++i) r |= detail::bits(nodes[kids[i]]);
        return detail::from_bits(r);
    }

    // The truth of a node the plan has no step of its own for (TruthOp::general): comparisons
    // of readings, `between`, periods, scores and `at least`. Children and operands are
    // located in the cases that read them.
    Truth node(std::uint32_t index) const {
        const detail::EvalNode& n = p_.eval_nodes[index];
        auto kids = [&] { return p_.children.data() + n.first_child; };
        switch (n.op) {
            case NodeOp::compare:
            case NodeOp::between:
                return or_fallback(detail::leaf_truth(p_, n, facts_, context_), n.constant);
            case NodeOp::held: {
                // Now, and at the earlier visits of the period (false without them).
                Truth now = v_.nodes[kids()[0]];
                Truth before =
                    context_ && context_->history ? context_->history[index] : Truth::false_;
                if (now == Truth::false_ || before == Truth::false_) return Truth::false_;
                return now == Truth::true_ && before == Truth::true_ ? Truth::true_
                                                                     : Truth::unknown;
            }
            case NodeOp::score_compare: {
                double threshold;
                operand(p_.eval_values[n.first_value], threshold);
                return score_compare(n.ref, n.compare, threshold);
            }
            case NodeOp::at_least: {
                std::uint32_t yes = 0, open = 0;
                for (std::uint32_t i = 0; i < n.child_count; ++i) {
                    Truth t = v_.nodes[kids()[i]];
                    yes += t == Truth::true_;
                    open += t == Truth::unknown;
                }
                if (yes >= n.count) return Truth::true_;
                if (yes + open < n.count) return Truth::false_;
                return Truth::unknown;
            }
            default:  // run_steps works these out from their steps
                break;
        }
        return Truth::unknown;
    }

    /// The values score `s` can still take, from its parts' conditions: the sum of the parts
    /// decided, and for the undecided ones every choice they could still make. Complete facts
    /// take the first loop only; otherwise a bitset over the reachable range (sized at compile
    /// time, so nothing allocates) is shifted and or-ed once per open choice. Returns whether
    /// the score is known exactly.
    bool add_up(ScoreIndex s) {
        const auto& score = p_.score_data[s];
        std::int64_t known = 0, open_least = 0, open_most = 0;
        for (auto i = score.first_part; i < score.first_part + score.part_count; ++i) {
            std::int64_t least = std::numeric_limits<std::int64_t>::max();
            std::int64_t most = std::numeric_limits<std::int64_t>::min();
            part_options(p_.score_parts[i], [&](std::int64_t v) {
                least = std::min(least, v);
                most = std::max(most, v);
            });
            if (least == most) {
                known += least;
            } else {
                open_least += least;
                open_most += most;
            }
        }
        v_.scores.least[s] = known + open_least;
        v_.scores.most[s] =
            known + open_least == known + open_most ? known + open_least : known + open_most;
        bool exact = open_least == open_most;
        if (exact || score.interval) return exact;

        // The set: start at the least total, then each open part shifts it by what each of its
        // choices adds above its least.
        std::uint64_t* set = v_.scores.words.data() + score.first_word;
        std::uint64_t* scratch = v_.scores.scratch.data();
        std::fill(set, set + score.word_count, 0);
        detail::set_bit(set, static_cast<std::uint64_t>(known + open_least - score.least));
        for (auto i = score.first_part; i < score.first_part + score.part_count; ++i) {
            const auto& part = p_.score_parts[i];
            std::int64_t least = std::numeric_limits<std::int64_t>::max();
            std::int64_t most = std::numeric_limits<std::int64_t>::min();
            part_options(part, [&](std::int64_t v) {
                least = std::min(least, v);
                most = std::max(most, v);
            });
            if (least == most) continue;
            std::fill(scratch, scratch + score.word_count, 0);
            part_options(part, [&](std::int64_t v) {
                detail::or_shifted(scratch, set, score.word_count,
                                   static_cast<std::uint64_t>(v - least));
            });
            std::copy(scratch, scratch + score.word_count, set);
        }
        return false;
    }

    /// Calls `visit(points)` for each value a score part can still add: a plain part adds its
    /// points when its condition holds and 0 when it fails (both while unknown); of bands, the
    /// one that holds, or each that still may. A value may be visited twice.
    template <typename Visit>
    void part_options(const detail::ScorePart& part, Visit visit) const {
        const auto* choice = p_.score_choices.data() + part.first_choice;
        if (!part.bands) {
            Truth t = v_.nodes[choice->node];
            if (t != Truth::false_) visit(choice->points);
            if (t != Truth::true_) visit(std::int64_t{0});
            return;
        }
        for (std::uint32_t k = 0; k < part.choice_count; ++k)
            if (v_.nodes[choice[k].node] == Truth::true_) return visit(choice[k].points);
        bool any = false;
        for (std::uint32_t k = 0; k < part.choice_count; ++k)
            if (v_.nodes[choice[k].node] == Truth::unknown) {
                visit(choice[k].points);
                any = true;
            }
        if (!any) visit(std::int64_t{0});  // no band can hold (only after a compile error)
    }

    /// A comparison of a score with a threshold: true when every value the score can still
    /// take satisfies it, false when none does.
    Truth score_compare(ScoreIndex s, CompareOp op, double threshold) const {
        const auto& score = p_.score_data[s];
        double scale = static_cast<double>(score.scale);
        double least = static_cast<double>(v_.scores.least[s]) / scale;
        double most = static_cast<double>(v_.scores.most[s]) / scale;
        if (least == most) return truth_of(detail::compare_values(op, least, threshold));
        switch (op) {
            case CompareOp::less:
            case CompareOp::less_equal:
                if (detail::compare_values(op, most, threshold)) return Truth::true_;
                if (!detail::compare_values(op, least, threshold)) return Truth::false_;
                return Truth::unknown;
            case CompareOp::greater:
            case CompareOp::greater_equal:
                if (detail::compare_values(op, least, threshold)) return Truth::true_;
                if (!detail::compare_values(op, most, threshold)) return Truth::false_;
                return Truth::unknown;
            case CompareOp::equal:
            case CompareOp::not_equal: {
                bool possible = score_may_be(s, threshold);
                if (!possible) return truth_of(op == CompareOp::not_equal);
                return Truth::unknown;  // least < most, so some other value is possible too
            }
        }
        return Truth::unknown;
    }

    bool score_may_be(ScoreIndex s, double value) const {
        return detail::score_may_be(p_, v_.scores, s, value);
    }

    /// Of two candidate closers, the one a clinician must hear about first: the more urgent,
    /// then red flags before referrals, escalations and cautions, then the earlier declared.
    std::uint32_t more_urgent(std::uint32_t a, std::uint32_t b) const {
        if (a == no_index) return b;
        if (b == no_index) return a;
        const auto& ca = p_.conclusions[a];
        const auto& cb = p_.conclusions[b];
        if (ca.urgency != cb.urgency) return ca.urgency > cb.urgency ? a : b;
        auto rank = [](ConclusionKind k) { return detail::kind_precedence(k); };
        if (rank(ca.kind) != rank(cb.kind)) return rank(ca.kind) < rank(cb.kind) ? a : b;
        return std::min(a, b);
    }

    /// What would close a gate whose value this node decided: the most urgent fired red flag,
    /// referral, caution or escalation found by following the sub-conditions that decided the
    /// node's value. Computed for every node as it is evaluated, from its children's answers
    /// (already known in post-order), so no walk is ever repeated and nothing recurses.
    std::uint32_t closer_of(std::uint32_t index) const {
        const detail::EvalNode& n = p_.eval_nodes[index];
        Truth value = v_.nodes[index];
        const std::uint32_t* kids = p_.children.data() + n.first_child;
        switch (n.op) {
            case NodeOp::conclusion_ref: {
                auto c = n.ref;
                if (v_.status[c] == ConclusionStatus::withheld) return v_.closer[c];
                auto item = p_.conclusion_item[c];
                auto deeper = item == no_index ? no_index : v_.node_closer[p_.items[item].root()];
                bool fired = v_.status[c] == ConclusionStatus::fired;
                if (fired && blocks_release(p_.conclusions[c].kind)) return more_urgent(c, deeper);
                if (deeper == no_index && fired) return c;
                return deeper;
            }
            case NodeOp::criterion_ref:
                return v_.node_closer[p_.criterion_root[n.ref]];
            case NodeOp::logical_not:
                return v_.node_closer[kids[0]];
            case NodeOp::logical_and:
            case NodeOp::logical_or:
            case NodeOp::at_least: {
                std::uint32_t best = no_index;
                for (std::uint32_t i = 0; i < n.child_count; ++i)
                    if (v_.nodes[kids[i]] == value)
                        best = more_urgent(best, v_.node_closer[kids[i]]);
                return best;
            }
            default:
                return no_index;
        }
    }

    const Program& p_;
    const std::vector<FactValue>& facts_;
    const detail::ReadingContext* context_;  // bands and earlier visits (nullptr: exact, none)
    detail::PassValues& v_;
};

}  // namespace

namespace detail {

void size_pass_values(const Program& p, PassValues& v) {
    // The nodes, the conclusions' slots (conclusion_slot) and the true slot (true_slot).
    v.nodes.assign(p.nodes.size() + p.conclusions.size() + 1, Truth::unknown);
    v.nodes[p.true_slot()] = Truth::true_;
    v.node_closer.assign(p.nodes.size(), no_index);
    v.node_hold.assign(p.nodes.size(), no_index);
    v.status.assign(p.conclusions.size(), ConclusionStatus::unknown);
    v.closer.assign(p.conclusions.size(), no_index);
    v.hold.assign(p.conclusions.size(), no_index);
    v.steps.assign(p.steps.size(), StepState::open);
    v.step_closer.assign(p.steps.size(), no_index);
    v.populations.assign(p.populations.size(), Truth::unknown);
    size_score_values(p, v.scores);
}

void run_kleene_pass(const Program& p, const std::vector<FactValue>& facts, PassValues& values,
                     const ReadingContext* context, PassDetail detail) {
    Evaluator evaluator(p, facts, context, values);
    if (detail == PassDetail::with_closers)
        evaluator.run_all<true>();
    else
        evaluator.run_all<false>();
}

void run_kleene_pass(const Program& p, const std::vector<FactValue>& facts, PassValues& values,
                     const ReadingContext* context, std::span<const std::uint32_t> items,
                     PassDetail detail) {
    Evaluator evaluator(p, facts, context, values);
    if (detail == PassDetail::with_closers)
        evaluator.run_items<true>(items);
    else
        evaluator.run_items<false>(items);
}

}  // namespace detail

Evaluation RuleSet::evaluate(const Facts& facts) const {
    Evaluation result;
    evaluate(facts, result);
    return result;
}

void RuleSet::evaluate(const Facts& facts, Evaluation& r) const {
    const Program& p = *program_;
    if (&facts.rule_set().program() != &p)
        throw std::invalid_argument("ilio: these facts are bound to another rule set");
    auto& needed = r.needed_.part;
    auto& closers = r.closers_.part;
    if (r.program_ != program_) {
        // First use with this rule set: size every buffer once.
        r.program_ = program_;
        detail::size_pass_values(p, r.pass_);
        detail::size_case_values(p, r.cases_);
        detail::size_needed_values(p, needed.scratch);
        detail::size_patient_copy(p, closers.patient);
        r.by_cases_.assign(p.conclusions.size(), 0);
        needed.decides.assign(p.facts.size(), 0);
        needed.known.assign(p.facts.size(), 0);
        r.known_.assign(p.facts.size(), 0);
        r.open_nodes_.assign(p.nodes.size(), 0);
        needed.open_nodes.assign(p.nodes.size(), 0);
        r.history_.assign(p.nodes.size(), Truth::false_);
        for (auto* parts : {&r.kleene_open_, &needed.kleene_open, &needed.after_cases_open}) {
            parts->facts_begin.assign(p.items.size() + 1, 0);
            parts->refs_begin.assign(p.items.size() + 1, 0);
        }
    }
    // Unconditionally: a copied Evaluation keeps the size but not the capacity. (The facts
    // needed next reserve their own when worked out: find_needed.)
    size_open_parts(p, r.kleene_open_);
    const auto& values = facts.values();
    auto context = detail::reading_context(p, facts);
    detail::held_history(p, facts, context.bands, r.history_);
    context.history = r.history_.data();
    // Statuses only: closers are followed when first asked for (find_closers).
    detail::run_kleene_pass(p, values, r.pass_, &context, detail::PassDetail::statuses_only);
    // What three-valued logic left open but every completion of the missing facts decides:
    // found from the open parts of the pass. What is left open after the cases is collected
    // by the facts needed next, which alone read it. Most patients have no item that cases
    // could decide: the open parts are then collected only if the facts needed next are asked
    // for (find_needed).
    std::fill(r.by_cases_.begin(), r.by_cases_.end(), 0);
    r.kleene_collected_ = detail::cases_may_decide(p, values, r.pass_);
    r.after_cases_valid_ = false;
    if (r.kleene_collected_) {
        mark_known(values, r.known_);
        const double* bands = detail::reading_bands(p);
        collect_open_facts(p, r.pass_.nodes, r.known_, bands, r.open_nodes_, r.kleene_open_);
        r.after_cases_valid_ =
            detail::decide_by_cases(p, values, &context, r.pass_, view(r.kleene_open_), r.cases_,
                                    r.by_cases_, detail::PassDetail::statuses_only);
    }

    // Facts needed next and closers are worked out when first asked for (find_needed,
    // find_closers): keep the patient for them, as the caller's facts may be gone by then.
    r.needed_.state.reset();
    if (any_unknown_status(r.pass_)) {  // same size: allocates nothing
        detail::copy_patient(facts, context, needed.scratch.patient);
        needed.scratch.pass_ready = false;
    }
    // Only a closed gate names a closer, and only a withheld conclusion reads one.
    r.closers_.state.reset();
    closers.none = !holds(r.pass_.steps, StepState::closed) &&
                   !holds(r.pass_.status, ConclusionStatus::withheld);
    if (!closers.none) detail::copy_patient(facts, context, closers.patient);
}

void Evaluation::find_needed() const noexcept {
    // Each missing fact counts the open conclusions it is needed for. A copied Evaluation keeps
    // its vectors' sizes, not their capacities: reserving again costs nothing otherwise.
    if (!program_) return;  // never evaluated: nothing is needed
    const auto& p = *program_;
    auto& n = needed_.part;
    detail::reserve_needed_values(p, n.scratch);
    n.list.reserve(p.facts.size());
    bool any_unknown = any_unknown_status(pass_);
    // evaluate() kept the patient when a conclusion stayed unknown; with none, nothing below
    // reads the open parts or whether a fact is known (no fact decides anything).
    if (any_unknown) mark_known(n.scratch.patient.facts, n.known);
    if (!kleene_collected_ && any_unknown) {
        size_open_parts(p, n.kleene_open);
        collect_open_facts(p, pass_.nodes, n.known, detail::reading_bands(p), n.open_nodes,
                           n.kleene_open);
    }
    if (after_cases_valid_ && any_unknown) {
        // Cases ran, so evaluate() recorded which facts are known.
        size_open_parts(p, n.after_cases_open);
        collect_open_facts(p, pass_.nodes, known_, detail::reading_bands(p), n.open_nodes,
                           n.after_cases_open);
    }
    auto kleene = view(kleene_collected_ ? kleene_open_ : n.kleene_open);
    auto open = after_cases_valid_ ? view(n.after_cases_open) : kleene;
    std::fill(n.decides.begin(), n.decides.end(), 0u);
    // Each open conclusion's are kept for missing_facts(): an explanation asks for them all.
    detail::find_facts_needed(p, pass_, kleene, open, n.scratch,
                              {n.missing_begin, n.missing, n.decides});
    n.list.clear();
    for (FactIndex f = 0; f < n.decides.size(); ++f)
        if (n.decides[f] > 0) n.list.push_back(f);
    std::sort(n.list.begin(), n.list.end(), [&](FactIndex a, FactIndex b) {
        return n.decides[a] != n.decides[b] ? n.decides[a] > n.decides[b] : a < b;
    });
}

std::vector<FactIndex> Evaluation::case_facts(ConclusionIndex c) const {
    std::vector<FactIndex> out;
    if (!by_cases_[c]) return out;
    const auto& p = *program_;
    auto item = p.conclusion_item[c];
    for (auto k = p.item_split_offsets[item]; k < p.item_split_offsets[item + 1]; ++k)
        if (!known_[p.item_split_facts[k]]) out.push_back(p.item_split_facts[k]);
    return out;
}

void Evaluation::find_closers() const noexcept {
    // The evaluation again, following closers this time: the same pass and the same cases
    // over the kept patient, so every status is as evaluate() found it.
    auto& z = closers_.part;
    if (!program_ || z.none) return;
    const auto& p = *program_;
    if (z.pass.status.size() != p.conclusions.size()) {  // first use with this rule set
        detail::size_pass_values(p, z.pass);
        detail::size_case_values(p, z.cases);
        z.by_cases.assign(p.conclusions.size(), 0);
    }
    auto context = detail::reading_context(p, z.patient);
    detail::run_kleene_pass(p, z.patient.facts, z.pass, &context, detail::PassDetail::with_closers);
    // Where evaluate()'s cases decided nothing, these would decide nothing either.
    if (after_cases_valid_)
        detail::decide_by_cases(p, z.patient.facts, &context, z.pass, view(kleene_open_), z.cases,
                                z.by_cases, detail::PassDetail::with_closers);
    z.conclusion = z.pass.closer;
    z.step = z.pass.step_closer;
}

std::optional<ConclusionIndex> Evaluation::withheld_by(ConclusionIndex c) const noexcept {
    if (pass_.status[c] != ConclusionStatus::withheld) return std::nullopt;
    work_out_closers();
    auto closer = closers_.part.conclusion[c];
    if (closer == detail::no_index) return std::nullopt;
    return closer;
}

std::optional<StepIndex> Evaluation::withheld_at(ConclusionIndex c) const noexcept {
    auto hold = pass_.hold[c];
    if (pass_.status[c] != ConclusionStatus::withheld || !detail::is_withheld_hold(hold))
        return std::nullopt;
    return hold;
}

std::optional<PopulationIndex> Evaluation::excluded_by(ConclusionIndex c) const noexcept {
    auto hold = pass_.hold[c];
    if (pass_.status[c] != ConclusionStatus::out_of_population || !detail::is_population_hold(hold))
        return std::nullopt;
    return hold & ~detail::population_hold;
}

ScoreRange Evaluation::score(ScoreIndex s) const noexcept {
    double scale = static_cast<double>(program_->score_data[s].scale);
    return {static_cast<double>(pass_.scores.least[s]) / scale,
            static_cast<double>(pass_.scores.most[s]) / scale};
}

bool Evaluation::score_may_be(ScoreIndex s, double value) const noexcept {
    return detail::score_may_be(*program_, pass_.scores, s, value);
}

std::vector<double> Evaluation::score_values(ScoreIndex s) const {
    std::vector<double> out;
    const auto& score = program_->score_data[s];
    double scale = static_cast<double>(score.scale);
    if (pass_.scores.least[s] == pass_.scores.most[s] || score.interval) {
        out.push_back(static_cast<double>(pass_.scores.least[s]) / scale);
        if (pass_.scores.least[s] != pass_.scores.most[s])
            out.push_back(static_cast<double>(pass_.scores.most[s]) / scale);
        return out;
    }
    for (auto v = pass_.scores.least[s]; v <= pass_.scores.most[s]; ++v)
        if (detail::test_bit(pass_.scores.words.data() + score.first_word,
                             static_cast<std::uint64_t>(v - score.least)))
            out.push_back(static_cast<double>(v) / scale);
    return out;
}

Truth Evaluation::population(PopulationIndex population) const noexcept {
    return pass_.populations[population];
}

std::optional<ConclusionIndex> Evaluation::step_closed_by(StepIndex s) const noexcept {
    if (pass_.steps[s] != StepState::closed) return std::nullopt;
    work_out_closers();
    auto closer = closers_.part.step[s];
    if (closer == detail::no_index) return std::nullopt;
    return closer;
}

Truth Evaluation::criterion(CriterionIndex c) const noexcept {
    return pass_.nodes[program_->items[program_->criterion_item[c]].root()];
}

Truth Evaluation::conclusion_truth(ConclusionIndex c) const noexcept {
    return detail::status_truth(pass_.status[c]);
}

std::vector<FactIndex> Evaluation::missing_facts(ConclusionIndex c) const {
    auto facts = missing_facts_view(c);
    return {facts.begin(), facts.end()};
}

std::span<const FactIndex> Evaluation::missing_facts_view(ConclusionIndex c) const {
    if (pass_.status[c] != ConclusionStatus::unknown) return {};
    // Worked out with the facts needed next, for every open conclusion at once; once they are,
    // nothing writes them any more, so many threads may read them.
    work_out_needed();
    const auto& n = needed_.part;
    return {n.missing.data() + n.missing_begin[c], n.missing.data() + n.missing_begin[c + 1]};
}

Audit Evaluation::audit() const noexcept {
    const auto& p = *program_;
    return Audit{p.name, p.version, p.source_hash, engine_version, p.parameters};
}

}  // namespace ilio
