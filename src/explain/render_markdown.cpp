// The Markdown renderer: for reports, tickets and notes.

#include <fmt/format.h>

#include "explain/full_detail.hpp"
#include "explain/markdown_text.hpp"
#include "explain/presentation.hpp"
#include "ilio/explanation.hpp"

namespace ilio {

namespace {

std::string escape(std::string_view text) {
    return wording::markdown_escape(text);
}

void term(std::string& out, const Term& t, int depth) {
    out += fmt::format("{}- {} {}", std::string(2 * depth, ' '), wording::truth_mark(t.value),
                       escape(t.text));
    if (!t.cite.empty()) out += fmt::format(" *({})*", escape(t.cite));
    out += "\n";
    for (const auto& child : t.children)
        if (wording::is_deciding_child(t, child)) term(out, child, depth + 1);
}

void conclusion(std::string& out, const ExplainedConclusion& c) {
    out += fmt::format("### {}: {}\n\n", wording::label(c), escape(c.title));
    std::string meta = fmt::format("`{}`", c.name);
    if (c.status == ConclusionStatus::fired)
        meta += fmt::format(" · severity {}", to_string(c.urgency));
    if (c.step) meta += fmt::format(" · {}", escape(c.step->title));
    if (!c.cite.empty()) meta += fmt::format(" · cite: {}", escape(c.cite));
    out += meta + "\n\n";
    if (c.by_cases) out += fmt::format("{}.\n\n", escape(wording::by_cases_sentence(*c.by_cases)));
    switch (c.status) {
        case ConclusionStatus::fired:
            if (!c.because.empty()) out += fmt::format("Because {}.\n\n", escape(c.because));
            if (!c.dose.empty()) out += fmt::format("**Dose:** {}\n\n", escape(c.dose));
            term(out, c.derivation, 0);
            break;
        case ConclusionStatus::withheld:
            out += fmt::format(
                "The gate of *{}* is closed{}.\n\n", c.step ? escape(c.step->title) : std::string(),
                c.withheld_by ? fmt::format(" by **{}** (`{}`)", escape(c.withheld_by->title),
                                            c.withheld_by->name)
                              : std::string());
            if (c.gate_chain.size() > 1) {
                std::string chain;
                for (const auto& link : c.gate_chain)
                    chain += (chain.empty() ? "" : " ← ") + escape(link.title);
                out += fmt::format("Gate chain: {}\n\n", chain);
            }
            if (c.gate) term(out, *c.gate, 0);
            break;
        case ConclusionStatus::unknown: {
            std::string missing;
            for (const auto& m : c.missing)
                missing += (missing.empty() ? "" : ", ") + ("`" + m + "`");
            if (!missing.empty() || c.remeasure.empty())
                out += fmt::format("Missing: {}\n", missing.empty() ? "-" : missing);
            std::string again;
            for (const auto& m : c.remeasure)
                again += (again.empty() ? "" : ", ") + ("`" + m + "`");
            if (!again.empty()) out += fmt::format("Borderline, measure again: {}\n", again);
            break;
        }
        case ConclusionStatus::not_applicable:
            out += "Why not:\n\n";
            term(out, c.derivation, 0);
            break;
        case ConclusionStatus::out_of_population:
            out += fmt::format("Outside the population *{}*.\n\n",
                               c.excluded_by ? escape(c.excluded_by->title) : std::string("-"));
            if (c.population) term(out, *c.population, 0);
            break;
    }
    out += "\n";
}

}  // namespace

std::string render_markdown(const Explanation& x) {
    detail::require_full_detail(x, "render_markdown");
    std::string out = fmt::format("# {} {}{}\n\n", escape(x.rule_set), escape(x.version),
                                  x.title.empty() ? "" : " — " + escape(x.title));
    out += fmt::format("Rules SHA-256 `{}` · engine {}\n", x.source_sha256, x.engine_version);
    for (const auto& o : x.overrides) out += fmt::format("· override `{}` = {}\n", o.name, o.value);
    out += "\n";
    ConclusionStatus section = ConclusionStatus::fired;
    bool first = true;
    for (auto i : wording::reading_order(x)) {
        const auto& c = x.conclusions[i];
        if (first || c.status != section) {
            section = c.status;
            first = false;
            static constexpr std::string_view headings[] = {"Fired", "Not applicable", "Unknown",
                                                            "Withheld"};
            out += fmt::format("## {}\n\n", headings[static_cast<int>(section)]);
        }
        conclusion(out, c);
    }
    if (!x.needed.empty()) {
        out += "## Facts needed next\n\n| fact | would decide | ask |\n| --- | --- | --- |\n";
        for (const auto& need : x.needed) {
            std::string decides;
            for (const auto& d : need.would_decide)
                decides += (decides.empty() ? "" : ", ") + escape(d.title);
            out += fmt::format("| `{}` | {} | {} |\n", need.fact, decides,
                               need.remeasure
                                   ? "measure again: " + escape(need.reading) + " is borderline"
                                   : escape(need.ask));
        }
        out += "\n";
    }
    if (!x.warnings.empty()) {
        out += "## Warnings\n\n";
        for (const auto& w : x.warnings)
            out += fmt::format("- `{}`: {}\n", w.where, escape(w.message));
    }
    return out;
}

}  // namespace ilio
