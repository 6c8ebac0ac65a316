#pragma once
// A compiled rule set: immutable, cheap to copy (shared), safe to evaluate from many threads.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/diagnostic.hpp"

namespace ilio {

namespace detail {
struct Program;
}

class Facts;
class Evaluation;

using FactIndex = std::uint32_t;
using ParameterIndex = std::uint32_t;
using CriterionIndex = std::uint32_t;
using ConclusionIndex = std::uint32_t;
using StepIndex = std::uint32_t;
using PopulationIndex = std::uint32_t;
using ScoreIndex = std::uint32_t;

/// `date`: a calendar date (a fact's value is stored as seconds since 1970-01-01, its
/// dimension is "date"); two dates subtract to a time.
enum class ValueType : std::uint8_t { number, integer, boolean, one_of, set_of, date };
enum class ConclusionKind : std::uint8_t {
    finding,
    red_flag,
    caution,
    recommendation,
    referral,
    escalation
};
/// Clinical severity of a conclusion (red flags and cautions must state one).
enum class Urgency : std::uint8_t { info, warning, critical };

std::string_view to_string(ValueType type) noexcept;
/// The rule language's keyword: "finding", "red_flag", "caution", "recommend", "refer", "escalate".
std::string_view to_string(ConclusionKind kind) noexcept;
std::string_view to_string(Urgency urgency) noexcept;

/// A unit of measure; `to_base` multiplies a value in this unit into its dimension's base unit.
struct UnitInfo {
    std::string name;
    std::string dimension;
    double to_base = 1.0;
};

/// A declared patient fact. Numbers are declared in `unit`; the range is in that unit.
struct FactInfo {
    std::string name;
    ValueType type = ValueType::number;
    std::string unit;       ///< empty for bool and enums
    std::string dimension;  ///< empty for bool and enums
    double to_base = 1.0;   ///< factor from `unit` to the dimension's base unit
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::vector<std::string> members;  ///< enum or set members, in declaration order
    std::string description;
    std::string ask;
    /// The standard error of one reading, in `unit` (`error 2 deg`): a comparison of the fact
    /// with a threshold is borderline, and undecided, while the reading lies within `error_k`
    /// errors of it. Empty: the fact compares exactly.
    std::optional<double> error;
    /// Recorded at every visit (`over visits`): rules may read its value at the first visit
    /// (`baseline x`) and at the one before the latest (`previous x`).
    bool over_visits = false;
    SourceSpan location;
};

/// A named constant; `value` is in `unit` (1/0 for a boolean).
struct ParameterInfo {
    std::string name;
    ValueType type = ValueType::number;
    double value = 0.0;
    std::string unit;
    std::string dimension;
    double to_base = 1.0;
    std::string description;
    std::string cite;
    bool overridden = false;
    std::string declared_text;  ///< the value as the rules file wrote it, e.g. "80 deg"
    SourceSpan location;
};

struct CriterionInfo {
    std::string name;
    std::string title;
    std::string pass_text;
    std::string fail_text;
    std::string cite;
    std::optional<StepIndex> step;
    SourceSpan location;
};

struct ConclusionInfo {
    std::string name;
    std::string title;
    ConclusionKind kind = ConclusionKind::finding;
    Urgency urgency = Urgency::info;
    std::string because;  ///< explanation template with {fact} / {param} placeholders
    std::string dose;
    std::string cite;
    std::optional<StepIndex> step;
    SourceSpan location;
};

/// Whom a rule set or a step is about (`population NAME "title" when …`). Not a safety gate:
/// outside it the conclusions are out of population, which is neither withheld nor not
/// applicable.
struct PopulationInfo {
    std::string name;
    std::string title;
    std::string cite;
    SourceSpan location;
};

/// A point score (`score NAME "title" +1 when … by FACT …`). Its values are plain numbers.
struct ScoreInfo {
    std::string name;
    std::string title;
    std::string cite;
    double minimum = 0;  ///< the least value it can reach
    double maximum = 0;  ///< the greatest value it can reach
    /// More than 4,096 reachable steps: tracked as an interval [least, greatest] rather than
    /// as the set of values it can take (W007).
    bool interval = false;
    SourceSpan location;
};

struct StepInfo {
    std::string name;
    std::string title;
    std::string cite;
    bool gated = false;  ///< has a `requires` gate
    /// The step's own population (`population NAME`); the rule set's applies as well.
    std::optional<PopulationIndex> population;
    std::vector<ConclusionIndex> conclusions;
    SourceSpan location;
};

/// A parameter override given when a rule set is loaded: `value` is written as in the rules
/// language, e.g. "75 deg", "6 week", "3", "true". Checked for type and dimension.
struct ParameterOverride {
    std::string name;
    std::string value;
};

/// Largest rules text accepted unless CompileOptions says otherwise, in bytes: 64 MiB, about
/// 190,000 conclusions written as the shipped rule sets are (docs/performance.md).
inline constexpr std::size_t default_max_source_bytes = std::size_t{64} << 20;
/// The highest limit CompileOptions::max_source_bytes can raise it to: source positions are
/// 32-bit offsets.
inline constexpr std::size_t max_source_bytes_limit = 0xFFFF'FFFEu;

struct CompileOptions {
    std::string file_name = "<input>";  ///< used in diagnostics
    std::vector<ParameterOverride> overrides;
    /// Larger text is refused with E002 before it is parsed; capped at max_source_bytes_limit.
    std::size_t max_source_bytes = default_max_source_bytes;
};

class RuleSet {
  public:
    const std::string& name() const noexcept;
    const std::string& version() const noexcept;
    const std::string& title() const noexcept;
    const std::string& source() const noexcept;       ///< the guide the rules cite
    const std::string& source_hash() const noexcept;  ///< SHA-256 of the rules text, hex
    const std::string& file_name() const noexcept;

