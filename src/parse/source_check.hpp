#pragma once
// Byte-level checks that run before parsing, so the grammar only ever sees sane text.

#include <vector>

#include "common/source_text.hpp"
#include "ilio/diagnostic.hpp"

namespace ilio::parse {

/// Size limit (E002), NUL bytes (E004), invalid UTF-8 (E003). Returns false when the text must
/// not be parsed at all.
bool check_source_bytes(const detail::SourceText& source, std::vector<Diagnostic>& out);

}  // namespace ilio::parse
