// `ilio fmt [--check] [--diff] FILE…`: rewrite rules files in the canonical layout, keeping
// every comment. --check names each file that would change (exit 1) and writes nothing;
// --diff prints what would change and writes nothing. A file that does not compile is never
// written; a file is replaced atomically.

#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "ilio/format.hpp"

namespace ilio::cli {
namespace {

struct FmtOptions {
    std::vector<std::string> files;
    bool check = false;
    bool diff = false;
};

int run_fmt(const FmtOptions& o) {
    int status = exit_ok;
    auto worse = [&](int code) { status = std::max(status, code); };
    for (const auto& file : o.files) {
        std::string text;
        if (file == "-" || !read_input(file, text)) {
            std::cerr << fmt::format("ilio fmt: cannot read {}\n", file);
            worse(exit_usage);
            continue;
        }
        auto formatted = format_rules(text, file);
        if (!formatted.ok()) {
            std::cerr << render_diagnostics(formatted.diagnostics, text);
            std::cerr << fmt::format("ilio fmt: {} not formatted\n", file);
            worse(exit_failed);
            continue;
        }
        if (*formatted.text == text) continue;
        if (o.diff) std::cout << unified_diff(text, *formatted.text, file);
        if (o.check) {
            std::cout << fmt::format("{} would be reformatted\n", file);
            worse(exit_failed);
        }
        if (o.check || o.diff) continue;
        std::string error;
        if (!write_file_atomically(file, *formatted.text, error)) {
            std::cerr << fmt::format("ilio fmt: {}\n", error);
            worse(exit_usage);
        }
    }
    return status;
}

}  // namespace

Command add_fmt_command(CLI::App& app) {
    auto options = std::make_shared<FmtOptions>();
    auto* cmd = app.add_subcommand("fmt", "Format rules files in the canonical layout");
    cmd->add_option("FILE", options->files, "Rules files (.ilio)")->required();
    cmd->add_flag("--check", options->check,
                  "Write nothing; name each file that would change and exit 1 if any would");
    cmd->add_flag("--diff", options->diff, "Write nothing; print what would change");
    return {cmd, [options] { return run_fmt(*options); }};
}

}  // namespace ilio::cli
