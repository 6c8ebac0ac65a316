#pragma once
// What the pieces of ilio._core share: the rule set as Python holds it, a patient's result, an
// explanation, and the structured problems raised as ilio.FactsError.

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ilio/ilio.hpp"

namespace ilio::python {

namespace py = pybind11;

/// Heterogeneous lookup: a fact name from a Python str is looked up without a std::string.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

/// A compiled rule set and a name index over its facts (RuleSet::find_fact is a linear scan,
/// fine for one lookup, not for every value of a cohort).
struct Rules {
    explicit Rules(RuleSet compiled);
    RuleSet rules;
    std::unordered_map<std::string, FactIndex, NameHash, std::equal_to<>> fact_index;
};
using RulesPtr = std::shared_ptr<Rules>;  // immutable once built

/// One bad value, or one bad patient record: ilio.FactProblem.
struct Problem {
    std::optional<std::size_t> record;  ///< the record's position in a batch
    std::string where;                  ///< JSON pointer to the fact, e.g. "/thomas.pain"
    std::string fact;
    std::string value;  ///< repr() of the value given, shortened
    std::string message;
};

/// How Python values that mean "missing" (None, NaN, pandas.NA, NaT) are read.
enum class Missing { unknown, reject };
Missing missing_from(const std::string& text);  // "unknown" or "reject"

struct ReadOptions {
    bool lenient = false;
    Missing missing = Missing::unknown;
};

/// Sets one fact from a Python value; a problem is appended instead when the value is invalid.
void set_from_python(const Rules& rules, Facts& facts, FactIndex fact, py::handle value,
                     Missing missing, std::vector<Problem>& problems);
/// Reads a mapping {fact name: value} into `facts`; problems are appended, tagged `record`.
void read_record(const Rules& rules, Facts& facts, py::handle record,
                 std::optional<std::size_t> record_index, Missing missing,
                 std::vector<Problem>& problems);
/// In lenient mode each problem becomes a warning on the facts (the fact stays unknown).
void record_warnings(Facts& facts, std::vector<Problem>& problems);

/// Raises ilio.FactsError with every problem.
[[noreturn]] void raise_facts_error(const std::vector<Problem>& problems);
/// Raises ilio.CompileError with every diagnostic.
[[noreturn]] void raise_compile_error(const CompileResult& result);

/// One patient's result: the facts it was evaluated from (explanations need both), and the
/// Python record they were read from, so that it pickles by re-evaluating.
struct Result {
    RulesPtr rules;
    Facts facts;
    Evaluation evaluation;
    std::vector<Problem> warnings;  ///< lenient mode: values dropped to unknown
    py::object record;
    ReadOptions options;
};

/// An explanation, built with the GIL released; renders on demand.
struct PyExplanation {
    Explanation explanation;
};

void bind_results(py::module_& m);
void bind_batch(py::class_<Rules, std::shared_ptr<Rules>>& rule_set);

/// Evaluates one record (the GIL is released for the evaluation itself).
Result evaluate_record(const RulesPtr& rules, py::object record, ReadOptions options);

}  // namespace ilio::python
