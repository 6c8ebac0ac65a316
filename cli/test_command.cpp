// `ilio test [RULES…]`: run the rule tests beside each rules file, with condition coverage.

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace ilio::cli {
namespace {

struct TestOptions {
    std::vector<std::string> files;
    bool full = false;
};

/// `NAME.tests.json` beside `NAME.ilio`.
std::string cases_path(const std::string& rules) {
    std::filesystem::path path(rules);
    return (path.parent_path() / (path.stem().string() + ".tests.json")).string();
}

int run_test(TestOptions o) {
    if (o.files.empty()) {
        // Default: every rule set in ./rules, as a rule author runs it from the project root.
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator("rules", ec))
            if (entry.path().extension() == ".ilio") o.files.push_back(entry.path().string());
        std::sort(o.files.begin(), o.files.end());
        if (o.files.empty()) {
            std::cerr << "ilio test: no RULES given and no rules/*.ilio here\n";
            return exit_usage;
        }
    }
    int status = exit_ok;
    for (const auto& file : o.files) {
        std::optional<RuleSet> rules;
        if (auto code = load_rules(file, {}, rules)) return *code;
        std::string cases;
        if (!read_input(cases_path(file), cases)) {
            std::cerr << fmt::format("ilio test: {} has no test cases: expected {}\n", file,
                                     cases_path(file));
            return exit_usage;
        }
        auto report = run_rule_tests(*rules, cases);
        std::cout << render_rule_test_report(report, file, o.full);
        if (!report.ok()) status = exit_failed;
    }
    return status;
}

}  // namespace

Command add_test_command(CLI::App& app) {
    auto o = std::make_shared<TestOptions>();
    auto* test = app.add_subcommand(
        "test", "Run the rule tests beside each rules file (NAME.tests.json) with coverage");
    test->add_option("RULES", o->files, "Rules files (default: rules/*.ilio)");
    test->add_flag("--full", o->full, "List the coverage of every sub-condition");
    return {test, [o] { return run_test(*o); }};
}

}  // namespace ilio::cli
