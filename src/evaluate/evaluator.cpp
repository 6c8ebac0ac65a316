// Evaluation: one forward pass over the items in topological order, Kleene logic at every node.
// All buffers live in the caller's Evaluation and are sized once per rule set, so evaluating
// again into the same Evaluation allocates nothing.

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

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

Truth truth(bool b) {
    return b ? Truth::true_ : Truth::false_;
}

Truth kleene_not(Truth t) {
    return t == Truth::unknown ? t : truth(t == Truth::false_);
}

bool compare(CompareOp op, double a, double b) {
    bool eq = detail::nearly_equal(a, b);
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

/// Withheld and out of population are never false: the rule has not decided, so whatever reads
/// them cannot be decided through them.
Truth conclusion_truth_of(ConclusionStatus s) {
    switch (s) {
        case ConclusionStatus::fired:
            return Truth::true_;
        case ConclusionStatus::not_applicable:
            return Truth::false_;
        default:
            return Truth::unknown;
    }
}

bool blocks_release(ConclusionKind kind) {
    return kind == ConclusionKind::red_flag || kind == ConclusionKind::referral ||
           kind == ConclusionKind::caution || kind == ConclusionKind::escalation;
}

/// For each undecided item, the missing facts that could still decide it: those read by its
/// unknown root and, below it, by each unknown child of such a node. A decided node can no
/// longer change (Kleene logic is monotone), so nothing beneath it is worth asking for. The
/// lists go into one buffer sized for every fact read of the program, so nothing allocates.
void collect_open_facts(const Program& p, const std::vector<Truth>& nodes,
                        const std::vector<bool>& known, std::vector<std::uint8_t>& open,
                        std::vector<std::uint32_t>& stamp, std::vector<std::uint32_t>& begin,
                        std::vector<FactIndex>& facts) {
    facts.clear();
    for (std::uint32_t i = 0; i < p.items.size(); ++i) {
        const auto& item = p.items[i];
        begin[i] = static_cast<std::uint32_t>(facts.size());
        if (nodes[item.root()] != Truth::unknown) continue;
        std::fill(open.begin() + item.node_begin, open.begin() + item.node_end, 0);
        open[item.root()] = 1;
        for (auto n = item.node_end; n-- > item.node_begin;) {  // parents before children
            if (!open[n]) continue;
            const auto& node = p.eval_nodes[n];
            detail::for_each_fact_read(p, node, [&](FactIndex f) {
                if (known[f] || stamp[f] == i + 1) return;
                stamp[f] = i + 1;
                facts.push_back(f);
            });
            for (std::uint32_t k = 0; k < node.child_count; ++k) {
                auto kid = p.children[node.first_child + k];
                if (nodes[kid] == Truth::unknown) open[kid] = 1;
            }
        }
    }
    begin[p.items.size()] = static_cast<std::uint32_t>(facts.size());
}

/// Calls `visit(fact)` for each missing fact that could still decide the conclusion, through
/// any undecided item it depends on. A fact may be visited more than once.
template <typename Visit>
void for_each_open_fact(const Program& p, const std::vector<std::uint32_t>& begin,
                        const std::vector<FactIndex>& facts, ConclusionIndex c, Visit visit) {
    for (auto k = p.conclusion_item_offsets[c]; k < p.conclusion_item_offsets[c + 1]; ++k) {
        auto item = p.conclusion_items[k];
        for (auto i = begin[item]; i < begin[item + 1]; ++i) visit(facts[i]);
    }
}

class Evaluator {
  public:
    Evaluator(const Program& p, const std::vector<FactValue>& facts, std::vector<Truth>& nodes,
              std::vector<std::uint32_t>& node_closer, std::vector<ConclusionStatus>& status,
              std::vector<std::uint32_t>& closer, std::vector<StepState>& steps,
              std::vector<std::uint32_t>& step_closer, std::vector<std::uint32_t>& node_hold,
              std::vector<std::uint32_t>& hold, std::vector<Truth>& populations,
              detail::ScoreValues& scores)
        : p_(p),
          facts_(facts),
          nodes_(nodes),
          node_closer_(node_closer),
          status_(status),
          closer_(closer),
          steps_(steps),
          step_closer_(step_closer),
          node_hold_(node_hold),
          hold_(hold),
          populations_(populations),
          scores_(scores) {}

    void run() {
        std::fill(steps_.begin(), steps_.end(), StepState::open);
        std::fill(step_closer_.begin(), step_closer_.end(), no_index);
        for (const auto& item : p_.items) {
            for (auto n = item.node_begin; n < item.node_end; ++n) {
                nodes_[n] = node(n);
                node_closer_[n] = closer_of(n);
                node_hold_[n] = hold_of(n);
            }
            Truth value = nodes_[item.root()];
            auto held = node_hold_[item.root()];
            if (item.kind == ItemKind::gate) {
                // A gate left undecided by a withheld conclusion is closed by the same gate.
                if (value == Truth::unknown && detail::is_withheld_hold(held)) {
                    steps_[item.index] = StepState::closed;
                    step_closer_[item.index] = step_closer_[held];
                    continue;
                }
                steps_[item.index] = value == Truth::true_    ? StepState::open
                                     : value == Truth::false_ ? StepState::closed
                                                              : StepState::undecided;
                if (value == Truth::false_) step_closer_[item.index] = node_closer_[item.root()];
            } else if (item.kind == ItemKind::conclusion) {
                conclude(item.index, value, held);
            } else if (item.kind == ItemKind::population) {
                populations_[item.index] = value;
            } else if (item.kind == ItemKind::score) {
                nodes_[item.root()] = add_up(item.index) ? Truth::true_ : Truth::unknown;
            }
        }
    }

  private:
    /// `held`: what keeps an undecided condition open besides missing facts (a withheld or
    /// out-of-population conclusion it reads), or no_index.
    void conclude(ConclusionIndex c, Truth condition, std::uint32_t held) {
        auto step = p_.conclusions[c].step;
        StepState gate = step ? steps_[*step] : StepState::open;
        closer_[c] = no_index;
        hold_[c] = no_index;
        // Outside its population the rule says nothing, whatever its condition and gate.
        auto [shared, own] = p_.populations_of(c);
        Truth member = Truth::true_;
        for (auto pop : {shared, own}) {
            if (pop == no_index) continue;
            if (populations_[pop] == Truth::false_) {
                status_[c] = ConclusionStatus::out_of_population;
                hold_[c] = pop | detail::population_hold;
                return;
            }
            if (populations_[pop] == Truth::unknown) member = Truth::unknown;
        }
        // A gate left undecided by an out-of-population conclusion leaves its step's
        // conclusions out of that population too.
        if (gate == StepState::undecided && condition != Truth::false_) {
            auto gate_hold = node_hold_[p_.items[p_.gate_item[*step]].root()];
            if (detail::is_population_hold(gate_hold)) held = gate_hold;
        }
        if (condition == Truth::false_) {
            // Not applicable only to a patient known to be in the population: for one who may
            // be outside it the rule may yet say nothing.
            status_[c] = member == Truth::true_ ? ConclusionStatus::not_applicable
                                                : ConclusionStatus::unknown;
        } else if (gate == StepState::closed) {
            status_[c] = ConclusionStatus::withheld;
            closer_[c] = step_closer_[*step];
            hold_[c] = *step;
        } else if (condition == Truth::true_ && gate == StepState::open && member == Truth::true_) {
            status_[c] = ConclusionStatus::fired;
        } else if (detail::is_population_hold(held)) {
            status_[c] = ConclusionStatus::out_of_population;
            hold_[c] = held;
        } else if (condition == Truth::unknown && detail::is_withheld_hold(held)) {
            status_[c] = ConclusionStatus::withheld;
            closer_[c] = step_closer_[held];
            hold_[c] = held;
        } else {
            status_[c] = ConclusionStatus::unknown;
        }
    }

    /// Why an undecided node is undecided beyond missing facts: the step whose closed gate
    /// withholds a conclusion it reads (or, flagged, the population that excludes one), so the
    /// reader is held the same way. Decided nodes hold nothing.
    std::uint32_t hold_of(std::uint32_t index) const {
        if (nodes_[index] != Truth::unknown) return no_index;
        const detail::EvalNode& n = p_.eval_nodes[index];
        const std::uint32_t* kids = p_.children.data() + n.first_child;
        switch (n.op) {
            case NodeOp::conclusion_ref:
                return hold_[n.ref];
            case NodeOp::criterion_ref:
                return node_hold_[p_.items[p_.criterion_item[n.ref]].root()];
            case NodeOp::logical_not:
            case NodeOp::logical_and:
            case NodeOp::logical_or:
            case NodeOp::at_least:
                for (std::uint32_t i = 0; i < n.child_count; ++i)
                    if (node_hold_[kids[i]] != no_index) return node_hold_[kids[i]];
                return no_index;
            default:
                return no_index;
        }
    }

    bool operand(const detail::ValueRef& o, double& out) const {
        return detail::operand_value(p_, facts_, o.kind, o.index, o.value, out);
    }

    Truth node(std::uint32_t index) const {
        const detail::EvalNode& n = p_.eval_nodes[index];
        const detail::ValueRef* values = p_.eval_values.data() + n.first_value;
        const std::uint32_t* kids = p_.children.data() + n.first_child;
        switch (n.op) {
            case NodeOp::constant:
                return n.constant;
            case NodeOp::fact_bool: {
                const auto& v = facts_[n.ref];
                return v.known ? truth(v.number != 0.0) : Truth::unknown;
            }
            case NodeOp::criterion_ref:
                return nodes_[p_.items[p_.criterion_item[n.ref]].root()];
            case NodeOp::conclusion_ref:
                return conclusion_truth_of(status_[n.ref]);
            case NodeOp::compare: {
                double a, b;
                if (!operand(values[0], a) || !operand(values[1], b)) return Truth::unknown;
                return truth(compare(n.compare, a, b));
            }
            case NodeOp::between: {
                double x, lo, hi;
                if (!operand(values[0], x) || !operand(values[1], lo) || !operand(values[2], hi))
                    return Truth::unknown;
                return truth(compare(CompareOp::greater_equal, x, lo) &&
                             compare(CompareOp::less_equal, x, hi));
            }
            case NodeOp::enum_in: {
                const auto& v = facts_[n.ref];
                if (!v.known) return Truth::unknown;
                return truth(((v.members & n.mask) != 0) != n.negate);
            }
            case NodeOp::set_has_any: {
                const auto& v = facts_[n.ref];
                return v.known ? truth((v.members & n.mask) != 0) : Truth::unknown;
            }
            case NodeOp::set_has_all: {
                const auto& v = facts_[n.ref];
                return v.known ? truth((v.members & n.mask) == n.mask) : Truth::unknown;
            }
            case NodeOp::logical_not:
                return kleene_not(nodes_[kids[0]]);
            case NodeOp::logical_and: {
                Truth r = Truth::true_;
                for (std::uint32_t i = 0; i < n.child_count; ++i) {
                    Truth t = nodes_[kids[i]];
                    if (t == Truth::false_) return Truth::false_;
                    if (t == Truth::unknown) r = Truth::unknown;
                }
                return r;
            }
            case NodeOp::logical_or: {
                Truth r = Truth::false_;
                for (std::uint32_t i = 0; i < n.child_count; ++i) {
                    Truth t = nodes_[kids[i]];
                    if (t == Truth::true_) return Truth::true_;
                    if (t == Truth::unknown) r = Truth::unknown;
                }
                return r;
            }
            case NodeOp::score_sum:
                return Truth::unknown;  // set by add_up once its parts are known
            case NodeOp::score_compare: {
                double threshold;
                operand(values[0], threshold);
                return score_compare(n.ref, n.compare, threshold);
            }
            case NodeOp::at_least: {
                std::uint32_t yes = 0, open = 0;
                for (std::uint32_t i = 0; i < n.child_count; ++i) {
                    Truth t = nodes_[kids[i]];
                    yes += t == Truth::true_;
                    open += t == Truth::unknown;
                }
                if (yes >= n.count) return Truth::true_;
                if (yes + open < n.count) return Truth::false_;
                return Truth::unknown;
            }
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
        scores_.least[s] = known + open_least;
        scores_.most[s] =
            known + open_least == known + open_most ? known + open_least : known + open_most;
        bool exact = open_least == open_most;
        if (exact || score.interval) return exact;

        // The set: start at the least total, then each open part shifts it by what each of its
        // choices adds above its least.
        std::uint64_t* set = scores_.words.data() + score.first_word;
        std::uint64_t* scratch = scores_.scratch.data();
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
            Truth t = nodes_[choice->node];
            if (t != Truth::false_) visit(choice->points);
            if (t != Truth::true_) visit(std::int64_t{0});
            return;
        }
        for (std::uint32_t k = 0; k < part.choice_count; ++k)
            if (nodes_[choice[k].node] == Truth::true_) return visit(choice[k].points);
        bool any = false;
        for (std::uint32_t k = 0; k < part.choice_count; ++k)
            if (nodes_[choice[k].node] == Truth::unknown) {
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
        double least = static_cast<double>(scores_.least[s]) / scale;
        double most = static_cast<double>(scores_.most[s]) / scale;
        if (least == most) return truth(compare(op, least, threshold));
        switch (op) {
            case CompareOp::less:
            case CompareOp::less_equal:
                if (compare(op, most, threshold)) return Truth::true_;
                if (!compare(op, least, threshold)) return Truth::false_;
                return Truth::unknown;
            case CompareOp::greater:
            case CompareOp::greater_equal:
                if (compare(op, least, threshold)) return Truth::true_;
                if (!compare(op, most, threshold)) return Truth::false_;
                return Truth::unknown;
            case CompareOp::equal:
            case CompareOp::not_equal: {
                bool possible = score_may_be(s, threshold);
                if (!possible) return truth(op == CompareOp::not_equal);
                return Truth::unknown;  // least < most, so some other value is possible too
            }
        }
        return Truth::unknown;
    }

    bool score_may_be(ScoreIndex s, double value) const {
        return detail::score_may_be(p_, scores_, s, value);
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
        Truth value = nodes_[index];
        const std::uint32_t* kids = p_.children.data() + n.first_child;
        switch (n.op) {
            case NodeOp::conclusion_ref: {
                auto c = n.ref;
                if (status_[c] == ConclusionStatus::withheld) return closer_[c];
                auto item = p_.conclusion_item[c];
                auto deeper = item == no_index ? no_index : node_closer_[p_.items[item].root()];
                bool fired = status_[c] == ConclusionStatus::fired;
                if (fired && blocks_release(p_.conclusions[c].kind)) return more_urgent(c, deeper);
                if (deeper == no_index && fired) return c;
                return deeper;
            }
            case NodeOp::criterion_ref:
                return node_closer_[p_.items[p_.criterion_item[n.ref]].root()];
            case NodeOp::logical_not:
                return node_closer_[kids[0]];
            case NodeOp::logical_and:
            case NodeOp::logical_or:
            case NodeOp::at_least: {
                std::uint32_t best = no_index;
                for (std::uint32_t i = 0; i < n.child_count; ++i)
                    if (nodes_[kids[i]] == value) best = more_urgent(best, node_closer_[kids[i]]);
                return best;
            }
            default:
                return no_index;
        }
    }

    const Program& p_;
    const std::vector<FactValue>& facts_;
    std::vector<Truth>& nodes_;
    std::vector<std::uint32_t>& node_closer_;
    std::vector<ConclusionStatus>& status_;
    std::vector<std::uint32_t>& closer_;
    std::vector<StepState>& steps_;
    std::vector<std::uint32_t>& step_closer_;
    std::vector<std::uint32_t>& node_hold_;
    std::vector<std::uint32_t>& hold_;
    std::vector<Truth>& populations_;
    detail::ScoreValues& scores_;
};

}  // namespace

Evaluation RuleSet::evaluate(const Facts& facts) const {
    Evaluation result;
    evaluate(facts, result);
    return result;
}

void RuleSet::evaluate(const Facts& facts, Evaluation& r) const {
    const Program& p = *program_;
    if (&facts.rule_set().program() != &p)
        throw std::invalid_argument("ilio: these facts are bound to another rule set");
    if (r.program_ != program_) {
        // First use with this rule set: size every buffer once.
        r.program_ = program_;
        r.node_values_.assign(p.nodes.size(), Truth::unknown);
        r.node_closer_.assign(p.nodes.size(), detail::no_index);
        r.conclusion_status_.assign(p.conclusions.size(), ConclusionStatus::unknown);
        r.conclusion_closer_.assign(p.conclusions.size(), detail::no_index);
        r.step_state_.assign(p.steps.size(), StepState::open);
        r.step_closer_.assign(p.steps.size(), detail::no_index);
        r.node_hold_.assign(p.nodes.size(), detail::no_index);
        r.conclusion_hold_.assign(p.conclusions.size(), detail::no_index);
        r.population_.assign(p.populations.size(), Truth::unknown);
        detail::size_score_values(p, r.scores_);
        r.decides_.assign(p.facts.size(), 0);
        r.known_.assign(p.facts.size(), false);
        r.open_nodes_.assign(p.nodes.size(), 0);
        r.fact_stamp_.assign(p.facts.size(), 0);
        r.open_facts_begin_.assign(p.items.size() + 1, 0);
    }
    // Unconditionally: a copied Evaluation keeps the size but not the capacity.
    r.needed_.reserve(p.facts.size());
    r.open_facts_.reserve(p.fact_reads);
    const auto& values = facts.values();
    Evaluator(p, values, r.node_values_, r.node_closer_, r.conclusion_status_, r.conclusion_closer_,
              r.step_state_, r.step_closer_, r.node_hold_, r.conclusion_hold_, r.population_,
              r.scores_)
        .run();

    // Facts needed next: each missing fact counts the open conclusions it could help decide.
    for (std::size_t f = 0; f < values.size(); ++f) r.known_[f] = values[f].known;
    std::fill(r.fact_stamp_.begin(), r.fact_stamp_.end(), 0u);
    collect_open_facts(p, r.node_values_, r.known_, r.open_nodes_, r.fact_stamp_,
                       r.open_facts_begin_, r.open_facts_);
    std::fill(r.decides_.begin(), r.decides_.end(), 0u);
    // Stamps above the item range count each conclusion once per fact.
    auto first_stamp = static_cast<std::uint32_t>(p.items.size()) + 1;
    for (ConclusionIndex c = 0; c < p.conclusions.size(); ++c) {
        if (r.conclusion_status_[c] != ConclusionStatus::unknown) continue;
        for_each_open_fact(p, r.open_facts_begin_, r.open_facts_, c, [&](FactIndex f) {
            if (r.fact_stamp_[f] == first_stamp + c) return;
            r.fact_stamp_[f] = first_stamp + c;
            ++r.decides_[f];
        });
    }
    r.needed_.clear();
    for (FactIndex f = 0; f < values.size(); ++f)
        if (r.decides_[f] > 0) r.needed_.push_back(f);
    std::sort(r.needed_.begin(), r.needed_.end(), [&](FactIndex a, FactIndex b) {
        return r.decides_[a] != r.decides_[b] ? r.decides_[a] > r.decides_[b] : a < b;
    });
}

std::optional<ConclusionIndex> Evaluation::withheld_by(ConclusionIndex c) const noexcept {
    auto closer = conclusion_closer_[c];
    if (closer == detail::no_index) return std::nullopt;
    return closer;
}

std::optional<StepIndex> Evaluation::withheld_at(ConclusionIndex c) const noexcept {
    auto hold = conclusion_hold_[c];
    if (conclusion_status_[c] != ConclusionStatus::withheld || !detail::is_withheld_hold(hold))
        return std::nullopt;
    return hold;
}

std::optional<PopulationIndex> Evaluation::excluded_by(ConclusionIndex c) const noexcept {
    auto hold = conclusion_hold_[c];
    if (conclusion_status_[c] != ConclusionStatus::out_of_population ||
        !detail::is_population_hold(hold))
        return std::nullopt;
    return hold & ~detail::population_hold;
}

ScoreRange Evaluation::score(ScoreIndex s) const noexcept {
    double scale = static_cast<double>(program_->score_data[s].scale);
    return {static_cast<double>(scores_.least[s]) / scale,
            static_cast<double>(scores_.most[s]) / scale};
}

bool Evaluation::score_may_be(ScoreIndex s, double value) const noexcept {
    return detail::score_may_be(*program_, scores_, s, value);
}

std::vector<double> Evaluation::score_values(ScoreIndex s) const {
    std::vector<double> out;
    const auto& score = program_->score_data[s];
    double scale = static_cast<double>(score.scale);
    if (scores_.least[s] == scores_.most[s] || score.interval) {
        out.push_back(static_cast<double>(scores_.least[s]) / scale);
        if (scores_.least[s] != scores_.most[s])
            out.push_back(static_cast<double>(scores_.most[s]) / scale);
        return out;
    }
    for (auto v = scores_.least[s]; v <= scores_.most[s]; ++v)
        if (detail::test_bit(scores_.words.data() + score.first_word,
                             static_cast<std::uint64_t>(v - score.least)))
            out.push_back(static_cast<double>(v) / scale);
    return out;
}

Truth Evaluation::population(PopulationIndex population) const noexcept {
    return population_[population];
}

std::optional<ConclusionIndex> Evaluation::step_closed_by(StepIndex s) const noexcept {
    auto closer = step_closer_[s];
    if (closer == detail::no_index) return std::nullopt;
    return closer;
}

Truth Evaluation::criterion(CriterionIndex c) const noexcept {
    return node_values_[program_->items[program_->criterion_item[c]].root()];
}

Truth Evaluation::conclusion_truth(ConclusionIndex c) const noexcept {
    return conclusion_truth_of(conclusion_status_[c]);
}

std::vector<FactIndex> Evaluation::missing_facts(ConclusionIndex c) const {
    std::vector<FactIndex> out;
    if (conclusion_status_[c] != ConclusionStatus::unknown) return out;
    for_each_open_fact(*program_, open_facts_begin_, open_facts_, c, [&](FactIndex f) {
        if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    });
    std::sort(out.begin(), out.end());
    return out;
}

Audit Evaluation::audit() const noexcept {
    const auto& p = *program_;
    return Audit{p.name, p.version, p.source_hash, engine_version, p.parameters};
}

}  // namespace ilio
