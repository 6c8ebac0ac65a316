// ilio._core: a thin shell over the C++ library. No logic of its own: facts go in as the same
// JSON documents the CLI reads, explanations come out of the same renderers.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

#include "ilio/ilio.hpp"

namespace py = pybind11;

namespace {

/// Raised as ilio.CompileError; the message holds every rendered diagnostic.
struct CompileFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/// Raised as ilio.FactsError; the message lists every rejected fact.
struct FactsFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The rule set and its rendered warnings; every diagnostic in the error when it failed.
std::pair<ilio::RuleSet, std::vector<std::string>> checked(ilio::CompileResult result) {
    if (!result.ok()) {
        std::string message;
        for (const auto& d : result.diagnostics)
            message += ilio::render_diagnostic(d, result.source);
        throw CompileFailure(message);
    }
    std::vector<std::string> warnings;
    for (const auto& d : result.diagnostics)
        warnings.push_back(ilio::render_diagnostic(d, result.source));
    return {*result.rule_set, std::move(warnings)};
}

ilio::CompileOptions options(const std::string& file_name,
                             const std::map<std::string, std::string>& overrides) {
    ilio::CompileOptions o;
    o.file_name = file_name;
    for (const auto& [name, value] : overrides) o.overrides.push_back({name, value});
    return o;
}

/// A patient's evaluation, with the facts it was made from (explanations need both).
struct PyEvaluation {
    ilio::RuleSet rules;
    ilio::Facts facts;
    ilio::Evaluation evaluation;

