// The text format: each finding as `ilio check` prints a diagnostic, then its fix and witness.

#include <fmt/format.h>

#include "api/diagnostic_render.hpp"
#include "ilio/lint.hpp"

namespace ilio {

std::string render_lint_text(std::span<const LintReport> reports) {
    std::string out;
    for (const auto& report : reports) {
        if (report.findings.empty()) continue;
        // The report's lines are indexed once for all its findings.
        detail::SourceText source(report.findings.front().diagnostic.file, report.source);
        const detail::SourceText* quoted = report.source.empty() ? nullptr : &source;
        for (const auto& f : report.findings) {
            detail::append_diagnostic(out, f.diagnostic, quoted);
            if (!f.fix.empty()) out += fmt::format("  help: {}\n", f.fix);
            if (!f.witness.empty()) out += fmt::format("  witness: {}\n", f.witness);
        }
    }
    return out;
}

}  // namespace ilio
