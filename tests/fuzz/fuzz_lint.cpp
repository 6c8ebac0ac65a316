// libFuzzer target for `ilio lint`: any bytes as a rules file. Lint never crashes, and every
// report renders in each format; what compiles gets findings whose codes lint_codes() or the
// checker knows, and each witness is a facts document the rules read back (the witness test
// checks what evaluating one shows, on real rule sets).
#include <cstdint>
#include <span>
#include <string_view>

#include "ilio/ilio.hpp"
#include "ilio/lint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto report = ilio::lint(text);
    std::span<const ilio::LintReport> reports(&report, 1);
    if (ilio::render_lint_text(reports).empty() != report.findings.empty()) __builtin_trap();
    (void)ilio::render_lint_json(reports);
    (void)ilio::render_lint_sarif(reports);
    auto compiled = ilio::compile(text);
    if (!compiled.ok()) return 0;
    for (const auto& f : report.findings) {
        const auto& code = f.diagnostic.code;
        bool known = code.size() == 4 && (code[0] == 'E' || code[0] == 'W');
        for (const auto& c : ilio::lint_codes()) known = known || c.code == code;
        if (!known) __builtin_trap();
        if (!f.witness.empty() && !ilio::read_facts_json(*compiled.rule_set, f.witness).ok())
            __builtin_trap();
    }
    return 0;
}
