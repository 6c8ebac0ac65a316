// ilio._core: a thin shell over the C++ library. Facts go into the library's checked setters
// straight from Python values; results, explanations and renderings come from the library.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"

namespace ilio::python {

std::unique_ptr<Evaluation> EvaluationPool::take() {
    {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
            auto out = std::move(spare_.back());
            spare_.pop_back();
            return out;
        }
    }
    return std::make_unique<Evaluation>();
}

void EvaluationPool::give(std::unique_ptr<Evaluation> evaluation) noexcept {
    std::lock_guard lock(mutex_);
    if (spare_.size() < capacity) spare_.push_back(std::move(evaluation));
}

namespace {

/// The rule set and its warnings; CompileError with every diagnostic when it failed.
py::tuple checked(const CompileResult& result) {
    if (!result.ok()) raise_compile_error(result);
    return py::make_tuple(std::make_shared<Rules>(*result.rule_set), result.diagnostics);
}

CompileOptions compile_options(const std::string& file_name, const py::dict& overrides) {
    CompileOptions o;
    o.file_name = file_name;
    for (auto [name, value] : overrides)
        o.overrides.push_back(
            {py::str(name).cast<std::string>(), py::str(value).cast<std::string>()});
    return o;
}

/// Info about a declaration, with its step by name: what RuleSet lists.
struct CriterionView : CriterionInfo {
    std::optional<std::string> step_name;
};
struct ConclusionView : ConclusionInfo {
    std::optional<std::string> step_name;
};
struct StepView : StepInfo {
    std::vector<std::string> conclusion_names;
};

std::optional<std::string> name_of_step(const RuleSet& rules, std::optional<StepIndex> step) {
    if (!step) return std::nullopt;
    return rules.steps()[*step].name;
}

std::string describe(const char* kind, const std::string& name) {
    return fmt::format("<ilio.{} {}>", kind, name);
}

// Pickled by what compiles it again: the text, file name and overrides; the hash is checked,
// so a rule set never comes back different from what was pickled.
py::tuple rules_state(const Rules& r) {
    py::list overrides;
    for (const auto& o : r.rules.overrides()) overrides.append(py::make_tuple(o.name, o.value));
    return py::make_tuple(r.rules.source_text(), r.rules.file_name(), overrides,
                          r.rules.source_hash());
}

std::shared_ptr<Rules> rules_from_state(const py::tuple& state) {
    if (state.size() != 4) throw std::runtime_error("ilio.RuleSet: invalid pickled state");
    CompileOptions options;
    options.file_name = state[1].cast<std::string>();
    for (py::handle o : state[2]) {
        auto pair = o.cast<py::tuple>();
        options.overrides.push_back({pair[0].cast<std::string>(), pair[1].cast<std::string>()});
    }
    auto result = compile(state[0].cast<std::string>(), options);
    if (!result.ok()) raise_compile_error(result);
    auto hash = state[3].cast<std::string>();
    if (result.rule_set->source_hash() != hash)
        throw py::value_error(
            fmt::format("ilio.RuleSet: the unpickled rules text has SHA-256 {}, "
                        "but {} was pickled",
                        result.rule_set->source_hash(), hash));
    return std::make_shared<Rules>(*result.rule_set);
}

void bind_declarations(py::module_& m) {
    py::class_<FactInfo>(m, "FactInfo", "A declared patient fact.")
        .def_readonly("name", &FactInfo::name)
        .def_property_readonly("type",
                               [](const FactInfo& f) { return std::string(to_string(f.type)); })
        .def_readonly("unit", &FactInfo::unit)
        .def_readonly("dimension", &FactInfo::dimension)
        .def_readonly("minimum", &FactInfo::minimum)
        .def_readonly("maximum", &FactInfo::maximum)
        .def_readonly("members", &FactInfo::members)
        .def_readonly("description", &FactInfo::description)
        .def_readonly("ask", &FactInfo::ask)
        .def_readonly("error", &FactInfo::error,
                      "The standard error of one reading, in `unit`; None: compared exactly.")
        .def_readonly("over_visits", &FactInfo::over_visits,
                      "Recorded at every visit: rules read it at the first and previous visit.")
        .def("__repr__", [](const FactInfo& f) {
            return fmt::format("<ilio.FactInfo {}: {}{}{}>", f.name, to_string(f.type),
                               f.unit.empty() ? "" : " ", f.unit);
        });

    py::class_<ParameterInfo>(m, "ParameterInfo", "A named constant of the rules.")
        .def_readonly("name", &ParameterInfo::name)
        .def_property_readonly(
            "type", [](const ParameterInfo& p) { return std::string(to_string(p.type)); })
        .def_readonly("value", &ParameterInfo::value)
        .def_readonly("unit", &ParameterInfo::unit)
        .def_readonly("description", &ParameterInfo::description)
        .def_readonly("cite", &ParameterInfo::cite)
        .def_readonly("overridden", &ParameterInfo::overridden)
        .def_readonly("declared_text", &ParameterInfo::declared_text)
        .def("__repr__", [](const ParameterInfo& p) {
            return fmt::format("<ilio.ParameterInfo {} = {:g}{}{}{}>", p.name, p.value,
                               p.unit.empty() ? "" : " ", p.unit,
                               p.overridden ? " (overridden)" : "");
        });

    py::class_<CriterionView>(m, "CriterionInfo", "An assessment criterion.")
        .def_readonly("name", &CriterionView::name)
        .def_readonly("title", &CriterionView::title)
        .def_readonly("pass_text", &CriterionView::pass_text)
        .def_readonly("fail_text", &CriterionView::fail_text)
        .def_readonly("cite", &CriterionView::cite)
        .def_readonly("step", &CriterionView::step_name)
        .def("__repr__", [](const CriterionView& c) { return describe("CriterionInfo", c.name); });

    py::class_<ConclusionView>(m, "ConclusionInfo", "A conclusion the rules can draw.")
        .def_readonly("name", &ConclusionView::name)
        .def_readonly("title", &ConclusionView::title)
        .def_property_readonly(
            "kind", [](const ConclusionView& c) { return std::string(to_string(c.kind)); })
        .def_property_readonly(
            "severity", [](const ConclusionView& c) { return std::string(to_string(c.urgency)); })
        .def_readonly("because", &ConclusionView::because)
        .def_readonly("dose", &ConclusionView::dose)
        .def_readonly("cite", &ConclusionView::cite)
        .def_readonly("step", &ConclusionView::step_name)
        .def("__repr__", [](const ConclusionView& c) {
            return fmt::format("<ilio.ConclusionInfo {}: {} {}>", c.name, to_string(c.urgency),
                               to_string(c.kind));
        });

    py::class_<StepView>(m, "StepInfo", "A step of the guide.")
        .def_readonly("name", &StepView::name)
        .def_readonly("title", &StepView::title)
        .def_readonly("cite", &StepView::cite)
        .def_readonly("gated", &StepView::gated)
        .def_readonly("conclusions", &StepView::conclusion_names)
        .def("__repr__", [](const StepView& s) { return describe("StepInfo", s.name); });
}

void bind_rule_set(py::module_& m) {
    py::class_<Rules, std::shared_ptr<Rules>> rule_set(
        m, "RuleSet", "A compiled, immutable rule set; share it freely, across threads too.");
    rule_set.def_property_readonly("name", [](const Rules& r) { return r.rules.name(); })
        .def_property_readonly("version", [](const Rules& r) { return r.rules.version(); })
        .def_property_readonly("title", [](const Rules& r) { return r.rules.title(); })
        .def_property_readonly(
            "source", [](const Rules& r) { return r.rules.source(); }, "The guide the rules cite.")
        .def_property_readonly("source_hash", [](const Rules& r) { return r.rules.source_hash(); })
        .def_property_readonly("file_name", [](const Rules& r) { return r.rules.file_name(); })
        .def_property_readonly(
            "source_text", [](const Rules& r) { return r.rules.source_text(); },
            "The rules text compiled.")
        .def_property_readonly(
            "overrides",
            [](const Rules& r) {
                py::dict out;
                for (const auto& o : r.rules.overrides()) out[py::str(o.name)] = o.value;
                return out;
            },
            "The parameter overrides given at load, as given.")
        .def_property_readonly("facts",
                               [](const Rules& r) {
                                   auto s = r.rules.facts();
                                   return std::vector<FactInfo>(s.begin(), s.end());
                               })
        .def_property_readonly("parameters",
                               [](const Rules& r) {
                                   auto s = r.rules.parameters();
                                   return std::vector<ParameterInfo>(s.begin(), s.end());
                               })
        .def_property_readonly("criteria",
                               [](const Rules& r) {
                                   std::vector<CriterionView> out;
                                   for (const auto& c : r.rules.criteria())
                                       out.push_back({c, name_of_step(r.rules, c.step)});
                                   return out;
                               })
        .def_property_readonly("conclusions",
                               [](const Rules& r) {
                                   std::vector<ConclusionView> out;
                                   for (const auto& c : r.rules.conclusions())
                                       out.push_back({c, name_of_step(r.rules, c.step)});
                                   return out;
                               })
        .def_property_readonly(
            "steps",
            [](const Rules& r) {
                std::vector<StepView> out;
                for (const auto& s : r.rules.steps()) {
                    StepView v{s, {}};
                    for (auto c : s.conclusions)
                        v.conclusion_names.push_back(r.rules.conclusions()[c].name);
                    out.push_back(std::move(v));
                }
                return out;
            })
        .def(
            "to_dot", [](const Rules& r) { return r.rules.to_dot(); },
            "The decision graph as GraphViz DOT.")
        .def(
            "report_html",
            [](const RulesPtr& rules, const py::iterable& results,
               std::optional<std::vector<std::string>> names) {
                std::vector<const Result*> chosen;
                for (py::handle h : results) {
                    const auto& r = h.cast<const Result&>();
                    if (r.rules != rules &&
                        r.rules->rules.source_hash() != rules->rules.source_hash())
                        throw py::value_error(fmt::format(
                            "result {} was evaluated with rule set `{}` {}, not this one",
                            chosen.size(), r.rules->rules.name(), r.rules->rules.version()));
                    chosen.push_back(&r);
                }
                if (names && names->size() != chosen.size())
                    throw py::value_error(
                        fmt::format("{} names for {} results", names->size(), chosen.size()));
                py::gil_scoped_release release;
                std::vector<ReportPatient> patients;
                patients.reserve(chosen.size());
                for (std::size_t i = 0; i < chosen.size(); ++i)
                    patients.push_back({names ? (*names)[i] : fmt::format("patient {}", i + 1),
                                        explain(*chosen[i]->evaluation, chosen[i]->facts)});
                return render_report_html(rules->rules, patients);
            },
            py::arg("results"), py::arg("names") = py::none(),
            "One self-contained HTML report (inline CSS and SVG, no script; docs/"
            "clinician-output.md) of results of this rule set: a collapsed section per patient "
            "with the summary and, for the first 100, the coloured decision graph. `names` label "
            "the sections (default: patient 1, 2, …).")
        .def(
            "evaluate",
            [](const RulesPtr& rules, py::object facts, bool lenient, const std::string& missing) {
                return evaluate_record(rules, std::move(facts),
                                       ReadOptions{lenient, missing_from(missing)});
            },
            py::arg("facts"), py::arg("lenient") = false, py::arg("missing") = "unknown",
            "Evaluates one patient: a mapping {fact: value}. Values are bools, numbers "
            "(Python or numpy), strings, sets/lists/tuples of strings, or (value, 'unit'); "
            "None, NaN, pandas.NA and NaT are unknown (missing='reject' makes them errors). "
            "Raises FactsError listing every invalid value unless lenient, which drops each to "
            "unknown with a warning.")
        .def(
            "evaluate_json",
            [](const RulesPtr& rules, const std::string& text, bool lenient) {
                auto read = read_facts_json(rules->rules, text, FactsOptions{lenient});
                if (!read.ok()) {
                    std::vector<Problem> problems;
                    for (const auto& e : read.errors)
                        problems.push_back({std::nullopt, e.where, e.fact, "", e.message});
                    raise_facts_error(problems);
                }
                Result result{rules,       std::move(*read.facts), rules->spare_evaluations.take(),
                              {},          py::none(),             {lenient}};
                for (const auto& w : result.facts.warnings())
                    result.warnings.push_back({std::nullopt, w.where, w.fact, "", w.message});
                result.record = py::module_::import("json").attr("loads")(text);
                py::gil_scoped_release release;
                rules->rules.evaluate(result.facts, *result.evaluation);
                return result;
            },
            py::arg("facts_json"), py::arg("lenient") = false,
            "Evaluates a facts document as `ilio eval` reads it (JSON text).")
        .def("__repr__",
             [](const Rules& r) {
                 return fmt::format("<ilio.RuleSet {} {}: {} facts, {} conclusions{}>",
                                    r.rules.name(), r.rules.version(), r.rules.facts().size(),
                                    r.rules.conclusions().size(),
                                    r.rules.overrides().empty() ? "" : ", overridden");
             })
        .def(py::pickle(&rules_state, &rules_from_state))
        .def(
            "__deepcopy__", [](const RulesPtr& r, const py::dict&) { return r; }, py::arg("memo"),
            "Immutable: a deep copy is the same rule set.");
    bind_batch(rule_set);
}

}  // namespace

}  // namespace ilio::python

PYBIND11_MODULE(_core, m) {
    namespace py = pybind11;
    using namespace ilio::python;
    m.doc() = "ilio: a rule-based clinical decision engine (compiled core)";
    m.attr("engine_version") = ilio::engine_version;
    bind_declarations(m);
    bind_results(m);
    bind_rule_set(m);

    m.def(
        "compile",
        [](const std::string& text, const std::string& file_name, const py::dict& overrides) {
            return checked(ilio::compile(text, compile_options(file_name, overrides)));
        },
        py::arg("text"), py::arg("file_name") = "<input>", py::arg("overrides") = py::dict(),
        "Compiles rules text: (rule set, warnings as Diagnostics); raises CompileError with "
        "every diagnostic.");
    m.def(
        "load",
        [](const std::string& path, const py::dict& overrides) {
            return checked(ilio::load(path, compile_options(path, overrides)));
        },
        py::arg("path"), py::arg("overrides") = py::dict(),
        "Loads and compiles a rules file: (rule set, warnings as Diagnostics); raises "
        "CompileError with every diagnostic.");
}
