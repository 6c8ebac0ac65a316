#pragma once
// The parse phase: rules text → syntax tree, with every syntax error of the file.

#include <vector>

#include "common/source_text.hpp"
#include "ilio/diagnostic.hpp"
#include "parse/ast.hpp"

namespace ilio::parse {

struct ParseOutput {
    ast::File file;
    std::vector<Diagnostic> diagnostics;
};

/// Checks the raw bytes (size, NUL, UTF-8, emptiness), then parses declaration by declaration;
/// after an error it resumes at the next line that starts a declaration.
ParseOutput parse_rules(const detail::SourceText& source);

}  // namespace ilio::parse
