#pragma once
// CDS Hooks cards (https://cds-hooks.hl7.org, "CDS Service Response"): what an electronic
// health record shows from an explanation. docs/clinician-output.md has an example.

#include <cstddef>
#include <string>

#include "ilio/explanation.hpp"

namespace ilio {

/// The spec's limit on a card's summary, in characters.
inline constexpr std::size_t cds_card_summary_limit = 140;

/// `{"cards": [...]}`: one card for each fired red flag, referral, recommendation, caution and
/// escalation, most urgent first (findings are not cards; withheld conclusions are not cards,
/// the conclusion that withheld them is). Each card has a `uuid` that depends only on the rule
/// set, its version and the conclusion, `indicator` from severity, a `summary` of at most 140
/// characters, `detail` in Markdown (why, dose, citation) and `source` naming the rule set,
/// its version and the citation. One line unless `indent` >= 0.
std::string render_cds_cards(const Explanation& explanation, int indent = -1);

}  // namespace ilio
