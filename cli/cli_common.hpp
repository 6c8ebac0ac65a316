#pragma once
// What every `ilio` command shares: exit codes, loading rules with their diagnostics printed,
// and reading an input file or standard input.

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "ilio/ilio.hpp"
#include "ilio/lint.hpp"

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
Command add_lint_command(CLI::App& app);
Command add_fmt_command(CLI::App& app);

/// `--max-rules-bytes N` on the `ilio` command itself (given before or after the subcommand):
/// the size limit for rules text, CompileOptions::max_source_bytes.
void add_rules_limit_option(CLI::App& app);

/// Compile options for rules read by any command: the limit set by `--max-rules-bytes`.
CompileOptions rules_options();

/// Prints every diagnostic to standard error; returns whether there was an error.
bool report(const CompileResult& result);

/// Whether the rules could not be read at all (missing file, directory, over the size limit):
/// an I/O error.
bool is_io_error(const CompileResult& result);

/// Whether a diagnostic code means the rules text could not be read (E001, E002).
bool is_io_error_code(std::string_view code);

/// Reads a whole file, or standard input for "-". False when it cannot be read. At most
/// `limit` bytes are read, so a caller with a size limit passes one more than it and sees the
/// excess without holding an unbounded input.
bool read_input(const std::string& path, std::string& out,
                std::size_t limit = std::numeric_limits<std::size_t>::max());

/// Compiles a rules file; "-", a pipe or `<(…)` is read from the stream (within the same size
/// limit), a regular file through `ilio::load`.
CompileResult load_rules_file(const std::string& path, CompileOptions options = rules_options());

/// Keeps a compiled result alive until the process ends, never destroyed: freeing the many small
/// allocations of a large rule set costs a twentieth of compiling it (100,000 conclusions:
/// about 0.1 s), and the operating system takes the whole heap back at exit anyway, as clang's
/// -disable-free does. Held from a global, so LeakSanitizer and valgrind see it as reachable.
/// For the last rule set a command reads; earlier ones are freed as usual to bound memory.
void keep_until_exit(CompileResult&& result);

/// Loads rules for a command that needs them, with `--set NAME=VALUE` overrides; prints the
/// diagnostics. Returns the exit code on failure, nothing on success.
std::optional<int> load_rules(const std::string& path, const std::vector<std::string>& settings,
                              std::optional<RuleSet>& rules);

/// Prints reports in `format` (text to standard error, json and sarif to standard output) and
/// returns the exit code: 2 on an I/O error, 1 on errors (or warnings when `deny_warnings`).
int emit_reports(const std::vector<LintReport>& reports, const std::string& format,
                 bool deny_warnings, bool io_error);

/// A file written through a temporary one in the same directory and published by a rename,
/// so an interrupted run leaves the old file or the new one, never half of one. Writes may
/// come piece by piece (a report of thousands of patients is never held whole); the first
/// failure is kept, and `commit` reports it. Not committed, the temporary file is removed.
class AtomicFile {
  public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Appends `text`; after a failure, does nothing (commit says what failed).
    void write(std::string_view text);
    /// Syncs, closes and renames over `path`. False on any failure since the file was opened,
    /// with `error` naming the file and the reason; the old file, if any, is then untouched.
    bool commit(std::string& error);

  private:
    std::string path_, temporary_;
    int fd_ = -1;
    int errno_ = 0;        // the first failure
    std::string failing_;  // what failed, when it is not the write itself
};

/// Writes `text` to `path` as one AtomicFile. False on failure, with `error` saying why.
bool write_file_atomically(const std::string& path, const std::string& text, std::string& error);

/// Called once at start: std::cout then writes through a buffer that keeps the first write
/// error, for `finish_output` to report.
void use_checked_stdout();

/// Called once at exit with the command's exit code: flushes standard output and error and
/// checks that every write reached its destination. A failed write (a full disk, /dev/full)
/// is reported naming the destination and turns the code into `exit_usage`, so no command
/// reports success for output that was lost; a closed pipe ends quietly by SIGPIPE.
int finish_output(int code);

}  // namespace ilio::cli
