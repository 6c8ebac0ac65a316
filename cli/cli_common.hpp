#pragma once
// What every `ilio` command shares: exit codes, loading rules with their diagnostics printed,
// and reading an input file or standard input.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ilio/ilio.hpp"

namespace ilio::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;

/// A subcommand: its CLI11 parser and what runs it once the arguments are parsed.
struct Command {
    CLI::App* parser = nullptr;
    std::function<int()> run;
};

Command add_check_command(CLI::App& app);
Command add_eval_command(CLI::App& app);
Command add_test_command(CLI::App& app);
Command add_graph_command(CLI::App& app);
Command add_report_command(CLI::App& app);

/// Prints every diagnostic to standard error; returns whether there was an error.
bool report(const CompileResult& result);

/// Whether the rules could not be read at all (missing file, directory): an I/O error.
bool is_io_error(const CompileResult& result);

/// Reads a whole file, or standard input for "-". False when it cannot be read.
bool read_input(const std::string& path, std::string& out);

/// Writes `text` to `path` atomically: into a temporary file in the same directory, then
/// renamed over `path`, so a reader never sees half a file. False on any I/O error (the
/// temporary file is removed).
bool write_file_atomically(const std::string& path, std::string_view text);

/// Loads rules for a command that needs them, with `--set NAME=VALUE` overrides; prints the
/// diagnostics. Returns the exit code on failure, nothing on success.
std::optional<int> load_rules(const std::string& path, const std::vector<std::string>& settings,
                              std::optional<RuleSet>& rules);

}  // namespace ilio::cli
