#include "format/source_outline.hpp"

#include <algorithm>

#include <boost/variant/apply_visitor.hpp>

#include "parse/parser.hpp"

namespace ilio::format {

std::vector<Comment> find_comments(std::string_view text) {
    std::vector<Comment> out;
    bool in_string = false;
    bool line_blank = true;
    for (std::uint32_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') {
            in_string = false;  // strings never span lines
            line_blank = true;
            continue;
        }
        if (in_string) {
            if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            line_blank = false;
        } else if (c == '#') {
            auto end = text.find('\n', i);
            if (end == std::string_view::npos) end = text.size();
            auto stop = static_cast<std::uint32_t>(end);
            while (stop > i && (text[stop - 1] == '\r')) --stop;
            out.push_back({i, stop, line_blank});
            i = static_cast<std::uint32_t>(end) - 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            line_blank = false;
        }
    }
    return out;
}

bool DeclarationOutline::has_clause(std::string_view key) const {
    for (const auto& c : clauses)
        if (c.key == key) return true;
    return false;
}

namespace {

struct ClauseKey {
    ClauseStart operator()(const ast::ExprClause& c) const { return {c.key, c.begin}; }
    ClauseStart operator()(const ast::TextClause& c) const { return {c.key, c.begin}; }
    ClauseStart operator()(const ast::WordClause& c) const { return {c.key, c.begin}; }
    ClauseStart operator()(const ast::QuantityClause& c) const { return {c.key, c.begin}; }
};

void add_clauses(DeclarationOutline& d, const std::vector<ast::Clause>& clauses) {
    for (const auto& c : clauses) {
        auto start = boost::apply_visitor(ClauseKey{}, c.var);
        d.clauses.push_back(start);
        d.end = std::max(d.end, c.end);
    }
}

struct Outliner {
    DeclarationOutline operator()(const ast::RulesetDecl& r) const {
        DeclarationOutline d{"ruleset", r.name.name, r.begin, r.name.end, {}};
        add_clauses(d, r.clauses);
        return d;
    }
    DeclarationOutline operator()(const ast::UnitDecl& u) const {
        DeclarationOutline d{"unit", u.name.name, u.begin, u.end, {}};
        return d;
    }
    DeclarationOutline operator()(const ast::FactDecl& f) const {
        DeclarationOutline d{"fact", f.name.name, f.begin, f.type.end, {}};
        if (f.range) d.end = std::max(d.end, f.range->end);
        if (f.description) {
            d.clauses.push_back({"description", f.description->begin});
            d.end = std::max(d.end, f.description->end);
        }
        add_clauses(d, f.clauses);
        return d;
    }
    DeclarationOutline operator()(const ast::ParamDecl& p) const {
        DeclarationOutline d{"param", p.name.name, p.begin, p.value.end, {}};
        if (p.description) {
            d.clauses.push_back({"description", p.description->begin});
            d.end = std::max(d.end, p.description->end);
        }
        add_clauses(d, p.clauses);
        return d;
    }
    DeclarationOutline operator()(const ast::StepDecl& s) const {
        DeclarationOutline d{"step", s.name.name, s.begin, s.title.end, {}};
        add_clauses(d, s.clauses);
        return d;
    }
    DeclarationOutline operator()(const ast::CriterionDecl& c) const {
        DeclarationOutline d{"criterion", c.name.name, c.begin, c.title.end, {}};
        add_clauses(d, c.clauses);
        return d;
    }
    DeclarationOutline operator()(const ast::ConclusionDecl& c) const {
        DeclarationOutline d{c.kind, c.name.name, c.begin, c.title.end, {}};
        add_clauses(d, c.clauses);
        return d;
    }
    DeclarationOutline operator()(const ast::PopulationDecl& p) const {
        DeclarationOutline d{"population", p.name.name, p.begin, p.title.end, {}};
        add_clauses(d, p.clauses);
        return d;
    }
    /// An item list's items continue its first line, as a condition's do.
    DeclarationOutline operator()(const ast::ItemsDecl& i) const {
        DeclarationOutline d{"items", i.name.name, i.begin, i.end, {}};
        return d;
    }
    DeclarationOutline operator()(const ast::InstancesDecl& i) const {
        return DeclarationOutline{"instances", i.name.name, i.begin, i.end, {}};
    }
    /// Each part of a score (`+1 when …`, `by FACT`, `in [...]`, `cite`) is laid out as a
    /// clause; the bands under `by` are its continuation lines.
    DeclarationOutline operator()(const ast::ScoreDecl& s) const {
        DeclarationOutline d{"score", s.name.name, s.begin, s.title.end, {}};
        for (const auto& part : s.parts) {
            auto [key, begin, end] = boost::apply_visitor(ScorePartExtent{}, part.var);
            d.clauses.push_back({key, begin});
            d.end = std::max(d.end, end);
        }
        return d;
    }

  private:
    struct Extent {
        std::string key;
        std::uint32_t begin = 0;
        std::uint32_t end = 0;
    };
    struct ScorePartExtent {
        Extent operator()(const ast::ScorePoints& p) const { return {"points", p.begin, p.end}; }
        Extent operator()(const ast::ScoreEach& p) const { return {"points", p.begin, p.end}; }
        Extent operator()(const ast::ScoreBands& b) const { return {"by", b.begin, b.end}; }
        Extent operator()(const ast::Range& r) const { return {"in", r.begin, r.end}; }
        Extent operator()(const ast::TextClause& c) const { return {c.key, c.begin, c.end}; }
    };
};

}  // namespace

Outline outline_of(const detail::SourceText& source) {
    Outline outline;
    auto parsed = parse::parse_rules(source);
    outline.parsed = !has_errors(parsed.diagnostics);
    for (const auto& declaration : parsed.file.declarations)
        outline.declarations.push_back(boost::apply_visitor(Outliner{}, declaration.var));
    return outline;
}

std::optional<std::size_t> declaration_at_or_below(const Outline& outline,
                                                   const detail::SourceText& source,
                                                   std::uint32_t line) {
    auto last_line = [&](const DeclarationOutline& d) {
        return source.position(d.end > d.begin ? d.end - 1 : d.begin).line;
    };
    // Declarations are in source order and do not overlap, so their last lines ascend: the
    // first that does not end before `line` is found by bisection. A search from the
    // front, once for each lint finding, made lint quadratic (a quarter of linting 10,000
    // conclusions with its thousands of findings).
    const auto& all = outline.declarations;
    auto found = std::partition_point(
        all.begin(), all.end(), [&](const DeclarationOutline& d) { return last_line(d) < line; });
    if (found == all.end()) return std::nullopt;
    auto i = static_cast<std::size_t>(found - all.begin());
    auto first = source.position(found->begin).line;
    if (line >= first) return i;
    // Only blank and comment lines may lie between the line and the declaration.
    for (auto l = line + 1; l < first; ++l) {
        auto text = source.line(l);
        auto at = text.find_first_not_of(" \t\r");
        if (at != std::string_view::npos && text[at] != '#') return std::nullopt;
    }
    return i;
}

}  // namespace ilio::format
