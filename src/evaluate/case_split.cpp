// Preparation for exact answers, once per compiled program.
//
// Three-valued logic is exact for a condition that reads each missing fact once: a fact read
// once decides at most one leaf, and Kleene's connectives give unknown only when some value of
// that leaf changes the answer. It can be inexact when a fact is read twice (`x > 5 or x <= 5`,
// a score that counts an item and a threshold that depends on it) or when one leaf cannot
// change whatever the fact (`x > 500` on a fact declared in [0, 200]). So the program keeps:
// - the cells of each fact's domain, as the thresholds and members the rules use on it cut
//   it, one representative value each: within a cell every leaf reading the fact answers alike;
// - each leaf's value when its fact is missing, decided here when every cell agrees;
// - each item's facts read more than once, through everything it refers to: the only facts
//   evaluation must split into cases (exact_answers.cpp).

#include "evaluate/case_split.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <vector>

#include "evaluate/leaf_truth.hpp"

namespace ilio::detail {

namespace {

/// A set fact is split over the classes of subsets that the rules' tests on it tell apart; past
/// this many (as many as the subsets of 12 members) it is not split at all.
constexpr std::size_t max_set_cells = 4096;

struct FactUse {
    std::vector<double> thresholds;                   // base units
    std::uint64_t members = 0;                        // set members the rules mention
    std::vector<std::uint64_t> any_masks, all_masks;  // the sets' `contains any of` / `all of`
    bool splittable = true;
};

std::vector<FactUse> collect_uses(const Program& p) {
    std::vector<FactUse> uses(p.facts.size());
    const std::vector<FactValue> no_facts;  // operand_value reads no fact for the thresholds
    for (const auto& node : p.eval_nodes) {
        if (node.op == NodeOp::set_has_any || node.op == NodeOp::set_has_all) {
            uses[node.ref].members |= node.mask;
            (node.op == NodeOp::set_has_any ? uses[node.ref].any_masks : uses[node.ref].all_masks)
                .push_back(node.mask);
            continue;
        }
        if (node.op != NodeOp::compare && node.op != NodeOp::between) continue;
        auto count = node.op == NodeOp::compare ? 2u : 3u;
        const ValueRef* values = p.eval_values.data() + node.first_value;
        std::uint32_t fact = no_index, facts = 0;
        bool arithmetic = false;
        for (std::uint32_t k = 0; k < count; ++k) {
            if (values[k].kind == OperandKind::fact && values[k].index != fact) {
                fact = values[k].index;
                ++facts;
            }
            arithmetic = arithmetic || values[k].kind == OperandKind::expression;
        }
        if (arithmetic) {
            // Computed from facts, a value has no fixed thresholds on any one of them: no cells.
            for (std::uint32_t k = 0; k < count; ++k) {
                if (values[k].kind == OperandKind::fact) uses[values[k].index].splittable = false;
                if (values[k].kind == OperandKind::expression)
                    for_each_fact_in_expression(p, values[k].index,
                                                [&](FactIndex f) { uses[f].splittable = false; });
            }
            continue;
        }
        if (facts != 1) {
            // Compared with another fact, a fact has no fixed thresholds: no cells.
            for (std::uint32_t k = 0; k < count; ++k)
                if (values[k].kind == OperandKind::fact) uses[values[k].index].splittable = false;
            continue;
        }
        for (std::uint32_t k = 0; k < count; ++k) {
            if (values[k].kind == OperandKind::fact) continue;
            double v = 0;
            operand_value(p, no_facts, values[k].kind, values[k].index, values[k].value, v);
            uses[fact].thresholds.push_back(v);
        }
    }
    return uses;
}

/// Representative values, in the declared unit, of the cells a numeric fact's thresholds cut
/// its domain into: each threshold itself and a value between each two (and beyond the outer
/// ones for an unbounded fact). An integer fact takes only whole values.
struct NumericCell {
    double value;
    bool point;  // a threshold or bound, not the values between two
};

std::vector<NumericCell> numeric_cells(const FactInfo& fact, const FactUse& use) {
    bool integer = fact.type == ValueType::integer;
    std::vector<double> cuts;
    for (double t : use.thresholds) {
        double v = t / fact.to_base;
        if (fact.minimum && (v < *fact.minimum || v > *fact.maximum)) continue;
        cuts.push_back(v);
    }
    if (fact.minimum) {
        cuts.push_back(*fact.minimum);
        cuts.push_back(*fact.maximum);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end(),
                           [](double a, double b) { return nearly_equal(a, b); }),
               cuts.end());
    std::vector<NumericCell> cells;
    if (cuts.empty()) {
        cells.push_back({0, false});  // nothing tells one value from another
        return cells;
    }
    auto whole = [](double v) { return nearly_equal(v, std::round(v)); };
    auto between = [&](double a, double b) {  // a value strictly inside (a, b), if any
        if (!integer) return cells.push_back({(a + b) / 2, false});
        double v = whole(a) ? std::round(a) + 1 : std::ceil(a);
        if (v < b && !nearly_equal(v, b)) cells.push_back({v, false});
    };
    if (!fact.minimum) between(cuts.front() - 2, cuts.front());
    for (std::size_t k = 0; k < cuts.size(); ++k) {
        if (!integer || whole(cuts[k]))
            cells.push_back({integer ? std::round(cuts[k]) : cuts[k], true});
        if (k + 1 < cuts.size()) between(cuts[k], cuts[k + 1]);
    }
    if (!fact.minimum) between(cuts.back(), cuts.back() + 2);
    return cells;
}

/// One representative subset per class of subsets that every test on a set fact answers
/// alike. The members the tests mention fall into atoms: members that are in exactly the same
/// masks, which no test tells apart. `contains any of` sees whether an atom has a member,
/// `contains all of` whether it has them all; so an atom is absent, whole, or (when an `all of`
/// test covers it and it has two members or more) partly there, shown by its lowest member.
/// Cells are every combination of those states, largest subset first; none past max_set_cells.
std::vector<std::uint64_t> set_cells(const FactUse& use) {
    std::vector<std::uint64_t> atoms;
    for (std::uint64_t rest = use.members; rest != 0;) {
        std::uint64_t member = rest & (~rest + 1);  // the lowest member left
        auto in = [&](std::uint64_t mask) { return (mask & member) != 0; };
        std::uint64_t atom = 0;
        for (std::uint64_t m = rest; m != 0; m &= m - 1) {
            std::uint64_t other = m & (~m + 1);
            auto same = [&](const std::vector<std::uint64_t>& masks) {
                for (auto mask : masks)
                    if (in(mask) != ((mask & other) != 0)) return false;
                return true;
            };
            if (same(use.any_masks) && same(use.all_masks)) atom |= other;
        }
        atoms.push_back(atom);
        rest &= ~atom;
    }
    std::vector<std::uint64_t> cells{0};
    for (auto atom : atoms) {
        std::vector<std::uint64_t> states{0, atom};
        bool partly = std::popcount(atom) > 1 &&
                      std::any_of(use.all_masks.begin(), use.all_masks.end(),
                                  [&](std::uint64_t mask) { return (mask & atom) != 0; });
        if (partly) states.push_back(atom & (~atom + 1));
        if (cells.size() * states.size() > max_set_cells) return {};
        std::vector<std::uint64_t> next;
        next.reserve(cells.size() * states.size());
        for (auto cell : cells)
            for (auto state : states) next.push_back(cell | state);
        cells = std::move(next);
    }
    std::sort(cells.begin(), cells.end(), std::greater<>());
    return cells;
}

void build_cells(Program& p, const std::vector<FactUse>& uses) {
    p.fact_cell_offsets.assign(1, 0);
    p.fact_cells.clear();
    p.fact_cell_is_point.clear();
    for (std::uint32_t f = 0; f < p.facts.size(); ++f) {
        const auto& fact = p.facts[f];
        const auto& use = uses[f];
        switch (fact.type) {
            case ValueType::boolean:
                p.fact_cells.push_back({true, 0.0, 0});
                p.fact_cells.push_back({true, 1.0, 0});
                break;
            case ValueType::one_of:
                for (std::size_t k = 0; k < fact.members.size() && k < 64; ++k)
                    p.fact_cells.push_back({true, 0.0, std::uint64_t{1} << k});
                break;
            case ValueType::set_of:
                for (auto members : set_cells(use)) p.fact_cells.push_back({true, 0.0, members});
                break;
            case ValueType::date:  // compared with other dates or times: no fixed cells
                break;
            case ValueType::number:
            case ValueType::integer:
                // A measured fact, once measured, may read within the band of a threshold:
                // borderline, which no value of its domain stands for. Splitting it would
                // decide what a later reading can leave open.
                if (!use.splittable || (f < p.fact_band.size() && p.fact_band[f] > 0)) break;
                for (auto cell : numeric_cells(fact, use)) {
                    p.fact_cells.push_back({true, cell.value * fact.to_base, 0});
                    p.fact_cell_is_point.push_back(cell.point);
                }
                break;
        }
        p.fact_cell_is_point.resize(p.fact_cells.size(), 1);
        p.fact_cell_offsets.push_back(static_cast<std::uint32_t>(p.fact_cells.size()));
    }
}

/// Whether each fact's cells are in ascending order of value (a numeric fact's are, as
/// numeric_cells builds them), so that a comparison can look up its threshold among them.
std::vector<std::uint8_t> cells_ascending(const Program& p) {
    std::vector<std::uint8_t> ascending(p.facts.size(), 0);
    for (std::size_t f = 0; f < p.facts.size(); ++f)
        ascending[f] = std::is_sorted(
            p.fact_cells.begin() + p.fact_cell_offsets[f],
            p.fact_cells.begin() + p.fact_cell_offsets[f + 1],
            [](const FactValue& a, const FactValue& b) { return a.number < b.number; });
    return ascending;
}

/// The fixed values a leaf compares its one fact with, in base units: a comparison's one, a
/// `between`'s two, each a literal or a parameter. None for any other leaf (a fact against
/// another fact or against arithmetic, at an earlier visit, a set's or a member's test).
struct FixedThresholds {
    std::array<double, 2> values{};
    std::size_t count = 0;
    bool empty() const noexcept { return count == 0; }
    const double* begin() const noexcept { return values.data(); }
    const double* end() const noexcept { return values.data() + count; }
};

FixedThresholds fixed_thresholds(const Program& p, const EvalNode& n) {
    FixedThresholds t;
    std::size_t operands = n.op == NodeOp::compare ? 2 : n.op == NodeOp::between ? 3 : 0;
    const ValueRef* values = p.eval_values.data() + n.first_value;
    if (operands == 0 || values[0].kind != OperandKind::fact) return t;
    for (std::size_t k = 1; k < operands; ++k) {
        if (values[k].kind == OperandKind::literal)
            t.values[k - 1] = values[k].value;
        else if (values[k].kind == OperandKind::parameter)
            t.values[k - 1] = p.parameter_base_values[values[k].index];
        else
            return FixedThresholds{};
    }
    t.count = operands - 1;
    return t;
}

/// A leaf that reads one fact takes the same value in every cell of the fact's domain: its
/// value when the fact is missing is that one, not unknown.
void decide_constant_leaves(Program& p) {
    std::vector<FactValue> facts(p.facts.size());
    const auto ascending = cells_ascending(p);
    for (auto& node : p.eval_nodes) {
        if (!reads_facts(node.op)) continue;
        std::uint32_t fact = no_index;
        bool single = true;
        for_each_fact_read(p, node, [&](FactIndex f) {
            if (fact != no_index && f != fact) single = false;
            fact = f;
        });
        node.constant = Truth::unknown;
        if (fact == no_index) continue;  // reads only earlier visits or the time between them
        auto begin = p.fact_cell_offsets[fact], end = p.fact_cell_offsets[fact + 1];
        if (!single || begin == end) continue;
        // A value of the domain in each cell: exact.
        auto truth_at = [&](std::uint32_t k) {
            facts[fact] = p.fact_cells[k];
            return leaf_truth(p, node, facts, nullptr);
        };
        const Truth common = truth_at(begin);
        auto alike = [&](std::uint32_t k) { return truth_at(k) == common; };
        bool constant = true;
        if (auto thresholds = fixed_thresholds(p, node); !thresholds.empty() && ascending[fact]) {
            // A comparison with thresholds (one, or a `between`'s two) tells apart the values
            // below, nearly equal to and above each (compare_values): in ascending cells each
            // kind is a run. The first and last cells, those nearly equal to a threshold and the
            // first above each stand for every run, where trying every cell made
            // compiling quadratic in the thresholds a fact has: with 845 of them, read by 100
            // conclusions through an item list, `ilio check` took 0.27 s (0.09 s now) and
            // `ilio fmt` over 30 s in the sanitizers' build.
            const auto* cells = p.fact_cells.data();
            constant = alike(end - 1);
            for (double threshold : thresholds) {
                auto at = static_cast<std::uint32_t>(
                    std::lower_bound(cells + begin, cells + end, threshold,
                                     [](const FactValue& c, double v) { return c.number < v; }) -
                    cells);
                auto k = at;
                for (; constant && k < end && nearly_equal(cells[k].number, threshold); ++k)
                    constant = alike(k);
                if (constant && k < end) constant = alike(k);  // the first above it
                for (k = at; constant && k > begin && nearly_equal(cells[k - 1].number, threshold);
                     --k)
                    constant = alike(k - 1);
            }
        } else {
            for (auto k = begin + 1; k < end && constant; ++k) constant = alike(k);
        }
        facts[fact] = FactValue{};
        if (constant) node.constant = common;
    }
}

/// Per item, how often each fact is read (0, 1 or "2 or more") through its nodes and the items
/// they refer to, in topological order so every referenced item is already counted.
void collect_split_facts(Program& p) {
    using Reads = std::vector<std::pair<FactIndex, std::uint8_t>>;
    std::vector<Reads> reads(p.items.size());
    std::vector<std::uint8_t> count(p.facts.size(), 0);
    std::vector<FactIndex> touched;
    auto bump = [&](FactIndex f, std::uint8_t n) {
        if (count[f] == 0) touched.push_back(f);
        count[f] = static_cast<std::uint8_t>(std::min(2, count[f] + n));
    };
    auto merge = [&](std::uint32_t item) {
        if (item == no_index) return;
        for (auto [f, n] : reads[item]) bump(f, n);
    };
    p.item_split_offsets.assign(1, 0);
    p.item_split_facts.clear();
    p.split_items.clear();
    for (std::uint32_t i = 0; i < p.items.size(); ++i) {
        const auto& item = p.items[i];
        for (auto n = item.node_begin; n < item.node_end; ++n) {
            const auto& node = p.eval_nodes[n];
            if (reads_facts(node.op) && node.constant == Truth::unknown)
                for_each_fact_read(p, node, [&](FactIndex f) { bump(f, 1); });
            for_each_referenced_item(p, node, merge);
        }
        // A conclusion's status also depends on its step's gate and its populations (its own
        // reads are not merged yet: merging item i itself adds nothing).
        if (item.kind == ItemKind::conclusion) for_each_item_of_conclusion(p, item.index, merge);
        std::sort(touched.begin(), touched.end());
        for (FactIndex f : touched) {
            reads[i].emplace_back(f, count[f]);
            if (count[f] > 1) p.item_split_facts.push_back(f);
            count[f] = 0;
        }
        touched.clear();
        if (p.item_split_facts.size() != p.item_split_offsets.back()) p.split_items.push_back(i);
        p.item_split_offsets.push_back(static_cast<std::uint32_t>(p.item_split_facts.size()));
    }
    // Inverted: per fact, the items listing it, counted then placed (items in ascending order).
    p.fact_split_offsets.assign(p.facts.size() + 1, 0);
    for (FactIndex f : p.item_split_facts) ++p.fact_split_offsets[f + 1];
    p.split_facts.clear();
    for (std::size_t f = 0; f < p.facts.size(); ++f) {
        if (p.fact_split_offsets[f + 1] != 0) p.split_facts.push_back(static_cast<FactIndex>(f));
        p.fact_split_offsets[f + 1] += p.fact_split_offsets[f];
    }
    p.fact_split_items.assign(p.item_split_facts.size(), 0);
    std::vector<std::uint32_t> next(p.fact_split_offsets.begin(), p.fact_split_offsets.end() - 1);
    for (auto i : p.split_items)
        for (auto k = p.item_split_offsets[i]; k < p.item_split_offsets[i + 1]; ++k)
            p.fact_split_items[next[p.item_split_facts[k]]++] = i;
}

}  // namespace

void prepare_case_split(Program& p) {
    build_cells(p, collect_uses(p));
    decide_constant_leaves(p);
    collect_split_facts(p);
}

}  // namespace ilio::detail
