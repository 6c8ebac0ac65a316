// L010, L011: conclusions the author declared exclusive that can both fire, and groups declared
// exhaustive with a band of patients where none fires.

#include <algorithm>

#include <fmt/format.h>

#include "lint/analysis.hpp"

namespace ilio::linter {

namespace {

// The conclusions a directive names; an unknown name is an L052 finding.
std::vector<std::uint32_t> named_conclusions(Analysis& a, const Directive& d) {
    const auto& p = a.program();
    std::vector<std::uint32_t> out;
    for (const auto& name : d.names) {
        auto it = std::find_if(p.conclusions.begin(), p.conclusions.end(),
                               [&](const ConclusionInfo& c) { return c.name == name; });
        if (it == p.conclusions.end()) {
            a.add("L052", d.span, fmt::format("`{}` is not a declared conclusion", name));
            return {};
        }
        out.push_back(static_cast<std::uint32_t>(it - p.conclusions.begin()));
    }
    return out;
}

// Where each number fact of the witness lies among the thresholds cut into its range, e.g.
// "`knee.flexion` in (60, 75) deg".
std::string bands(Analysis& a, const std::vector<std::uint32_t>& facts, const z3::model& model) {
    auto& e = a.encoding();
    const auto& p = a.program();
    std::string out;
    for (auto f : facts) {
        const auto& fact = p.facts[f];
        if (fact.type != ValueType::number && fact.type != ValueType::integer) continue;
        auto cuts = e.thresholds(f);
        if (cuts.empty()) continue;
        double v = e.base_value(model, f);
        auto above = std::lower_bound(cuts.begin(), cuts.end(), v);
        std::string low = above == cuts.begin()
                              ? (fact.minimum ? fmt::format("[{}", *fact.minimum) : "(…")
                              : fmt::format("({}", *(above - 1) / fact.to_base);
        std::string high = above == cuts.end()
                               ? (fact.maximum ? fmt::format("{}]", *fact.maximum) : "…)")
                               : fmt::format("{})", *above / fact.to_base);
        if (above != cuts.end() && detail::nearly_equal(*above, v)) {
            // Exactly on a threshold: the band is that one value.
            low = fmt::format("[{}", *above / fact.to_base);
            high = fmt::format("{}]", *above / fact.to_base);
        }
        out += fmt::format("{}`{}` in {}, {}{}{}", out.empty() ? "" : ", ", fact.name, low, high,
                           fact.unit.empty() ? "" : " ", fact.unit);
    }
    return out;
}

std::string name_list(const detail::Program& p, const std::vector<std::uint32_t>& cs) {
    std::string out;
    for (auto c : cs) out += fmt::format("{}`{}`", out.empty() ? "" : ", ", p.conclusions[c].name);
    return out;
}

}  // namespace

void analyse_overlaps(Analysis& a) {
    const auto& p = a.program();
    auto& e = a.encoding();
    for (const auto& d : a.directives()) {
        if (d.kind == Directive::Kind::allow) continue;
        auto cs = named_conclusions(a, d);
        if (cs.empty()) continue;
        std::vector<std::uint32_t> items;
        bool exact = true;
        for (auto c : cs) {
            exact = exact && e.fired_exact(c);
            for (auto i : e.fired_items(c)) items.push_back(i);
        }
        if (!exact) continue;
        auto facts = e.facts_of_items(items);
        if (d.kind == Directive::Kind::exclusive) {
            for (std::size_t i = 0; i < cs.size(); ++i) {
                for (std::size_t j = i + 1; j < cs.size(); ++j) {
                    auto model = e.witness_patient(e.fired(cs[i]) && e.fired(cs[j]), facts);
                    if (!model) continue;
                    auto& f =
                        a.add("L010", p.conclusions[cs[i]].location,
                              fmt::format("`{}` and `{}` are declared exclusive but can "
                                          "both fire",
                                          p.conclusions[cs[i]].name, p.conclusions[cs[j]].name));
                    f.diagnostic.notes.push_back(
                        a.conclusion_note(cs[j], fmt::format("`{}`", p.conclusions[cs[j]].name)));
                    f.diagnostic.notes.push_back({"declared exclusive here", p.file_name, d.span});
                    a.witness(f, *model, facts, {cs[i], cs[j]});
                    f.fix = "tighten one condition so the two cannot hold together";
                }
            }
        } else {
            z3::expr_vector any(e.context());
            for (auto c : cs) any.push_back(e.fired(c));
            // A patient inside a band (on no threshold) names the band best; a gap may also be
            // a single threshold value, so that is the fallback.
            z3::expr_vector off_thresholds(e.context());
            for (auto f : facts) {
                auto type = p.facts[f].type;
                if (type != ValueType::number && type != ValueType::integer) continue;
                for (double t : e.thresholds(f)) off_thresholds.push_back(e.differs_from(f, t));
            }
            auto model = e.witness_patient(!z3::mk_or(any) && z3::mk_and(off_thresholds), facts);
            if (!model) model = e.witness_patient(!z3::mk_or(any), facts);
            if (!model) continue;
            auto where = bands(a, facts, *model);
            auto& f = a.add("L011", d.span,
                            fmt::format("none of {} fires for some patients{}{}", name_list(p, cs),
                                        where.empty() ? "" : ": ", where));
            for (auto c : cs)
                f.diagnostic.notes.push_back(
                    a.conclusion_note(c, fmt::format("`{}`", p.conclusions[c].name)));
            a.witness(f, *model, facts, {}, cs);
            f.fix = "extend a condition to cover the band, or add a conclusion for it";
        }
    }
}

}  // namespace ilio::linter
