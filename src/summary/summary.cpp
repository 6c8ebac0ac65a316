// The clinician's summary (text and Markdown from one walk): the guide's steps in order.

#include "ilio/summary.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "explain/evidence.hpp"
#include "explain/full_detail.hpp"
#include "explain/markdown_text.hpp"
#include "explain/presentation.hpp"
#include "program/program.hpp"
#include "report/html_text.hpp"

namespace ilio {

namespace {

constexpr std::size_t evidence_items = 2;

/// Writes lines in either format, so text and Markdown share one structure.
class Writer {
  public:
    explicit Writer(const SummaryOptions& o) : o_(o) {
        out_.reserve(4096);  // a psoas summary is about 3 KB: grown once, not eight times
    }

    bool markdown() const { return o_.format == SummaryFormat::markdown; }
    bool html() const { return o_.format == SummaryFormat::html; }
    std::string esc(std::string_view s) const {
        if (html()) return report::html_escape(s);
        return markdown() ? wording::markdown_escape(s) : std::string(s);
    }
    /// esc(s) appended to `out`: plain text is copied once, not twice.
    void esc_to(std::string& out, std::string_view s) const {
        if (html() || markdown())
            out += esc(s);
        else
            out += s;
    }
    /// ANSI colour codes; in HTML the same codes name CSS classes (c-1-31, c-33, …).
    std::string paint(std::string_view s, std::string_view code) const {
        if (html() && !code.empty()) {
            std::string css(code);
            for (auto& ch : css)
                if (ch == ';') ch = '-';
            return fmt::format("<span class=\"c-{}\">{}</span>", css, s);
        }
        if (markdown() || !o_.color || code.empty()) return std::string(s);
        return fmt::format("\x1b[{}m{}\x1b[0m", code, s);
    }
    std::string strong(std::string_view s, std::string_view code = "1") const {
        if (html()) return "<strong>" + paint(s, code) + "</strong>";
        return markdown() ? fmt::format("**{}**", s) : paint(s, code);
    }
    /// paint(s, code) and strong(s, code) appended to `out`: lines kept from line to line keep
    /// their memory, where a string returned for each piece allocated.
    void paint_to(std::string& out, std::string_view s, std::string_view code) const {
        if (html() && !code.empty())
            out += paint(s, code);
        else if (markdown() || !o_.color || code.empty())
            out += s;
        else
            fmt::format_to(std::back_inserter(out), "\x1b[{}m{}\x1b[0m", code, s);
    }
    void strong_to(std::string& out, std::string_view s, std::string_view code = "1") const {
        if (html())
            out += strong(s, code);
        else if (markdown())
            fmt::format_to(std::back_inserter(out), "**{}**", s);
        else
            paint_to(out, s, code);
    }
    std::string code(std::string_view s) const {
        if (html()) return fmt::format("<code>{}</code>", s);
        return markdown() ? fmt::format("`{}`", s) : std::string(s);
    }

    // Each line is appended piece by piece: a summary writes some forty, and a string built
    // for each cost more than the rest of the line.
    void title(const std::string& s) {
        if (html()) return append("<h2>", s, "</h2>\n");
        if (markdown()) return append("# ", s, "\n\n");
        append(paint(s, "1"), "\n");
    }
    void heading(const std::string& s) {
        if (html()) return append("<h3>", s, "</h3>\n");
        if (markdown()) {
            blank();
            return append("## ", s, "\n\n");
        }
        append(paint(s, "1"), "\n");
    }
    void line(const std::string& s) {
        if (html()) return append("<p>", s, "</p>\n");
        append(s, markdown() ? "\n\n" : "\n");
    }
    /// A list item; `depth` 0 is under a heading.
    void item(const std::string& s, int depth = 0) {
        if (html()) {
            fmt::format_to(std::back_inserter(out_), "<div class=\"item d{}\">", depth);
            return append(s, "</div>\n");
        }
        if (markdown()) {
            out_.append(static_cast<std::size_t>(2 * depth), ' ');
            return append("- ", s, "\n");
        }
        out_.append(static_cast<std::size_t>(2 + 2 * depth), ' ');
        append(s, "\n");
    }
    void blank() {
        if (html()) return;
        if (!out_.empty() && !out_.ends_with("\n\n")) out_ += "\n";
    }
    std::string take() {
        if (markdown() && !out_.ends_with("\n")) out_ += "\n";
        return std::move(out_);
    }

