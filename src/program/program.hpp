#pragma once
// The compiled rule set: flat, index-based and immutable once the graph builder has ordered it.
// Every expression is a run of nodes in post-order, so evaluation is one forward pass over
// arrays and a node's children always sit before it.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "ilio/rule_set.hpp"
#include "program/name_index.hpp"

namespace ilio::detail {

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

/// The parameter that sets how many standard errors either side of a threshold a measured
/// reading is borderline; declared for the rule set when a fact has an `error` and the rules do
/// not declare it themselves.
inline constexpr std::string_view error_k_name = "error_k";
inline constexpr double default_error_k = 1.96;

/// Dates are days; times, and a date fact's value, are in seconds (the base unit of time).
inline constexpr double seconds_per_day = 86400.0;

enum class NodeOp : std::uint8_t {
    constant,        // true / false literal
    fact_bool,       // a bool fact used as a condition
    criterion_ref,   // the pass value of a criterion
    conclusion_ref,  // whether a conclusion fires
    compare,         // operand[0] cmp operand[1]
    between,         // operand[1] <= operand[0] <= operand[2]
    enum_in,         // enum fact's one-hot value & mask (negated when `negate`)
    set_has_any,     // set fact & mask != 0
    set_has_all,     // set fact & mask == mask
    logical_not,
    logical_and,
    logical_or,
    at_least,       // at least `count` children true
    score_sum,      // a score's root: children are its parts' conditions (ref: the score)
    score_compare,  // score `compare` operand[0] (ref: the score)
    // A comparison (the one child) held at every visit of a period reaching back operand[0]
    // (a time) from the latest visit: the child's truth now and, through the reading
    // context, at the earlier visits.
    held,
};

enum class CompareOp : std::uint8_t { less, less_equal, greater, greater_equal, equal, not_equal };

enum class OperandKind : std::uint8_t {
    none,
    fact,
    parameter,
    literal,
    expression,
    // In arithmetic only: a fact's value at the first visit, at the visit before the latest,
    // and the time from those visits to the latest (index: no_index).
    fact_at_baseline,
    fact_at_previous,
    time_since_baseline,
    time_since_previous,
    // From a date fact (index) to the evaluation date, in seconds.
    time_since_date,
};

/// One side of a comparison. Values are compared in the dimension's base unit.
struct Operand {
    OperandKind kind = OperandKind::none;
    std::uint32_t index = no_index;  // fact or parameter
    double value = 0.0;              // literal, in base units (or an enum's one-hot mask)
    // As written, e.g. "80 deg", in Program::source_text (a name as the file spells it, before
    // `per side` adds its instance): a view, as a program holds three operands for each of
    // hundreds of thousands of nodes.
    std::string_view text;
};

struct Node {
    NodeOp op = NodeOp::constant;
    CompareOp compare = CompareOp::equal;
    bool negate = false;
    Truth constant = Truth::unknown;
    std::uint32_t first_child = 0;  // into Program::children
    std::uint32_t child_count = 0;
    std::uint32_t ref = no_index;  // fact, criterion or conclusion index
    std::uint32_t count = 0;       // at_least
    std::uint64_t mask = 0;        // enum_in, set_has_*
    Operand operands[3];
    std::string_view text;  // the source text of this sub-expression, in Program::source_text
    std::string_view list;  // `any of NAME`, `at least 2 of NAME`: the item list's name, as text is
    SourceSpan span;
};

/// Arithmetic in postfix: `value` pushes an operand (a fact, parameter or literal, in base
/// units); `abs` replaces the top value; the others pop two and push the result.
enum class ArithOp : std::uint8_t { value, add, subtract, multiply, divide, abs, min, max };

struct ArithStep {
    ArithOp op = ArithOp::value;
    OperandKind kind = OperandKind::literal;  // for `value`
    std::uint32_t index = no_index;
    double value = 0.0;
};

/// At most this many values are pending at once while an expression is computed (E084
/// beyond), so evaluation needs no heap.
inline constexpr std::uint32_t max_arithmetic_stack = 32;

/// An arithmetic operand (`a - b`, `2 * x`): its steps, and its value's shape as a fact's
/// would be described (name: the text as written; unit, dimension, range from the operands),
/// so comparisons and explanations treat it like a measured number.
struct Expression {
    std::uint32_t first_step = 0, step_count = 0;
    FactInfo shape;
};

/// The part of an operand that evaluation reads. A parameter is packed as the literal of its
/// value (after overrides), so evaluation never looks it up; Node keeps which parameter it was.
struct ValueRef {
    OperandKind kind = OperandKind::none;
    std::uint32_t index = no_index;
    double value = 0.0;
};

/// The part of a node that evaluation reads, packed small so the hot loop stays in cache;
/// texts and spans stay in Node, for explanations. Operands are eval_values[first_value …].
struct EvalNode {
    NodeOp op = NodeOp::constant;
    CompareOp compare = CompareOp::equal;
    bool negate = false;
    // A constant's value; for a node that reads facts, its value when one of them is missing:
    // unknown, unless every value the fact's declared domain allows gives the same answer.
    Truth constant = Truth::unknown;
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    std::uint32_t ref = no_index;
    std::uint32_t count = 0;
    std::uint32_t first_value = 0;
    std::uint64_t mask = 0;
};

/// How the pass works out one node's truth (TruthStep): the common shapes each by a step of
/// their own, read from the step alone, and every other node through its EvalNode (`general`).
enum class TruthOp : std::uint8_t {
    constant,  // `fallback`
    // The truth of node `a` (a criterion's root or a conclusion's slot, for a reference):
    // only where a general node reads the reference (TruthPlanCopy otherwise).
    copy,
    // Whether a conclusion fired, failed or neither (a slot after the nodes: node), from
    // its condition's root `a`, its gate's root `b` and its populations' roots in `bits`
    // (conclusion_populations); the true slot (true_slot) for a gate or population it has not.
    conclusion_truth,
    score_total,  // a score's root: its parts added up (score `a`); true once known exactly
    // After a gate's or a population's root (node): step or population `a` settled when
    // decided (the truth is the root's, unchanged).
    gate_state,
    population_answer,
    logical_not,           // of node `a`
    logical_and,           // of the `b` nodes truth_children[a …]
    logical_or,            // of the `b` nodes truth_children[a …]
    and_pair,              // of nodes `a` and `b`: most `and`s have two operands
    or_pair,               // of nodes `a` and `b`
    fact_bool,             // bool fact `a`
    fact_against_literal,  // fact `a` `compare` literal(), within the fact's band
    // Expression `a`, the difference of two readings of facts (now, at the first visit or at
    // the one before: a change since), `compare` literal() (difference_reading)
    difference_against_literal,
    enum_in,      // enum fact `a` & mask != 0, negated when `negate`
    set_has_any,  // set fact `a` & mask != 0
    set_has_all,  // set fact `a` & mask == mask
    general,      // any other node: leaf_truth or the pass's own rules
};

/// One node of the truth plan: everything its truth needs in 24 bytes, so the pass walks one
/// array in evaluation order instead of the nodes, their children and their operands.
struct TruthStep {
    TruthOp op = TruthOp::general;
    CompareOp compare = CompareOp::equal;
    Truth fallback = Truth::unknown;  // a constant; a leaf's truth when a fact it reads is missing
    bool negate = false;
    std::uint32_t node = 0;  // the node whose truth this is
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::uint64_t bits = 0;  // a set or enum mask, or the literal's bits
    double literal() const noexcept { return std::bit_cast<double>(bits); }
};

/// Steps of one kind that read only truths of groups before them (Program::step_groups).
struct TruthStepGroup {
    TruthOp op = TruthOp::general;
    std::uint32_t begin = 0, end = 0;  // into Program::grouped_steps
};

/// A reference's truth, copied from what it refers to once the truths are worked out: the
/// steps read the referred truth itself, so a reference costs no step of its own.
struct TruthPlanCopy {
    std::uint32_t to = 0;
    std::uint32_t from = 0;
};

/// The roots of a conclusion's shared and own populations (TruthOp::conclusion_truth).
inline std::pair<std::uint32_t, std::uint32_t> conclusion_populations(const TruthStep& s) noexcept {
    return {static_cast<std::uint32_t>(s.bits), static_cast<std::uint32_t>(s.bits >> 32)};
}

enum class ItemKind : std::uint8_t { criterion, conclusion, gate, population, score };

/// Something evaluated in topological order: a criterion, a conclusion's condition, a
/// step's gate or a population's condition. Its nodes are [node_begin, node_end); the last is the
/// root.
struct Item {
    ItemKind kind = ItemKind::criterion;
    std::uint32_t index = 0;  // criterion, conclusion or step index
    std::uint32_t node_begin = 0;
    std::uint32_t node_end = 0;
    std::uint32_t root() const noexcept { return node_end - 1; }
};

/// Scores count in whole steps: weights times `scale` (1, 10, 100 or 1000).
inline constexpr std::int64_t max_score_steps = 4096;

/// One choice of a score part: the points it adds when its condition node is true. A plain
/// part (`+1 when …`) has one choice and adds 0 otherwise; a band part has one choice per band,
/// exactly one of which holds once the fact is known.
struct ScoreChoice {
    std::uint32_t node = 0;   // the condition's root node
    std::int64_t points = 0;  // scaled
};

struct ScorePart {
    bool bands = false;
    std::uint32_t first_choice = 0, choice_count = 0;  // into Program::score_choices
    std::int64_t least = 0, most = 0;                  // scaled, over the choices (and 0)
    std::string_view text;                             // the part as written
};

struct Score {
    std::int64_t scale = 1;
    std::int64_t least = 0, most = 0;  // scaled
    bool interval = false;             // more than max_score_steps values
    std::uint32_t first_part = 0, part_count = 0;
    std::uint32_t first_word = 0, word_count = 0;  // into an evaluation's score bitsets
};

struct Program {
    std::string file_name;
    // The rules text itself: nodes refer into it rather than each holding a copy, which would
    // cost memory quadratic in the nesting depth.
    std::string source_text;
    std::string name, version, title, source, source_hash;

