#pragma once
// A rules text with its line table, so byte offsets can become line/column positions.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/diagnostic.hpp"

namespace ilio::detail {

/// Some editors start UTF-8 files with a byte order mark; it carries no meaning in a rules text
/// and belongs to no line.
inline constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

class SourceText {
  public:
    SourceText(std::string file_name, std::string_view text);

    const std::string& file_name() const noexcept { return file_name_; }
    std::string_view text() const noexcept { return text_; }

    SourcePosition position(std::uint32_t offset) const noexcept;
    SourceSpan span(std::uint32_t begin, std::uint32_t end) const noexcept;
    /// The text of a 1-based line, without its newline; empty past the end.
    std::string_view line(std::uint32_t line_number) const noexcept;
    std::string_view slice(std::uint32_t begin, std::uint32_t end) const noexcept;

    Diagnostic error(std::string code, std::uint32_t begin, std::uint32_t end,
                     std::string message) const;
    Diagnostic warning(std::string code, std::uint32_t begin, std::uint32_t end,
                       std::string message) const;
    DiagnosticNote note(std::uint32_t begin, std::uint32_t end, std::string message) const;

  private:
    std::string file_name_;
    std::string_view text_;
    std::vector<std::uint32_t> line_starts_;
    std::size_t bytes_per_line_ = 1;  // on average: where position() starts to look
};

}  // namespace ilio::detail
