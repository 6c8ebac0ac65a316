// `ilio check FILE… [--summary]`: compile rules files and print every diagnostic.

#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace ilio::cli {
namespace {

void print_summary(const RuleSet& rules) {
    std::cout << fmt::format(
        "{} {} — {}\n  {} facts, {} parameters, {} criteria, {} "
        "conclusions in {} steps; sha256 {}\n",
        rules.name(), rules.version(), rules.title(), rules.facts().size(),
        rules.parameters().size(), rules.criteria().size(), rules.conclusions().size(),
        rules.steps().size(), rules.source_hash());
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
};

int run_check(const CheckOptions& o) {
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
    return {check, [options] { return run_check(*options); }};
}

}  // namespace ilio::cli