    std::vector<UnitInfo> units;
    std::vector<FactInfo> facts;
    std::vector<ParameterInfo> parameters;
    std::vector<CriterionInfo> criteria;
    std::vector<ConclusionInfo> conclusions;
    std::vector<StepInfo> steps;
    std::vector<PopulationInfo> populations;
    std::vector<ScoreInfo> scores;
    // By name, for RuleSet::find_*: built once the program is complete (compile()).
    NameIndex fact_names, parameter_names, criterion_names, conclusion_names, step_names,
        population_names, score_names;
    std::vector<Score> score_data;  // scores[i] as evaluation reads it
    std::vector<ScorePart> score_parts;
    std::vector<ScoreChoice> score_choices;
    std::uint32_t score_words = 0;        // bitset words all scores need together
    std::uint32_t population = no_index;  // the rule set's, shared by every step

    std::vector<Node> nodes;
    // Per node: whether its text is one line as written (detail::is_one_line), so that an
    // explanation copies a condition rather than scanning it for blanks in every term.
    std::vector<std::uint8_t> node_text_one_line;
    std::vector<ArithStep> arith_steps;
    std::vector<Expression> expressions;  // operands of kind `expression`
    std::vector<EvalNode> eval_nodes;     // nodes[i] as evaluation reads it
    std::vector<ValueRef> eval_values;
    std::vector<std::uint32_t> children;
    std::vector<Item> items;                // in evaluation (topological) order once built
    std::vector<std::uint32_t> held_nodes;  // the nodes of op `held`, in node order
    // Per node: whether it may name a conclusion that closes a gate (it refers to a conclusion,
    // directly, through a criterion or through its children). Every other node's closer is
    // none for any patient, and so is its hold (a hold too comes only from a conclusion it
    // reads), so evaluation works neither out.
    std::vector<std::uint8_t> node_may_close;
    // The truth plan (truth_plan.cpp): item i's nodes are truth_steps[item_steps[i] …
    // item_steps[i + 1]), children before parents, and a conclusion's truth after them in slot
    // nodes.size() + conclusion (conclusion_slot); what the pass interprets.
    std::vector<TruthStep> truth_steps;
    std::vector<std::uint32_t> item_steps;  // size items + 1
    // The same steps for a whole pass, in groups of one kind (TruthStepGroup): each step's
    // level is one more than the highest level of the truths it reads, and the steps are
    // ordered by level, then kind. A pass then chooses what to do once a group, not once a
    // step (psoas: 44 groups of 211 steps), and runs each group as a loop of one kind.
    std::vector<TruthStep> grouped_steps;
    std::vector<TruthStepGroup> step_groups;
    // Operands of the steps are the truths references lead to, not the references: `and` and
    // `or` read their children from truth_children. Item i's references are filled after
    // its truths from truth_copies[item_copies[i] … item_copies[i + 1]).
    std::vector<std::uint32_t> truth_children;
    std::vector<TruthPlanCopy> truth_copies;
    std::vector<std::uint32_t> item_copies;  // size items + 1
    // Per item, the truth that decides whether the plan settled it: a conclusion's own
    // (conclusion_slot), any other item's root.
    std::vector<std::uint32_t> item_decided_by;
    std::uint32_t conclusion_slot(ConclusionIndex c) const noexcept {
        return static_cast<std::uint32_t>(nodes.size()) + c;
    }
    /// A truth after the conclusions' slots, always true: what a conclusion's truth step reads
    /// for a gate or population it does not have (TruthOp::conclusion_truth).
    std::uint32_t true_slot() const noexcept {
        return static_cast<std::uint32_t>(nodes.size() + conclusions.size());
    }

