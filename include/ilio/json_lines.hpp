#pragma once
// Evaluating a JSON Lines batch — one patient's facts per line — on every core, streamed: the
// input is read a block of lines at a time, each line read as facts, evaluated and rendered on
// a worker thread, and the outputs written in input order by the calling thread. Memory stays
// bounded by the block (at most 256 lines, ending early once 4 MiB of text is read), whatever
// the length of the input; a line over the limit is reported and skipped, never held whole.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"

namespace ilio {

/// The default longest line: far above any patient's facts (a few kB), far below memory.
inline constexpr std::size_t default_max_line_bytes = std::size_t{1} << 20;

struct JsonLinesOptions {
    /// Threads to use; 0 means std::thread::hardware_concurrency(); 1 runs on the calling
    /// thread alone.
    unsigned threads = 0;
    /// The longest line accepted, in bytes; a longer line is a problem of that patient.
    std::size_t max_line_bytes = default_max_line_bytes;
    /// How each line is read as facts (lenient or strict).
    FactsOptions facts;
};

/// One patient of a batch, as the renderer sees it.
struct JsonLinesPatient {
    std::size_t line = 0;  ///< its line number in the input, from 1
    /// The facts read, or the problems that kept them from being read (a line over the limit
    /// is one such problem).
    const FactsResult& facts;
    /// The evaluation, when the facts were read; null otherwise. Valid only during the call.
    const Evaluation* evaluation = nullptr;
};

/// Renders one patient on a worker thread: appends what belongs on standard output to `out` and
/// what belongs on standard error to `err` (both empty on entry); returns whether the patient
/// succeeded. Calls for different lines run concurrently.
using JsonLinesRenderer =
    std::function<bool(const JsonLinesPatient& patient, std::string& out, std::string& err)>;

/// Writes one patient's output; called on the calling thread, in input order.
using JsonLinesWriter = std::function<void(std::string_view out, std::string_view err)>;

/// How far a batch has come: called on the calling thread after each block.
struct JsonLinesProgress {
    std::size_t patients = 0;      ///< evaluated (or reported) so far
    std::uint64_t bytes_read = 0;  ///< input consumed so far
};
using JsonLinesProgressCallback = std::function<void(const JsonLinesProgress&)>;

struct JsonLinesResult {
    std::size_t patients = 0;  ///< lines that were not blank
    std::size_t failed = 0;    ///< of those, the ones whose renderer returned false
    std::size_t lines = 0;     ///< every line read, blank ones included
    bool read_error = false;   ///< the input failed before its end
};

/// Evaluates every line of `in` that is not blank. If the renderer or writer throws, the batch
/// stops and the first exception is rethrown once every thread has stopped.
JsonLinesResult evaluate_json_lines(const RuleSet& rules, std::istream& in,
                                    const JsonLinesRenderer& render, const JsonLinesWriter& write,
                                    const JsonLinesOptions& options = {},
                                    const JsonLinesProgressCallback& progress = {});

}  // namespace ilio
