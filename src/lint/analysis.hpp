#pragma once
// What every analysis shares: the program, its encoding, the text's outline and directives,
// and the list findings are added to, with notes that point at declarations by name.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/source_text.hpp"
#include "format/source_outline.hpp"
#include "ilio/lint.hpp"
#include "lint/directives.hpp"
#include "lint/program_encoding.hpp"

namespace ilio::linter {

/// What a finding's witness shows through the evaluator: conclusions that fire for it, and
/// conclusions whose status it decides other than fired (not applicable, withheld, out of
/// population; never unknown). reduce_witnesses keeps it shown with as few facts as it can.
struct WitnessClaim {
    std::size_t finding = 0;  // into Analysis::findings()
    std::vector<std::uint32_t> fire;
    std::vector<std::uint32_t> not_fire;
};

class Analysis {
  public:
    Analysis(const detail::Program& program, const detail::SourceText& source,
             const format::Outline& outline, std::vector<Directive>& directives);

    const detail::Program& program() const noexcept { return p_; }
    const detail::SourceText& source() const noexcept { return source_; }
    const format::Outline& outline() const noexcept { return outline_; }
    ProgramEncoding& encoding() noexcept { return encoding_; }
    std::vector<Directive>& directives() noexcept { return directives_; }

    /// Adds a finding with the code's default severity.
    LintFinding& add(std::string_view code, SourceSpan span, std::string message);
    std::vector<LintFinding>& findings() noexcept { return findings_; }
    /// Gives finding `f` (one of findings()) the witness `patient` over `facts`, and records
    /// what it shows (WitnessClaim): `fire` fire, `not_fire` are decided not to.
    void witness(LintFinding& f, const z3::model& patient, const std::vector<std::uint32_t>& facts,
                 std::vector<std::uint32_t> fire, std::vector<std::uint32_t> not_fire = {});
    const std::vector<WitnessClaim>& claims() const noexcept { return claims_; }

    DiagnosticNote conclusion_note(std::uint32_t c, std::string message) const;
    DiagnosticNote criterion_note(std::uint32_t c, std::string message) const;
    DiagnosticNote step_note(std::uint32_t s, std::string message) const;
    DiagnosticNote fact_note(std::uint32_t f, std::string message) const;

    /// The outline entry of a declaration by keyword class and name, if it parsed.
    const format::DeclarationOutline* declaration(std::string_view name) const;

  private:
    const detail::Program& p_;
    const detail::SourceText& source_;
    const format::Outline& outline_;
    std::vector<Directive>& directives_;
    ProgramEncoding encoding_;
    std::vector<LintFinding> findings_;
    std::vector<WitnessClaim> claims_;
    mutable std::unordered_map<std::string_view, const format::DeclarationOutline*>
        declarations_by_name_;  // see declaration()
};

// The analyses, one file each (docs/lint.md lists their codes).
void analyse_conditions(Analysis& a);  // L001-L007
void analyse_overlaps(Analysis& a);    // L010, L011
void analyse_redundancy(Analysis& a);  // L020, L021
void analyse_unused(Analysis& a);      // L030-L034
void analyse_safety(Analysis& a);      // L040-L043

/// After the analyses: each claimed witness of a finding no `allow` covers cut down to the facts
/// that still show its finding when evaluated (reduce_witnesses.cpp).
void reduce_witnesses(Analysis& a, const RuleSet& rules, Suppressions& suppressions);

}  // namespace ilio::linter
