#include "common/json_writer.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace ilio::detail {

JsonWriter::JsonWriter(std::string& out, int indent) : out_(out), indent_(indent) {
    filled_.reserve(64);
}

void JsonWriter::newline_and_indent(std::size_t depth) {
    out_ += '\n';
    out_.append(depth * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (filled_.empty()) return;
    if (filled_.back()) out_ += ',';
    filled_.back() = true;
    if (indent_ >= 0) newline_and_indent(filled_.size());
}

void JsonWriter::open(char bracket) {
    separate();
    out_ += bracket;
    filled_.push_back(false);
}

void JsonWriter::close(char bracket) {
    bool filled = filled_.back();
    filled_.pop_back();
    if (filled && indent_ >= 0) newline_and_indent(filled_.size());
    out_ += bracket;
}

void JsonWriter::key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    if (indent_ >= 0)
        out_.append("\": ", 3);
    else
        out_.append("\":", 2);
    after_key_ = true;
}

namespace {

/// Per byte: 0 copied as it is, 1 escaped, 2 the first byte of a multi-byte UTF-8 sequence
/// (validated, then copied). A table, because every byte of every string passes here.
constexpr std::array<std::uint8_t, 256> byte_classes = [] {
    std::array<std::uint8_t, 256> table{};
    for (int b = 0; b < 0x20; ++b) table[b] = 1;
    table['"'] = 1;
    table['\\'] = 1;
    for (int b = 0x80; b < 0x100; ++b) table[b] = 2;
    return table;
}();

/// Whether any of the eight bytes of `word` needs more than copying: below 0x20, `"`, `\` or
/// 0x80 and above (the start or middle of a multi-byte character). Bit tricks on the whole
/// word (each test sets a byte's high bit; the first two are exact when no byte is 0x80 or
/// above, which the last catches): most text in an explanation needs nothing, eight bytes at
/// a time.
bool word_needs_care(std::uint64_t word) {
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    auto zero_byte = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
    return ((word - 0x20 * ones) | zero_byte(word ^ ('"' * ones)) |
            zero_byte(word ^ ('\\' * ones)) | word) &
           highs;
}

}  // namespace

void JsonWriter::string(std::string_view text) {
    separate();
    out_ += '"';
    const char* data = text.data();
    std::size_t size = text.size(), run = 0, i = 0;
    while (true) {
        // Runs of bytes that need nothing are copied whole; found a word at a time.
        for (std::uint64_t word; i + 8 <= size; i += 8) {
            std::memcpy(&word, data + i, 8);
            if (word_needs_care(word)) break;
        }
        while (i < size && byte_classes[static_cast<unsigned char>(data[i])] == 0) ++i;
        if (i == size) break;
        auto byte = static_cast<unsigned char>(data[i]);
        if (byte_classes[byte] == 2) {
            auto length = utf8_sequence_length(text, i);
            if (length == 0)
                throw std::invalid_argument(
                    fmt::format("JSON output: invalid UTF-8 byte 0x{:02X} at index {} of \"{}\"",
                                byte, i, printable(text)));
            i += length;
            continue;
        }
        out_.append(data + run, i - run);
        switch (byte) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\b':
                out_ += "\\b";
                break;
            case '\t':
                out_ += "\\t";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\f':
                out_ += "\\f";
                break;
            case '\r':
                out_ += "\\r";
                break;
            default:
                fmt::format_to(std::back_inserter(out_), "\\u{:04x}", byte);
        }
        run = ++i;
    }
    out_.append(data + run, size - run);
    out_ += '"';
}

void JsonWriter::number(double value) {
    separate();
    if (!std::isfinite(value)) {
        out_ += "null";
        return;
    }
    // nlohmann's own shortest round-trip conversion (Grisu2, "70.0" for a whole number), so the
    // bytes are those its dump() wrote before this writer replaced it.
    std::array<char, 64> buffer;
    auto* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out_.append(buffer.data(), end);
}

void JsonWriter::integer(std::uint64_t value) {
    separate();
    fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
}

void JsonWriter::null() {
    separate();
    out_ += "null";
}

void JsonWriter::strings(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& t : texts) string(t);
    end_array();
}

}  // namespace ilio::detail
