#pragma once
// A streaming JSON writer into one string, for output that must be fast (explanations of
// every patient of a batch): no document tree, no allocation per value. Its bytes are those of
// nlohmann::json's dump() for the same values in the same order, compact (indent < 0) or
// pretty (indent >= 0), so documents and golden files do not change with the writer.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ilio::detail {

class JsonWriter {
  public:
    /// Appends to `out`; `indent` as nlohmann's dump(): negative for one line. `out` holds
    /// what was written once finish() is called or the writer is gone: meanwhile it has room
    /// past the cursor, as bytes are written through a pointer, not appended one call each.
    JsonWriter(std::string& out, int indent);
    ~JsonWriter() { finish(); }
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    /// Trims `out` to what was written (again: each call trims).
    void finish() noexcept {
        out_.resize(static_cast<std::size_t>(at_ - out_.data()));
        end_ = at_;  // no room left: the next write makes some
    }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    /// A member's name, then its value: `name` is written as given (a literal of the code,
    /// never data, so it needs no escaping).
    void key(std::string_view name);

    /// Escaped as nlohmann does (`"`, `\`, control characters; UTF-8 kept); throws
    /// std::invalid_argument on invalid UTF-8, which no JSON document may hold.
    void string(std::string_view text);
    /// Shortest round-trip form with a fraction ("70.0"), as nlohmann; null if not finite.
    void number(double value);
    void integer(std::uint64_t value);
    void boolean(bool value);
    void null();

    /// Shorthands for a member.
    void member(std::string_view name, std::string_view text) {
        key(name);
        string(text);
    }
    void member(std::string_view name, const char* text) { member(name, std::string_view(text)); }
    void member(std::string_view name, const std::string& text) {
        member(name, std::string_view(text));
    }
    void member(std::string_view name, double value) {
        key(name);
        number(value);
    }
    /// An array of strings.
    void strings(const std::vector<std::string>& texts);

    /// Separates the value written next from the one before, and returns the offset in `out`
    /// where that value starts (an offset: `out` moves as it grows). With offset() after the
    /// value, it names the bytes repeat() can write again.
    std::size_t begin_value() {
        separate();
        after_key_ = true;  // separated already: the value's own separate() writes nothing
        return offset();
    }
    /// Where the cursor is in `out`.
    std::size_t offset() const noexcept { return static_cast<std::size_t>(at_ - out_.data()); }
    /// A value already written, again: the bytes [begin, end) of `out` (begin_value() and
    /// offset() gave them), copied in the place of a value. Only for a compact writer
    /// (indent < 0): a pretty one's bytes depend on the depth they were written at.
    void repeat(std::size_t begin, std::size_t end);

  private:
    void open(char bracket);
    void close(char bracket);
    /// Before a value: the comma and line break that separate it from the one before.
    void separate();
    void newline_and_indent(std::size_t depth);

    /// Makes room for `bytes` more at the cursor: `out` grows by half at least each time, so
    /// the room is zero-filled a few times a document, not checked at every append.
    void room(std::size_t bytes) {
        if (static_cast<std::size_t>(end_ - at_) < bytes) grow(bytes);
    }
    void grow(std::size_t bytes);
    void put(char c) {
        room(1);
        *at_++ = c;
    }
    void put(std::string_view text);

    std::string& out_;
    char* at_;   // the cursor, within out_
    char* end_;  // out_'s end: the room left is end_ - at_
    int indent_;
    // Per open container: whether it holds a value yet (an empty one is written "{}", "[]").
    std::vector<std::uint8_t> filled_;
    bool after_key_ = false;
};

}  // namespace ilio::detail