  private:
    template <typename... Pieces>
    void append(const Pieces&... pieces) {
        (out_ += ... += pieces);
    }

    const SummaryOptions& o_;
    std::string out_;
};

std::string_view kind_label(ConclusionKind kind) {
    switch (kind) {
        case ConclusionKind::finding:
            return "Finding";
        case ConclusionKind::red_flag:
            return "RED FLAG";
        case ConclusionKind::caution:
            return "Caution";
        case ConclusionKind::recommendation:
            return "Recommend";
        case ConclusionKind::referral:
            return "REFER";
        case ConclusionKind::escalation:
            return "ESCALATE";
    }
    return "?";
}

std::string_view colour_of(const ExplainedConclusion& c) {
    if (c.urgency == Urgency::critical || c.kind == ConclusionKind::red_flag) return "1;31";
    if (c.urgency == Urgency::warning || c.kind == ConclusionKind::caution) return "33";
    if (c.kind == ConclusionKind::recommendation) return "32";
    return "1";
}

bool is_urgent_kind(ConclusionKind k) {
    return k == ConclusionKind::red_flag || k == ConclusionKind::referral ||
           k == ConclusionKind::escalation;
}

/// Most urgent first: severity, then red flag before referral before escalation.
bool more_urgent(const ExplainedConclusion& a, const ExplainedConclusion& b) {
    if (a.urgency != b.urgency) return a.urgency > b.urgency;
    return detail::kind_precedence(a.kind) < detail::kind_precedence(b.kind);
}

/// What a summary works in, kept from summary to summary on each thread (render_summary): its
/// lists and lines keep their memory, where a summary's own allocated a few dozen times.
struct SummaryScratch {
    std::vector<std::uint32_t> by_step;   // conclusions grouped by step (Summary's constructor)
    std::vector<std::size_t> step_begin;  // where each step's group begins in by_step
    std::vector<std::size_t> step_of;     // per conclusion, its step's index
    std::vector<std::size_t> next;        // per step, the next place of its group in by_step
    std::string evidence;                 // conclusion_line: one line's evidence
    std::string line;                     // step: the line being written
    std::string conclusion_line;          // conclusion_line: the line being written
    std::string label;                    // conclusion_line: its label
    std::vector<const ExplainedConclusion*> urgent, findings;                   // conclusions()
    std::vector<const ExplainedConclusion*> fired, withheld, unknown, outside;  // step()
};

class Summary {
  public:
    Summary(const Explanation& x, const SummaryOptions& o, SummaryScratch& scratch)
        : x_(x), o_(o), w_(o), s_(scratch) {
        // The conclusions grouped by step, in declaration order within each, found once by
        // name rather than by every step's walk over every conclusion: the conclusions of
        // x.steps[s] are s_.by_step[s_.step_begin[s] … s_.step_begin[s + 1]), then those
        // without a step (or with a step x.steps lacks).
        auto& step_of = s_.step_of;
        step_of.resize(x.conclusions.size());
        s_.step_begin.assign(x.steps.size() + 2, 0);
        std::size_t last = x.steps.size();
        for (std::size_t c = 0; c < x.conclusions.size(); ++c) {
            const auto& step = x.conclusions[c].step;
            // A step's conclusions are mostly declared together: its step is the last one's.
            std::size_t s =
                step && last < x.steps.size() && x.steps[last].name == step->name ? last : 0;
            while (s < x.steps.size() && !(step && x.steps[s].name == step->name)) ++s;
            last = s;
            step_of[c] = s;
            ++s_.step_begin[s + 1];
        }
        for (std::size_t s = 1; s < s_.step_begin.size(); ++s)
            s_.step_begin[s] += s_.step_begin[s - 1];
        s_.by_step.resize(x.conclusions.size());
        auto& next = s_.next;
        next.assign(s_.step_begin.begin(), s_.step_begin.end());
        for (std::size_t c = 0; c < x.conclusions.size(); ++c)
            s_.by_step[next[step_of[c]]++] = static_cast<std::uint32_t>(c);
    }

