// `ilio check FILE… [--summary] [--format text|json|sarif]`: compile rules files and print every
// diagnostic.

#include <iostream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace ilio::cli {
namespace {

/// "1 criterion", "2 criteria".
std::string counted(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

void print_summary(const RuleSet& rules) {
    // A rule set without a title reads "NAME VERSION", not "NAME VERSION — ".
    auto title = rules.title().empty() ? std::string() : " — " + rules.title();
    std::cout << fmt::format("{} {}{}\n  {}, {}, {}, {} in {}, sha256 {}\n", rules.name(),
                             rules.version(), title, counted(rules.facts().size(), "fact", "facts"),
                             counted(rules.parameters().size(), "parameter", "parameters"),
                             counted(rules.criteria().size(), "criterion", "criteria"),
                             counted(rules.conclusions().size(), "conclusion", "conclusions"),
                             counted(rules.steps().size(), "step", "steps"), rules.source_hash());
    for (const auto& step : rules.steps()) {
        std::cout << fmt::format("  {}{}\n", step.title, step.gated ? "  (gated)" : "");
        for (auto c : step.conclusions)
            std::cout << fmt::format("    {:<10} {}\n", to_string(rules.conclusions()[c].kind),
                                     rules.conclusions()[c].title);
    }
}

struct CheckOptions {
    std::vector<std::string> files;
    bool summary = false;
    std::string format = "text";
};

// JSON and SARIF go through the linter's emitters, so the two commands print one format.
int run_check_structured(const CheckOptions& o) {
    std::vector<LintReport> reports;
    bool io_error = false;
    for (const auto& file : o.files) {
        auto result = load(file);
        io_error = io_error || is_io_error(result);
        reports.push_back(report_of(result, file));
    }
    return emit_reports(reports, o.format, false, io_error);
}

int run_check(const CheckOptions& o) {
    if (o.format != "text") return run_check_structured(o);
    int status = exit_ok;
    for (const auto& file : o.files) {
        auto result = load_rules_file(file);
        if (is_io_error(result)) {
            // Report it and go on: the other files still get checked.
            report(result);
            status = exit_usage;
            continue;
        }
        if (report(result)) {
            if (status == exit_ok) status = exit_failed;
        } else if (o.summary) {
            print_summary(*result.rule_set);
        }
        if (&file == &o.files.back()) keep_until_exit(std::move(result));
    }
    return status;
}

}  // namespace

Command add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    auto* check = app.add_subcommand("check", "Check rules files and print their diagnostics");
    check->add_option("FILE", options->files, "Rules files (.ilio)")->required();
    check->add_flag("--summary", options->summary,
                    "Also print each rule set's facts, steps and conclusions");
    check->add_option("--format", options->format, "Output format (json and sarif: as lint)")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
    return {check, [options] { return run_check(*options); }};
}

}  // namespace ilio::cli
