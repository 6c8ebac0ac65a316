#pragma once
// A compiled program as Z3 terms, over complete patients within the declared domains: each
// number fact a real in base units bounded by its declared range (integer facts an integer
// times the unit factor), each bool fact a bool, each one-of fact an integer in [0, members),
// each set member a bool. Every criterion, conclusion condition and gate is one term, built
// once; a conclusion fires when its condition and its step's gate hold. Queries add only the
// domain constraints of the facts they read, so each stays small on a large rule set.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <z3++.h>

#include "program/program.hpp"

namespace ilio::linter {

class ProgramEncoding {
  public:
    explicit ProgramEncoding(const detail::Program& program);
    ProgramEncoding(const ProgramEncoding&) = delete;
    ProgramEncoding& operator=(const ProgramEncoding&) = delete;

    const detail::Program& program() const noexcept { return p_; }
    z3::context& context() noexcept { return ctx_; }

    /// The term of a node (any node of any item); exact unless `exact(node)` is false.
    const z3::expr& term(std::uint32_t node) const { return terms_[node]; }
    /// False when the node or something it depends on could not be encoded exactly, so a
    /// verdict about it would be a guess: analyses stay silent about inexact terms.
    bool exact(std::uint32_t node) const { return exact_[node]; }

    const z3::expr& item_term(std::uint32_t item) const { return terms_[p_.items[item].root()]; }
    bool item_exact(std::uint32_t item) const { return exact_[p_.items[item].root()]; }
    const z3::expr& criterion(std::uint32_t c) const { return item_term(p_.criterion_item[c]); }
    const z3::expr& condition(std::uint32_t c) const { return item_term(p_.conclusion_item[c]); }
    /// The conclusion fires: its condition and its step's gate (when it has one).
    const z3::expr& fired(std::uint32_t c) const { return fired_[c]; }
    bool fired_exact(std::uint32_t c) const { return fired_exact_[c]; }

    /// Facts a set of items reads, through the criteria, conclusions and gates they reference.
    std::vector<std::uint32_t> facts_of_items(const std::vector<std::uint32_t>& items) const;
    /// Items a conclusion's firing depends on: its condition and its step's gate.
    std::vector<std::uint32_t> fired_items(std::uint32_t conclusion) const;
    /// Facts a single node reads, through what it references.
    std::vector<std::uint32_t> facts_of_node(std::uint32_t node) const;

    /// A complete patient for whom `query` holds, when the solver finds one. Only the domains
    /// of `facts` are constrained (the query reads no other fact).
    std::optional<z3::model> satisfy(const z3::expr& query,
                                     const std::vector<std::uint32_t>& facts);
    /// A patient for a finding's witness: one for whom `query` holds with every measured reading
    /// of `facts` outside the borderline band of each threshold it is compared with, when there
    /// is one, else any (satisfy). The analyses compare readings exactly; evaluation leaves a
    /// comparison inside its band unknown, so a witness there would not show its finding.
    std::optional<z3::model> witness_patient(const z3::expr& query,
                                             const std::vector<std::uint32_t>& facts);
    /// The first half of witness_patient: a patient for whom `query` holds with every measured
    /// reading of `facts` outside the bands; nothing when there is none, or no fact of `facts`
    /// is measured (satisfy() then answers as well).
    std::optional<z3::model> patient_outside_bands(const z3::expr& query,
                                                   const std::vector<std::uint32_t>& facts);
    /// Whether the solver proved that no complete patient satisfies `query`. A query the
    /// solver gives up on (its resource limit) is neither satisfiable nor impossible, so no
    /// analysis claims anything about it.
    bool impossible(const z3::expr& query, const std::vector<std::uint32_t>& facts);

