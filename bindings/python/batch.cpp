// Many patients at once: records are read into Facts with the GIL held (they are Python
// objects), then evaluated by ilio::evaluate_batch on every core with the GIL released.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"

namespace ilio::python {

namespace {

BatchOptions batch_options(std::optional<int> threads) {
    if (threads && *threads < 1)
        throw py::value_error(fmt::format("threads must be at least 1, not {}", *threads));
    return BatchOptions{threads ? static_cast<unsigned>(*threads) : 0u};
}

/// Reads every record; raises one FactsError naming every bad record unless lenient.
std::vector<Facts> read_records(const Rules& rules, std::vector<py::object>& records,
                                const ReadOptions& options,
                                std::vector<std::vector<Problem>>& warnings) {
    std::vector<Facts> facts;
    facts.reserve(records.size());
    std::vector<Problem> all;
    warnings.resize(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        facts.emplace_back(rules.rules);
        std::vector<Problem> problems;
        read_record(rules, facts.back(), records[i], i, options.missing, problems);
        if (problems.empty()) continue;
        if (options.lenient) {
            record_warnings(facts.back(), problems);
            warnings[i] = std::move(problems);
        } else {
            all.insert(all.end(), problems.begin(), problems.end());
        }
    }
    if (!all.empty()) raise_facts_error(all);
    return facts;
}

py::list evaluate_many(const RulesPtr& rules, const py::iterable& iterable,
                       std::optional<int> threads, bool lenient, const std::string& missing) {
    auto batch = batch_options(threads);
    ReadOptions options{lenient, missing_from(missing)};
    std::vector<py::object> records;
    for (py::handle record : iterable)
        records.push_back(py::reinterpret_borrow<py::object>(record));
    std::vector<std::vector<Problem>> warnings;
    std::vector<Facts> facts = read_records(*rules, records, options, warnings);
    std::vector<Evaluation> evaluations;
    {
        py::gil_scoped_release release;
        evaluations = evaluate_batch(rules->rules, facts, batch);
    }
    py::list out(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        out[i] = py::cast(Result{rules, std::move(facts[i]),
                                 std::make_unique<Evaluation>(std::move(evaluations[i])),
                                 std::move(warnings[i]), std::move(records[i]), options});
    return out;
}

/// The status categories, in the order of ilio::ConclusionStatus (codes are its values).
py::list status_categories() {
    py::list out;
    for (auto s :
         {ConclusionStatus::fired, ConclusionStatus::not_applicable, ConclusionStatus::unknown,
          ConclusionStatus::withheld, ConclusionStatus::out_of_population})
        out.append(std::string(to_string(s)));
    return out;
}

py::object evaluate_frame(const RulesPtr& rules, const py::object& frame,
                          std::optional<int> threads, bool lenient, const std::string& missing) {
    auto batch = batch_options(threads);
    ReadOptions options{lenient, missing_from(missing)};
    py::module_ pd = py::module_::import("pandas");
    if (!py::isinstance(frame, pd.attr("DataFrame")))
        throw py::type_error("evaluate_frame takes a pandas DataFrame, not " +
                             py::type::of(frame).attr("__name__").cast<std::string>());
    const RuleSet& rs = rules->rules;

    // One column per fact; anything else (an identifier) belongs in the index.
    std::vector<std::pair<FactIndex, py::list>> columns;
    std::vector<Problem> problems;
    for (py::handle column : frame.attr("columns")) {
        auto name = py::str(column).cast<std::string>();
        auto found = rules->rules.find_fact(name);
        if (!PyUnicode_Check(column.ptr()) || !found) {
            problems.push_back(
                {std::nullopt, "/" + name, name, "",
                 fmt::format("column `{}` is not a fact of rule set `{}`; put identifiers in the "
                             "index",
                             name, rs.name())});
            continue;
        }
        // tolist() gives Python objects: numpy scalars become ints, floats and bools.
        columns.emplace_back(*found, frame[column].attr("tolist")());
    }
    if (!problems.empty()) raise_facts_error(problems);

    std::size_t rows = py::len(frame);
    const ForeignTypes& types = foreign_types();  // pandas, and so numpy, are imported by now
    std::vector<Facts> facts;
    facts.reserve(rows);
    std::vector<std::vector<Problem>> warnings(lenient ? rows : 0);
    for (std::size_t i = 0; i < rows; ++i) {
        facts.emplace_back(rs);
        auto first = problems.size();
        for (auto& [fact, values] : columns)
            set_from_python(*rules, facts.back(), fact, PyList_GET_ITEM(values.ptr(), i),
                            options.missing, problems, types);
        for (auto p = first; p < problems.size(); ++p) problems[p].record = i;
        if (lenient && problems.size() > first) {
            warnings[i].assign(problems.begin() + static_cast<std::ptrdiff_t>(first),
                               problems.end());
            problems.resize(first);
            record_warnings(facts.back(), warnings[i]);
        }
    }
    if (!problems.empty()) raise_facts_error(problems);

    std::size_t conclusions = rs.conclusions().size();
    std::vector<py::array_t<std::int8_t>> codes;
    std::vector<std::int8_t*> code_data;
    for (std::size_t c = 0; c < conclusions; ++c) {
        codes.emplace_back(static_cast<py::ssize_t>(rows));
        code_data.push_back(codes.back().mutable_data());
    }
    std::vector<std::vector<FactIndex>> needed(rows);
    {
        py::gil_scoped_release release;
        evaluate_batch(
            rs, facts,
            [&](std::size_t i, const Evaluation& e) {
                for (ConclusionIndex c = 0; c < conclusions; ++c)
                    code_data[c][i] = static_cast<std::int8_t>(e.status(c));
                needed[i].assign(e.needed().begin(), e.needed().end());
            },
            batch);
    }

    py::object dtype = pd.attr("CategoricalDtype")(status_categories());
    py::object from_codes = pd.attr("Categorical").attr("from_codes");
    py::dict data;
    for (std::size_t c = 0; c < conclusions; ++c)
        data[py::str(rs.conclusions()[c].name)] = from_codes(codes[c], py::arg("dtype") = dtype);
    std::vector<py::str> fact_names;
    for (const auto& f : rs.facts()) fact_names.emplace_back(f.name);
    py::list needed_column(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        py::list names(needed[i].size());
        for (std::size_t k = 0; k < needed[i].size(); ++k) names[k] = fact_names[needed[i][k]];
        needed_column[i] = names;
    }
    data["needed"] = needed_column;
    if (lenient) data["warnings"] = py::cast(warnings);
    return pd.attr("DataFrame")(data, py::arg("index") = frame.attr("index"));
}

}  // namespace

void bind_batch(py::class_<Rules, std::shared_ptr<Rules>>& rule_set) {
    rule_set
        .def("evaluate_many", &evaluate_many, py::arg("records"), py::arg("threads") = py::none(),
             py::arg("lenient") = false, py::arg("missing") = "unknown",
             "Evaluates an iterable of fact mappings on `threads` threads (default: every core) "
             "with the GIL released; results in input order. Raises one FactsError listing every "
             "bad record (FactProblem.record is its position) unless lenient.")
        .def("evaluate_frame", &evaluate_frame, py::arg("frame"), py::arg("threads") = py::none(),
             py::arg("lenient") = false, py::arg("missing") = "unknown",
             "Evaluates a pandas DataFrame, one column per fact and one row per patient (NaN and "
             "None are unknown). Returns a DataFrame with the same index: one categorical status "
             "column per conclusion, `needed` (the facts to ask for next, most useful first) "
             "and, when lenient, `warnings`.");
}

}  // namespace ilio::python
