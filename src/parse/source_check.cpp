#include "parse/source_check.hpp"

#include <fmt/format.h>

#include "ilio/rule_set.hpp"

namespace ilio::parse {

namespace {

/// Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid (overlong forms,
/// surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c == 0xED) n = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

}  // namespace

bool check_source_bytes(const detail::SourceText& source, std::vector<Diagnostic>& out) {
    auto text = source.text();
    if (text.size() > max_source_bytes) {
        out.push_back(source.error(
            "E002", 0, 0,
            fmt::format("file is {} bytes; rules files are limited to {} bytes (1 MiB)",
                        text.size(), max_source_bytes)));
        return false;
    }
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0') {
            auto at = static_cast<std::uint32_t>(i);
            out.push_back(source.error("E004", at, at + 1,
                                       "NUL byte in the rules text: is this a binary file?"));
            return false;  // binary input: one clear message, not thousands
        }
        std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) {
            auto at = static_cast<std::uint32_t>(i);
            out.push_back(source.error(
                "E003", at, at + 1,
                fmt::format("invalid UTF-8 (byte 0x{:02X}): rules files must be UTF-8",
                            static_cast<unsigned char>(text[i]))));
            return false;
        }
        i += n;
    }
    return true;
}

}  // namespace ilio::parse
