#pragma once
// The compiled rule set: flat, index-based and immutable once the graph builder has ordered it.
// Every expression is a run of nodes in post-order, so evaluation is one forward pass over
// arrays and a node's children always sit before it.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "ilio/rule_set.hpp"

namespace ilio::detail {

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

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
    at_least,  // at least `count` children true
};

enum class CompareOp : std::uint8_t { less, less_equal, greater, greater_equal, equal, not_equal };

enum class OperandKind : std::uint8_t { none, fact, parameter, literal };

/// One side of a comparison. Values are compared in the dimension's base unit.
struct Operand {
    OperandKind kind = OperandKind::none;
    std::uint32_t index = no_index;  // fact or parameter
    double value = 0.0;              // literal, in base units (or an enum's one-hot mask)
    std::string text;                // as written, e.g. "80 deg"
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
    SourceSpan span;
};

/// The part of an operand that evaluation reads.
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
    Truth constant = Truth::unknown;
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    std::uint32_t ref = no_index;
    std::uint32_t count = 0;
    std::uint32_t first_value = 0;
    std::uint64_t mask = 0;
};

enum class ItemKind : std::uint8_t { criterion, conclusion, gate };

/// Something evaluated in topological order: a criterion, a conclusion's condition, or a
/// step's gate. Its nodes are [node_begin, node_end); the last is the root.
struct Item {
    ItemKind kind = ItemKind::criterion;
    std::uint32_t index = 0;  // criterion, conclusion or step index
    std::uint32_t node_begin = 0;
    std::uint32_t node_end = 0;
    std::uint32_t root() const noexcept { return node_end - 1; }
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

    std::vector<Node> nodes;
    std::vector<EvalNode> eval_nodes;  // nodes[i] as evaluation reads it
    std::vector<ValueRef> eval_values;
    std::vector<std::uint32_t> children;
    std::vector<Item> items;  // in evaluation (topological) order once built

    // Item index of each criterion, conclusion condition and step gate (no_index: no gate).
    std::vector<std::uint32_t> criterion_item;
    std::vector<std::uint32_t> conclusion_item;
    std::vector<std::uint32_t> gate_item;

    // Items each conclusion depends on: its condition, its step's gate, and the items they
    // reference, transitively: a flat CSR list, for finding the facts that could decide it.
    std::vector<std::uint32_t> conclusion_item_offsets;  // size conclusions + 1
    std::vector<std::uint32_t> conclusion_items;

    // How many fact reads all nodes make together: the most open facts an evaluation can list.
    std::size_t fact_reads = 0;

    // Parameter values in base units, after overrides.
    std::vector<double> parameter_base_values;

    // The overrides as given to compile(), so that the rule set can be compiled again.
    std::vector<ParameterOverride> overrides;
};

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

/// A comparison operand's value in base units; false when it is a missing fact.
inline bool operand_value(const Program& p, const std::vector<FactValue>& facts, OperandKind kind,
                          std::uint32_t index, double literal, double& out) noexcept {
    switch (kind) {
        case OperandKind::fact:
            out = facts[index].number;
            return facts[index].known;
        case OperandKind::parameter:
            out = p.parameter_base_values[index];
            return true;
        default:
            out = literal;
            return true;
    }
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
            for (auto v = node.first_value; v < end; ++v)
                if (p.eval_values[v].kind == OperandKind::fact) visit(p.eval_values[v].index);
            return;
        }
        default:
            return;
    }
}

}  // namespace ilio::detail
