#include "parse/source_check.hpp"

#include <fmt/format.h>

#include "common/utf8.hpp"
#include "ilio/rule_set.hpp"

namespace ilio::parse {

bool check_source_bytes(const detail::SourceText& source, std::vector<Diagnostic>& out) {
    auto text = source.text();
    if (text.size() > max_source_bytes) {
        out.push_back(
            Diagnostic{Severity::error,
                       "E002",
                       source.file_name(),
                       {},
                       fmt::format("file is {} bytes; rules files are limited to {} bytes (1 MiB)",
                                   text.size(), max_source_bytes),
                       {}});
        return false;
    }
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0') {
            auto at = static_cast<std::uint32_t>(i);
            out.push_back(source.error("E004", at, at + 1,
                                       "NUL byte in the rules text: is this a binary file?"));
            return false;  // binary input: one clear message, not thousands
        }
        std::size_t n = detail::utf8_sequence_length(text, i);
        if (n == 0) {
            auto at = static_cast<std::uint32_t>(i);
            out.push_back(
                source.error("E003", at, at + 1,
                             fmt::format("invalid UTF-8 (byte 0x{:02X}): rules files must be UTF-8",
                                         static_cast<unsigned char>(text[i]))));
            return false;
        }
        i += n;
    }
    return true;
}

}  // namespace ilio::parse
