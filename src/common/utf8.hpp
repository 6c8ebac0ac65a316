#pragma once
// UTF-8 validation, shared by the source check and the diagnostic renderer.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ilio::detail {

/// Length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid (overlong forms,
/// surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

/// `s` with invalid UTF-8 bytes as \xNN and control characters (other than tab) as \xNN, so a
/// line of bad input can be shown safely.
std::string printable(std::string_view s);

/// The 1-based column, counted in code points, of the 1-based byte column `byte_column` of
/// `line` (a column past the line's end keeps counting one per byte).
std::uint32_t code_point_column(std::string_view line, std::uint32_t byte_column) noexcept;

/// The longest excerpt of input quoted in a message, in bytes.
inline constexpr std::size_t max_excerpt_bytes = 60;

/// `s` printable, and bounded: a longer string is cut (at a character boundary) to its first
/// `max_excerpt_bytes` bytes followed by "… (N bytes)", so one huge value or key cannot make
/// a message huge.
std::string excerpt(std::string_view s);

}  // namespace ilio::detail