    // Item index of each criterion, conclusion condition and step gate (no_index: no gate).
    std::vector<std::uint32_t> criterion_item;
    std::vector<std::uint32_t> conclusion_item;
    std::vector<std::uint32_t> gate_item;
    std::vector<std::uint32_t> population_item;
    std::vector<std::uint32_t> score_item;
    // Root node of each criterion's item, which every reference to the criterion reads.
    std::vector<std::uint32_t> criterion_root;

    /// What a conclusion's status reads besides its condition, resolved once for evaluation,
    /// which decides every conclusion of every patient: its step and the populations it must
    /// belong to (populations_of); no_index where there is none.
    struct ConclusionContext {
        std::uint32_t step = no_index;
        std::uint32_t shared_population = no_index;
        std::uint32_t own_population = no_index;
    };
    std::vector<ConclusionContext> conclusion_context;

    /// The populations a conclusion must belong to: the rule set's, then its step's
    /// (no_index where there is none).
    std::pair<std::uint32_t, std::uint32_t> populations_of(ConclusionIndex c) const noexcept {
        const auto& step = conclusions[c].step;
        std::uint32_t own = step && steps[*step].population ? *steps[*step].population : no_index;
        return {population, own == population ? no_index : own};
    }

    // Per eval node, the facts it reads (for_each_fact_read, once per read) and the items its
    // references lead to (for_each_referenced_item), as flat lists: every partial patient's
    // open parts walk them node by node, and a list read costs less than the switch over
    // operands and arithmetic steps it stands for. Their sizes are the most open facts and
    // references an evaluation can list.
    std::vector<std::uint32_t> node_facts_begin;  // size eval_nodes + 1
    std::vector<FactIndex> node_facts;
    std::vector<std::uint32_t> node_refs_begin;  // size eval_nodes + 1
    std::vector<std::uint32_t> node_refs;
    // Per eval node, the first node of its subtree: its subtree is [subtree_begin, node] when
    // its nodes lie there and nowhere else (children before parents, as lowering numbers
    // them), else the node itself. A walk from an item's root down through its open nodes
    // skips a closed node's whole subtree, which can hold nothing open.
    std::vector<std::uint32_t> subtree_begin;

