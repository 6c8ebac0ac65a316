// lint(): compile, then (when it compiles) run every analysis and apply the suppressions.

#include <algorithm>

#include "common/source_text.hpp"
#include "format/source_outline.hpp"
#include "ilio/lint.hpp"
#include "lint/analysis.hpp"
#include "lint/directives.hpp"

namespace ilio {

LintReport report_of(const CompileResult& result, std::string file) {
    LintReport report;
    report.file = std::move(file);
    report.source = result.source;
    for (const auto& d : result.diagnostics) report.findings.push_back({d, {}, {}});
    return report;
}

namespace {

LintReport lint_compiled(const CompileResult& compiled, const std::string& file) {
    LintReport report = report_of(compiled, file);
    if (!compiled.ok()) return report;
    const auto& program = compiled.rule_set->program();
    detail::SourceText source(file, program.source_text);
    auto outline = format::outline_of(source);
    auto& findings = report.findings;
    auto directives = linter::read_directives(source, outline, findings);
    linter::Analysis analysis(program, source, outline, directives);
    linter::analyse_conditions(analysis);
    linter::analyse_overlaps(analysis);
    linter::analyse_redundancy(analysis);
    linter::analyse_unused(analysis);
    linter::analyse_safety(analysis);
    linter::Suppressions suppressions(source, outline, directives);
    linter::reduce_witnesses(analysis, *compiled.rule_set, suppressions);
    for (auto& f : analysis.findings()) findings.push_back(std::move(f));
    linter::apply_suppressions(source, outline, directives, suppressions, findings);
    // Top to bottom, as the author reads the file; then by code, for a stable order.
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LintFinding& a, const LintFinding& b) {
                         const auto &x = a.diagnostic, &y = b.diagnostic;
                         return std::tie(x.span.begin.line, x.span.begin.column, x.code) <
                                std::tie(y.span.begin.line, y.span.begin.column, y.code);
                     });
    return report;
}

}  // namespace

LintReport lint(std::string_view source, const CompileOptions& options) {
    return lint_compiled(compile(source, options), options.file_name);
}

LintReport lint_file(const std::filesystem::path& path, const CompileOptions& options) {
    auto compiled = load(path, options);
    return lint_compiled(compiled,
                         options.file_name == "<input>" ? path.string() : options.file_name);
}

bool fails(std::span<const LintReport> reports, bool deny_warnings) noexcept {
    for (const auto& r : reports)
        for (const auto& f : r.findings)
            if (f.diagnostic.severity == Severity::error ||
                (deny_warnings && f.diagnostic.severity == Severity::warning))
                return true;
    return false;
}

}  // namespace ilio
