#pragma once
// The parse phase: rules text → syntax tree, with every syntax error of the file.

#include <cstddef>
#include <string>
#include <vector>

#include "common/source_text.hpp"
#include "ilio/diagnostic.hpp"
#include "ilio/rule_set.hpp"
#include "parse/ast.hpp"

namespace ilio::parse {

struct ParseOutput {
    ast::File file;
    std::vector<Diagnostic> diagnostics;
    /// Names of declarations that failed to parse ("ruleset" for a failed header), so the
    /// checker can still check the rest without calling them undefined.
    std::vector<std::string> unparsed_names;
};

/// Checks the raw bytes (size, NUL, UTF-8, emptiness), then parses declaration by declaration;
/// after an error it resumes at the next line that starts a declaration.
/// Text over `max_bytes` is refused unread (E002).
ParseOutput parse_rules(const detail::SourceText& source,
                        std::size_t max_bytes = default_max_source_bytes);

}  // namespace ilio::parse
