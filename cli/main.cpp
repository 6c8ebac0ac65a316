// The `ilio` command line: a thin shell over the library, one file per command. Exit codes:
// 0 success, 1 the rules or facts have errors (or a test failed), 2 usage or I/O error
// (including output that could not be written).

#include <csignal>
#include <iostream>

#include "cli_common.hpp"

int main(int argc, char** argv) {
    using namespace ilio::cli;
    // A reader that goes away (`ilio eval … | head`) ends ilio quietly with the conventional
    // SIGPIPE status, even when the parent left SIGPIPE ignored.
    std::signal(SIGPIPE, SIG_DFL);
    use_checked_stdout();

    CLI::App app{"ilio: a rule-based clinical decision engine"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(ilio::engine_version));
    add_rules_limit_option(app);

    const std::vector<Command> commands = {
        add_check_command(app),  add_eval_command(app), add_test_command(app),
        add_graph_command(app),  add_lint_command(app), add_fmt_command(app),
        add_report_command(app),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return finish_output(code == 0 ? exit_ok : exit_usage);
    }
    try {
        for (const auto& command : commands)
            if (command.parser->parsed()) return finish_output(command.run());
    } catch (const std::exception& e) {
        // The library reports bad input as values; this is a last line against the unexpected.
        std::cerr << "ilio: internal error: " << e.what() << "\n";
        return finish_output(exit_usage);
    }
    return finish_output(exit_usage);
}
