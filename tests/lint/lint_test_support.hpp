#pragma once
// Shared by the lint tests: the case files and linting one by name.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "ilio/lint.hpp"

namespace lint_test {

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Lints a case file under its bare name, so golden output does not depend on the checkout.
inline ilio::LintReport lint_case(const std::string& name) {
    auto path = std::filesystem::path(ILIO_LINT_CASES) / name;
    ilio::CompileOptions options;
    options.file_name = name;
    auto report = ilio::lint(read_text(path), options);
    report.file = name;
    return report;
}

inline bool has_code(const ilio::LintReport& report, std::string_view code) {
    for (const auto& f : report.findings)
        if (f.diagnostic.code == code) return true;
    return false;
}

}  // namespace lint_test
