// The text format: each finding as `ilio check` prints a diagnostic, then its fix and witness.

#include <fmt/format.h>

#include "ilio/lint.hpp"

namespace ilio {

std::string render_lint_text(std::span<const LintReport> reports) {
    std::string out;
    for (const auto& report : reports) {
        for (const auto& f : report.findings) {
            out += render_diagnostic(f.diagnostic, report.source);
            if (!f.fix.empty()) out += fmt::format("  help: {}\n", f.fix);
            if (!f.witness.empty()) out += fmt::format("  witness: {}\n", f.witness);
        }
    }
    return out;
}

}  // namespace ilio
