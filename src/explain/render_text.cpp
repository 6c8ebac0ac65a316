// The terminal renderer.

#include <fmt/format.h>

#include "explain/full_detail.hpp"
#include "explain/presentation.hpp"
#include "explain/score_text.hpp"
#include "ilio/explanation.hpp"

namespace ilio {

namespace {

class TextWriter {
  public:
    explicit TextWriter(const TextStyle& style) : style_(style) {}

    std::string paint(std::string_view text, std::string_view code) const {
        if (!style_.color || code.empty()) return std::string(text);
        return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
    }

    static std::string_view colour_of(const ExplainedConclusion& c) {
        switch (c.status) {
            case ConclusionStatus::withheld:
                return "35";
            case ConclusionStatus::unknown:
                return "34";
            case ConclusionStatus::not_applicable:
            case ConclusionStatus::out_of_population:
                return "2";
            case ConclusionStatus::fired:
                break;
        }
        if (c.urgency == Urgency::critical || c.kind == ConclusionKind::red_flag) return "1;31";
        if (c.urgency == Urgency::warning || c.kind == ConclusionKind::caution) return "33";
        if (c.kind == ConclusionKind::recommendation) return "32";
        return "1";
    }

    void term(std::string& out, const Term& t, int depth) const {
        out += fmt::format("{}{} {}", std::string(2 + 2 * depth, ' '), wording::truth_mark(t.value),
                           t.text);
        if (!t.cite.empty()) out += paint(fmt::format("  [{}]", t.cite), "2");
        out += "\n";
        for (const auto& child : t.children)
            if (wording::is_deciding_child(t, child)) term(out, child, depth + 1);
    }

    void conclusion(std::string& out, const ExplainedConclusion& c) const {
        std::string right;
        if (c.status == ConclusionStatus::fired && c.urgency != Urgency::info)
            right = std::string(to_string(c.urgency));
        if (c.step) right += (right.empty() ? "" : " · ") + c.step->title;
        auto label = wording::label(c);
        out += fmt::format("{}{} {}{}\n", paint(label, colour_of(c)),
                           std::string(label.size() < 15 ? 15 - label.size() : 1, ' '), c.title,
                           right.empty() ? "" : paint("   " + right, "2"));
        if (c.by_cases) out += fmt::format("  {}\n", wording::by_cases_sentence(*c.by_cases));
        switch (c.status) {
            case ConclusionStatus::fired:
                if (!c.because.empty()) out += fmt::format("  because {}\n", c.because);
                if (!c.dose.empty()) out += fmt::format("  dose: {}\n", c.dose);
                term(out, c.derivation, 0);
                break;
            case ConclusionStatus::withheld:
                out += fmt::format(
                    "  gate of \"{}\" is closed{}\n", c.step ? c.step->title : std::string(),
                    c.withheld_by
                        ? fmt::format(" by: {} ({})", c.withheld_by->title, c.withheld_by->name)
                        : std::string());
                if (c.gate_chain.size() > 1) {
                    std::string chain;
                    for (const auto& link : c.gate_chain)
                        chain += (chain.empty() ? "" : " ← ") + link.title;
                    out += fmt::format("  gate chain: {}\n", chain);
                }
                if (c.gate) term(out, *c.gate, 0);
                break;
            case ConclusionStatus::unknown: {
                std::string missing;
                for (const auto& m : c.missing) missing += (missing.empty() ? "" : ", ") + m;
                if (!missing.empty() || c.remeasure.empty())
                    out += fmt::format("  missing: {}\n", missing.empty() ? "-" : missing);
                std::string again;
                for (const auto& m : c.remeasure) again += (again.empty() ? "" : ", ") + m;
                if (!again.empty()) out += fmt::format("  borderline, measure again: {}\n", again);
                break;
            }
            case ConclusionStatus::not_applicable:
                out += "  why not:\n";
                term(out, c.derivation, 1);
                break;
            case ConclusionStatus::out_of_population:
                out += fmt::format("  outside the population: {}\n",
                                   c.excluded_by ? c.excluded_by->title : std::string("-"));
                if (c.population) term(out, *c.population, 0);
                break;
        }
        if (!c.cite.empty() && c.status != ConclusionStatus::not_applicable)
            out += paint(fmt::format("  cite: {}\n", c.cite), "2");
    }

    std::string render(const Explanation& x) const {
        std::string out = paint(
            fmt::format("{} {}{}", x.rule_set, x.version, x.title.empty() ? "" : " — " + x.title),
            "1");
        out += "\n";
        out += paint(fmt::format("rules sha256 {}  engine {}", x.source_sha256.substr(0, 16),
                                 x.engine_version),
                     "2");
        for (const auto& o : x.overrides)
            out += paint(fmt::format("  override {} = {}", o.name, o.value), "2");
        out += "\n\n";
        for (const auto& s : x.scores)
            out += fmt::format("{}{}\n", paint("SCORE", "1"),
                               std::string(10, ' ') + wording::score_summary(s));
        for (auto i : wording::reading_order(x)) conclusion(out, x.conclusions[i]);
        for (const auto& need : x.needed) {
            std::string decides;
            for (const auto& d : need.would_decide)
                decides += (decides.empty() ? "" : ", ") + d.title;
            if (need.remeasure) {
                out += fmt::format("{}{} {} (now {}, borderline) — would decide: {}\n",
                                   paint("REMEASURE", "36"), std::string(6, ' '), need.fact,
                                   need.reading, decides);
                continue;
            }
            out += fmt::format("{}{} {} — would decide: {}\n", paint("NEEDS", "36"),
                               std::string(10, ' '), need.fact, decides);
            if (!need.ask.empty()) out += fmt::format("  ask: {}\n", need.ask);
        }
        for (const auto& w : x.warnings)
            out += fmt::format("{}{} {}: {}\n", paint("WARNING", "33"), std::string(8, ' '),
                               w.where, w.message);
        return out;
    }

  private:
    TextStyle style_;
};

}  // namespace

std::string render_text(const Explanation& explanation, const TextStyle& style) {
    detail::require_full_detail(explanation, "render_text");
    return TextWriter(style).render(explanation);
}

}  // namespace ilio
