// libFuzzer target: any bytes as a JSON Lines batch, read as `ilio eval --jsonl` reads it: line
// by line with a (small, here) per-line limit. No line is held beyond the limit, every line is
// accounted for, and each accepted line evaluates and renders.
#include <cstdint>
#include <sstream>
#include <string>

#include "line_reader.hpp"
#include "psoas_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t max_line = 512;
    const auto& rules = psoas_rules();
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    ilio::cli::LineReader reader(in, max_line);
    ilio::Evaluation evaluation;
    std::string line;
    std::size_t bytes = 0;
    while (reader.next(line)) {
        if (line.size() > max_line || reader.too_long() != (reader.line_bytes() > max_line))
            __builtin_trap();
        bytes += reader.line_bytes() + 1;
        if (reader.too_long()) continue;
        auto facts = ilio::read_facts_json(rules, line);
        if (!facts.ok()) {
            if (facts.errors.empty()) __builtin_trap();
            continue;
        }
        rules.evaluate(*facts.facts, evaluation);
        (void)ilio::render_json(ilio::explain(evaluation, *facts.facts));
    }
    // Every byte belongs to a line (the last one may lack its "\n").
    if (bytes < size || bytes > size + 1) __builtin_trap();
    return 0;
}
