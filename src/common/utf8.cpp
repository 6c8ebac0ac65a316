#include "common/utf8.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ilio::detail {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c == 0xE0)
        n = 3, lo = 0xA0;
    else if (c == 0xED)
        n = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
        n = 3;
    else if (c == 0xF0)
        n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        n = 4;
    else if (c == 0xF4)
        n = 4, hi = 0x8F;
    else
        return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

std::string printable(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0 || (c < 0x20 && c != '\t') || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::uint32_t code_point_column(std::string_view line, std::uint32_t byte_column) noexcept {
    if (byte_column == 0) return 0;
    std::uint32_t column = 1;
    for (std::uint32_t i = 0; i + 1 < byte_column && i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x80 || c >= 0xC0) ++column;  // continuation bytes start no character
    }
    if (byte_column > line.size() + 1)
        column += byte_column - 1 - static_cast<std::uint32_t>(line.size());
    return column;
}

std::string excerpt(std::string_view s) {
    if (s.size() <= max_excerpt_bytes) return printable(s);
    std::size_t cut = 0;
    while (cut < s.size()) {
        std::size_t n = std::max<std::size_t>(utf8_sequence_length(s, cut), 1);
        if (cut + n > max_excerpt_bytes) break;
        cut += n;
    }
    return fmt::format("{}… ({} bytes)", printable(s.substr(0, cut)), s.size());
}

}  // namespace ilio::detail
