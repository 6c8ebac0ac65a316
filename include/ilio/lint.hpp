#pragma once
// `ilio lint`: what the compiler reports plus what a solver can prove about a rule set's
// meaning (dead conditions, gates, overlaps, gaps, redundancy, unused declarations, clinical
// safety). Findings are values; the emitters render them as text, JSON or SARIF 2.1.0.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/diagnostic.hpp"
#include "ilio/rule_set.hpp"

namespace ilio {

/// One finding: a compiler diagnostic (E…/W…) or a lint result (L…). Notes point at every
/// related declaration.
struct LintFinding {
    Diagnostic diagnostic;
    std::string fix;      ///< how to fix it, when there is a known way; else empty
    std::string witness;  ///< a facts JSON object that `ilio eval` reproduces it with; or empty
};

/// The findings of one file, with its text (for source lines and character columns).
struct LintReport {
    std::string file;
    std::string source;
    std::vector<LintFinding> findings;
};

/// A lint code: stable id, default severity, short name and the help SARIF and docs show.
struct LintCode {
    std::string_view code;
    Severity severity;
    std::string_view name;
    std::string_view summary;
    std::string_view help;
};

/// Every L… code, in code order.
std::span<const LintCode> lint_codes() noexcept;

/// Lints rules text: compiles it (its diagnostics come first) and, when it compiles, runs every
/// analysis, then applies the `# ilio: allow L… -- reason` suppressions in the text.
LintReport lint(std::string_view source, const CompileOptions& options = {});

/// Reads and lints a rules file; an unreadable file gives the compiler's E001.
LintReport lint_file(const std::filesystem::path& path, const CompileOptions& options = {});

/// A compile result's diagnostics as a report, with no analysis (what `ilio check` emits).
LintReport report_of(const CompileResult& result, std::string file);

/// Whether a report fails the run: any error, or any warning when `deny_warnings`.
bool fails(std::span<const LintReport> reports, bool deny_warnings) noexcept;

/// The text format: each finding as `ilio check` prints a diagnostic, then its fix and witness.
std::string render_lint_text(std::span<const LintReport> reports);

/// The JSON format, schema "ilio.lint/1" (docs/lint.md).
std::string render_lint_json(std::span<const LintReport> reports);

/// SARIF 2.1.0, one run, columns in Unicode code points.
std::string render_lint_sarif(std::span<const LintReport> reports);

}  // namespace ilio