    // Exact answers (src/evaluate/case_split.cpp). The cells of each fact's domain, as the
    // thresholds and members the rules use on it cut it: one representative value per cell,
    // none for a fact that cannot be split (compared with another fact, or too many subsets).
    std::vector<std::uint32_t> fact_cell_offsets;  // size facts + 1
    std::vector<FactValue> fact_cells;
    // Per cell of a numeric fact: whether it is a threshold or bound itself rather than the
    // values between two (for explanations: "65 years", "above 65 years and below 75 years").
    std::vector<std::uint8_t> fact_cell_is_point;
    // Per item, the facts its value depends on through more than one read (its own nodes and
    // every item it refers to): three-valued logic is exact for the rest, so only these are
    // split into cases when they are missing.
    std::vector<std::uint32_t> item_split_offsets;  // size items + 1
    std::vector<FactIndex> item_split_facts;
    std::vector<std::uint32_t> split_items;  // the items with any such fact, ascending
    // The same, per fact: the items listing it (ascending), so that a patient missing a few
    // facts finds the items cases may decide from those facts alone.
    std::vector<std::uint32_t> fact_split_offsets;  // size facts + 1
    std::vector<std::uint32_t> fact_split_items;
    // The facts with any such item, ascending: a complete patient has none missing, and
    // cases_may_decide looks at these alone rather than at every fact.
    std::vector<FactIndex> split_facts;

