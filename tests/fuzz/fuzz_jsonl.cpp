// libFuzzer target: any bytes as a JSON Lines batch, evaluated as `ilio eval --jsonl` does it
// (evaluate_json_lines, on two threads, with a small per-line limit). Every line is accounted
// for: each line that is not blank reaches the renderer exactly once, and the outputs arrive in
// input order; no line is held beyond the limit; each accepted line evaluates and renders.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "ilio/json_lines.hpp"
#include "ilio/status.hpp"
#include "psoas_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t max_line = 512;
    const auto& rules = psoas_rules();
    static const ilio::StatusWriter status(rules);
    std::string input(reinterpret_cast<const char*>(data), size);
    std::istringstream in(input);

    // The lines that are not blank, as the batch should see them.
    std::vector<std::size_t> expected;
    std::size_t number = 0;
    for (std::size_t begin = 0; begin < input.size();) {
        auto end = input.find('\n', begin);
        if (end == std::string::npos) end = input.size();
        ++number;
        auto line = std::string_view(input).substr(begin, end - begin);
        if (line.size() > max_line || line.find_first_not_of(" \t\r") != line.npos)
            expected.push_back(number);
        begin = end + 1;
    }

    ilio::JsonLinesOptions options;
    options.threads = 2;
    options.max_line_bytes = max_line;
    std::vector<std::size_t> written;
    auto result = ilio::evaluate_json_lines(
        rules, in,
        [&](const ilio::JsonLinesPatient& p, std::string& out, std::string&) {
            out = std::to_string(p.line);
            if (!p.facts.ok()) {
                if (p.facts.errors.empty() || p.evaluation != nullptr) __builtin_trap();
                return false;
            }
            if (p.evaluation == nullptr) __builtin_trap();
            std::string line;
            status.append(line, *p.evaluation, *p.facts.facts, p.line);
            (void)ilio::render_json(ilio::explain(*p.evaluation, *p.facts.facts));
            return true;
        },
        [&](std::string_view out, std::string_view) {
            written.push_back(std::stoul(std::string(out)));
        },
        options);
    if (written != expected || result.patients != expected.size() || result.lines != number)
        __builtin_trap();
    return 0;
}
