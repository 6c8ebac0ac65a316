// `ilio graph RULES [--facts FILE] [--format dot|svg]`: the decision graph, optionally with one
// patient's path coloured.

#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace ilio::cli {
namespace {

struct GraphOptions {
    std::string rules, facts, format = "dot";
};

int run_graph(const GraphOptions& o) {
    std::optional<RuleSet> rules;
    if (auto code = load_rules(o.rules, {}, rules)) return *code;
    auto format = o.format == "svg" ? GraphFormat::svg : GraphFormat::dot;
    if (o.facts.empty()) {
        std::cout << render_graph(*rules, nullptr, format);
        return exit_ok;
    }
    std::string text;
    if (!read_input(o.facts, text)) {
        std::cerr << fmt::format("ilio: cannot read facts file {}\n", o.facts);
        return exit_usage;
    }
    auto facts = read_facts_json(*rules, text);
    if (!facts.ok()) {
        for (const auto& e : facts.errors)
            std::cerr << fmt::format("{}: error: {}{}\n", o.facts,
                                     e.where.empty() ? "" : e.where + ": ", e.message);
        return exit_failed;
    }
    auto explanation = explain(rules->evaluate(*facts.facts), *facts.facts);
    std::cout << render_graph(*rules, &explanation, format);
    return exit_ok;
}

}  // namespace

Command add_graph_command(CLI::App& app) {
    auto o = std::make_shared<GraphOptions>();
    auto* graph = app.add_subcommand(
        "graph", "Print the decision graph (DOT or SVG), with one patient's path coloured");
    graph->add_option("RULES", o->rules, "Rules file (.ilio)")->required();
    graph->add_option("--facts", o->facts, "Colour the graph for this patient (a JSON object)");
    graph->add_option("--format", o->format, "dot (default) or svg (laid out by Graphviz)")
        ->check(CLI::IsMember({"dot", "svg"}));
    return {graph, [o] { return run_graph(*o); }};
}

}  // namespace ilio::cli
