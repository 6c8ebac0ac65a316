#pragma once
// The summary a clinician reads first: the guide's steps in order, what each showed for this
// patient, what was withheld and why, and what to ask next. docs/clinician-output.md.

#include <cstddef>
#include <string>
#include <string_view>

#include "ilio/explanation.hpp"

namespace ilio {

/// `html` is a fragment (no page around it), every text escaped, as the report embeds it.
enum class SummaryFormat : std::uint8_t { text, markdown, html };

struct SummaryOptions {
    SummaryFormat format = SummaryFormat::text;
    bool color = false;   ///< text only: ANSI colours (the CLI sets it on a TTY without NO_COLOR)
    std::string patient;  ///< named at the top, e.g. the facts file; empty: not named
    bool why = false;     ///< add the derivation of every fired conclusion after the summary
    std::size_t max_questions = 5;  ///< facts to ask for, most useful first; the rest counted
};

/// The rule set and patient; rejected or lenient facts; then each step in the guide's order:
/// its fired conclusions (most urgent first, each finding with its value, threshold and
/// margin, each recommendation with its dose and its cautions beside it), a withheld or
/// waiting step on one line with the reason; then the facts to ask for.
std::string render_summary(const Explanation& explanation, const SummaryOptions& options = {});

/// Why one conclusion fired, or why it did not (its failed condition, the gate that withheld
/// it, or the facts it waits for). Throws std::invalid_argument naming an unknown conclusion.
std::string render_why(const Explanation& explanation, std::string_view conclusion,
                       const SummaryOptions& options = {});

}  // namespace ilio
