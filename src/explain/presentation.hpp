#pragma once
// What the human-readable renderers (text, Markdown) agree on: the order conclusions are read
// in, their labels, and which parts of a derivation decided its value.

#include <string_view>
#include <vector>

#include "ilio/explanation.hpp"

namespace ilio::wording {

/// "RED FLAG", "FINDING", … for fired conclusions; the status for the others.
std::string_view label(const ExplainedConclusion& c);

/// Indices into x.conclusions: fired (most urgent first), withheld, unknown, not applicable.
std::vector<std::size_t> reading_order(const Explanation& x);

/// The children worth showing: those that decided a decided value, or all while unknown.
std::vector<const Term*> deciding_children(const Term& t);

/// "✓", "✗" or "?".
std::string_view truth_mark(Truth t);

/// For a conclusion decided by cases, the sentence that says so: "Decided without
/// patient.sex: every value it can take gives this answer (patient.sex female: …; …)".
std::string by_cases_sentence(const ExplainedConclusion::ByCases& by_cases);

}  // namespace ilio::wording
