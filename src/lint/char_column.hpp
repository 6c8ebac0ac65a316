#pragma once
// Diagnostics count columns in bytes; editors, and SARIF with columnKind "unicodeCodePoints",
// count characters. This converts one to the other using the line's text.

#include <cstdint>
#include <string_view>

#include "common/source_text.hpp"

namespace ilio::linter {

/// The 1-based column of `position` counted in UTF-8 code points (0 when it has no position).
inline std::uint32_t char_column(const detail::SourceText& source, SourcePosition position) {
    if (position.line == 0 || position.column == 0) return position.column;
    auto line = source.line(position.line);
    std::uint32_t column = 1;
    for (std::uint32_t i = 0; i + 1 < position.column && i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x80 || c >= 0xC0) ++column;  // continuation bytes start no character
    }
    // A column past the line's end (an end position after the last character) keeps counting.
    if (position.column > line.size() + 1)
        column += position.column - 1 - static_cast<std::uint32_t>(line.size());
    return column;
}

}  // namespace ilio::linter