    // Measurement error: per fact, the half-width of the borderline band around a threshold
    // (error_k x its error, in base units; 0 for a fact without an error), and the parameter
    // that holds error_k (no_index when no fact has an error).
    std::vector<double> fact_band;
    std::uint32_t error_k = no_index;

    // Parameter values in base units, after overrides.
    std::vector<double> parameter_base_values;

    // The overrides as given to compile(), so that the rule set can be compiled again.
    std::vector<ParameterOverride> overrides;
};

inline void set_bit(std::uint64_t* words, std::uint64_t bit) noexcept {
    words[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

inline bool test_bit(const std::uint64_t* words, std::uint64_t bit) noexcept {
    return (words[bit / 64] >> (bit % 64)) & 1u;
}

/// to |= from << shift, over `count` words (bits shifted past the end are dropped).
inline void or_shifted(std::uint64_t* to, const std::uint64_t* from, std::uint32_t count,
                       std::uint64_t shift) noexcept {
    auto words = shift / 64, bits = shift % 64;
    for (std::uint64_t i = count; i-- > words;) {
        std::uint64_t v = from[i - words] << bits;
        if (bits && i - words > 0) v |= from[i - words - 1] >> (64 - bits);
        to[i] |= v;
    }
}

/// Whether score `s` may take `value` (a plain number).
inline bool score_may_be(const Program& p, const ScoreValues& values, std::uint32_t s,
                         double value) noexcept;

/// What keeps an undecided condition open besides missing facts, per node and per conclusion:
/// no_index, a step index (a closed gate withholds a conclusion it reads) or, with
/// population_hold set, a population index (a population excludes one).
inline constexpr std::uint32_t population_hold = 0x80000000u;
inline bool is_withheld_hold(std::uint32_t hold) noexcept {
    return hold != no_index && (hold & population_hold) == 0;
}
inline bool is_population_hold(std::uint32_t hold) noexcept {
    return hold != no_index && (hold & population_hold) != 0;
}

/// Which kind a clinician must hear about first, among equally urgent conclusions: red flags,
/// then referrals, escalations, cautions, findings, recommendations. Used to name the closer of
/// a gate and to order explanations.
inline int kind_precedence(ConclusionKind kind) noexcept {
    switch (kind) {
        case ConclusionKind::red_flag:
            return 0;
        case ConclusionKind::referral:
            return 1;
        case ConclusionKind::escalation:
            return 2;
        case ConclusionKind::caution:
            return 3;
        case ConclusionKind::finding:
            return 4;
        case ConclusionKind::recommendation:
            return 5;
    }
    return 6;
}

/// Values this close count as equal, so a threshold is met exactly as written whatever units
/// the value and the threshold were given in (1.1 cm against 11 mm). Shared by evaluation and
/// by the margins explanations print, so the two never disagree.
inline bool nearly_equal(double a, double b) noexcept {
    double scale = a < 0 ? -a : a;
    double other = b < 0 ? -b : b;
    if (other > scale) scale = other;
    if (scale < 1.0) scale = 1.0;
    double diff = a - b;
    return (diff < 0 ? -diff : diff) <= 1e-9 * scale;
}

/// What a reading needs besides the latest visit's facts: each measured fact's band
/// (Program::fact_band; nullptr compares exactly) and the earlier visits (nullptr where there
/// is none), with the time from them to the latest visit in seconds.
struct ReadingContext {
    const double* bands = nullptr;
    const FactValue* baseline = nullptr;
    const FactValue* previous = nullptr;
    double since_baseline = 0.0, since_previous = 0.0;
    bool since_baseline_known = false, since_previous_known = false;
    /// The evaluation date, in seconds since 1970-01-01 (`time since` a date fact).
    double now = 0.0;
    bool now_known = false;
    /// Per node, for each `held` node: its comparison's truth at the earlier visits of its
    /// period (nullptr: one visit, so no earlier visit).
    const Truth* history = nullptr;
};

/// A value an operand reads, in base units, with its variance as a reading: the square of its
/// borderline band (0 for an exact value). `known` is false when a fact it needs is missing,
/// `defined` false when arithmetic on it divides by zero or leaves the finite numbers.
struct Reading {
    double value = 0.0;
    double variance = 0.0;
    bool known = true;
    bool defined = true;
    /// Computed from a reading at an earlier visit: a change between readings, which counts as
    /// real only beyond its band (the minimal detectable change).
    bool change = false;
    bool usable() const noexcept { return known && defined; }
};

/// A plain operand's reading; without a context, exact and without earlier visits.
[[gnu::always_inline]] inline Reading plain_reading(const Program& p,
                                                    const std::vector<FactValue>& facts,
                                                    const ReadingContext* context, OperandKind kind,
                                                    std::uint32_t index, double literal) noexcept {
    auto band = [&]() { return context && context->bands ? context->bands[index] : 0.0; };
    auto earlier = [&](const FactValue* visit) {
        if (!visit) return Reading{0.0, 0.0, false, true};
        return Reading{visit[index].number, band() * band(), visit[index].known, true};
    };
    switch (kind) {
        case OperandKind::fact:
            return {facts[index].number, band() * band(), facts[index].known, true};
        case OperandKind::fact_at_baseline:
            return earlier(context ? context->baseline : nullptr);
        case OperandKind::fact_at_previous:
            return earlier(context ? context->previous : nullptr);
        case OperandKind::time_since_baseline:
            return {context ? context->since_baseline : 0.0, 0.0,
                    context && context->since_baseline_known, true};
        case OperandKind::time_since_previous:
            return {context ? context->since_previous : 0.0, 0.0,
                    context && context->since_previous_known, true};
        case OperandKind::time_since_date:
            return {context ? context->now - facts[index].number : 0.0, 0.0,
                    context && context->now_known && facts[index].known, true};
        case OperandKind::parameter:
            return {p.parameter_base_values[index], 0.0, true, true};
        default:
            return {literal, 0.0, true, true};
    }
}

/// Computes an arithmetic operand. The variance follows to first order (errors independent):
/// sums add variances, a product or quotient weighs each by the other's value, abs keeps it,
/// min and max take the chosen value's. Missing facts make it unknown, a zero divisor or an
/// overflow undefined; nothing allocates.
inline Reading expression_reading(const Program& p, const std::vector<FactValue>& facts,
                                  const ReadingContext* context, std::uint32_t e) noexcept {
    // Values and variances only: whether the result is known, defined or a change is kept for
    // the whole expression. Plain arrays, left uninitialised: zeroing a stack of Readings cost
    // more than the arithmetic (callgrind).
    double value[max_arithmetic_stack];
    double variance[max_arithmetic_stack];
    std::uint32_t top = 0;
    const auto& ex = p.expressions[e];
    bool defined = true, change = false;
    for (auto i = ex.first_step; i < ex.first_step + ex.step_count; ++i) {
        const auto& s = p.arith_steps[i];
        if (s.op == ArithOp::value) {
            Reading r = plain_reading(p, facts, context, s.kind, s.index, s.value);
            // A missing value leaves the whole unknown, whatever the rest computes (and a
            // division by zero after it decides nothing either): no need to compute it.
            if (!r.known) return {0.0, 0.0, false, true};
            change = change || s.kind == OperandKind::fact_at_baseline ||
                     s.kind == OperandKind::fact_at_previous;
            if (top < max_arithmetic_stack) {
                value[top] = r.value;
                variance[top++] = r.variance;
            }
            continue;
        }
        if (s.op == ArithOp::abs) {
            if (top > 0 && value[top - 1] < 0) value[top - 1] = -value[top - 1];
            continue;
        }
        if (top < 2) return {0, 0, true, false};  // only after a compile error
        --top;
        double b = value[top], b_variance = variance[top];
        double& a = value[top - 1];
        double& a_variance = variance[top - 1];
        switch (s.op) {
            case ArithOp::add:
                a += b;
                a_variance += b_variance;
                break;
            case ArithOp::subtract:
                a -= b;
                a_variance += b_variance;
                break;
            case ArithOp::multiply:
                a_variance = b * b * a_variance + a * a * b_variance;
                a *= b;
                break;
            case ArithOp::divide: {
                if (b == 0.0) {
                    defined = false;
                    a = 0.0;
                    a_variance = 0.0;
                    break;
                }
                double q = a / b;
                a_variance = (a_variance + q * q * b_variance) / (b * b);
                a = q;
                break;
            }
            case ArithOp::min:
                if (b < a) {
                    a = b;
                    a_variance = b_variance;
                }
                break;
            case ArithOp::max:
                if (b > a) {
                    a = b;
                    a_variance = b_variance;
                }
                break;
            default:
                break;
        }
        if (!std::isfinite(a) || !std::isfinite(a_variance)) defined = false;
    }
    Reading out;
    if (top > 0) {
        out.value = value[top - 1];
        out.variance = variance[top - 1];
    }
    out.defined = defined;
    out.change = change;
    return out;
}

/// Any operand's reading.
inline Reading operand_reading(const Program& p, const std::vector<FactValue>& facts,
                               const ReadingContext* context, OperandKind kind, std::uint32_t index,
                               double literal) noexcept {
    if (kind == OperandKind::expression) return expression_reading(p, facts, context, index);
    return plain_reading(p, facts, context, kind, index, literal);
}

/// A comparison operand's value in base units, compared exactly; false when it cannot be
/// known (a missing fact, or arithmetic without a value).
inline bool operand_value(const Program& p, const std::vector<FactValue>& facts, OperandKind kind,
                          std::uint32_t index, double literal, double& out) noexcept {
    Reading r = operand_reading(p, facts, nullptr, kind, index, literal);
    out = r.value;
    return r.usable();
}

/// Calls `visit(fact)` for each fact an arithmetic operand reads at the latest visit (a date
/// fact that `time since` counts from included).
template <typename Visit>
void for_each_fact_in_expression(const Program& p, std::uint32_t e, Visit visit) {
    const auto& ex = p.expressions[e];
    for (auto i = ex.first_step; i < ex.first_step + ex.step_count; ++i)
        if (p.arith_steps[i].op == ArithOp::value &&
            (p.arith_steps[i].kind == OperandKind::fact ||
             p.arith_steps[i].kind == OperandKind::time_since_date))
            visit(p.arith_steps[i].index);
}

/// Calls `visit(parameter)` for each parameter an operand reads, itself or in its arithmetic.
template <typename Visit>
void for_each_parameter_of(const Program& p, OperandKind kind, std::uint32_t index, Visit visit) {
    if (kind == OperandKind::parameter) return visit(index);
    if (kind != OperandKind::expression) return;
    const auto& ex = p.expressions[index];
    for (auto i = ex.first_step; i < ex.first_step + ex.step_count; ++i)
        if (p.arith_steps[i].op == ArithOp::value &&
            p.arith_steps[i].kind == OperandKind::parameter)
            visit(p.arith_steps[i].index);
}

/// Calls `visit(fact)` for each fact a node reads directly.
template <typename Visit>
void for_each_fact_read(const Program& p, const EvalNode& node, Visit visit) {
    switch (node.op) {
        case NodeOp::fact_bool:
        case NodeOp::enum_in:
        case NodeOp::set_has_any:
        case NodeOp::set_has_all:
            visit(node.ref);
            return;
        case NodeOp::compare:
        case NodeOp::between: {
            auto end = node.first_value + (node.op == NodeOp::compare ? 2u : 3u);
            for (auto v = node.first_value; v < end; ++v) {
                if (p.eval_values[v].kind == OperandKind::fact) visit(p.eval_values[v].index);
                if (p.eval_values[v].kind == OperandKind::expression)
                    for_each_fact_in_expression(p, p.eval_values[v].index, visit);
            }
            return;
        }
        default:
            return;
    }
}

/// Calls `visit(item)` for each item a conclusion's status depends on directly: its condition,
/// its step's gate and its populations (no_index where there is none).
template <typename Visit>
void for_each_item_of_conclusion(const Program& p, std::uint32_t c, Visit visit) {
    visit(p.conclusion_item[c]);
    const auto& step = p.conclusions[c].step;
    if (step) visit(p.gate_item[*step]);
    auto [shared, own] = p.populations_of(c);
    if (shared != no_index) visit(p.population_item[shared]);
    if (own != no_index) visit(p.population_item[own]);
}

/// Calls `visit(item)` for each item a node refers to: a criterion's, a conclusion's (with its
/// gate and populations), a score's. At most four per node.
template <typename Visit>
void for_each_referenced_item(const Program& p, const EvalNode& node, Visit visit) {
    switch (node.op) {
        case NodeOp::criterion_ref:
            return visit(p.criterion_item[node.ref]);
        case NodeOp::conclusion_ref:
            return for_each_item_of_conclusion(p, node.ref, [&](std::uint32_t item) {
                if (item != no_index) visit(item);
            });
        case NodeOp::score_compare:
            return visit(p.score_item[node.ref]);
        default:
            return;
    }
}

/// Sizes an evaluation's score buffers for a program, once.
inline void size_score_values(const Program& p, ScoreValues& v) {
    v.least.assign(p.scores.size(), 0);
    v.most.assign(p.scores.size(), 0);
    v.words.assign(p.score_words, 0);
    std::uint32_t widest = 0;
    for (const auto& s : p.score_data) widest = std::max(widest, s.word_count);
    v.scratch.assign(widest, 0);
}

inline bool score_may_be(const Program& p, const ScoreValues& values, std::uint32_t s,
                         double value) noexcept {
    const auto& score = p.score_data[s];
    double scaled = value * static_cast<double>(score.scale);
    double step =
        static_cast<double>(static_cast<std::int64_t>(scaled < 0 ? scaled - 0.5 : scaled + 0.5));
    if (!nearly_equal(scaled, step)) return false;  // between two steps of the score
    auto v = static_cast<std::int64_t>(step);
    if (v < values.least[s] || v > values.most[s]) return false;
    if (values.least[s] == values.most[s] || score.interval) return true;
    return test_bit(values.words.data() + score.first_word,
                    static_cast<std::uint64_t>(v - score.least));
}

}  // namespace ilio::detail
