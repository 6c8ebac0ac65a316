#pragma once
// Rule tests: cases stored beside a rule set (`NAME.tests.json` next to `NAME.ilio`) that give
// facts and the expected status of named conclusions, run like unit tests, with condition
// coverage. Format: docs/rule-tests.md.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/diagnostic.hpp"
#include "ilio/rule_set.hpp"

namespace ilio {

struct RuleTestFailure {
    std::string case_name;
    std::string message;
};

/// Whether the cases drove one sub-condition true, false and unknown.
struct ConditionCoverage {
    std::string owner;  ///< "criterion thigh_parallel", "finding short", "gate of step stretch"
    std::string text;   ///< the sub-condition as written
    SourceSpan span;
    int depth = 0;  ///< 0 for the whole condition
    bool seen_true = false, seen_false = false, seen_unknown = false;
    bool complete() const noexcept { return seen_true && seen_false && seen_unknown; }
};

struct RuleTestReport {
    std::size_t cases = 0;
    std::size_t passed = 0;
    std::vector<RuleTestFailure> failures;  ///< includes malformed cases
    std::vector<ConditionCoverage> coverage;
    std::vector<std::string> never_fired;           ///< conclusions no case fired
    std::vector<std::string> never_not_applicable;  ///< conclusions no case made not applicable
    /// Passed: every case passed and every conclusion fired at least once.
    bool ok() const noexcept { return failures.empty() && never_fired.empty() && cases > 0; }
};

/// Runs the cases in `cases_json` (the contents of a .tests.json file) against `rules`.
RuleTestReport run_rule_tests(const RuleSet& rules, std::string_view cases_json);

/// The report for a terminal: results, failures, conclusions never fired, and coverage (every
/// sub-condition when `full`, otherwise only the incomplete ones).
std::string render_rule_test_report(const RuleTestReport& report, const std::string& title,
                                    bool full = false);

}  // namespace ilio
