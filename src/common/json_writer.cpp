#include "common/json_writer.hpp"

#include <array>
#include <cmath>
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
    out_ += indent_ >= 0 ? "\": " : "\":";
    after_key_ = true;
}

void JsonWriter::string(std::string_view text) {
    separate();
    out_ += '"';
    // Runs of bytes that need no escape are copied whole.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            auto length = utf8_sequence_length(text, i);
            if (length == 0)
                throw std::invalid_argument(
                    fmt::format("JSON output: invalid UTF-8 byte 0x{:02X} at index {} of \"{}\"",
                                byte, i, printable(text)));
            i += length;
            continue;
        }
        if (byte >= 0x20 && byte != '"' && byte != '\\') {
            ++i;
            continue;
        }
        out_.append(text.substr(run, i - run));
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
    out_.append(text.substr(run));
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