    std::string run() {
        header();
        for (const auto& step : x_.steps) this->step(&step);
        bool unstepped = std::any_of(x_.conclusions.begin(), x_.conclusions.end(),
                                     [](const auto& c) { return !c.step; });
        if (unstepped) this->step(nullptr);
        questions();
        if (o_.why) why_all();
        return w_.take();
    }

    std::string why_one(std::string_view name) {
        auto it = std::find_if(x_.conclusions.begin(), x_.conclusions.end(),
                               [&](const auto& c) { return c.name == name; });
        if (it == x_.conclusions.end())
            throw std::invalid_argument(
                fmt::format("no conclusion named \"{}\" in {}", name, x_.rule_set));
        explain_conclusion(*it);
        return w_.take();
    }

  private:
    std::string ref_title(const NamedRef& r) const { return w_.esc(r.title); }

    void header() {
        std::string head =
            fmt::format("{} ({} {})", w_.esc(x_.title.empty() ? x_.rule_set : x_.title),
                        w_.esc(x_.rule_set), w_.esc(x_.version));
        if (!o_.patient.empty()) head += " · patient " + w_.esc(o_.patient);
        w_.title(head);
        for (const auto& o : x_.overrides)
            w_.line(
                w_.paint(fmt::format("  override {} = {}", w_.esc(o.name), w_.esc(o.value)), "2"));
        for (const auto& warning : x_.warnings)
            w_.line(w_.strong("Fact not used:", "33") + " " + w_.esc(warning.where) + ": " +
                    w_.esc(warning.message) + " (treated as unknown)");
        w_.line(verdict());
        w_.blank();
    }

    /// One line at a glance: the red flags and referrals that fired, most urgent first, or
    /// whether the gated steps are open.
    std::string verdict() const {
        std::vector<const ExplainedConclusion*> urgent;
        for (const auto& c : x_.conclusions)
            if (c.status == ConclusionStatus::fired &&
                (c.kind == ConclusionKind::red_flag || c.kind == ConclusionKind::referral))
                urgent.push_back(&c);
        std::stable_sort(urgent.begin(), urgent.end(),
                         [](auto* a, auto* b) { return more_urgent(*a, *b); });
        bool closed = std::any_of(x_.steps.begin(), x_.steps.end(),
                                  [](const auto& s) { return s.state == StepState::closed; });
        bool undecided = std::any_of(x_.steps.begin(), x_.steps.end(),
                                     [](const auto& s) { return s.state == StepState::undecided; });
        if (!urgent.empty()) {
            std::string list;
            for (auto* c : urgent)
                list += (list.empty() ? "" : "; ") +
                        fmt::format("{} ({})", w_.esc(c->title), to_string(c->urgency));
            return w_.strong(closed ? "NOT CLEARED:" : "ATTENTION:", "1;31") + " " + list;
        }
        if (closed) return w_.strong("NOT CLEARED:", "1;31") + " a gated step is closed";
        // A rule outside its population says nothing: said first, so that no reader takes
        // the absence of advice for advice.
        for (const auto& c : x_.conclusions)
            if (c.status == ConclusionStatus::out_of_population)
                return w_.strong("DOES NOT APPLY:", "33") + " " + outside_words(c);
        if (undecided)
            return w_.strong("SCREENING INCOMPLETE:", "34") +
                   " some steps wait for facts (asked for below)";
        return w_.strong("No red flag or referral.", "32");
    }

    std::vector<const ExplainedConclusion*> of_step(const ExplainedStep* step,
                                                    ConclusionStatus status) const {
        std::vector<const ExplainedConclusion*> out;
        for_step(step, [&](const ExplainedConclusion& c) {
            if (c.status == status) out.push_back(&c);
        });
        return out;
    }

