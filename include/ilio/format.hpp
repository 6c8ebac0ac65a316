#pragma once
// `ilio fmt`: one canonical layout of the rules language that keeps every comment. The layout
// is decided by position in the parsed file: declarations start at column 0, their clauses at
// column 2, a continuation line lines up after the bracket left open on the line before (or at
// column 4), comments take the indentation of the line they annotate; blanks between tokens
// are single, none inside brackets or before a comma, two before a trailing comment; blank
// lines do not repeat and do not split a declaration. String literals and comment text are
// kept byte for byte. Formatting is idempotent and never changes what the rules compile to.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/diagnostic.hpp"

namespace ilio {

struct FormatResult {
    std::optional<std::string> text;      ///< the formatted text, when it could be formatted
    std::vector<Diagnostic> diagnostics;  ///< why not: the compiler's errors, or a difference
    bool ok() const noexcept { return text.has_value(); }
};

/// Formats rules text. Refuses (no text) when the input does not compile, or when the
/// formatted text would not compile to the same program (a formatter bug, reported as such).
FormatResult format_rules(std::string_view source, std::string_view file_name = "<input>");

/// What differs between the programs two rules texts compile to (declarations, conditions
/// node by node, parameters, texts), or empty when they are the same; positions and the
/// layout of the text are ignored. Both texts must compile.
std::string program_difference(std::string_view a, std::string_view b);

/// A unified diff of two texts, with `name` in its headers; empty when they are equal.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view name);

}  // namespace ilio
