// What Python reads back: problems and diagnostics, a patient's result (statuses, steps,
// withheld reasons, facts needed next, audit) and its explanation. Plain objects with readable
// reprs; each pickles.

#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"

namespace ilio::python {

namespace {

/// One conclusion of one patient's result: ilio.ConclusionResult.
struct ConclusionResult {
    std::string name, title, kind, severity, status;
    std::optional<std::string> step, withheld_by;
};

struct StepResult {
    std::string name, title, state;
    std::optional<std::string> closed_by;
};

struct AuditInfo {
    std::string rule_set, version, source_hash, engine_version;
    std::vector<std::pair<std::string, std::string>> overrides;
};

std::optional<std::string> step_name(const RuleSet& rules, std::optional<StepIndex> step) {
    if (!step) return std::nullopt;
    return rules.steps()[*step].name;
}

std::optional<std::string> conclusion_name(const RuleSet& rules, std::optional<ConclusionIndex> c) {
    if (!c) return std::nullopt;
    return rules.conclusions()[*c].name;
}

ConclusionResult conclusion_result(const Result& r, ConclusionIndex c) {
    const RuleSet& rules = r.rules->rules;
    const auto& info = rules.conclusions()[c];
    return {info.name,
            info.title,
            std::string(to_string(info.kind)),
            std::string(to_string(info.urgency)),
            std::string(to_string(r.evaluation->status(c))),
            step_name(rules, info.step),
            conclusion_name(rules, r.evaluation->withheld_by(c))};
}

std::string optional_text(const std::optional<std::string>& s) {
    return s ? "'" + *s + "'" : "None";
}

/// Pickles a plain struct as the tuple of its fields.
template <typename T, typename... Fields>
auto tuple_pickle(Fields T::*... fields) {
    return py::pickle(
        [=](const T& t) { return py::make_tuple(t.*fields...); },
        [=](const py::tuple& state) {
            if (state.size() != sizeof...(Fields)) throw std::runtime_error("invalid state");
            T t;
            std::size_t i = 0;
            ((t.*fields = state[i++].cast<std::remove_reference_t<decltype(t.*fields)>>()), ...);
            return t;
        });
}

py::object json_module() {
    return py::module_::import("json");
}

SummaryFormat summary_format(const std::string& format) {
    if (format == "text") return SummaryFormat::text;
    if (format == "markdown") return SummaryFormat::markdown;
    if (format == "html") return SummaryFormat::html;
    throw py::value_error(
        fmt::format("format must be 'text', 'markdown' or 'html', not '{}'", format));
}

GraphFormat graph_format(const std::string& format) {
    if (format == "dot") return GraphFormat::dot;
    if (format == "svg") return GraphFormat::svg;
    throw py::value_error(fmt::format("format must be 'dot' or 'svg', not '{}'", format));
}

SummaryOptions summary_options(const std::string& format, bool why, const std::string& patient,
                               bool color) {
    SummaryOptions o;
    o.format = summary_format(format);
    o.why = why;
    o.patient = patient;
    o.color = color;
    return o;
}

// Each rendering is one library call with the GIL released; Result's renderings explain first.
std::string summary_of(const Explanation& x, const SummaryOptions& o) {
    py::gil_scoped_release release;
    return render_summary(x, o);
}

std::string why_of(const Explanation& x, const std::string& conclusion, const std::string& format) {
    auto o = summary_options(format, false, "", false);
    try {
        py::gil_scoped_release release;
        return render_why(x, conclusion, o);
    } catch (const std::invalid_argument& e) {
        throw py::key_error(e.what());
    }
}

py::object cds_cards_of(const Explanation& x) {
    std::string text;
    {
        py::gil_scoped_release release;
        text = render_cds_cards(x);
    }
    return json_module().attr("loads")(text);
}

Explanation explanation_of(const Result& r, ExplainDetail detail = ExplainDetail::full) {
    py::gil_scoped_release release;
    return explain(*r.evaluation, r.facts, detail);
}

constexpr const char* summary_doc =
    "The summary a clinician reads first, in the guide's order (docs/clinician-output.md): "
    "format 'text', 'markdown' or 'html' (a fragment); why=True adds the derivation of every "
    "fired conclusion; patient names the patient at the top; color: ANSI colours (text).";
constexpr const char* why_doc =
    "Why one conclusion fired, or why it did not (its failed condition, the gate that withheld "
    "it, or the facts it waits for); format 'text', 'markdown' or 'html'. KeyError for an "
    "unknown conclusion.";
constexpr const char* cds_doc =
    "A CDS Hooks service response {'cards': [...]}: a card per fired red flag, referral, "
    "recommendation, caution and escalation (docs/clinician-output.md).";

}  // namespace

Result evaluate_record(const RulesPtr& rules, py::object record, ReadOptions options) {
    Result result{rules, Facts(rules->rules), rules->spare_evaluations.take(), {}, record, options};
    std::vector<Problem> problems;
    read_record(*rules, result.facts, record, std::nullopt, options.missing, problems);
    if (!problems.empty()) {
        if (!options.lenient) raise_facts_error(problems);
        record_warnings(result.facts, problems);
        result.warnings = std::move(problems);
    }
    py::gil_scoped_release release;
    rules->rules.evaluate(result.facts, *result.evaluation);
    return result;
}

void bind_results(py::module_& m) {
    py::class_<Problem>(m, "FactProblem",
                        "One invalid value or record: where (JSON pointer), fact, value (its "
                        "repr), message, and record (its position in a batch, or None).")
        .def_readonly("record", &Problem::record)
        .def_readonly("where", &Problem::where)
        .def_readonly("fact", &Problem::fact)
        .def_readonly("value", &Problem::value)
        .def_readonly("message", &Problem::message)
        .def("__repr__",
             [](const Problem& p) {
                 return fmt::format("FactProblem(record={}, where='{}', value={}, message='{}')",
                                    p.record ? std::to_string(*p.record) : "None", p.where,
                                    p.value.empty() ? "None" : p.value, p.message);
             })
        .def(tuple_pickle(&Problem::record, &Problem::where, &Problem::fact, &Problem::value,
                          &Problem::message));

    py::class_<DiagnosticNote>(m, "DiagnosticNote", "Context attached to a diagnostic.")
        .def_readonly("message", &DiagnosticNote::message)
        .def_readonly("file", &DiagnosticNote::file)
        .def_property_readonly("line", [](const DiagnosticNote& n) { return n.span.begin.line; })
        .def_property_readonly("column",
                               [](const DiagnosticNote& n) { return n.span.begin.column; })
        .def("__repr__", [](const DiagnosticNote& n) {
            return fmt::format("DiagnosticNote('{}:{}:{}: {}')", n.file, n.span.begin.line,
                               n.span.begin.column, n.message);
        });

    py::class_<Diagnostic>(m, "Diagnostic",
                           "A problem in a rules file or an override: code (E…/W…), severity, "
                           "file, line and column (1-based; 0 when it has no position), "
                           "message, notes.")
        .def_property_readonly(
            "severity", [](const Diagnostic& d) { return std::string(to_string(d.severity)); })
        .def_readonly("code", &Diagnostic::code)
        .def_readonly("file", &Diagnostic::file)
        .def_property_readonly("line", [](const Diagnostic& d) { return d.span.begin.line; })
        .def_property_readonly("column", [](const Diagnostic& d) { return d.span.begin.column; })
        .def_property_readonly("end_line", [](const Diagnostic& d) { return d.span.end.line; })
        .def_property_readonly("end_column", [](const Diagnostic& d) { return d.span.end.column; })
        .def_readonly("message", &Diagnostic::message)
        .def_readonly("notes", &Diagnostic::notes)
        .def("__str__", [](const Diagnostic& d) { return render_diagnostic(d, {}); })
        .def("__repr__",
             [](const Diagnostic& d) {
                 return fmt::format("Diagnostic('{}', {}:{}:{}, '{}')", d.code, d.file,
                                    d.span.begin.line, d.span.begin.column, d.message);
             })
        .def(py::pickle(
            [](const Diagnostic& d) {
                std::vector<py::tuple> notes;
                for (const auto& n : d.notes)
                    notes.push_back(py::make_tuple(n.message, n.file, n.span.begin.line,
                                                   n.span.begin.column, n.span.end.line,
                                                   n.span.end.column));
                return py::make_tuple(static_cast<int>(d.severity), d.code, d.file,
                                      d.span.begin.line, d.span.begin.column, d.span.end.line,
                                      d.span.end.column, d.message, notes);
            },
            [](const py::tuple& s) {
                Diagnostic d{static_cast<Severity>(s[0].cast<int>()),
                             s[1].cast<std::string>(),
                             s[2].cast<std::string>(),
                             {{s[3].cast<std::uint32_t>(), s[4].cast<std::uint32_t>()},
                              {s[5].cast<std::uint32_t>(), s[6].cast<std::uint32_t>()}},
                             s[7].cast<std::string>(),
                             {}};
                for (py::handle h : s[8]) {
                    auto n = h.cast<py::tuple>();
                    d.notes.push_back({n[0].cast<std::string>(),
                                       n[1].cast<std::string>(),
                                       {{n[2].cast<std::uint32_t>(), n[3].cast<std::uint32_t>()},
                                        {n[4].cast<std::uint32_t>(), n[5].cast<std::uint32_t>()}}});
                }
                return d;
            }));

    py::class_<ConclusionResult>(m, "ConclusionResult",
                                 "One conclusion for one patient: its status and, when withheld, "
                                 "the conclusion that closed its step's gate.")
        .def_readonly("name", &ConclusionResult::name)
        .def_readonly("title", &ConclusionResult::title)
        .def_readonly("kind", &ConclusionResult::kind)
        .def_readonly("severity", &ConclusionResult::severity)
        .def_readonly("status", &ConclusionResult::status)
        .def_readonly("step", &ConclusionResult::step)
        .def_readonly("withheld_by", &ConclusionResult::withheld_by)
        .def("__repr__",
             [](const ConclusionResult& c) {
                 return fmt::format(
                     "ConclusionResult('{}', {}, {} {}, step={}{})", c.name, c.status, c.severity,
                     c.kind, optional_text(c.step),
                     c.withheld_by ? ", withheld_by=" + optional_text(c.withheld_by) : "");
             })
        .def(tuple_pickle(&ConclusionResult::name, &ConclusionResult::title,
                          &ConclusionResult::kind, &ConclusionResult::severity,
                          &ConclusionResult::status, &ConclusionResult::step,
                          &ConclusionResult::withheld_by));

    py::class_<StepResult>(m, "StepResult",
                           "A step of the guide for one patient: its gate's state.")
        .def_readonly("name", &StepResult::name)
        .def_readonly("title", &StepResult::title)
        .def_readonly("state", &StepResult::state)
        .def_readonly("closed_by", &StepResult::closed_by)
        .def("__repr__",
             [](const StepResult& s) {
                 return fmt::format("StepResult('{}', {}{})", s.name, s.state,
                                    s.closed_by ? ", closed_by=" + optional_text(s.closed_by) : "");
             })
        .def(tuple_pickle(&StepResult::name, &StepResult::title, &StepResult::state,
                          &StepResult::closed_by));

    py::class_<AuditInfo>(m, "Audit", "Who a result belongs to: enough to reproduce it.")
        .def_readonly("rule_set", &AuditInfo::rule_set)
        .def_readonly("version", &AuditInfo::version)
        .def_readonly("source_hash", &AuditInfo::source_hash)
        .def_readonly("engine_version", &AuditInfo::engine_version)
        .def_property_readonly("overrides",
                               [](const AuditInfo& a) {
                                   py::dict out;
                                   for (const auto& [k, v] : a.overrides) out[py::str(k)] = v;
                                   return out;
                               })
        .def("__repr__",
             [](const AuditInfo& a) {
                 return fmt::format("Audit({} {}, sha256 {}…, engine {}, {} override(s))",
                                    a.rule_set, a.version, a.source_hash.substr(0, 12),
                                    a.engine_version, a.overrides.size());
             })
        .def(tuple_pickle(&AuditInfo::rule_set, &AuditInfo::version, &AuditInfo::source_hash,
                          &AuditInfo::engine_version, &AuditInfo::overrides));

    py::class_<PyExplanation>(m, "Explanation",
                              "Why each conclusion came out as it did; render it with text(), "
                              "markdown() or json(), or read it as a dict with to_dict().")
        .def(
            "text",
            [](const PyExplanation& x, bool color) {
                py::gil_scoped_release release;
                return render_text(x.explanation, TextStyle{color});
            },
            py::arg("color") = false, "For a terminal (ANSI colours when color=True).")
        .def(
            "markdown",
            [](const PyExplanation& x) {
                py::gil_scoped_release release;
                return render_markdown(x.explanation);
            },
            "Markdown, for notes and reports.")
        .def(
            "json",
            [](const PyExplanation& x, std::optional<int> indent) {
                py::gil_scoped_release release;
                return render_json(x.explanation, indent.value_or(-1));
            },
            py::arg("indent") = py::none(),
            "JSON, schema ilio.explanation/2 (docs/explanation-schema.md).")
        .def(
            "to_dict",
            [](const PyExplanation& x) {
                std::string text;
                {
                    py::gil_scoped_release release;
                    text = render_json(x.explanation);
                }
                return json_module().attr("loads")(text);
            },
            "The JSON explanation as Python dicts and lists.")
        .def(
            "summary",
            [](const PyExplanation& x, const std::string& format, bool why,
               const std::string& patient, bool color) {
                return summary_of(x.explanation, summary_options(format, why, patient, color));
            },
            py::arg("format") = "text", py::arg("why") = false, py::arg("patient") = "",
            py::arg("color") = false, summary_doc)
        .def(
            "why",
            [](const PyExplanation& x, const std::string& conclusion, const std::string& format) {
                return why_of(x.explanation, conclusion, format);
            },
            py::arg("conclusion"), py::arg("format") = "text", why_doc)
        .def(
            "cds_cards", [](const PyExplanation& x) { return cds_cards_of(x.explanation); },
            cds_doc)
        .def(
            "_repr_html_",
            [](const PyExplanation& x) {
                return summary_of(x.explanation, summary_options("html", false, "", false));
            },
            "The summary as HTML, for notebooks.")
        .def_property_readonly("rule_set",
                               [](const PyExplanation& x) { return x.explanation.rule_set; })
        .def("__repr__",
             [](const PyExplanation& x) {
                 std::size_t fired = 0;
                 for (const auto& c : x.explanation.conclusions)
                     fired += c.status == ConclusionStatus::fired;
                 return fmt::format("<ilio.Explanation {} {}: {} fired, {} facts needed>",
                                    x.explanation.rule_set, x.explanation.version, fired,
                                    x.explanation.needed.size());
             })
        .def(py::pickle(
            [](const PyExplanation& x) { return py::make_tuple(render_json(x.explanation)); },
            [](const py::tuple& s) {
                return PyExplanation{read_explanation_json(s[0].cast<std::string>())};
            }));

    py::class_<Result>(m, "Result", "One patient's evaluation.")
        .def(
            "status",
            [](const Result& r, const std::string& conclusion) {
                auto c = r.rules->rules.find_conclusion(conclusion);
                if (!c) throw py::key_error("unknown conclusion: " + conclusion);
                return std::string(to_string(r.evaluation->status(*c)));
            },
            py::arg("conclusion"),
            "A conclusion's status: 'fired', 'not_applicable', 'unknown' or 'withheld'.")
        .def_property_readonly(
            "statuses",
            [](const Result& r) {
                py::dict out;
                const auto& cs = r.rules->rules.conclusions();
                for (ConclusionIndex c = 0; c < cs.size(); ++c)
                    out[py::str(cs[c].name)] = std::string(to_string(r.evaluation->status(c)));
                return out;
            },
            "Every conclusion's status, by name, in declaration order.")
        .def_property_readonly(
            "conclusions",
            [](const Result& r) {
                std::vector<ConclusionResult> out;
                for (ConclusionIndex c = 0; c < r.rules->rules.conclusions().size(); ++c)
                    out.push_back(conclusion_result(r, c));
                return out;
            },
            "Every conclusion with its status, step and withheld_by, in declaration order.")
        .def_property_readonly(
            "fired",
            [](const Result& r) {
                std::vector<std::string> out;
                const auto& cs = r.rules->rules.conclusions();
                for (ConclusionIndex c = 0; c < cs.size(); ++c)
                    if (r.evaluation->status(c) == ConclusionStatus::fired)
                        out.push_back(cs[c].name);
                return out;
            },
            "The names of the conclusions that fired.")
        .def_property_readonly(
            "steps",
            [](const Result& r) {
                const RuleSet& rules = r.rules->rules;
                std::vector<StepResult> out;
                for (StepIndex s = 0; s < rules.steps().size(); ++s)
                    out.push_back({rules.steps()[s].name, rules.steps()[s].title,
                                   std::string(to_string(r.evaluation->step_state(s))),
                                   conclusion_name(rules, r.evaluation->step_closed_by(s))});
                return out;
            },
            "Every step's gate: 'open', 'closed' or 'undecided', and what closed it.")
        .def_property_readonly(
            "needed",
            [](const Result& r) {
                std::vector<std::string> out;
                for (auto f : r.evaluation->needed()) out.push_back(r.rules->rules.facts()[f].name);
                return out;
            },
            "Facts to ask for next, most useful first: missing facts, and borderline readings "
            "to measure again (see remeasure).")
        .def_property_readonly(
            "remeasure",
            [](const Result& r) {
                std::vector<std::string> out;
                for (auto f : r.evaluation->needed())
                    if (r.evaluation->remeasure(f)) out.push_back(r.rules->rules.facts()[f].name);
                return out;
            },
            "The facts in `needed` that are known but borderline: measure them again.")
        .def_property_readonly(
            "warnings", [](const Result& r) { return r.warnings; },
            "lenient=True: the values dropped to unknown, and why.")
        .def_property_readonly(
            "audit",
            [](const Result& r) {
                auto a = r.evaluation->audit();
                AuditInfo out{std::string(a.rule_set_name),
                              std::string(a.rule_set_version),
                              std::string(a.source_hash),
                              std::string(a.engine_version),
                              {}};
                for (const auto& o : r.rules->rules.overrides())
                    out.overrides.emplace_back(o.name, o.value);
                return out;
            },
            "The rule set, version, source hash, engine version and overrides.")
        .def_property_readonly(
            "rules", [](const Result& r) { return r.rules; }, "The rule set evaluated.")
        .def(
            "explain",
            [](const Result& r) {
                py::gil_scoped_release release;
                return PyExplanation{explain(*r.evaluation, r.facts)};
            },
            "Explains every conclusion: facts, thresholds, steps, what was withheld and why.")
        .def(
            "summary",
            [](const Result& r, const std::string& format, bool why, const std::string& patient,
               bool color) {
                auto o = summary_options(format, why, patient, color);
                // Without `why`, only the trees the summary shows are built, into an
                // Explanation kept per thread: a cohort's summaries reuse its memory (a fresh
                // one spends half its time allocating).
                thread_local Explanation kept;
                {
                    py::gil_scoped_release release;
                    explain(*r.evaluation, r.facts,
                            why ? ExplainDetail::full : ExplainDetail::summary, kept);
                }
                return summary_of(kept, o);
            },
            py::arg("format") = "text", py::arg("why") = false, py::arg("patient") = "",
            py::arg("color") = false, summary_doc)
        .def(
            "why",
            [](const Result& r, const std::string& conclusion, const std::string& format) {
                return why_of(explanation_of(r), conclusion, format);
            },
            py::arg("conclusion"), py::arg("format") = "text", why_doc)
        .def(
            "cds_cards", [](const Result& r) { return cds_cards_of(explanation_of(r)); }, cds_doc)
        .def(
            "graph",
            [](const Result& r, const std::string& format) {
                auto f = graph_format(format);
                auto x = explanation_of(r);
                py::gil_scoped_release release;
                return render_graph(r.rules->rules, &x, f);
            },
            py::arg("format") = "svg",
            "The decision graph with this patient's path coloured: 'svg' (laid out by Graphviz) "
            "or 'dot'.")
        .def(
            "report_html",
            [](const Result& r, const std::string& patient) {
                ReportPatient p{patient, explanation_of(r)};
                py::gil_scoped_release release;
                return render_report_html(r.rules->rules, std::span(&p, 1));
            },
            py::arg("patient") = "",
            "A self-contained HTML page (inline CSS and SVG, no script) with this patient's "
            "summary and coloured decision graph; RuleSet.report_html for many patients.")
        .def(
            "_repr_html_",
            [](const Result& r) {
                ReportPatient p{"", explanation_of(r)};
                py::gil_scoped_release release;
                return render_patient_html(r.rules->rules, p);
            },
            "The summary and the coloured graph, for notebooks.")
        .def("__repr__",
             [](const Result& r) {
                 std::array<std::size_t, 5> counts{};
                 for (ConclusionIndex c = 0; c < r.rules->rules.conclusions().size(); ++c)
                     ++counts[static_cast<std::size_t>(r.evaluation->status(c))];
                 return fmt::format(
                     "<ilio.Result {}: {} fired, {} withheld, {} unknown, {} not applicable{}; "
                     "{} facts needed>",
                     r.rules->rules.name(), counts[0], counts[3], counts[2], counts[1],
                     counts[4] ? fmt::format(", {} out of population", counts[4]) : "",
                     r.evaluation->needed().size());
             })
        // Pickled as the rule set, the record and the options; unpickling evaluates again,
        // which the engine does deterministically.
        .def(py::pickle(
            [](const Result& r) {
                return py::make_tuple(r.rules, r.record, r.options.lenient,
                                      r.options.missing == Missing::reject ? "reject" : "unknown");
            },
            [](const py::tuple& s) {
                return evaluate_record(
                    s[0].cast<RulesPtr>(), s[1],
                    ReadOptions{s[2].cast<bool>(), missing_from(s[3].cast<std::string>())});
            }));
}

}  // namespace ilio::python
