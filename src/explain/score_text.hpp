#pragma once
// What explanations say about a score: its value (or the values it can still take), the parts
// that counted with their points, and the parts still unknown with what they could add.

#include <string>

#include "ilio/evaluation.hpp"
#include "ilio/explanation.hpp"

namespace ilio::wording {

/// "3", "2 or 3", "one of 1, 3, 4", or for an interval score "between -2 and 9".
std::string score_value_text(const Evaluation& evaluation, const RuleSet& rules, ScoreIndex score);

ExplainedScore explain_score(const Evaluation& evaluation, const RuleSet& rules, ScoreIndex score);

/// "Wells score for DVT 2 (dvt.active_cancer +1, dvt.calf_swelling +1; dvt.pitting_oedema
/// unknown: +1 possible)".
std::string score_summary(const ExplainedScore& score);

}  // namespace ilio::wording
