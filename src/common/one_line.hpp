#pragma once
// Source text quoted on one line, as messages and explanations show a condition.

#include <string>
#include <string_view>

namespace ilio::detail {

/// `text` with each run of blanks (space, tab, line breaks) made one space, and none at either
/// end: a condition written over several lines reads as one.
std::string one_line(std::string_view text);
/// The same into `out`, replacing what it held and keeping its memory.
void one_line(std::string_view text, std::string& out);
/// Whether `text` is plainly one line already: when true, one_line gives it back unchanged.
bool is_one_line(std::string_view text) noexcept;

}  // namespace ilio::detail
