#pragma once
// Reading JSON Lines one line at a time in bounded memory: a line longer than the limit is
// skipped to its end (and reported), never held whole, so a batch of any length runs in the
// memory of one line (plus one read buffer).

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>

namespace ilio::detail {

class LineReader {
  public:
    LineReader(std::istream& in, std::size_t max_line_bytes);

    /// Appends the next line (without its "\n") to `line`; false at the end of the input.
    /// A line longer than the limit appends only its first `max_line_bytes` bytes and leaves
    /// `too_long()` true.
    bool next(std::string& line);

    /// Whether the line just read was longer than the limit (its bytes beyond were skipped).
    bool too_long() const { return too_long_; }
    /// The number of the line just read, from 1.
    std::size_t line_number() const { return line_number_; }
    /// The bytes of the line just read, including any that were skipped.
    std::size_t line_bytes() const { return line_bytes_; }
    /// Bytes consumed from the input so far, newlines included.
    std::uint64_t bytes_read() const { return bytes_read_; }
    /// Whether reading failed (rather than reaching the end of the input).
    bool failed() const { return in_.bad(); }

  private:
    bool refill();

    std::istream& in_;
    std::size_t max_;
    // Read in blocks and scanned with memchr: a byte at a time through the stream buffer
    // costs more than the JSON parse of a short line.
    std::string buffer_;
    std::size_t begin_ = 0, end_ = 0;
    bool too_long_ = false;
    std::size_t line_number_ = 0;
    std::size_t line_bytes_ = 0;
    std::uint64_t bytes_read_ = 0;
};

}  // namespace ilio::detail
