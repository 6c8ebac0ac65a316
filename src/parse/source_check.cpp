#include "parse/source_check.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "common/utf8.hpp"
#include "ilio/rule_set.hpp"

namespace ilio::parse {

std::size_t effective_source_limit(std::size_t requested) {
    return std::min(requested, max_source_bytes_limit);
}

Diagnostic source_too_large(const std::string& file_name, std::size_t size, std::size_t max_bytes) {
    constexpr std::size_t mib = std::size_t{1} << 20;
    auto limit = effective_source_limit(max_bytes);
    // The limit reads as the author set it: "64 MiB" for the default, bytes otherwise.
    auto in_mib = limit % mib == 0 && limit > 0 ? fmt::format(" ({} MiB)", limit / mib) : "";
    return Diagnostic{Severity::error,
                      "E002",
                      file_name,
                      {},
                      fmt::format("file is {} bytes; rules files are limited to {} bytes{}: raise "
                                  "the limit with --max-rules-bytes or "
                                  "CompileOptions::max_source_bytes",
                                  size, limit, in_mib),
                      {}};
}

bool check_source_bytes(const detail::SourceText& source, std::size_t max_bytes,
                        std::vector<Diagnostic>& out) {
    auto text = source.text();
    if (text.size() > effective_source_limit(max_bytes)) {
        out.push_back(source_too_large(source.file_name(), text.size(), max_bytes));
        return false;
    }
    // Nearly every file is valid: simdjson's vectorised check and memchr say so at memory speed
    // (byte by byte, this loop was 3% of compiling 100,000 conclusions). Only a bad file is
    // walked, to name its first bad byte. An empty text has none (and its data may be null,
    // which memchr must not be given).
    if (text.empty()) return true;
    if (std::memchr(text.data(), '\0', text.size()) == nullptr &&
        simdjson::validate_utf8(text.data(), text.size()))
        return true;
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