    /// Calls `visit` for each conclusion of `step` (null: those without a step), in order.
    template <typename Visit>
    void for_step(const ExplainedStep* step, const Visit& visit) const {
        auto s = step ? static_cast<std::size_t>(step - x_.steps.data()) : x_.steps.size();
        for (auto k = s_.step_begin[s]; k < s_.step_begin[s + 1]; ++k) {
            const auto& c = x_.conclusions[s_.by_step[k]];
            if (step || !c.step) visit(c);
        }
    }

    /// "Possible hip joint pathology", the conclusion that closed the step's gate, if any.
    std::string closed_reason(const ExplainedStep& step,
                              const std::vector<const ExplainedConclusion*>& withheld) const {
        if (step.closed_by) return ref_title(*step.closed_by);
        for (auto* c : withheld)
            if (c->withheld_by) return ref_title(*c->withheld_by);
        return {};
    }

    /// "outside Adults with an acute blunt ankle injury (patient.age 15 years is not at least
    /// 18 years)": the population and what excludes the patient from it.
    std::string outside_words(const ExplainedConclusion& c) const {
        std::string out = "outside " + (c.excluded_by ? ref_title(*c.excluded_by)
                                                      : std::string("the rule's population"));
        if (c.population) {
            auto evidence = wording::evidence_line(*c.population, evidence_items);
            if (!evidence.empty()) out += " (" + w_.esc(evidence) + ")";
        }
        return out;
    }

    static std::string count(std::size_t n, std::string_view what) {
        return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
    }

    void step(const ExplainedStep* step) {
        // The step's conclusions by status, into lists kept from step to step.
        auto& fired = s_.fired;
        auto& withheld = s_.withheld;
        auto& unknown = s_.unknown;
        auto& outside = s_.outside;
        for (auto* list : {&fired, &withheld, &unknown, &outside}) list->clear();
        for_step(step, [&](const ExplainedConclusion& c) {
            if (c.status == ConclusionStatus::fired) fired.push_back(&c);
            if (c.status == ConclusionStatus::withheld) withheld.push_back(&c);
            if (c.status == ConclusionStatus::unknown) unknown.push_back(&c);
            if (c.status == ConclusionStatus::out_of_population) outside.push_back(&c);
        });
        // The heading and the lines below are built in one string kept from line to line,
        // starting with the step's title.
        auto& line = s_.line;
        line.clear();
        if (step)
            w_.esc_to(line, step->title);
        else
            line += "Without a step";
        if (!outside.empty() && fired.empty() && unknown.empty() && withheld.empty()) {
            // The whole step is outside its population: one line, never "nothing applies".
            line += " — ";
            w_.strong_to(line, "does not apply", "33");
            line += ": ";
            line += outside_words(*outside.front());
            w_.heading(line);
            return;
        }
        if (step && step->state == StepState::closed) {
            // Withheld steps take one line each: what was held back, and why.
            auto reason = closed_reason(*step, withheld);
            line += " — ";
            w_.strong_to(line, "withheld", "35");
            line += reason.empty() ? std::string(": its gate is closed") : ": closed by " + reason;
            if (!withheld.empty())
                line += " (" + count(withheld.size(), "conclusion") + " held back)";
            w_.heading(line);
            return;
        }
        if (step && step->state == StepState::undecided) {
            const std::string* gate = nullptr;
            for_step(step, [&](const ExplainedConclusion& c) {
                if (!gate && c.gate) gate = &c.gate->condition;
            });
            line += " — ";
            w_.strong_to(line, "waits for", "34");
            line += ' ';
            line += gate && !gate->empty() ? w_.code(w_.esc(*gate)) : std::string("its gate");
            line += " (not yet known)";
        } else if (fired.empty() && unknown.empty()) {
            line += " — nothing applies for this patient";
        }
        w_.heading(line);
        conclusions(fired);
        if (!unknown.empty()) {
            line.clear();
            w_.paint_to(line, "Not yet known:", "34");
            line += ' ';
            std::size_t shown = 0;
            for (auto* c : unknown) {
                if (shown == 3) break;
                if (shown > 0) line += "; ";
                w_.esc_to(line, c->title);
                // Open only on a borderline reading: the facts are there, the measure is not
                // decisive.
                if (c->missing.empty() && !c->remeasure.empty()) line += " (borderline reading)";
                ++shown;
            }
            if (unknown.size() > shown)
                fmt::format_to(std::back_inserter(line), "; and {} more", unknown.size() - shown);
            w_.item(line);
        }
        if (!outside.empty())
            w_.item(w_.paint("Does not apply:", "33") + " " + count(outside.size(), "conclusion") +
                    ", " + outside_words(*outside.front()));
    }

