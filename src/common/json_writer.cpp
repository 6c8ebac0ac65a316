#include "common/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace ilio::detail {

JsonWriter::JsonWriter(std::string& out, int indent)
    : out_(out), at_(out.data() + out.size()), end_(out.data() + out.size()), indent_(indent) {
    filled_.reserve(64);
}

namespace {

/// Copies `n` bytes, at least one Word's and at most two, as the Word at each end (overlapping
/// in the middle): two loads and two stores whatever `n`.
template <typename Word>
[[gnu::always_inline]] inline void copy_ends(char* to, const char* from, std::size_t n) {
    Word head, tail;
    std::memcpy(&head, from, sizeof(Word));
    std::memcpy(&tail, from + n - sizeof(Word), sizeof(Word));
    std::memcpy(to, &head, sizeof(Word));
    std::memcpy(to + n - sizeof(Word), &tail, sizeof(Word));
}

/// Copies `n` bytes to room made for them. Most runs are short (a name, a word, a number), and
/// up to sixteen bytes are copied by copy_ends rather than a call to memcpy, which cost more
/// than the copying in the JSON of a batch.
[[gnu::always_inline]] inline void copy_bytes(char* to, const char* from, std::size_t n) {
    if (n > 16)
        std::memcpy(to, from, n);
    else if (n >= 8)
        copy_ends<std::uint64_t>(to, from, n);
    else if (n >= 4)
        copy_ends<std::uint32_t>(to, from, n);
    else
        for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}

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

void JsonWriter::grow(std::size_t bytes) {
    auto used = static_cast<std::size_t>(at_ - out_.data());
    auto size = std::max(used + bytes, used + used / 2 + 4096);
    // Within the capacity reserved (render_json reserves for the document), never beyond it:
    // growing past it would move the whole document and fault in pages it never uses.
    if (used + bytes <= out_.capacity()) size = std::min(size, out_.capacity());
    out_.resize(size);
    at_ = out_.data() + used;
    end_ = out_.data() + out_.size();
}

void JsonWriter::put(std::string_view text) {
    room(text.size());
    copy_bytes(at_, text.data(), text.size());
    at_ += text.size();
}

void JsonWriter::repeat(std::size_t begin, std::size_t end) {
    separate();
    room(end - begin);
    // From out_ itself, after room(): growing may have moved it.
    std::memcpy(at_, out_.data() + begin, end - begin);
    at_ += end - begin;
}

void JsonWriter::newline_and_indent(std::size_t depth) {
    auto spaces = depth * static_cast<std::size_t>(indent_);
    room(1 + spaces);
    *at_++ = '\n';
    std::memset(at_, ' ', spaces);
    at_ += spaces;
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (filled_.empty()) return;
    if (filled_.back()) put(',');
    filled_.back() = true;
    if (indent_ >= 0) newline_and_indent(filled_.size());
}

void JsonWriter::open(char bracket) {
    separate();
    put(bracket);
    filled_.push_back(false);
}

void JsonWriter::close(char bracket) {
    bool filled = filled_.back();
    filled_.pop_back();
    if (filled && indent_ >= 0) newline_and_indent(filled_.size());
    put(bracket);
}

void JsonWriter::key(std::string_view name) {
    separate();
    room(name.size() + 4);
    *at_++ = '"';
    copy_bytes(at_, name.data(), name.size());
    at_ += name.size();
    *at_++ = '"';
    *at_++ = ':';
    if (indent_ >= 0) *at_++ = ' ';
    after_key_ = true;
}

void JsonWriter::string(std::string_view text) {
    separate();
    // Room for the worst case at once: every byte escaped as \u00XX, and the quotes.
    room(6 * text.size() + 2);
    *at_++ = '"';
    const char* data = text.data();
    std::size_t size = text.size(), run = 0, i = 0;
    auto copy_run = [&](std::size_t to) {
        copy_bytes(at_, data + run, to - run);
        at_ += to - run;
    };
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
        copy_run(i);
        *at_++ = '\\';
        switch (byte) {
            case '"':
            case '\\':
                *at_++ = static_cast<char>(byte);
                break;
            case '\b':
                *at_++ = 'b';
                break;
            case '\t':
                *at_++ = 't';
                break;
            case '\n':
                *at_++ = 'n';
                break;
            case '\f':
                *at_++ = 'f';
                break;
            case '\r':
                *at_++ = 'r';
                break;
            default: {
                constexpr char hex[] = "0123456789abcdef";
                const char escaped[] = {'u', '0', '0', hex[byte >> 4], hex[byte & 15]};
                std::memcpy(at_, escaped, sizeof escaped);
                at_ += sizeof escaped;
            }
        }
        run = ++i;
    }
    copy_run(size);
    *at_++ = '"';
}

void JsonWriter::number(double value) {
    separate();
    if (!std::isfinite(value)) {
        put("null");
        return;
    }
    // nlohmann's own shortest round-trip conversion (Grisu2, "70.0" for a whole number), so the
    // bytes are those its dump() wrote before this writer replaced it.
    room(64);
    at_ = nlohmann::detail::to_chars(at_, at_ + 64, value);
}

void JsonWriter::integer(std::uint64_t value) {
    separate();
    room(20);
    at_ = std::to_chars(at_, at_ + 20, value).ptr;
}

void JsonWriter::boolean(bool value) {
    separate();
    put(value ? std::string_view("true") : std::string_view("false"));
}

void JsonWriter::null() {
    separate();
    put("null");
}

void JsonWriter::strings(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& t : texts) string(t);
    end_array();
}

}  // namespace ilio::detail
