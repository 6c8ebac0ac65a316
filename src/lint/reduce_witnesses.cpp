// Witnesses cut down to the facts that show their finding. The solver's patient gives a value
// to every fact the finding reads (for L041 every fact of every referral: thousands in a large
// rule set), where the author wants the few that matter. Evaluation decides what it can from
// the facts given (a missing fact is unknown, and exact answers decide a conclusion only when
// every value of it would), so a fact the finding still shows without is left out.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "lint/analysis.hpp"

namespace ilio::linter {

namespace {

/// Whether the evaluation shows `claim`: its conclusions fire, and the others are decided
/// not to.
bool shows(const Evaluation& e, const WitnessClaim& claim) {
    for (auto c : claim.fire)
        if (e.status(c) != ConclusionStatus::fired) return false;
    for (auto c : claim.not_fire) {
        auto status = e.status(c);
        if (status == ConclusionStatus::fired || status == ConclusionStatus::unknown) return false;
    }
    return true;
}

/// The work reduce_witnesses may do in one lint run, in nodes and facts evaluated: counted,
/// not timed, so that a run gives the same witnesses on any machine. It reduces every witness
/// of a rule set the size of the psoas rules many times over; a rule set of tens of thousands
/// of conclusions spends it on its first findings and keeps the rest whole.
constexpr std::uint64_t work_budget = 5'000'000;

/// What one evaluation of a partial witness is charged: its nodes and facts, times the nodes
/// over 500, as the exact answers for the facts a trial leaves out grow with the rule set too
/// (a trial on the 19,000 nodes of bench/make_rule_set.py 4000 took about 5 ms).
std::uint64_t evaluation_cost(const RuleSet& rules) {
    std::uint64_t nodes = rules.program().eval_nodes.size();
    return (nodes + rules.facts().size() + 1) * std::max<std::uint64_t>(1, nodes / 500);
}

class Reducer {
  public:
    explicit Reducer(const RuleSet& rules) : rules_(rules), cost_(evaluation_cost(rules)) {}

    /// The facts of `full` (a witness's) that still show `claim`, by delta debugging (Zeller's
    /// ddmin, complements only): leave out a part, and keep it out when the rest still shows the
    /// claim; halve the parts when no part can go. What remains is 1-minimal: no single fact
    /// can go. Stops where the budget ends, with the facts it has (each step kept the claim
    /// shown). Nothing when `full` does not show the claim (a witness over visits or inside a
    /// measurement band may not: it is left whole).
    std::optional<std::vector<FactIndex>> reduce(const Facts& full, const WitnessClaim& claim) {
        std::vector<FactIndex> keep;
        for (FactIndex f = 0; f < full.values().size(); ++f)
            if (full.known(f)) keep.push_back(f);
        if (!try_facts(full, keep, claim)) return std::nullopt;
        std::size_t parts = 2;
        std::vector<FactIndex> candidate;
        while (!keep.empty()) {
            std::size_t part = (keep.size() + parts - 1) / parts;
            bool reduced = false;
            for (std::size_t begin = 0; begin < keep.size() && !reduced; begin += part) {
                auto end = std::min(keep.size(), begin + part);
                candidate.assign(keep.begin(), keep.begin() + static_cast<std::ptrdiff_t>(begin));
                candidate.insert(candidate.end(), keep.begin() + static_cast<std::ptrdiff_t>(end),
                                 keep.end());
                if (!budget_left()) return keep;
                if (try_facts(full, candidate, claim)) {
                    keep.swap(candidate);
                    parts = std::max<std::size_t>(parts - 1, 2);
                    reduced = true;
                }
            }
            if (reduced) continue;
            if (part == 1) break;
            parts = std::min(keep.size(), parts * 2);
        }
        return keep;
    }

    /// Whether the budget has room for one more evaluation.
    bool budget_left() const noexcept { return budget_ >= cost_; }

  private:
    /// Whether `full` with only `facts` known shows the claim.
    bool try_facts(const Facts& full, const std::vector<FactIndex>& facts,
                   const WitnessClaim& claim) {
        budget_ -= std::min(budget_, cost_);
        trial_ = full;
        kept_.assign(full.values().size(), 0);
        for (auto f : facts) kept_[f] = 1;
        for (FactIndex f = 0; f < kept_.size(); ++f)
            if (!kept_[f] && full.known(f)) trial_->clear(f);
        rules_.evaluate(*trial_, evaluation_);
        return shows(evaluation_, claim);
    }

    const RuleSet& rules_;
    std::uint64_t budget_ = work_budget;  // for every witness of the run
    std::uint64_t cost_;
    std::optional<Facts> trial_;
    std::vector<char> kept_;  // per fact, whether the trial keeps it
    Evaluation evaluation_;
};

}  // namespace

void reduce_witnesses(Analysis& a, const RuleSet& rules, Suppressions& suppressions) {
    Reducer reducer(rules);
    const auto& facts = rules.facts();
    // The longest witnesses first: where the budget cannot reduce them all, it goes where
    // the most facts can go.
    std::vector<const WitnessClaim*> order;
    for (const auto& claim : a.claims()) order.push_back(&claim);
    std::stable_sort(order.begin(), order.end(), [&](const auto* x, const auto* y) {
        return a.findings()[x->finding].witness.size() > a.findings()[y->finding].witness.size();
    });
    for (const auto* each : order) {
        const auto& claim = *each;
        auto& finding = a.findings()[claim.finding];
        // A suppressed finding is not reported: its witness is not worth the work.
        if (finding.witness.empty() || suppressions.cover(finding, false)) continue;
        if (!reducer.budget_left()) break;  // the rest keep their whole witnesses
        auto read = read_facts_json(rules, finding.witness);
        if (!read.ok()) continue;  // every witness reads back (lint_witness_test): never here
        auto kept = reducer.reduce(*read.facts, claim);
        if (!kept) continue;
        auto witness = nlohmann::ordered_json::parse(finding.witness);
        auto reduced = nlohmann::ordered_json::object();
        for (auto f : *kept) reduced[facts[f].name] = witness.at(facts[f].name);
        // In the witness's order, which is the facts' declaration order.
        finding.witness = reduced.dump();
    }
}

}  // namespace ilio::linter
