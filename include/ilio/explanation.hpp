#pragma once
// Explanations are built only when asked for: evaluation itself builds no strings. An
// Explanation is plain data; three renderers turn it into text, Markdown or JSON
// (schema: docs/explanation-schema.md).

#include <optional>
#include <string>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"

namespace ilio {

/// One sub-expression of a derivation with its value: "thomas.knee_flexion 70 deg <
/// knee_normal 80 deg (by 10 deg)".
struct Term {
    std::string text;
    Truth value = Truth::unknown;
    std::vector<std::string> facts;  ///< facts this term reads directly
    std::string cite;                ///< for a criterion: where the guide says it
    std::vector<Term> children;
};

struct NamedRef {
    std::string name;
    std::string title;
};

struct ExplainedConclusion {
    std::string name;
    std::string title;
    ConclusionKind kind = ConclusionKind::finding;
    Urgency urgency = Urgency::info;
    ConclusionStatus status = ConclusionStatus::unknown;
    std::optional<NamedRef> step;
    std::string cite;
    std::string because;  ///< the author's text with {fact} and {param} filled in
    std::string dose;
    Term derivation;           ///< the condition
    std::optional<Term> gate;  ///< the step's gate, when the step has one
    std::optional<NamedRef> withheld_by;
    /// For a conclusion withheld through a withheld conclusion it reads (not by its own step's
    /// gate): the step whose gate holds it.
    std::optional<NamedRef> withheld_at;
    /// For out of population: the population that excludes the patient, and its condition
    /// as evaluated (the false criterion in it is the one that excludes).
    std::optional<NamedRef> excluded_by;
    std::optional<Term> population;
    /// For withheld: the references from the gate down to the closer, e.g. "Cleared for
    /// release work" then "Possible hip joint pathology".
    std::vector<NamedRef> gate_chain;
    std::vector<std::string> missing;  ///< for unknown: the missing facts that block it
};

/// One part of a score: what it adds (or, while unknown, could add: least to most).
struct ScoreItem {
    std::string item;  ///< the part as written, e.g. "dvt.active_cancer" or "patient.age"
    double least = 0;
    double most = 0;
};

struct ExplainedScore {
    std::string name;
    std::string title;
    std::string value;  ///< "3", "2 or 3", "one of 1, 3, 4", "between -2 and 9"
    std::vector<double>
        values;  ///< every value it can still take (least and most for an interval score)
    std::vector<ScoreItem> counted;  ///< decided parts that add points
    std::vector<ScoreItem> open;     ///< parts still unknown, with what they could add
};

struct ExplainedStep {
    std::string name;
    std::string title;
    StepState state = StepState::open;
    std::optional<NamedRef> closed_by;
};

struct NeededFact {
    std::string fact;
    std::string ask;
    std::uint32_t decides = 0;
    std::vector<NamedRef> would_decide;
};

struct ExplainedParameter {
    std::string name;
    std::string value;  ///< with its unit, e.g. "75 deg"
};

struct Explanation {
    std::string rule_set;
    std::string version;
    std::string title;
    std::string source_sha256;
    std::string engine_version;
    std::vector<ExplainedParameter> overrides;
    std::vector<ExplainedConclusion> conclusions;  ///< in declaration order
    std::vector<ExplainedStep> steps;
    std::vector<ExplainedScore> scores;  ///< in declaration order
    std::vector<NeededFact> needed;      ///< most useful first
    std::vector<FactProblem> warnings;
};

/// Explains `evaluation`, which must come from evaluating `facts`.
Explanation explain(const Evaluation& evaluation, const Facts& facts);

struct TextStyle {
    bool color = false;  ///< ANSI colours; the CLI sets it only on a TTY without NO_COLOR
};

/// For a terminal: fired conclusions first (most urgent first), then withheld, unknown, not
/// applicable, and the facts needed next.
std::string render_text(const Explanation& explanation, const TextStyle& style = {});
std::string render_markdown(const Explanation& explanation);
/// JSON, schema "ilio.explanation/1" (docs/explanation-schema.md); one line unless `indent`.
std::string render_json(const Explanation& explanation, int indent = -1);
/// Reads what render_json wrote; throws std::invalid_argument on anything else.
Explanation read_explanation_json(std::string_view json);

/// The schema identifier written into every JSON explanation.
inline constexpr const char* explanation_schema = "ilio.explanation/1";

}  // namespace ilio
