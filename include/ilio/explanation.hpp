#pragma once
// Explanations are built only when asked for: evaluation itself builds no strings. An
// Explanation is plain data; three renderers turn it into text, Markdown or JSON
// (schema: docs/explanation-schema.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"

namespace ilio {

/// What a derivation term is.
enum class TermKind : std::uint8_t {
    constant,    ///< `true` / `false`
    fact,        ///< a bool fact used as a condition
    criterion,   ///< a reference to a criterion (its condition is the one child)
    conclusion,  ///< a reference to a conclusion (read as fired or not)
    comparison,  ///< fact or value against a threshold
    between,     ///< value between two thresholds
    membership,  ///< `in {…}`, `not in {…}`, `contains any of {…}`, `contains all of {…}`
    not_,        ///< `not`
    all_of,      ///< `and`, `all of (…)`
    any_of,      ///< `or`, `any of (…)`
    at_least,    ///< `at least N of (…)`
    score,       ///< a point score, or a score compared with a threshold
    held,        ///< a comparison held at every visit of a period (a child per visit read)
};

/// "comparison", "all_of", … as written in JSON explanations.
std::string_view to_string(TermKind kind) noexcept;

/// A value a term reads or compares with, as data (what `text` says in words).
struct TermValue {
    bool known = false;  ///< false for a missing fact
    ValueType type = ValueType::number;
    double number = 0.0;               ///< number, integer or bool (1/0), in `unit`
    std::string unit;                  ///< the fact's or parameter's unit; empty if none
    std::vector<std::string> members;  ///< enum (one member) or set members
    std::string text;                  ///< as a clinician reads it: "70 deg", "hip", "unknown"
    friend bool operator==(const TermValue&, const TermValue&) = default;
};

/// What a comparison compares its fact with: a parameter, a literal written in the rules, or
/// another fact. Numbers are in the compared fact's unit.
struct TermThreshold {
    std::string source;  ///< "parameter", "literal" or "fact"
    std::string name;    ///< the parameter's or fact's name; empty for a literal
    TermValue value;
    friend bool operator==(const TermThreshold&, const TermThreshold&) = default;
};

/// A borderline comparison: a measured reading within `half_width` (error_k standard errors)
/// of its threshold, so the comparison is left undecided until the fact is measured again.
struct TermBand {
    double k = 0;           ///< error_k
    double error = 0;       ///< one reading's standard error (two facts: of their difference)
    double half_width = 0;  ///< k × error
    std::string unit;       ///< of `error` and `half_width`: the compared fact's
    friend bool operator==(const TermBand&, const TermBand&) = default;
};

/// One sub-expression of a derivation with its value: "thomas.knee_flexion 70 deg is not at or
/// above knee_flexion_min 80 deg (10 deg short)".
struct Term {
    std::string text;       ///< the sentence the renderers print
    std::string condition;  ///< the sub-expression as the rules wrote it
    TermKind kind = TermKind::constant;
    Truth value = Truth::unknown;
    std::string node;  ///< criterion or conclusion referred to (kinds criterion, conclusion)
    std::string fact;  ///< the fact compared (comparison, between, membership, fact)
    /// As written: "<", "<=", ">", ">=", "=", "!=", "between", "in", "not in",
    /// "contains any of", "contains all of"; empty for the other kinds.
    std::string op;
    std::optional<TermValue> actual;        ///< the fact's value (or the left-hand value)
    std::vector<TermThreshold> thresholds;  ///< one; two (low, high) for `between`
    std::vector<std::string> members;       ///< the members a membership test names
    std::optional<double> margin;           ///< |actual - threshold|, in `margin_unit`
    std::string margin_unit;
    std::optional<TermBand> band;    ///< set when the comparison is borderline
    std::vector<std::string> facts;  ///< facts this term reads directly
    std::string cite;                ///< for a criterion: where the guide says it
    /// The visit a term reads, as an ISO date: each child of a `held` term is one visit of its
    /// period (empty elsewhere, and for an undated visit).
    std::string date;
    std::vector<Term> children;
    friend bool operator==(const Term&, const Term&) = default;
};

struct NamedRef {
    std::string name;
    std::string title;
    friend bool operator==(const NamedRef&, const NamedRef&) = default;
};

struct ExplainedConclusion {
    std::string name;
    std::string title;
    ConclusionKind kind = ConclusionKind::finding;
    Urgency urgency = Urgency::info;
    ConclusionStatus status = ConclusionStatus::unknown;
    std::optional<NamedRef> step;
    std::string cite;
    /// The author's text with {fact} and {param} filled in; only for a fired conclusion (for
    /// the others it would state what is not so for this patient).
    std::string because;
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
    /// For unknown: the measured facts whose borderline readings block it (measure again).
    std::vector<std::string> remeasure;
    /// For a conclusion decided by cases: three-valued logic alone left it open, but every
    /// value the missing `facts` can take gives this status. `cases` has one line per case
    /// ("patient.sex female: CHA2DS2-VASc score 3") when there are few enough to list.
    struct ByCases {
        std::vector<std::string> facts;
        std::vector<std::string> cases;
        friend bool operator==(const ByCases&, const ByCases&) = default;
    };
    std::optional<ByCases> by_cases;
    friend bool operator==(const ExplainedConclusion&, const ExplainedConclusion&) = default;
};

/// One part of a score: what it adds (or, while unknown, could add: least to most).
struct ScoreItem {
    std::string item;  ///< the part as written, e.g. "dvt.active_cancer" or "patient.age"
    double least = 0;
    double most = 0;
    friend bool operator==(const ScoreItem&, const ScoreItem&) = default;
};

struct ExplainedScore {
    std::string name;
    std::string title;
    std::string value;  ///< "3", "2 or 3", "one of 1, 3, 4", "between -2 and 9"
    std::vector<double>
        values;  ///< every value it can still take (least and most for an interval score)
    std::vector<ScoreItem> counted;  ///< decided parts that add points
    std::vector<ScoreItem> open;     ///< parts still unknown, with what they could add
    friend bool operator==(const ExplainedScore&, const ExplainedScore&) = default;
};

struct ExplainedStep {
    std::string name;
    std::string title;
    StepState state = StepState::open;
    std::optional<NamedRef> closed_by;
    friend bool operator==(const ExplainedStep&, const ExplainedStep&) = default;
};

struct NeededFact {
    std::string fact;
    std::string ask;
    std::uint32_t decides = 0;
    std::vector<NamedRef> would_decide;
    /// The fact is known, but its reading is borderline for the conclusions it would decide:
    /// measure it again. `reading` is the value as recorded, e.g. "1 deg".
    bool remeasure = false;
    std::string reading;
    friend bool operator==(const NeededFact&, const NeededFact&) = default;
};

struct ExplainedParameter {
    std::string name;
    std::string value;  ///< with its unit, e.g. "75 deg"
    friend bool operator==(const ExplainedParameter&, const ExplainedParameter&) = default;
};

/// How much of the derivation trees explain() builds, most of its cost.
enum class ExplainDetail : std::uint8_t {
    /// Every conclusion's condition tree, and its gate's and population's: what render_json,
    /// render_text, render_markdown, render_why, render_cds_cards and a summary with `why` show.
    full,
    /// What render_summary shows without `why`: the trees of fired findings and red flags, the
    /// populations that exclude a conclusion, and each gate's condition without its tree.
    /// These trees hold only the branches that decided their parent (a decided node's children
    /// of its own value), the conditions of their leaves, and no `facts` or `cite`; the
    /// facts needed next have no `would_decide`; no conclusion has its `because`, its `cite` or
    /// its step's `title` (`steps` has it), only a fired one its `dose`, and one that does not
    /// apply no `title` (the summary does not show them); an open conclusion's `missing` and
    /// `remeasure` hold at most their first fact (the summary reads only whether each is
    /// empty). Every other field is as with `full`; renderers that need more throw
    /// std::invalid_argument.
    /// About a sixth of the cost for a complete psoas patient.
    summary,
};

struct Explanation {
    ExplainDetail detail = ExplainDetail::full;  ///< which trees were built
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
    /// Field by field: two explanations are equal when every renderer shows them alike.
    friend bool operator==(const Explanation&, const Explanation&) = default;
};

/// Explains `evaluation`, which must come from evaluating `facts`.
Explanation explain(const Evaluation& evaluation, const Facts& facts,
                    ExplainDetail detail = ExplainDetail::full);

/// The same, into `out`, every field of which is overwritten (the result equals what the call
/// above returns). Its strings, lists and trees keep the memory they hold from an earlier
/// explanation: a batch that explains patient after patient into one Explanation allocates
/// little after the first, where a fresh one allocates for each of its hundreds of strings.
void explain(const Evaluation& evaluation, const Facts& facts, ExplainDetail detail,
             Explanation& out);

struct TextStyle {
    bool color = false;  ///< ANSI colours; the CLI sets it only on a TTY without NO_COLOR
};

/// For a terminal: fired conclusions first (most urgent first), then withheld, unknown, not
/// applicable, and the facts needed next.
std::string render_text(const Explanation& explanation, const TextStyle& style = {});
std::string render_markdown(const Explanation& explanation);
/// JSON, schema "ilio.explanation/2" (docs/explanation-schema.md); one line unless `indent`.
std::string render_json(const Explanation& explanation, int indent = -1);
/// The same, appended to `out`: a batch that reuses one buffer pays for its memory once (a
/// psoas explanation is about 180 KB, and fresh pages cost more than writing them).
void render_json(const Explanation& explanation, std::string& out, int indent = -1);
/// Reads what render_json wrote; throws std::invalid_argument on anything else, including
/// "ilio.explanation/1" documents (their terms carry no data to read back).
Explanation read_explanation_json(std::string_view json);

/// The schema identifier written into every JSON explanation.
inline constexpr const char* explanation_schema = "ilio.explanation/2";

}  // namespace ilio
