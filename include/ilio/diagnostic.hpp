#pragma once
// Diagnostics are values: the library collects them and never prints. A caller renders them
// with render_diagnostic() or inspects the fields.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ilio {

enum class Severity : std::uint8_t { error, warning, note };

/// "error", "warning" or "note".
std::string_view to_string(Severity severity) noexcept;

/// A 1-based line and column (columns count bytes). Line 0 means "no position".
struct SourcePosition {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

/// A half-open range of source text: `end` is one past the last character.
struct SourceSpan {
    SourcePosition begin;
    SourcePosition end;
    friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

/// Extra context attached to a diagnostic, e.g. where a name was first defined.
struct DiagnosticNote {
    std::string message;
    std::string file;
    SourceSpan span;
};

/// One problem found in a rules file, a facts document or a parameter override.
struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;  ///< stable: "E…" for errors, "W…" for warnings (see docs/language.md)
    std::string file;
    SourceSpan span;
    std::string message;
    std::vector<DiagnosticNote> notes;
};

/// True when any diagnostic is an error.
bool has_errors(std::span<const Diagnostic> diagnostics) noexcept;

/// Renders `file:line:col: error[E012]: message`, the source line from `source` and a caret or
/// underline under the span, then the notes. `source` may be empty (then no source line).
std::string render_diagnostic(const Diagnostic& diagnostic, std::string_view source);

/// Renders every diagnostic of one source text, in order, as render_diagnostic() does each; the
/// text's lines are indexed once, so rendering is linear in the text and the diagnostics.
std::string render_diagnostics(std::span<const Diagnostic> diagnostics, std::string_view source);

}  // namespace ilio
