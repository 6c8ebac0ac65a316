// L032-L034: criteria and units nothing uses (unused facts and parameters are the compiler's
// W001 and W004), and explanation placeholders quoting a fact the condition does not read.

#include <set>

#include <fmt/format.h>

#include "common/template_text.hpp"
#include "lint/analysis.hpp"

namespace ilio::linter {

using detail::NodeOp;
using detail::OperandKind;

namespace {

std::string_view last_word(std::string_view text) {
    auto end = text.find_last_not_of(" \t");
    if (end == std::string_view::npos) return {};
    auto begin = text.find_last_of(" \t0123456789.", end);
    return text.substr(begin == std::string_view::npos ? 0 : begin + 1, end - begin);
}

}  // namespace

void analyse_unused(Analysis& a) {
    const auto& p = a.program();
    auto& e = a.encoding();
    std::vector<char> criterion_read(p.criteria.size(), 0);
    std::set<std::string_view> units_used;
    for (std::uint32_t n = 0; n < p.nodes.size(); ++n) {
        const auto& node = p.nodes[n];
        if (node.op == NodeOp::criterion_ref) criterion_read[node.ref] = 1;
        for (const auto& o : node.operands) {
            if (o.kind == OperandKind::literal) units_used.insert(last_word(o.text));
        }
    }
    for (const auto& f : p.facts) units_used.insert(f.unit);
    for (const auto& q : p.parameters) units_used.insert(q.unit);
    for (std::uint32_t c = 0; c < p.criteria.size(); ++c)
        if (!criterion_read[c])
            a.add("L032", p.criteria[c].location,
                  fmt::format("criterion `{}` is referenced by no criterion, conclusion or gate",
                              p.criteria[c].name))
                .fix = "reference it, or remove it";
    // Units are declared in the text; one may be defined in terms of another.
    for (const auto& d : a.outline().declarations) {
        if (d.keyword != "unit") continue;
        for (const auto& other : a.outline().declarations)
            if (other.keyword == "unit" && &other != &d)
                units_used.insert(last_word(a.source().slice(other.begin, other.end)));
    }
    for (const auto& d : a.outline().declarations) {
        if (d.keyword != "unit" || units_used.count(d.name)) continue;
        auto name_at = static_cast<std::uint32_t>(a.source().text().find(d.name, d.begin));
        a.add("L033", a.source().span(name_at, name_at + static_cast<std::uint32_t>(d.name.size())),
              fmt::format("unit `{}` is used by no fact, parameter or value", d.name))
            .fix = "use it, or remove it";
    }
    for (std::uint32_t c = 0; c < p.conclusions.size(); ++c) {
        const auto& conclusion = p.conclusions[c];
        std::vector<std::uint32_t> read;
        bool computed = false;
        detail::walk_template(
            conclusion.because, [](std::string_view) {},
            [&](std::string_view name, std::size_t) {
                for (std::uint32_t f = 0; f < p.facts.size(); ++f) {
                    if (p.facts[f].name != name) continue;
                    if (!computed) read = e.facts_of_items({p.conclusion_item[c]});
                    computed = true;
                    if (std::find(read.begin(), read.end(), f) != read.end()) return;
                    auto& finding = a.add(
                        "L034", conclusion.location,
                        fmt::format("the explanation of `{}` quotes `{}`, which its condition "
                                    "does not read: the value would decide nothing",
                                    conclusion.name, name));
                    finding.diagnostic.notes.push_back(
                        a.fact_note(f, fmt::format("`{}` declared here", name)));
                    finding.fix = "quote a fact the condition reads, or make it read this one";
                }
            });
    }
}

}  // namespace ilio::linter
