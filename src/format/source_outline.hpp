#pragma once
// Where things are in a rules text, for tools that work on the text as written (the formatter
// and the linter's directives): its comments, which the parser skips, and the extent of each
// declaration with the start of each of its clauses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/source_text.hpp"

namespace ilio::format {

/// A `#` comment: from the `#` to the end of its line (newline excluded).
struct Comment {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool own_line = false;  ///< nothing but blanks before it on its line
};

/// Every comment of `text`, in order; a `#` inside a string literal starts none.
std::vector<Comment> find_comments(std::string_view text);

struct ClauseStart {
    std::string key;  ///< "when", "cite", …; "description" for a fact's or parameter's text
    std::uint32_t begin = 0;
};

struct DeclarationOutline {
    std::string keyword;  ///< ruleset, unit, fact, param, step, criterion, finding, red_flag, …
    std::string name;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;  ///< one past the last character of its last clause
    std::vector<ClauseStart> clauses;
    bool has_clause(std::string_view key) const;
};

struct Outline {
    std::vector<DeclarationOutline> declarations;
    bool parsed = false;  ///< false when the text has a syntax error (outline then partial)
};

/// Parses `text` and lists its declarations in source order.
Outline outline_of(const detail::SourceText& source);

/// The declaration whose lines contain `line` (1-based), or the next declaration when only
/// comment and blank lines lie between; nullopt past the last one.
std::optional<std::size_t> declaration_at_or_below(const Outline& outline,
                                                   const detail::SourceText& source,
                                                   std::uint32_t line);

}  // namespace ilio::format
