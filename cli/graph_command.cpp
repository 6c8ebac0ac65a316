// `ilio graph RULES`: the decision graph as GraphViz DOT.

#include <iostream>

#include "cli_common.hpp"

namespace ilio::cli {
namespace {

int run_graph(const std::string& path) {
    std::optional<RuleSet> rules;
    if (auto code = load_rules(path, {}, rules)) return *code;
    std::cout << rules->to_dot();
    return exit_ok;
}

}  // namespace

Command add_graph_command(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    auto* graph = app.add_subcommand("graph", "Print the decision graph as GraphViz DOT");
    graph->add_option("RULES", *file, "Rules file (.ilio)")->required();
    return {graph, [file] { return run_graph(*file); }};
}

}  // namespace ilio::cli
