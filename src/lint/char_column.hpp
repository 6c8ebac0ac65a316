#pragma once
// Diagnostics count columns in bytes; editors, and SARIF with columnKind "unicodeCodePoints",
// count characters. This converts one to the other using the line's text.

#include <cstdint>

#include "common/source_text.hpp"
#include "common/utf8.hpp"

namespace ilio::linter {

/// The 1-based column of `position` counted in UTF-8 code points (0 when it has no position).
inline std::uint32_t char_column(const detail::SourceText& source, SourcePosition position) {
    if (position.line == 0) return position.column;
    return detail::code_point_column(source.line(position.line), position.column);
}

}  // namespace ilio::linter
