#include "common/one_line.hpp"

namespace ilio::detail {

namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

/// No tab or line break, no two blanks in a row, none at either end. One scan.
bool is_one_line(std::string_view text) noexcept {
    if (text.empty()) return true;
    if (blank(text.front()) || blank(text.back())) return false;
    bool after_space = false;
    for (char c : text) {
        // Most characters are printable: one comparison each. Any other below the space is
        // left to one_line's copy, which keeps all but the blanks as they are.
        if (static_cast<unsigned char>(c) > ' ') {
            after_space = false;
            continue;
        }
        if (c != ' ' || after_space) return false;
        after_space = true;
    }
    return true;
}

std::string one_line(std::string_view text) {
    std::string out;
    one_line(text, out);
    return out;
}

void one_line(std::string_view text, std::string& out) {
    if (is_one_line(text)) {
        out.assign(text);
        return;
    }
    out.clear();
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        if (blank(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
}

}  // namespace ilio::detail
