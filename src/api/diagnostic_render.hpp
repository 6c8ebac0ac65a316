#pragma once
// Rendering diagnostics one at a time over a source text indexed once, for renderers that put
// their own lines between diagnostics (the linter's fix and witness).

#include <string>

#include "common/source_text.hpp"
#include "ilio/diagnostic.hpp"

namespace ilio::detail {

/// Appends `diagnostic` as render_diagnostic() renders it; `source` is null when there is no
/// text to quote.
void append_diagnostic(std::string& out, const Diagnostic& diagnostic, const SourceText* source);

}  // namespace ilio::detail
