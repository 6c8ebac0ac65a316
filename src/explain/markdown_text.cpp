#include "explain/markdown_text.hpp"

#include <string_view>

namespace ilio::wording {

std::string markdown_escape(std::string_view text) {
    // CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones
    // that can change what a line means (links, images, emphasis, code, HTML, tables,
    // entities). Line breaks become spaces so that text cannot start a heading or a list.
    static constexpr std::string_view special = "\\`*_[]<>|&#!~";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        if (special.find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

}  // namespace ilio::wording