    /// One fired conclusion's line, in a string kept from line to line.
    const std::string& conclusion_line(const ExplainedConclusion& c) {
        auto& label = s_.label;
        label = kind_label(c.kind);
        if (c.kind != ConclusionKind::finding && c.kind != ConclusionKind::recommendation &&
            c.urgency != Urgency::info) {
            label += " (";
            label += to_string(c.urgency);
            label += ')';
        }
        label += ':';
        auto& out = s_.conclusion_line;
        out.clear();
        w_.strong_to(out, label, colour_of(c));
        out += ' ';
        w_.esc_to(out, c.title);
        if (!c.dose.empty()) {
            out += " — dose: ";
            w_.esc_to(out, c.dose);
        }
        if (c.kind == ConclusionKind::finding || c.kind == ConclusionKind::red_flag) {
            s_.evidence.clear();
            wording::append_evidence_line(s_.evidence, c.derivation, evidence_items);
            if (!s_.evidence.empty()) {
                out += " — ";
                w_.esc_to(out, s_.evidence);
            }
        }
        return out;
    }

    /// Urgent conclusions first (most urgent first), then findings, then the plan:
    /// recommendations in the guide's order with each caution beside the recommendation
    /// declared before it.
    void conclusions(const std::vector<const ExplainedConclusion*>& fired) {
        auto& urgent = s_.urgent;
        auto& findings = s_.findings;
        urgent.clear();
        findings.clear();
        for (auto* c : fired) {
            if (is_urgent_kind(c->kind)) urgent.push_back(c);
            if (c->kind == ConclusionKind::finding) findings.push_back(c);
        }
        std::stable_sort(urgent.begin(), urgent.end(),
                         [](auto* a, auto* b) { return more_urgent(*a, *b); });
        for (auto* c : urgent) w_.item(conclusion_line(*c));
        for (auto* c : findings) w_.item(conclusion_line(*c));
        bool after_recommendation = false;
        for (auto* c : fired) {
            if (c->kind == ConclusionKind::recommendation) {
                w_.item(conclusion_line(*c));
                after_recommendation = true;
            } else if (c->kind == ConclusionKind::caution) {
                w_.item(conclusion_line(*c), after_recommendation ? 1 : 0);
            }
        }
    }

    void questions() {
        if (x_.needed.empty()) return;
        w_.blank();
        w_.line(w_.strong("To complete the assessment, ask:", "36"));
        std::size_t shown = 0;
        for (const auto& need : x_.needed) {
            if (shown == o_.max_questions) break;
            if (need.remeasure)
                w_.item(fmt::format("measure {} again: {} is borderline",
                                    w_.code(w_.esc(need.fact)), w_.esc(need.reading)));
            else
                w_.item(fmt::format("{} ({})", w_.esc(need.ask.empty() ? need.fact : need.ask),
                                    w_.code(w_.esc(need.fact))));
            ++shown;
        }
        if (x_.needed.size() > shown)
            w_.item(fmt::format("and {} more ({} lists them all)",
                                count(x_.needed.size() - shown, "fact"),
                                w_.code("ilio eval --format json")));
    }

    // --- derivations (--why, --why-not) ---

