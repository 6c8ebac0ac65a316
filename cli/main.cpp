// The `ilio` command line: a thin shell over the library, one file per command. Exit codes:
// 0 success, 1 the rules or facts have errors (or a test failed), 2 usage or I/O error.

#include <iostream>

#include "cli_common.hpp"

int main(int argc, char** argv) {
    using namespace ilio::cli;
    CLI::App app{"ilio: a rule-based clinical decision engine"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(ilio::engine_version));

    const std::vector<Command> commands = {
        add_check_command(app), add_eval_command(app),   add_test_command(app),
        add_graph_command(app), add_report_command(app),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }
    try {
        for (const auto& command : commands)
            if (command.parser->parsed()) return command.run();
    } catch (const std::exception& e) {
        // The library reports bad input as values; this is a last line against the unexpected.
        std::cerr << "ilio: internal error: " << e.what() << "\n";
        return exit_usage;
    }
    return exit_usage;
}
