// `ilio lint [--format text|json|sarif] [--deny warnings] FILE…`: everything `check` reports,
// plus what the linter proves about the rules' meaning (docs/lint.md).

#include <iostream>

#include "cli_common.hpp"
#include "ilio/lint.hpp"

namespace ilio::cli {
namespace {

struct LintOptions {
    std::vector<std::string> files;
    std::string format = "text";
    std::string deny;
};

int run_lint(const LintOptions& o) {
    std::vector<LintReport> reports;
    bool io_error = false;
    for (const auto& file : o.files) {
        reports.push_back(lint_file(file, rules_options()));
        const auto& findings = reports.back().findings;
        io_error =
            io_error || (findings.size() == 1 && is_io_error_code(findings[0].diagnostic.code));
    }
    return emit_reports(reports, o.format, o.deny == "warnings", io_error);
}

}  // namespace

Command add_lint_command(CLI::App& app) {
    auto options = std::make_shared<LintOptions>();
    auto* lint = app.add_subcommand(
        "lint", "Check rules files and report what the linter proves about them");
    lint->add_option("FILE", options->files, "Rules files (.ilio)")->required();
    lint->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
    lint->add_option("--deny", options->deny, "Fail (exit 1) on warnings too")
        ->check(CLI::IsMember({"warnings"}));
    return {lint, [options] { return run_lint(*options); }};
}

}  // namespace ilio::cli