    std::span<const FactInfo> facts() const noexcept;
    std::span<const ParameterInfo> parameters() const noexcept;
    std::span<const CriterionInfo> criteria() const noexcept;
    std::span<const ConclusionInfo> conclusions() const noexcept;
    std::span<const StepInfo> steps() const noexcept;
    std::span<const UnitInfo> units() const noexcept;
    std::span<const PopulationInfo> populations() const noexcept;
    std::span<const ScoreInfo> scores() const noexcept;
    /// The rule set's population (`population NAME` on the header), which every step shares.
    std::optional<PopulationIndex> population() const noexcept;

    std::optional<FactIndex> find_fact(std::string_view name) const noexcept;
    std::optional<ParameterIndex> find_parameter(std::string_view name) const noexcept;
    std::optional<CriterionIndex> find_criterion(std::string_view name) const noexcept;
    std::optional<ConclusionIndex> find_conclusion(std::string_view name) const noexcept;
    std::optional<StepIndex> find_step(std::string_view name) const noexcept;
    std::optional<PopulationIndex> find_population(std::string_view name) const noexcept;
    std::optional<ScoreIndex> find_score(std::string_view name) const noexcept;

    /// Evaluates `facts` (which must be bound to this rule set) into a new result.
    Evaluation evaluate(const Facts& facts) const;
    /// Evaluates into a caller-owned buffer; once `result` has been used with this rule set,
    /// this allocates nothing.
    void evaluate(const Facts& facts, Evaluation& result) const;

    /// The GraphViz DOT text of the decision graph.
    std::string to_dot() const;

    /// The rules text this rule set was compiled from; compiling it again with file_name() and
    /// overrides() gives the same rule set (same source_hash()).
    const std::string& source_text() const noexcept;
    /// The parameter overrides it was compiled with, as given.
    std::span<const ParameterOverride> overrides() const noexcept;

    /// Internal: the compiled program (its type is private to the library).
    const detail::Program& program() const noexcept { return *program_; }
    explicit RuleSet(std::shared_ptr<const detail::Program> program) noexcept;

  private:
    std::shared_ptr<const detail::Program> program_;
};

/// The outcome of compiling: a rule set when there was no error, and every diagnostic.
struct CompileResult {
    std::optional<RuleSet> rule_set;
    std::vector<Diagnostic> diagnostics;
    std::string source;  ///< the text compiled, for rendering diagnostics with their lines
    bool ok() const noexcept { return rule_set.has_value(); }
};

/// Compiles rules text. Never throws for bad input: every problem is a diagnostic.
CompileResult compile(std::string_view source, const CompileOptions& options = {});

/// Reads and compiles a rules file; an unreadable file gives diagnostic E001.
CompileResult load(const std::filesystem::path& path, CompileOptions options = {});

/// Deepest expression nesting accepted.
inline constexpr int max_nesting_depth = 256;

}  // namespace ilio
