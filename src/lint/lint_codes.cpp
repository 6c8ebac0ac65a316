// The table of lint codes: the one place their ids, severities and help live, shared by the
// analyses, the SARIF rules list and the docs test.

#include "ilio/lint.hpp"

namespace ilio {
namespace {

constexpr LintCode codes[] = {
    {"L001", Severity::warning, "never-true",
     "A criterion or conclusion condition can never be true",
     "No complete patient within the declared ranges, enum domains and parameter values makes "
     "the condition true, so the criterion never passes or the conclusion never fires. Check "
     "the thresholds and the ranges, or delete the rule."},
    {"L002", Severity::warning, "never-false",
     "A criterion or conclusion condition can never be false",
     "Every complete patient within the declared ranges makes the condition true, so it "
     "decides nothing. Check the thresholds, or replace the condition with what was meant."},
    {"L003", Severity::warning, "impossible-comparison",
     "A comparison can never be true given the fact's declared range",
     "The threshold lies outside the range the fact is declared in. Fix the threshold, the "
     "parameter value or the fact's range."},
    {"L004", Severity::warning, "trivial-comparison",
     "A comparison is always true given the fact's declared range",
     "The threshold lies outside the range the fact is declared in, so the comparison always "
     "holds. Fix the threshold or the range, or drop the comparison."},
    {"L005", Severity::warning, "gate-never-opens",
     "A step's gate can never open, so none of its conclusions can fire",
     "The step's `requires` condition is never true. Fix the gate condition."},
    {"L006", Severity::warning, "gate-never-closes", "A step's gate can never close",
     "The step's `requires` condition is always true, so it withholds nothing. Fix it or drop "
     "it."},
    {"L007", Severity::warning, "conclusion-never-fires",
     "A conclusion can never fire: its condition and its step's gate exclude each other",
     "Whenever the condition holds, the gate is closed. Move the conclusion to a step whose "
     "gate allows it, or fix the condition."},
    {"L010", Severity::warning, "exclusive-both-fire",
     "Conclusions declared exclusive can both fire",
     "A `# ilio: exclusive a, b -- reason` directive says these never fire together, and the "
     "witness patient fires both. Tighten one condition so they cannot overlap."},
    {"L011", Severity::warning, "exhaustive-gap",
     "None of a group declared exhaustive fires for some patients",
     "A `# ilio: exhaustive a, b, c -- reason` directive says one of these always fires; the "
     "witness patient lies in a band of the declared ranges where none does. Cover the band."},
    {"L020", Severity::warning, "implied-conclusion",
     "A conclusion's condition implies another's of the same kind and step",
     "Whenever this conclusion fires, the other one fires too: one of them may be redundant. "
     "Merge them, or suppress with the reason both are wanted."},
    {"L021", Severity::warning, "removable-subcondition",
     "A sub-condition can be removed without changing the result",
     "The rest of the `and`/`or` already decides it (as in `a and (a or b)`). Remove it."},
    {"L032", Severity::warning, "unused-criterion", "A criterion is referenced by nothing",
     "No criterion, conclusion or gate refers to it, so it decides nothing. Use it or remove "
     "it."},
    {"L033", Severity::warning, "unused-unit", "A declared unit is used by nothing",
     "No fact, parameter or literal is written in the unit. Use it or remove it."},
    {"L034", Severity::warning, "placeholder-not-read",
     "An explanation quotes a fact its conclusion's condition does not read",
     "The explanation would quote a value that decided nothing. Quote a fact the condition "
     "reads, or make the condition read it."},
    {"L040", Severity::warning, "advice-beside-red-flag",
     "A recommendation, escalation or caution can fire while a red flag fires",
     "Advice given beside a red flag may be acted on instead of the referral. Put the "
     "conclusion in a step gated on no red flag, or add the exclusion to its condition."},
    {"L041", Severity::warning, "red-flag-without-referral",
     "A red flag can fire without any referral firing",
     "Every red flag should lead to a referral. Add a referral whose condition covers it."},
    {"L042", Severity::warning, "missing-severity",
     "A red flag, referral or caution states no severity",
     "Add a `severity info|warning|critical` clause: urgency decides what a clinician hears "
     "first."},
    {"L043", Severity::warning, "missing-citation", "A conclusion or parameter cites no source",
     "Add a `cite` clause naming the guide section or publication it comes from."},
    {"L050", Severity::warning, "suppression-without-reason", "A suppression gives no reason",
     "Write the reason after ` -- `: `# ilio: allow L012 -- why this is intended`."},
    {"L051", Severity::warning, "unused-suppression", "A suppression suppresses nothing",
     "No finding with that code lies in the declaration it concerns. Remove it."},
    {"L052", Severity::warning, "bad-directive", "An `# ilio:` directive cannot be read",
     "Directives are `allow CODE… -- reason`, `exclusive NAME, NAME… -- reason` and "
     "`exhaustive NAME, NAME… -- reason`, naming declared codes and conclusions."},
};

}  // namespace

std::span<const LintCode> lint_codes() noexcept {
    return codes;
}

}  // namespace ilio
