// L020, L021: a conclusion implied by another of the same kind and step, and a sub-condition
// the rest of its `and`/`or` already decides.

#include <map>
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
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (const auto& [key, cs] : buckets)
        for (std::size_t i = 0; i < cs.size(); ++i)
            for (std::size_t j = i + 1; j < cs.size(); ++j) pairs.emplace_back(cs[i], cs[j]);
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    for (auto [x, y] : pairs) {
        std::vector<std::uint32_t> items = e.fired_items(x);
        items.push_back(p.conclusion_item[y]);
        auto both = e.facts_of_items(items);
        const auto &cx = e.condition(x), &cy = e.condition(y);
        bool x_to_y = e.impossible(cx && !cy, both);
        bool y_to_x = e.impossible(cy && !cx, both);
        // Equal conditions are how several pieces of advice share one trigger: not reported.
        if (x_to_y == y_to_x) continue;
        auto [from, to] = x_to_y ? std::pair(x, y) : std::pair(y, x);
        auto model = e.satisfy(e.fired(from), both);
        if (!model) continue;  // never fires: L001/L007 say so
        auto& f = a.add("L020", p.conclusions[from].location,
                        fmt::format("whenever {} `{}` fires, {} `{}` of the same step fires too: "
                                    "its condition implies the other's",
                                    to_string(p.conclusions[from].kind), p.conclusions[from].name,
                                    to_string(p.conclusions[to].kind), p.conclusions[to].name));
        f.diagnostic.notes.push_back(
            a.conclusion_note(to, fmt::format("`{}` is implied", p.conclusions[to].name)));
        f.witness = e.witness(*model, both);
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