    void tree(const Term& t, int depth) {
        std::string text = std::string(wording::truth_mark(t.value)) + " " + w_.esc(t.text);
        if (!t.cite.empty()) text += w_.paint(" [" + w_.esc(t.cite) + "]", "2");
        w_.item(text, depth);
        for (const auto& child : t.children)
            if (wording::is_deciding_child(t, child)) tree(child, depth + 1);
    }

    void explain_conclusion(const ExplainedConclusion& c) {
        std::string status;
        switch (c.status) {
            case ConclusionStatus::fired:
                status = "fired";
                break;
            case ConclusionStatus::not_applicable:
                status = "does not apply";
                break;
            case ConclusionStatus::unknown:
                status = "not yet known";
                break;
            case ConclusionStatus::withheld:
                status = "withheld";
                break;
            case ConclusionStatus::out_of_population:
                status = "outside the population";
                break;
        }
        w_.heading(fmt::format("{} {} ({}): {}", kind_label(c.kind), w_.esc(c.title),
                               w_.code(c.name), status));
        if (c.step)
            w_.line(w_.esc(c.step->title) + (c.cite.empty() ? "" : " · cite: " + w_.esc(c.cite)));
        if (c.by_cases) w_.line(w_.esc(wording::by_cases_sentence(*c.by_cases)) + ".");
        switch (c.status) {
            case ConclusionStatus::fired:
                if (!c.because.empty()) w_.line("Because " + w_.esc(c.because) + ".");
                tree(c.derivation, 0);
                break;
            case ConclusionStatus::not_applicable:
                w_.line("Its condition does not hold:");
                tree(c.derivation, 0);
                break;
            case ConclusionStatus::withheld: {
                std::string chain;
                for (const auto& link : c.gate_chain)
                    chain += (chain.empty() ? "" : " ← ") + ref_title(link);
                w_.line("Its condition " +
                        std::string(c.derivation.value == Truth::true_ ? "holds" : "may hold") +
                        ", but the step's gate is closed" +
                        (c.withheld_by ? " by " + ref_title(*c.withheld_by) : std::string()) +
                        (c.gate_chain.size() > 1 ? " (" + chain + ")" : std::string()) + ":");
                if (c.gate) tree(*c.gate, 0);
                break;
            }
            case ConclusionStatus::out_of_population:
                w_.line("The rule does not apply to this patient: " + outside_words(c) + ".");
                if (c.population) tree(*c.population, 0);
                break;
            case ConclusionStatus::unknown: {
                std::string missing;
                for (const auto& m : c.missing)
                    missing += (missing.empty() ? "" : ", ") + w_.code(w_.esc(m));
                std::string again;
                for (const auto& m : c.remeasure)
                    again += (again.empty() ? "" : ", ") + w_.code(w_.esc(m));
                if (!missing.empty() || again.empty())
                    w_.line("It waits for: " + (missing.empty() ? std::string("-") : missing));
                if (!again.empty())
                    w_.line("A borderline reading keeps it open; measure again: " + again);
                tree(c.derivation, 0);
                break;
            }
        }
    }

    void why_all() {
        w_.blank();
        w_.heading("Why");
        for (const auto& step : x_.steps)
            for (auto* c : of_step(&step, ConclusionStatus::fired)) explain_conclusion(*c);
        for (auto* c : of_step(nullptr, ConclusionStatus::fired)) explain_conclusion(*c);
    }

    const Explanation& x_;
    const SummaryOptions& o_;
    Writer w_;
    SummaryScratch& s_;  // lists and lines kept from summary to summary
};

/// This thread's scratch.
SummaryScratch& summary_scratch() {
    thread_local SummaryScratch scratch;
    return scratch;
}

}  // namespace

std::string render_summary(const Explanation& explanation, const SummaryOptions& options) {
    if (options.why) detail::require_full_detail(explanation, "render_summary with why");
    return Summary(explanation, options, summary_scratch()).run();
}

std::string render_why(const Explanation& explanation, std::string_view conclusion,
                       const SummaryOptions& options) {
    detail::require_full_detail(explanation, "render_why");
    return Summary(explanation, options, summary_scratch()).why_one(conclusion);
}

}  // namespace ilio
