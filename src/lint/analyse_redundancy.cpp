// L020, L021: a conclusion implied by another of the same kind and step, and a sub-condition
// the rest of its `and`/`or` already decides.

#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "lint/analysis.hpp"

namespace ilio::linter {

using detail::NodeOp;

namespace {

void implied_conclusions(Analysis& a) {
    const auto& p = a.program();
    auto& e = a.encoding();
    // Only conclusions of one kind in one step that read a fact in common can imply each
    // other non-trivially, so pairs are drawn from those buckets.
    std::map<std::tuple<int, std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> buckets;
    std::vector<std::vector<std::uint32_t>> facts(p.conclusions.size());
    for (std::uint32_t c = 0; c < p.conclusions.size(); ++c) {
        if (!e.fired_exact(c)) continue;
        facts[c] = e.facts_of_items({p.conclusion_item[c]});
        auto step = p.conclusions[c].step.value_or(detail::no_index);
        for (auto f : facts[c])
            buckets[{static_cast<int>(p.conclusions[c].kind), step, f}].push_back(c);
    }
    // A patient for whom one condition holds and the other does not shows that the first
    // does not imply the second: the solver is asked only where no patient at hand shows it.
    // Asking it of every pair made lint quadratic in solver calls (20 s for 1,000 generated
    // conclusions). The patients are all the encoding's samples (bit s of holds_in[c] when
    // sample s satisfies c's condition: worked out once per conclusion and read for each of its
    // pairs, so they are many more than ProgramEncoding::check tries on each query) and, for a
    // condition no sample satisfies, one patient the solver finds for it.
    std::vector<std::uint64_t> holds_in(p.conclusions.size(), 0);
    std::vector<char> paired(p.conclusions.size(), 0);  // in a bucket with another
    for (const auto& [key, cs] : buckets)
        if (cs.size() > 1)
            for (auto c : cs) paired[c] = 1;
    for (std::uint32_t c = 0; c < p.conclusions.size(); ++c)
        if (paired[c]) holds_in[c] = e.samples_satisfying(e.condition(c));
    // Whether a sample satisfies x's condition and not y's.
    auto sample_shows = [&](std::uint32_t x, std::uint32_t y) {
        return (holds_in[x] & ~holds_in[y]) != 0;
    };
    std::vector<std::optional<z3::model>> own_patient(p.conclusions.size());
    std::vector<char> own_patient_sought(p.conclusions.size(), 0);
    // Whether a patient shows that x's condition does not imply y's, over the facts `both`
    // that the solver would be asked about.
    auto shown_not_implied = [&](std::uint32_t x, std::uint32_t y,
                                 const std::vector<std::uint32_t>& both) {
        if (sample_shows(x, y)) return true;
        if (holds_in[x] != 0) return false;  // every sample for x is one for y too
        if (!own_patient_sought[x]) {
            own_patient_sought[x] = 1;
            own_patient[x] = e.patient_satisfying(e.condition(x), facts[x]);
        }
        return own_patient[x] && e.shows(*own_patient[x], e.condition(x) && !e.condition(y), both);
    };
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (const auto& [key, cs] : buckets)
        for (std::size_t i = 0; i < cs.size(); ++i)
            for (std::size_t j = i + 1; j < cs.size(); ++j)
                if (!sample_shows(cs[i], cs[j]) || !sample_shows(cs[j], cs[i]))
                    pairs.emplace_back(cs[i], cs[j]);
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (auto [x, y] : pairs) {
        std::vector<std::uint32_t> items = e.fired_items(x);
        items.push_back(p.conclusion_item[y]);
        auto both = e.facts_of_items(items);
        const auto &cx = e.condition(x), &cy = e.condition(y);
        // Shown possible, a query is not impossible: the solver would find it satisfiable too,
        // or give up on it, and either way impossible() is false.
        bool x_shown = shown_not_implied(x, y, both), y_shown = shown_not_implied(y, x, both);
        if (x_shown && y_shown) continue;  // neither implies the other
        bool x_to_y = !x_shown && e.impossible(cx && !cy, both);
        bool y_to_x = !y_shown && e.impossible(cy && !cx, both);
        // Equal conditions are how several pieces of advice share one trigger: not reported.
        if (x_to_y == y_to_x) continue;
        auto [from, to] = x_to_y ? std::pair(x, y) : std::pair(y, x);
        auto model = e.witness_patient(e.fired(from), both);
        if (!model) continue;  // never fires: L001/L007 say so
        auto& f = a.add("L020", p.conclusions[from].location,
                        fmt::format("whenever {} `{}` fires, {} `{}` of the same step fires too: "
                                    "its condition implies the other's",
                                    to_string(p.conclusions[from].kind), p.conclusions[from].name,
                                    to_string(p.conclusions[to].kind), p.conclusions[to].name));
        f.diagnostic.notes.push_back(
            a.conclusion_note(to, fmt::format("`{}` is implied", p.conclusions[to].name)));
        a.witness(f, *model, both, {from, to});
        f.fix = "merge the two, or suppress with the reason both are wanted";
    }
}

void removable_subconditions(Analysis& a) {
    const auto& p = a.program();
    auto& e = a.encoding();
    for (std::uint32_t n = 0; n < p.nodes.size(); ++n) {
        const auto& node = p.nodes[n];
        if ((node.op != NodeOp::logical_and && node.op != NodeOp::logical_or) ||
            node.child_count < 2 || !e.exact(n))
            continue;
        bool is_and = node.op == NodeOp::logical_and;
        auto facts = e.facts_of_node(n);
        for (std::uint32_t k = 0; k < node.child_count; ++k) {
            auto child = p.children[node.first_child + k];
            z3::expr_vector rest(e.context());
            for (std::uint32_t j = 0; j < node.child_count; ++j)
                if (j != k) rest.push_back(e.term(p.children[node.first_child + j]));
            // `and`: the rest implies the child; `or`: the child implies the rest.
            auto others = is_and ? z3::mk_and(rest) : z3::mk_or(rest);
            auto counter = is_and ? others && !e.term(child) : e.term(child) && !others;
            if (!e.impossible(counter, facts)) continue;
            auto& f = a.add("L021", p.nodes[child].span,
                            fmt::format("`{}` can be removed from `{}`: the rest of the `{}` {}",
                                        p.nodes[child].text, node.text, is_and ? "and" : "or",
                                        is_and ? "already implies it" : "already covers it"));
            f.fix = fmt::format("remove `{}`", p.nodes[child].text);
            break;
        }
    }
}

}  // namespace

void analyse_redundancy(Analysis& a) {
    implied_conclusions(a);
    removable_subconditions(a);
}

}  // namespace ilio::linter
