// The `ilio` command line: a thin shell over the library. Exit codes: 0 success, 1 the rules or
// facts have errors (or a test failed), 2 usage or I/O error.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ilio/ilio.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

/// Prints every diagnostic; returns whether there was an error.
bool report(const ilio::CompileResult& result) {
    for (const auto& d : result.diagnostics)
        std::cerr << ilio::render_diagnostic(d, result.source);
    return ilio::has_errors(result.diagnostics);
}

bool is_io_error(const ilio::CompileResult& result) {
    return result.diagnostics.size() == 1 && result.diagnostics[0].code == "E001";
}

int run_check(const std::vector<std::string>& files) {
    int status = exit_ok;
    for (const auto& file : files) {
        auto result = ilio::load(file);
        if (is_io_error(result)) {
            report(result);
            return exit_usage;
        }
        if (report(result)) status = exit_failed;
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ilio: a rule-based clinical decision engine"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(ilio::engine_version));

    std::vector<std::string> check_files;
    auto* check = app.add_subcommand("check", "Check rules files and print their diagnostics");
    check->add_option("FILE", check_files, "Rules files (.ilio)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }
    if (*check) return run_check(check_files);
    return exit_usage;
}
