// The JSON format, schema "ilio.lint/1" (docs/lint.md): files, their findings with character
// columns, notes, fix and witness, and counts by severity.

#include <nlohmann/json.hpp>

#include "ilio/lint.hpp"
#include "ilio/version.hpp"
#include "lint/char_column.hpp"

namespace ilio {

namespace {

using json = nlohmann::ordered_json;

json location(const detail::SourceText& source, const SourceSpan& span) {
    if (span.begin.line == 0) return nullptr;
    return json{{"line", span.begin.line},
                {"column", linter::char_column(source, span.begin)},
                {"end_line", span.end.line},
                {"end_column", linter::char_column(source, span.end)}};
}

}  // namespace

std::string render_lint_json(std::span<const LintReport> reports) {
    json files = json::array();
    std::size_t counts[3] = {0, 0, 0};
    for (const auto& report : reports) {
        detail::SourceText source(report.file, report.source);
        json findings = json::array();
        for (const auto& f : report.findings) {
            const auto& d = f.diagnostic;
            ++counts[static_cast<int>(d.severity)];
            json notes = json::array();
            for (const auto& n : d.notes)
                notes.push_back({{"message", n.message},
                                 {"file", n.file},
                                 {"location", n.file == report.file ? location(source, n.span)
                                                                    : json(nullptr)}});
            findings.push_back(
                {{"code", d.code},
                 {"severity", to_string(d.severity)},
                 {"message", d.message},
                 {"file", d.file},
                 {"location", location(source, d.span)},
                 {"notes", notes},
                 {"fix", f.fix.empty() ? json(nullptr) : json(f.fix)},
                 {"witness", f.witness.empty() ? json(nullptr) : json::parse(f.witness)}});
        }
        files.push_back({{"file", report.file}, {"findings", findings}});
    }
    json out{{"schema", "ilio.lint/1"},
             {"tool", {{"name", "ilio"}, {"version", engine_version}}},
             {"files", files},
             {"counts", {{"error", counts[0]}, {"warning", counts[1]}, {"note", counts[2]}}}};
    return out.dump(2) + "\n";
}

}  // namespace ilio
