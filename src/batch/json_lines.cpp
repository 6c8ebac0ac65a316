// evaluate_json_lines: blocks of lines read by the calling thread, shared by the workers in
// chunks (parallel_chunks.hpp), written in order; the calling thread writes the block before
// and reads the block after while the others start on one. Each block's text lives in one string
// and each line's outputs in strings kept from block to block, so a long batch settles into reusing
// its buffers.

#include "ilio/json_lines.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "batch/line_reader.hpp"
#include "batch/parallel_chunks.hpp"
#include "evaluate/facts_json_readers.hpp"

namespace ilio {

namespace {

/// A block ends at this many lines or this much text, whichever comes first: enough that every
/// thread gets many chunks, little enough that a block's input stays within a few MB, however
/// long the lines.
constexpr std::size_t block_lines = 1024;
constexpr std::size_t block_text_bytes = std::size_t{4} << 20;
/// Two blocks are held at once, and their outputs too: a full JSON explanation of the psoas
/// rules is about 180 kB, and 1,024 lines held 290 MB of them. So the first blocks are short, and
/// later ones hold as many lines as this much output took before (a block of status lines is
/// about 1 MB; of JSON explanations, about 90 lines).
constexpr std::size_t first_block_lines = 32;
constexpr std::size_t block_output_bytes = std::size_t{16} << 20;
constexpr std::size_t least_block_lines = 16;
/// Lines a thread takes at a time: about 50 µs of status lines.
constexpr std::size_t block_chunk_lines = 8;

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

/// A block of lines: their text, one after another, and each line's outputs.
struct Block {
    std::string text;
    std::vector<Line> lines;
    std::vector<Output> outputs;
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
    // Two blocks: while the workers evaluate one, the calling thread writes the one before it
    // and reads the one after (reading and writing on their own left a core idle a fifth of a
    // status batch).
    Block blocks[2];
    Block* current = &blocks[0];
    Block* other = &blocks[1];
    for (auto& b : blocks) b.lines.reserve(block_lines);

    auto work = [&](unsigned worker, std::size_t i) {
        const Line& line = current->lines[i];
        Output& o = current->outputs[i];
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
        // Every line is followed by the reader's padding (read_block): read where it lies.
        auto facts = detail::read_facts_json_in_place(
            rules, std::string_view(current->text).substr(line.begin, line.size),
            current->text.size() - line.begin, options.facts);
        const Evaluation* evaluation = nullptr;
        if (facts.ok()) {
            rules.evaluate(*facts.facts, evaluations[worker]);
            evaluation = &evaluations[worker];
        }
        o.ok = render({line.number, facts, evaluation}, o.out, o.err);
    };

    bool more = true;
    std::size_t line_budget = first_block_lines;
    // Reads the next block into `b`: empty once the input is done.
    auto read_block = [&](Block& b) {
        b.text.clear();
        b.lines.clear();
        while (more && b.lines.size() < line_budget && b.text.size() < block_text_bytes) {
            Line line;
            line.begin = b.text.size();
            if (!reader.next(b.text)) {
                more = false;
                break;
            }
            line.size = b.text.size() - line.begin;
            ++result.lines;
            if (!reader.too_long() && blank(std::string_view(b.text).substr(line.begin))) {
                b.text.resize(line.begin);
                continue;
            }
            line.number = reader.line_number();
            line.bytes = reader.line_bytes();
            line.too_long = reader.too_long();
            b.lines.push_back(line);
        }
        if (b.outputs.size() < b.lines.size()) b.outputs.resize(b.lines.size());
        // After the last line, the padding the facts reader reads past a document's end.
        b.text.append(detail::facts_json_padding(), ' ');
    };
    // Writes an evaluated block, in input order.
    auto write_block = [&](const Block& b) {
        std::size_t bytes = 0;
        for (std::size_t i = 0; i < b.lines.size(); ++i) {
            write(b.outputs[i].out, b.outputs[i].err);
            bytes += b.outputs[i].out.size() + b.outputs[i].err.size();
            if (!b.outputs[i].ok) ++result.failed;
        }
        if (!b.lines.empty())
            line_budget = std::clamp<std::size_t>(
                block_output_bytes / std::max<std::size_t>(1, bytes / b.lines.size()),
                least_block_lines, block_lines);
        result.patients += b.lines.size();
        if (progress && !b.lines.empty()) progress({result.patients, reader.bytes_read()});
    };

    read_block(*current);
    other->lines.clear();  // nothing evaluated yet
    detail::ChunkPool pool(threads);
    while (!current->lines.empty()) {
        // Chunks small enough that a short block (long lines) still spreads over every thread,
        // and that the threads finish a block together: each waits at its end for the last
        // chunk, and 64 status lines kept one idle for a twentieth of a batch.
        auto lines = current->lines.size();
        std::size_t chunk = std::clamp<std::size_t>(lines / (4 * threads), 1, block_chunk_lines);
        pool.for_each_in_chunks(lines, work, chunk, [&] {
            write_block(*other);
            read_block(*other);
        });
        std::swap(current, other);
    }
    write_block(*other);
    result.read_error = reader.failed();
    return result;
}

}  // namespace ilio
