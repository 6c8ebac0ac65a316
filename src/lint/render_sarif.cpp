// SARIF 2.1.0: one run of the tool "ilio", its rules (every L… code, and each compiler code
// that occurs), and one result per finding with related locations for its notes.

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ilio/lint.hpp"
#include "ilio/version.hpp"
#include "lint/char_column.hpp"

namespace ilio {

namespace {

using json = nlohmann::ordered_json;

std::string_view level(Severity s) {
    switch (s) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::note:
            return "note";
    }
    return "none";
}

// A file path as a URI reference: unreserved characters and '/' kept, the rest escaped.
std::string uri(std::string_view path) {
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

json physical(const detail::SourceText& source, const std::string& file, const SourceSpan& span,
              bool same_file) {
    json loc{{"artifactLocation", {{"uri", uri(file)}}}};
    if (span.begin.line != 0 && same_file) {
        json region{{"startLine", span.begin.line},
                    {"startColumn", linter::char_column(source, span.begin)}};
        if (span.end.line >= span.begin.line && span.end.line != 0) {
            region["endLine"] = span.end.line;
            region["endColumn"] = linter::char_column(source, span.end);
        }
        loc["region"] = region;
    }
    return loc;
}

}  // namespace

std::string render_lint_sarif(std::span<const LintReport> reports) {
    json rules = json::array();
    std::map<std::string, std::size_t> rule_index;
    for (const auto& c : lint_codes()) {
        rule_index[std::string(c.code)] = rules.size();
        rules.push_back({{"id", c.code},
                         {"name", c.name},
                         {"shortDescription", {{"text", c.summary}}},
                         {"fullDescription", {{"text", c.help}}},
                         {"help", {{"text", c.help}}},
                         {"defaultConfiguration", {{"level", level(c.severity)}}}});
    }
    json results = json::array();
    for (const auto& report : reports) {
        detail::SourceText source(report.file, report.source);
        for (const auto& f : report.findings) {
            const auto& d = f.diagnostic;
            if (!rule_index.count(d.code)) {
                // A compiler diagnostic: its help is the language reference.
                rule_index[d.code] = rules.size();
                rules.push_back(
                    {{"id", d.code},
                     {"shortDescription", {{"text", "ilio compiler diagnostic " + d.code}}},
                     {"help", {{"text", "See docs/language.md for " + d.code + "."}}},
                     {"defaultConfiguration", {{"level", level(d.severity)}}}});
            }
            json related = json::array();
            for (std::size_t i = 0; i < d.notes.size(); ++i) {
                const auto& n = d.notes[i];
                related.push_back({{"id", i},
                                   {"message", {{"text", n.message}}},
                                   {"physicalLocation",
                                    physical(source, n.file, n.span, n.file == report.file)}});
            }
            json result{
                {"ruleId", d.code},
                {"ruleIndex", rule_index[d.code]},
                {"level", level(d.severity)},
                {"message", {{"text", d.message}}},
                {"locations", json::array({{{"physicalLocation",
                                             physical(source, d.file.empty() ? report.file : d.file,
                                                      d.span, true)}}})}};
            if (!related.empty()) result["relatedLocations"] = related;
            json properties = json::object();
            if (!f.fix.empty()) properties["fix"] = f.fix;
            if (!f.witness.empty()) properties["witness"] = json::parse(f.witness);
            if (!properties.empty()) result["properties"] = properties;
            results.push_back(result);
        }
    }
    json run{
        {"tool", {{"driver", {{"name", "ilio"}, {"version", engine_version}, {"rules", rules}}}}},
        {"columnKind", "unicodeCodePoints"},
        {"results", results}};
    json out{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", json::array({run})}};
    return out.dump(2) + "\n";
}

}  // namespace ilio
