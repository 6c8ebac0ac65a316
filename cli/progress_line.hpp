#pragma once
// A progress line for long batches, on standard error and only when it is a terminal: patients
// done, the rate, and the time left when the input's size is known. It rewrites itself in
// place and is cleared before anything else is written to standard error, and at the end; it
// never reaches standard output.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ilio::cli {

class ProgressLine {
  public:
    /// `total_bytes`: the input's size, 0 when it is not known (a pipe).
    explicit ProgressLine(std::uint64_t total_bytes);
    ~ProgressLine() { clear(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// Shows the count, no more often than a few times a second and only once the batch has
    /// run a second (a short batch shows nothing).
    void update(std::size_t patients, std::uint64_t bytes_read);
    /// Removes the line, if shown.
    void clear();

  private:
    using clock = std::chrono::steady_clock;
    bool enabled_;
    std::uint64_t total_bytes_;
    clock::time_point start_ = clock::now(), last_{};
    bool shown_ = false;
};

}  // namespace ilio::cli