    /// Random complete patients. The first `checked_samples` are tried before the solver on
    /// each query; all of them by samples_satisfying, whose answers an analysis reuses over
    /// many queries, so that there more patients pay for themselves.
    static constexpr int sample_count = 64;
    static constexpr int checked_samples = 16;
    /// Which samples satisfy `query`: bit s for sample s. A query `x and not y` holds in a
    /// sample exactly when `x` does and `y` does not, so an analysis that asks many such
    /// questions of the same terms can tell from these bits alone which ones the samples
    /// answer, and ask only the others.
    std::uint64_t samples_satisfying(const z3::expr& query);
    /// A complete patient within every declared domain for whom `query` holds (it reads only
    /// `facts`): a sample when one satisfies it, else the solver's model completed with the
    /// first sample's values of everything the model leaves open; nothing when the solver
    /// finds none. With a `base` patient, the solver's model completed with the base's values,
    /// samples untried: a sample would bring its own values of every fact, where the caller
    /// wants the base's wherever the query does not need others.
    std::optional<z3::model> patient_satisfying(const z3::expr& query,
                                                const std::vector<std::uint32_t>& facts,
                                                const z3::model* base = nullptr);
    /// Whether `patient` shows that `query`, as satisfy() and impossible() would be asked it
    /// over `facts`, has a solution: the query holds there, and so do the domains of `facts`
    /// and of the earlier visits. A patient that shows it answers the question without the
    /// solver.
    bool shows(const z3::model& patient, const z3::expr& query,
               const std::vector<std::uint32_t>& facts) const;
    /// The solver's resource budget for one query (Z3's deterministic `rlimit`, not a clock,
    /// so a run gives the same findings on any machine and starts no timer thread).
    static constexpr unsigned query_resource_limit = 20'000'000;

    /// The facts JSON object of a model, over `facts`, in each fact's declared unit.
    std::string witness(const z3::model& model, const std::vector<std::uint32_t>& facts) const;

    /// A number fact's value in a model, in base units.
    double base_value(const z3::model& model, std::uint32_t fact) const;

    /// The term "number fact `fact` is not `threshold`" (base units).
    z3::expr differs_from(std::uint32_t fact, double threshold);

    /// The distinct thresholds (base units) compared with a number fact, sorted.
    const std::vector<double>& thresholds(std::uint32_t fact) const { return thresholds_[fact]; }

  private:
    /// "Every measured reading of `facts` lies outside the band of each of its thresholds":
    /// true when none of them has a measurement error.
    z3::expr outside_bands(const std::vector<std::uint32_t>& facts);
    /// The samples first, then the solver (solve).
    z3::check_result check(const z3::expr& query, const std::vector<std::uint32_t>& facts,
                           std::optional<z3::model>* model);
    z3::check_result solve(const z3::expr& query, const std::vector<std::uint32_t>& facts,
                           std::optional<z3::model>* model);
    struct NumberTerms {
        z3::expr declared, base, domain;
    };
    NumberTerms number_terms(const FactInfo& fact, const std::string& name);
    void encode_facts();
    void draw_samples();
    void collect_thresholds();
    void encode_node(std::uint32_t index);
    z3::expr operand(const detail::Operand& o, bool& exact);
    z3::expr arithmetic(std::uint32_t expression, bool& exact);
    z3::expr fresh_bool();
    void collect_facts(std::vector<std::uint32_t> pending, std::vector<char>& seen_items,
                       std::vector<char>& seen_facts, std::vector<std::uint32_t>& out) const;

    const detail::Program& p_;
    z3::context ctx_;
    z3::solver solver_;
    std::vector<z3::expr> fact_terms_;  // number: real (base units); bool: bool; enum: int
    std::vector<z3::expr> declared_;    // the constant behind each non-set fact's term
    // Random complete patients within the declared domains: most queries a healthy rule set
    // asks are satisfiable, and one of these usually shows it without a solver call.
    std::vector<z3::model> samples_;
    std::vector<std::vector<double>> thresholds_;   // per fact, base units, sorted
    std::vector<std::vector<double>> cell_points_;  // per number fact, declared unit
    std::vector<z3::expr_vector> members_;          // set facts: one bool per member
    std::vector<z3::expr> domains_;                 // each fact's domain constraint
    // Earlier visits (encode_facts): per fact, its value at the first and the previous visit
    // (base units; facts not over visits: unused); the times since those visits and the
    // evaluation date; and the domains of all of them, added to every query.
    std::vector<z3::expr> baseline_terms_, previous_terms_;
    std::vector<z3::expr> clock_;
    z3::expr history_domain_{ctx_};
    std::vector<z3::expr> terms_;
    std::vector<char> exact_;
    std::vector<z3::expr> fired_;
    std::vector<char> fired_exact_;
    std::vector<std::uint32_t> item_of_node_;
    unsigned fresh_ = 0;
};

}  // namespace ilio::linter
