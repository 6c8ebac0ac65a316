#pragma once
// What the pieces of ilio._core share: the rule set as Python holds it, a patient's result, an
// explanation, and the structured problems raised as ilio.FactsError.

#include <pybind11/pybind11.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ilio/ilio.hpp"

namespace ilio::python {

namespace py = pybind11;

/// Evaluations of results Python has let go of, kept for the next evaluate(): a fresh
/// Evaluation sizes every buffer (dozens of allocations for the psoas rules), a reused one none.
/// Held by pointer, so that handing one over moves a pointer, not the dozens of vectors of an
/// Evaluation. A mutex guards the spares (a result may be dropped on any thread); at most
/// `capacity` are kept.
class EvaluationPool {
  public:
    static constexpr std::size_t capacity = 64;
    EvaluationPool() { spare_.reserve(capacity); }
    /// A spare evaluation of this rule set, or a new one.
    std::unique_ptr<Evaluation> take();
    /// Keeps `evaluation` for a later take(), unless the pool is full. Never throws: the
    /// capacity is reserved up front.
    void give(std::unique_ptr<Evaluation> evaluation) noexcept;

  private:
    std::mutex mutex_;
    std::vector<std::unique_ptr<Evaluation>> spare_;
};

/// The fact each key of the last record named, by the key's position in the record: the rows
/// of a DataFrame and a dict filled again have the very same key objects record after record,
/// so a key seen at the same position is found by comparing one pointer, where finding its
/// name costs its UTF-8 text, a hash and a comparison (a sixth of an evaluate() call on the
/// psoas rules, by callgrind). Holds a reference to each key it remembers, so a pointer seen
/// again is that same str, never a new one at a freed one's address. Used under the GIL only.
class KeyCache {
  public:
    KeyCache() = default;
    KeyCache(const KeyCache&) = delete;
    KeyCache& operator=(const KeyCache&) = delete;
    ~KeyCache();
    /// The fact `key` named when it was last seen at `position`, if it is that same object.
    std::optional<FactIndex> find(std::size_t position, PyObject* key) const noexcept {
        if (position < entries_.size() && entries_[position].key == key)
            return entries_[position].fact;
        return std::nullopt;
    }
    /// Remembers that `key`, at `position`, names `fact` (positions past `limit` are not kept,
    /// so a record with more keys than the rule set has facts cannot grow it without bound).
    void remember(std::size_t position, PyObject* key, FactIndex fact, std::size_t limit);

  private:
    struct Entry {
        PyObject* key = nullptr;  // a strong reference
        FactIndex fact = 0;
    };
    std::vector<Entry> entries_;
};

/// A compiled rule set as Python holds it; its facts are found by RuleSet::find_fact (the
/// library's name index), or by the last record's keys (KeyCache).
struct Rules {
    explicit Rules(RuleSet compiled) : rules(std::move(compiled)) {}
    RuleSet rules;
    EvaluationPool spare_evaluations;
    mutable KeyCache keys;  // what the last record's keys named; not the rule set's state
};
using RulesPtr = std::shared_ptr<Rules>;  // its rule set immutable once built

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

/// The numpy and pandas types values are recognised by, for those of the two modules the user
/// has imported. Looking them up costs two dictionary lookups in sys.modules: done once per
/// record or frame, not once per value (a sixth of the instructions of an evaluate() call on
/// the psoas rules when it was, by callgrind).
struct ForeignTypes;
const ForeignTypes& foreign_types();

/// Sets one fact from a Python value; a problem is appended instead when the value is invalid.
void set_from_python(const Rules& rules, Facts& facts, FactIndex fact, py::handle value,
                     Missing missing, std::vector<Problem>& problems, const ForeignTypes& types);
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
    Result(RulesPtr rules, Facts facts, std::unique_ptr<Evaluation> evaluation,
           std::vector<Problem> warnings, py::object record, ReadOptions options)
        : rules(std::move(rules)),
          facts(std::move(facts)),
          evaluation(std::move(evaluation)),
          warnings(std::move(warnings)),
          record(std::move(record)),
          options(options) {}
    Result(const Result& other)
        : rules(other.rules),
          facts(other.facts),
          evaluation(other.evaluation ? std::make_unique<Evaluation>(*other.evaluation) : nullptr),
          warnings(other.warnings),
          record(other.record),
          options(other.options) {}
    Result(Result&&) = default;
    Result& operator=(const Result&) = delete;
    Result& operator=(Result&&) = delete;
    /// Hands the evaluation back to its rule set's pool (a moved-from result has no rules).
    ~Result() {
        if (rules && evaluation) rules->spare_evaluations.give(std::move(evaluation));
    }

    RulesPtr rules;
    Facts facts;
    std::unique_ptr<Evaluation> evaluation;  ///< never null, but in a moved-from result
    std::vector<Problem> warnings;           ///< lenient mode: values dropped to unknown
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