    std::string status(const std::string& conclusion) const {
        auto index = rules.find_conclusion(conclusion);
        if (!index) throw py::key_error("unknown conclusion: " + conclusion);
        return std::string(ilio::to_string(evaluation.status(*index)));
    }
    std::map<std::string, std::string> statuses() const {
        std::map<std::string, std::string> out;
        for (ilio::ConclusionIndex c = 0; c < rules.conclusions().size(); ++c)
            out[rules.conclusions()[c].name] = std::string(ilio::to_string(evaluation.status(c)));
        return out;
    }
    std::vector<std::string> needed() const {
        std::vector<std::string> out;
        for (auto f : evaluation.needed()) out.push_back(rules.facts()[f].name);
        return out;
    }
    std::string explain(const std::string& format) const {
        auto x = ilio::explain(evaluation, facts);
        if (format == "json") return ilio::render_json(x);
        if (format == "markdown") return ilio::render_markdown(x);
        if (format == "text") return ilio::render_text(x);
        throw py::value_error("format must be 'text', 'markdown' or 'json'");
    }
    std::vector<std::string> warnings() const {
        std::vector<std::string> out;
        for (const auto& w : facts.warnings()) out.push_back(w.where + ": " + w.message);
        return out;
    }
};

PyEvaluation evaluate_json(const ilio::RuleSet& rules, const std::string& facts_json,
                           bool lenient) {
    auto read = ilio::read_facts_json(rules, facts_json, ilio::FactsOptions{lenient});
    if (!read.ok()) {
        std::string message;
        for (const auto& e : read.errors)
            message +=
                (message.empty() ? "" : "\n") + (e.where.empty() ? "" : e.where + ": ") + e.message;
        throw FactsFailure(message);
    }
    PyEvaluation result{rules, std::move(*read.facts), {}};
    rules.evaluate(result.facts, result.evaluation);
    return result;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "ilio: a rule-based clinical decision engine (compiled core)";
    m.attr("engine_version") = ilio::engine_version;
    py::register_exception<CompileFailure>(m, "CompileError", PyExc_ValueError);
    py::register_exception<FactsFailure>(m, "FactsError", PyExc_ValueError);

    py::class_<ilio::FactInfo>(m, "FactInfo", "A declared patient fact.")
        .def_readonly("name", &ilio::FactInfo::name)
        .def_property_readonly(
            "type", [](const ilio::FactInfo& f) { return std::string(ilio::to_string(f.type)); })
        .def_readonly("unit", &ilio::FactInfo::unit)
        .def_readonly("minimum", &ilio::FactInfo::minimum)
        .def_readonly("maximum", &ilio::FactInfo::maximum)
        .def_readonly("members", &ilio::FactInfo::members)
        .def_readonly("description", &ilio::FactInfo::description)
        .def_readonly("ask", &ilio::FactInfo::ask)
        .def("__repr__", [](const ilio::FactInfo& f) { return "<ilio.FactInfo " + f.name + ">"; });

    py::class_<ilio::ConclusionInfo>(m, "ConclusionInfo", "A conclusion the rules can draw.")
        .def_readonly("name", &ilio::ConclusionInfo::name)
        .def_readonly("title", &ilio::ConclusionInfo::title)
        .def_property_readonly(
            "kind",
            [](const ilio::ConclusionInfo& c) { return std::string(ilio::to_string(c.kind)); })
        .def_property_readonly(
            "severity",
            [](const ilio::ConclusionInfo& c) { return std::string(ilio::to_string(c.urgency)); })
        .def_readonly("cite", &ilio::ConclusionInfo::cite)
        .def_readonly("dose", &ilio::ConclusionInfo::dose)
        .def("__repr__",
             [](const ilio::ConclusionInfo& c) { return "<ilio.ConclusionInfo " + c.name + ">"; });

    py::class_<PyEvaluation>(m, "Evaluation", "One patient's evaluation.")
        .def("status", &PyEvaluation::status, py::arg("conclusion"),
             "The status of a conclusion: 'fired', 'not_applicable', 'unknown' or 'withheld'.")
        .def_property_readonly("statuses", &PyEvaluation::statuses,
                               "Every conclusion's status, by name.")
        .def_property_readonly("needed", &PyEvaluation::needed, "Missing facts, most useful first.")
        .def_property_readonly("warnings", &PyEvaluation::warnings,
                               "Facts dropped to unknown in lenient mode, and why.")
        .def("explain", &PyEvaluation::explain, py::arg("format") = "json",
             "The explanation as 'json' (schema ilio.explanation/1), 'text' or 'markdown'.");

    py::class_<ilio::RuleSet>(m, "RuleSet", "A compiled, immutable rule set.")
        .def_property_readonly("name", &ilio::RuleSet::name)
        .def_property_readonly("version", &ilio::RuleSet::version)
        .def_property_readonly("title", &ilio::RuleSet::title)
        .def_property_readonly("source_hash", &ilio::RuleSet::source_hash)
        .def_property_readonly("facts",
                               [](const ilio::RuleSet& r) {
                                   return std::vector<ilio::FactInfo>(r.facts().begin(),
                                                                      r.facts().end());
                               })
        .def_property_readonly("conclusions",
                               [](const ilio::RuleSet& r) {
                                   return std::vector<ilio::ConclusionInfo>(r.conclusions().begin(),
                                                                            r.conclusions().end());
                               })
        .def("to_dot", &ilio::RuleSet::to_dot, "The decision graph as GraphViz DOT.")
        .def("evaluate_json", &evaluate_json, py::arg("facts_json"), py::arg("lenient") = false,
             "Evaluates a facts document (JSON text). Raises FactsError on invalid facts "
             "unless lenient.",
             py::call_guard<py::gil_scoped_release>())
        .def("__repr__", [](const ilio::RuleSet& r) {
            return "<ilio.RuleSet " + r.name() + " " + r.version() + ">";
        });

    m.def(
        "compile",
        [](const std::string& text, const std::string& file_name,
           const std::map<std::string, std::string>& overrides) {
            return checked(ilio::compile(text, options(file_name, overrides)));
        },
        py::arg("text"), py::arg("file_name") = "<input>",
        py::arg("overrides") = std::map<std::string, std::string>{},
        "Compiles rules text: (rule set, warnings); raises CompileError with every "
        "diagnostic.");
    m.def(
        "load",
        [](const std::string& path, const std::map<std::string, std::string>& overrides) {
            return checked(ilio::load(path, options(path, overrides)));
        },
        py::arg("path"), py::arg("overrides") = std::map<std::string, std::string>{},
        "Loads and compiles a rules file: (rule set, warnings); raises CompileError with "
        "every diagnostic.");
}
