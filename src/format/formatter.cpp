// The canonical layout (include/ilio/format.hpp): the text is re-laid out line by line, each
// line classified by what the parse says starts on it, so nothing is re-spelled and comments
// stay where they are.

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "common/source_text.hpp"
#include "format/source_outline.hpp"
#include "ilio/format.hpp"
#include "ilio/rule_set.hpp"

namespace ilio {

namespace {

enum class LineKind { blank, comment, declaration, clause, continuation };

struct Line {
    LineKind kind = LineKind::blank;
    std::string code;     // the line's tokens, blanks normalised, without its comment
    std::string comment;  // a trailing or whole-line comment, as written
};

bool opens(char c) {
    return c == '(' || c == '{' || c == '[';
}
bool closes(char c) {
    return c == ')' || c == '}' || c == ']';
}

// Single blanks between tokens; none after an opening or before a closing bracket or a comma;
// one after a comma. Strings are copied as they are. Returns the code part; `comment` gets the
// comment, if any.
std::string normalise(std::string_view line, std::string& comment) {
    std::string out;
    bool pending_blank = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            pending_blank = !out.empty();
            continue;
        }
        if (c == '#') {
            comment = std::string(line.substr(i));
            while (!comment.empty() &&
                   (comment.back() == ' ' || comment.back() == '\t' || comment.back() == '\r'))
                comment.pop_back();
            break;
        }
        if (pending_blank && !closes(c) && c != ',' && !(out.size() && opens(out.back())))
            out += ' ';
        pending_blank = false;
        if (c == '"') {
            auto j = i + 1;
            while (j < line.size() && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, line.size());
            out.append(line.substr(i, j - i));
            i = j - 1;
            continue;
        }
        out += c;
        if (c == ',') pending_blank = true;
    }
    return out;
}

/// A bracket still open: the column its items continue at, and the one its closing bracket takes
/// when it starts a line. Items continue just after the bracket, aligned; a bracket that ends its
/// line hangs instead: its items continue one level deeper, and it closes at its line's indent.
struct OpenBracket {
    std::size_t items = 0;
    std::size_t closer = 0;
};

// The brackets still open at the end of `text` (a formatted line).
void track_brackets(std::string_view text, std::size_t indent, std::vector<OpenBracket>& open) {
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (opens(c)) {
            bool hanging = i + 1 == text.size();
            open.push_back(hanging ? OpenBracket{indent + 4, indent}
                                   : OpenBracket{indent + i + 1, indent + i + 1});
        } else if (closes(c) && !open.empty()) {
            open.pop_back();
        }
    }
}

}  // namespace

FormatResult format_rules(std::string_view source_text, std::string_view file_name) {
    FormatResult result;
    auto compiled = compile(source_text, {std::string(file_name), {}});
    if (!compiled.ok()) {
        result.diagnostics = std::move(compiled.diagnostics);
        return result;
    }
    // A byte order mark belongs to no line: the lines are those after it, and it stays first.
    bool marked = source_text.starts_with(detail::byte_order_mark);
    std::string_view text =
        marked ? source_text.substr(detail::byte_order_mark.size()) : source_text;
    detail::SourceText source(std::string(file_name), text);
    auto outline = format::outline_of(source);
    std::set<std::uint32_t> declaration_starts, clause_starts;
    for (const auto& d : outline.declarations) {
        declaration_starts.insert(d.begin);
        for (const auto& c : d.clauses) clause_starts.insert(c.begin);
    }

    // Classify each line by what starts at its first non-blank character.
    std::vector<Line> lines;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        auto end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        auto raw = text.substr(begin, end - begin);
        Line line;
        line.code = normalise(raw, line.comment);
        auto first = raw.find_first_not_of(" \t\r");
        auto at = static_cast<std::uint32_t>(begin + (first == std::string_view::npos ? 0 : first));
        if (line.code.empty())
            line.kind = line.comment.empty() ? LineKind::blank : LineKind::comment;
        else if (declaration_starts.count(at))
            line.kind = LineKind::declaration;
        else if (clause_starts.count(at))
            line.kind = LineKind::clause;
        else
            line.kind = LineKind::continuation;
        lines.push_back(std::move(line));
        if (end == text.size()) break;
        begin = end + 1;
    }

    // Blank lines: none at the start or the end, never two in a row, and none inside a
    // declaration (before a clause or a continuation, comments between included).
    std::vector<Line> kept;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].kind == LineKind::blank) {
            if (kept.empty() || kept.back().kind == LineKind::blank) continue;
            auto next = i + 1;
            while (next < lines.size() &&
                   (lines[next].kind == LineKind::blank || lines[next].kind == LineKind::comment))
                ++next;
            if (next == lines.size()) {
                // Only comments follow: keep the blank if a comment does.
                bool comment_follows = false;
                for (auto j = i + 1; j < lines.size(); ++j)
                    comment_follows = comment_follows || lines[j].kind == LineKind::comment;
                if (!comment_follows) continue;
            } else if (lines[next].kind == LineKind::clause ||
                       lines[next].kind == LineKind::continuation) {
                continue;
            }
        }
        kept.push_back(std::move(lines[i]));
    }
    while (!kept.empty() && kept.back().kind == LineKind::blank) kept.pop_back();

    // Indentation, top to bottom; a comment line takes the indentation of the next code line.
    std::vector<std::size_t> indent(kept.size(), 0);
    std::vector<OpenBracket> open;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        switch (kept[i].kind) {
            case LineKind::declaration:
                open.clear();
                indent[i] = 0;
                break;
            case LineKind::clause:
                open.clear();
                indent[i] = 2;
                break;
            case LineKind::continuation:
                indent[i] = open.empty()                   ? 4
                            : closes(kept[i].code.front()) ? open.back().closer
                                                           : open.back().items;
                break;
            default:
                continue;
        }
        track_brackets(kept[i].code, indent[i], open);
    }
    for (std::size_t i = kept.size(); i-- > 0;) {
        if (kept[i].kind != LineKind::comment) continue;
        indent[i] = i + 1 < kept.size() && kept[i + 1].kind != LineKind::blank ? indent[i + 1] : 0;
    }

    std::string out(marked ? detail::byte_order_mark : std::string_view());
    for (std::size_t i = 0; i < kept.size(); ++i) {
        const auto& line = kept[i];
        if (line.kind != LineKind::blank) out.append(indent[i], ' ');
        out += line.code;
        if (!line.comment.empty()) {
            if (!line.code.empty()) out += "  ";
            out += line.comment;
        }
        out += '\n';
    }

    // The layout must not change what the rules mean; refuse rather than write such a text.
    auto difference = program_difference(source_text, out);
    if (!difference.empty()) {
        result.diagnostics.push_back(
            {Severity::error,
             "F001",
             std::string(file_name),
             {},
             fmt::format("internal error: the formatted text would compile differently ({}); "
                         "the file is left as it is",
                         difference),
             {}});
        return result;
    }
    result.text = std::move(out);
    return result;
}

}  // namespace ilio
