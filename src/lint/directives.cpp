#include "lint/directives.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ilio::linter {

namespace {

std::string_view trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// Names separated by commas or blanks.
std::vector<std::string> split_names(std::string_view s) {
    std::vector<std::string> out;
    std::string current;
    for (char c : s) {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

bool known_code(std::string_view code) {
    if (code.size() == 4 && (code[0] == 'W')) return true;  // the compiler's warnings
    for (const auto& c : lint_codes())
        if (c.code == code) return true;
    return false;
}

}  // namespace

LintFinding make_finding(std::string_view code, const std::string& file, SourceSpan span,
                         std::string message) {
    LintFinding f;
    f.diagnostic.code = std::string(code);
    f.diagnostic.severity = Severity::warning;
    for (const auto& c : lint_codes())
        if (c.code == code) f.diagnostic.severity = c.severity;
    f.diagnostic.file = file;
    f.diagnostic.span = span;
    f.diagnostic.message = std::move(message);
    return f;
}

std::vector<Directive> read_directives(const detail::SourceText& source,
                                       const format::Outline& outline,
                                       std::vector<LintFinding>& findings) {
    std::vector<Directive> out;
    for (const auto& comment : format::find_comments(source.text())) {
        auto text = trim(source.slice(comment.begin + 1, comment.end));
        if (!text.starts_with("ilio:")) continue;
        auto span = source.span(comment.begin, comment.end);
        auto body = trim(text.substr(5));
        Directive d;
        d.span = span;
        auto dash = body.find("--");
        std::string_view head = trim(body.substr(0, dash));
        if (dash != std::string_view::npos) d.reason = std::string(trim(body.substr(dash + 2)));
        auto space = head.find_first_of(" \t");
        auto verb = head.substr(0, space);
        auto rest = space == std::string_view::npos ? std::string_view{} : head.substr(space);
        d.names = split_names(rest);
        if (verb == "allow") {
            d.kind = Directive::Kind::allow;
        } else if (verb == "exclusive") {
            d.kind = Directive::Kind::exclusive;
        } else if (verb == "exhaustive") {
            d.kind = Directive::Kind::exhaustive;
        } else {
            findings.push_back(make_finding(
                "L052", source.file_name(), span,
                fmt::format("unknown directive `{}`: use `allow`, `exclusive` or `exhaustive`",
                            verb)));
            continue;
        }
        if (d.names.empty() || (d.kind != Directive::Kind::allow && d.names.size() < 2)) {
            findings.push_back(make_finding(
                "L052", source.file_name(), span,
                d.kind == Directive::Kind::allow
                    ? std::string("`allow` names no code: write `# ilio: allow L012 -- reason`")
                    : fmt::format("`{}` needs at least two conclusion names", verb)));
            continue;
        }
        if (d.kind == Directive::Kind::allow) {
            bool ok = true;
            for (const auto& code : d.names) {
                if (!known_code(code)) {
                    findings.push_back(make_finding(
                        "L052", source.file_name(), span,
                        fmt::format("`{}` is not a lint or warning code (docs/lint.md)", code)));
                    ok = false;
                }
            }
            if (!ok) continue;
            d.declaration = format::declaration_at_or_below(outline, source, span.begin.line);
            if (!d.declaration) {
                findings.push_back(
                    make_finding("L052", source.file_name(), span,
                                 "this `allow` is neither on nor directly above a declaration"));
                continue;
            }
            d.used.assign(d.names.size(), false);
        }
        out.push_back(std::move(d));
    }
    return out;
}

Suppressions::Suppressions(const detail::SourceText& source, const format::Outline& outline,
                           std::vector<Directive>& directives)
    : source_(source),
      outline_(outline),
      directives_(directives),
      allows_(outline.declarations.size()) {
    // The `allow`s of each declaration, so that a finding reads only its own declaration's.
    for (std::size_t k = 0; k < directives.size(); ++k)
        if (directives[k].kind == Directive::Kind::allow && directives[k].declaration)
            allows_[*directives[k].declaration].push_back(k);
}

bool Suppressions::cover(const LintFinding& f, bool mark_used) {
    const auto& code = f.diagnostic.code;
    if (f.diagnostic.severity == Severity::error || f.diagnostic.span.begin.line == 0 ||
        code == "L050" || code == "L051" || code == "L052")
        return false;
    auto at = format::declaration_at_or_below(outline_, source_, f.diagnostic.span.begin.line);
    if (!at) return false;
    bool hit = false;
    for (auto k : allows_[*at]) {
        auto& d = directives_[k];
        for (std::size_t i = 0; i < d.names.size(); ++i) {
            if (d.names[i] == code) {
                if (mark_used) d.used[i] = true;
                hit = true;
            }
        }
    }
    return hit;
}

void apply_suppressions(const detail::SourceText& source, const format::Outline& outline,
                        std::vector<Directive>& directives, Suppressions& suppressions,
                        std::vector<LintFinding>& findings) {
    std::erase_if(findings, [&](const LintFinding& f) { return suppressions.cover(f, true); });
    for (const auto& d : directives) {
        if (d.reason.empty())
            findings.push_back(
                make_finding("L050", source.file_name(), d.span,
                             "this directive gives no reason: write it after ` -- `, e.g. "
                             "`# ilio: allow L043 -- the guide gives no source for this`"));
        if (d.kind != Directive::Kind::allow) continue;
        for (std::size_t i = 0; i < d.names.size(); ++i) {
            if (d.used[i]) continue;
            auto& f = findings.emplace_back(
                make_finding("L051", source.file_name(), d.span,
                             fmt::format("`allow {}` suppresses nothing in `{}`", d.names[i],
                                         outline.declarations[*d.declaration].name)));
            f.fix = "remove it";
        }
    }
}

}  // namespace ilio::linter
