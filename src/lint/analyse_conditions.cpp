// L001-L007: conditions that can never be true or never false, comparisons that the declared
// range decides, and gates that never open or never close.

#include <fmt/format.h>

#include "lint/analysis.hpp"

namespace ilio::linter {

using detail::NodeOp;
using detail::OperandKind;

namespace {

std::string range_text(const FactInfo& fact) {
    auto bound = [](const std::optional<double>& v) {
        return v ? fmt::format("{}", *v) : std::string("…");
    };
    return fmt::format("[{}, {}]{}{}", bound(fact.minimum), bound(fact.maximum),
                       fact.unit.empty() ? "" : " ", fact.unit);
}

// Decides one item's term both ways; reports L001/L002 at `span` for `what`.
void decide(Analysis& a, std::uint32_t item, SourceSpan span, const std::string& what,
            const std::string& name) {
    auto& e = a.encoding();
    if (!e.item_exact(item)) return;
    auto facts = e.facts_of_items({item});
    const auto& term = e.item_term(item);
    if (e.impossible(term, facts)) {
        auto& f = a.add("L001", span,
                        fmt::format("{} `{}` can never be true: no patient within the declared "
                                    "ranges and domains satisfies it",
                                    what, name));
        f.fix = "check its thresholds against the facts' declared ranges and the parameters";
    } else if (e.impossible(!term, facts)) {
        auto& f = a.add("L002", span,
                        fmt::format("{} `{}` can never be false: every patient within the "
                                    "declared ranges and domains satisfies it",
                                    what, name));
        f.fix = "check its thresholds; a condition that always holds decides nothing";
    }
}

void compare_by_range(Analysis& a, std::uint32_t node) {
    const auto& p = a.program();
    const auto& n = p.nodes[node];
    if (n.op != NodeOp::compare && n.op != NodeOp::between) return;
    int count = n.op == NodeOp::compare ? 2 : 3;
    std::uint32_t fact = detail::no_index;
    for (int k = 0; k < count; ++k) {
        if (n.operands[k].kind != OperandKind::fact) continue;
        if (fact != detail::no_index) return;  // two facts: not a threshold on a range
        fact = n.operands[k].index;
    }
    if (fact == detail::no_index) return;
    const auto& info = p.facts[fact];
    if (info.type != ValueType::number && info.type != ValueType::integer) return;
    auto& e = a.encoding();
    if (!e.exact(node)) return;
    std::vector<std::uint32_t> facts{fact};
    const auto& term = e.term(node);
    if (e.impossible(term, facts)) {
        auto& f = a.add("L003", n.span,
                        fmt::format("`{}` can never be true: `{}` is declared in {}", n.text,
                                    info.name, range_text(info)));
        f.diagnostic.notes.push_back(
            a.fact_note(fact, fmt::format("`{}` declared here", info.name)));
        f.fix = "fix the threshold or the fact's declared range";
    } else if (e.impossible(!term, facts)) {
        auto& f = a.add("L004", n.span,
                        fmt::format("`{}` is always true: `{}` is declared in {}", n.text,
                                    info.name, range_text(info)));
        f.diagnostic.notes.push_back(
            a.fact_note(fact, fmt::format("`{}` declared here", info.name)));
        f.fix = "fix the threshold or the fact's declared range, or drop the comparison";
    }
}

}  // namespace

void analyse_conditions(Analysis& a) {
    const auto& p = a.program();
    auto& e = a.encoding();
    for (std::uint32_t n = 0; n < p.nodes.size(); ++n) compare_by_range(a, n);
    for (std::uint32_t c = 0; c < p.criteria.size(); ++c)
        decide(a, p.criterion_item[c], p.criteria[c].location, "criterion", p.criteria[c].name);
    for (std::uint32_t c = 0; c < p.conclusions.size(); ++c)
        decide(a, p.conclusion_item[c], p.conclusions[c].location,
               fmt::format("the condition of {}", to_string(p.conclusions[c].kind)),
               p.conclusions[c].name);
    for (std::uint32_t s = 0; s < p.steps.size(); ++s) {
        auto item = p.gate_item[s];
        if (item == detail::no_index || !e.item_exact(item)) continue;
        auto facts = e.facts_of_items({item});
        const auto& gate = e.item_term(item);
        if (e.impossible(gate, facts)) {
            auto& f = a.add("L005", p.steps[s].location,
                            fmt::format("the gate of step `{}` can never open, so none of its "
                                        "conclusions can fire",
                                        p.steps[s].name));
            for (auto c : p.steps[s].conclusions)
                f.diagnostic.notes.push_back(
                    a.conclusion_note(c, fmt::format("`{}` never fires", p.conclusions[c].name)));
            continue;
        }
        if (e.impossible(!gate, facts)) {
            a.add("L006", p.steps[s].location,
                  fmt::format("the gate of step `{}` can never close: its `requires` condition "
                              "always holds",
                              p.steps[s].name))
                .fix = "drop the `requires` clause or fix its condition";
            continue;
        }
        // Both ways possible: does any conclusion's condition exclude the gate?
        for (auto c : p.steps[s].conclusions) {
            if (!e.fired_exact(c)) continue;
            auto cfacts = e.facts_of_items(e.fired_items(c));
            if (e.impossible(e.condition(c), cfacts)) continue;  // L001 already says it
            if (!e.impossible(e.fired(c), cfacts)) continue;
            auto& f = a.add("L007", p.conclusions[c].location,
                            fmt::format("{} `{}` can never fire: whenever its condition holds, "
                                        "the gate of step `{}` is closed",
                                        to_string(p.conclusions[c].kind), p.conclusions[c].name,
                                        p.steps[s].name));
            f.diagnostic.notes.push_back(
                a.step_note(s, fmt::format("the gate of `{}`", p.steps[s].name)));
        }
    }
}

}  // namespace ilio::linter
