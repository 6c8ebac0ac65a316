#pragma once
// `# ilio: …` comment directives, the linter's only syntax, so the rules grammar stays as it
// is: `allow L012 L013 -- reason` suppresses those codes in the declaration the comment is on
// or directly above; `exclusive a, b -- reason` declares conclusions that never fire together;
// `exhaustive a, b, c -- reason` declares conclusions one of which always fires.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/source_text.hpp"
#include "format/source_outline.hpp"
#include "ilio/lint.hpp"

namespace ilio::linter {

struct Directive {
    enum class Kind : std::uint8_t { allow, exclusive, exhaustive };
    Kind kind = Kind::allow;
    std::vector<std::string> names;  ///< codes (allow) or conclusion names
    std::string reason;
    SourceSpan span;
    std::optional<std::size_t> declaration;  ///< the declaration an `allow` concerns
    std::vector<bool> used;                  ///< per name, for allow: suppressed something
};

/// Reads every directive in the comments of the text; malformed ones become L052 findings.
std::vector<Directive> read_directives(const detail::SourceText& source,
                                       const format::Outline& outline,
                                       std::vector<LintFinding>& findings);

/// Which findings the `allow`s of a text cover: those of a code an `allow` names, in the
/// declaration it is on or directly above (errors and L050-L052 never).
class Suppressions {
  public:
    Suppressions(const detail::SourceText& source, const format::Outline& outline,
                 std::vector<Directive>& directives);
    /// Whether an `allow` covers `f`; with `mark_used`, each that does is marked used.
    bool cover(const LintFinding& f, bool mark_used);

  private:
    const detail::SourceText& source_;
    const format::Outline& outline_;
    std::vector<Directive>& directives_;
    std::vector<std::vector<std::size_t>> allows_;  // per declaration, into directives_
};

/// Removes the findings an `allow` covers, then adds L050 for each directive without a reason
/// and L051 for each allowed code that suppressed nothing.
void apply_suppressions(const detail::SourceText& source, const format::Outline& outline,
                        std::vector<Directive>& directives, Suppressions& suppressions,
                        std::vector<LintFinding>& findings);

/// A finding of `code` at `span` with the code's default severity.
LintFinding make_finding(std::string_view code, const std::string& file, SourceSpan span,
                         std::string message);

}  // namespace ilio::linter
