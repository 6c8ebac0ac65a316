// Renders diagnostics the way compilers do: location, severity[code], message, the source line
// and a caret under the span.

#include <algorithm>

#include <fmt/format.h>

#include "api/diagnostic_render.hpp"
#include "common/source_text.hpp"
#include "common/utf8.hpp"
#include "ilio/diagnostic.hpp"

namespace ilio {

bool has_errors(std::span<const Diagnostic> diagnostics) noexcept {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

namespace {

void append_excerpt(std::string& out, const detail::SourceText& source, const SourceSpan& span) {
    if (span.begin.line == 0) return;
    auto line = source.line(span.begin.line);
    out += fmt::format("{:>5} | {}\n", span.begin.line, detail::printable(line));
    std::string pad;
    // One pad character per code point (columns count bytes), keeping tabs so the caret lines up.
    for (std::uint32_t i = 0; i + 1 < span.begin.column && i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if (c >= 0x80 && c < 0xC0) continue;
        pad += c == '\t' ? '\t' : ' ';
    }
    std::size_t width = 1;
    if (span.end.line == span.begin.line && span.end.column > span.begin.column)
        width = span.end.column - span.begin.column;
    std::size_t room = line.size() >= span.begin.column ? line.size() - span.begin.column + 1 : 1;
    width = std::max<std::size_t>(1, std::min(width, room));
    out += fmt::format("      | {}^{}\n", pad, std::string(width - 1, '~'));
}

// Printed columns count characters (UTF-8 code points), as editors do; spans count bytes.
std::string location(const std::string& file, const SourceSpan& span,
                     const detail::SourceText* source) {
    if (span.begin.line == 0) return file;
    auto column = source
                      ? detail::code_point_column(source->line(span.begin.line), span.begin.column)
                      : span.begin.column;
    return fmt::format("{}:{}:{}", file, span.begin.line, column);
}

}  // namespace

namespace detail {

void append_diagnostic(std::string& out, const Diagnostic& d, const SourceText* source) {
    out += fmt::format("{}: {}[{}]: {}\n", location(d.file, d.span, source), to_string(d.severity),
                       d.code, d.message);
    if (source) append_excerpt(out, *source, d.span);
    for (const auto& note : d.notes) {
        out += fmt::format("  note: {}\n", note.message);
        if (note.span.begin.line != 0) {
            const auto* same_file = note.file == d.file ? source : nullptr;
            out += fmt::format("   --> {}\n", location(note.file, note.span, same_file));
            if (same_file) append_excerpt(out, *same_file, note.span);
        }
    }
}

}  // namespace detail

std::string render_diagnostic(const Diagnostic& d, std::string_view text) {
    return render_diagnostics(std::span(&d, 1), text);
}

std::string render_diagnostics(std::span<const Diagnostic> diagnostics, std::string_view text) {
    if (diagnostics.empty()) return {};
    // Indexing the lines costs a pass over the text: once for all, not once per diagnostic.
    detail::SourceText source(diagnostics.front().file, text);
    const detail::SourceText* quoted = text.empty() ? nullptr : &source;
    std::string out;
    for (const auto& d : diagnostics) detail::append_diagnostic(out, d, quoted);
    return out;
}

}  // namespace ilio
