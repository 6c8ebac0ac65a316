#pragma once
// Reading JSON Lines one line at a time in bounded memory: a line longer than the limit is
// skipped to its end (and reported), never held whole, so a batch of any length runs in the
// memory of one line.

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace ilio::cli {

/// The default `--max-line-bytes`: far above any patient's facts (a few kB), far below memory.
inline constexpr std::size_t default_max_line_bytes = std::size_t{1} << 20;

class LineReader {
  public:
    LineReader(std::istream& in, std::size_t max_line_bytes) : in_(in), max_(max_line_bytes) {}

    /// Reads the next line (without its "\n") into `line`; false at the end of the input.
    /// A line longer than the limit leaves `line` holding its first `max_line_bytes` bytes and
    /// `too_long()` true.
    bool next(std::string& line);

    /// Whether the line just read was longer than the limit (its bytes beyond were skipped).
    bool too_long() const { return too_long_; }
    /// The number of the line just read, from 1.
    std::size_t line_number() const { return line_number_; }
    /// The bytes of the line just read, including any that were skipped.
    std::size_t line_bytes() const { return line_bytes_; }
    /// Whether reading failed (rather than reaching the end of the input).
    bool failed() const { return in_.bad(); }

  private:
    std::istream& in_;
    std::size_t max_;
    bool too_long_ = false;
    std::size_t line_number_ = 0;
    std::size_t line_bytes_ = 0;
};

/// Runs `each(line, line_number)` for every line of the JSON Lines file `path` ("-": standard
/// input) that is not blank, in bounded memory. A line over `max_line_bytes` is reported (on
/// standard error, and as `{"line": N, "error": […]}` when `json_output`) and counts as a
/// failure; so does a batch with no patient at all. Returns the exit code: 0 when every line
/// succeeded, 1 when some did not, 2 when the input could not be read.
int for_each_json_line(const std::string& path, std::size_t max_line_bytes, bool json_output,
                       const std::function<bool(std::string_view, std::size_t)>& each);

}  // namespace ilio::cli
