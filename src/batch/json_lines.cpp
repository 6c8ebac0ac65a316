// evaluate_json_lines: blocks of lines read by the calling thread, shared by the workers in
// chunks (parallel_chunks.hpp), written in order. Each block's text lives in one string and
// each line's outputs in strings kept from block to block, so a long batch settles into
// reusing its buffers.

#include "ilio/json_lines.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "batch/line_reader.hpp"
#include "batch/parallel_chunks.hpp"

namespace ilio {

namespace {

/// A block ends at this many lines or this much text, whichever comes first: enough that every
/// thread gets many chunks, little enough that a block's input and its outputs (a full JSON
/// explanation of the psoas rules is about 250 kB) stay within tens of MB, however long the
/// lines. (1,024 lines held 290 MB of JSON explanations.)
constexpr std::size_t block_lines = 256;
constexpr std::size_t block_text_bytes = std::size_t{4} << 20;

struct Line {
    std::size_t begin = 0, size = 0;  // into the block's text
    std::size_t number = 0;
    std::size_t bytes = 0;  // the whole line's, when too long
    bool too_long = false;
};

struct Output {
    std::string out, err;
    bool ok = false;
};

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r") == text.npos;
}

}  // namespace

JsonLinesResult evaluate_json_lines(const RuleSet& rules, std::istream& in,
                                    const JsonLinesRenderer& render, const JsonLinesWriter& write,
                                    const JsonLinesOptions& options,
                                    const JsonLinesProgressCallback& progress) {
    JsonLinesResult result;
    detail::LineReader reader(in, options.max_line_bytes);
    unsigned threads =
        options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<Evaluation> evaluations(threads);
    std::string text;
    std::vector<Line> lines;
    std::vector<Output> outputs;
    lines.reserve(block_lines);

    auto work = [&](unsigned worker, std::size_t i) {
        const Line& line = lines[i];
        Output& o = outputs[i];
        o.out.clear();
        o.err.clear();
        if (line.too_long) {
            FactsResult problem;
            problem.errors.push_back(
                {"", "",
                 fmt::format("the line is {} bytes, over the limit of {} bytes for one patient",
                             line.bytes, options.max_line_bytes)});
            o.ok = render({line.number, problem, nullptr}, o.out, o.err);
            return;
        }
        auto facts = read_facts_json(rules, std::string_view(text).substr(line.begin, line.size),
                                     options.facts);
        const Evaluation* evaluation = nullptr;
        if (facts.ok()) {
            rules.evaluate(*facts.facts, evaluations[worker]);
            evaluation = &evaluations[worker];
        }
        o.ok = render({line.number, facts, evaluation}, o.out, o.err);
    };

    for (bool more = true; more;) {
        text.clear();
        lines.clear();
        while (lines.size() < block_lines && text.size() < block_text_bytes) {
            Line line;
            line.begin = text.size();
            if (!reader.next(text)) {
                more = false;
                break;
            }
            line.size = text.size() - line.begin;
            ++result.lines;
            if (!reader.too_long() && blank(std::string_view(text).substr(line.begin))) {
                text.resize(line.begin);
                continue;
            }
            line.number = reader.line_number();
            line.bytes = reader.line_bytes();
            line.too_long = reader.too_long();
            lines.push_back(line);
        }
        if (lines.empty()) break;
        if (outputs.size() < lines.size()) outputs.resize(lines.size());
        // Chunks small enough that a short block (long lines) still spreads over every thread.
        auto block_threads =
            static_cast<unsigned>(std::clamp<std::size_t>(lines.size(), 1, threads));
        std::size_t chunk = std::clamp<std::size_t>(lines.size() / (4 * block_threads), 1,
                                                    detail::batch_chunk_size);
        detail::for_each_in_chunks(lines.size(), block_threads, work, chunk);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            write(outputs[i].out, outputs[i].err);
            if (!outputs[i].ok) ++result.failed;
        }
        result.patients += lines.size();
        if (progress) progress({result.patients, reader.bytes_read()});
    }
    result.read_error = reader.failed();
    return result;
}

}  // namespace ilio
