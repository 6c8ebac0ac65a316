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

/// Whether `child` of `parent` is worth showing: a single child (`not`, a criterion's condition)
/// always explains its parent; otherwise the children that decided a decided value, or all
/// while it is unknown. A test per child rather than a list: the renderers walk every node.
inline bool is_deciding_child(const Term& parent, const Term& child) {
    return parent.children.size() == 1 || parent.value == Truth::unknown ||
           child.value == parent.value;
}

/// "✓", "✗" or "?".
std::string_view truth_mark(Truth t);

/// For a conclusion decided by cases, the sentence that says so: "Decided without
/// patient.sex: every value it can take gives this answer (patient.sex female: …; …)".
std::string by_cases_sentence(const ExplainedConclusion::ByCases& by_cases);

}  // namespace ilio::wording
