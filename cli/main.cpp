// The `ilio` command line: a thin shell over the library. Exit codes: 0 success, 1 the rules or
// facts have errors (or a test failed), 2 usage or I/O error.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

bool read_input(const std::string& path, std::string& out) {
    if (path == "-") {
        std::ostringstream text;
        text << std::cin.rdbuf();
        out = text.str();
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

/// Loads rules for a command that needs them; prints diagnostics. Exit code on failure.
std::optional<int> load_rules(const std::string& path,
                              const std::vector<std::string>& settings,
                              std::optional<ilio::RuleSet>& rules) {
    ilio::CompileOptions options;
    for (const auto& s : settings) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << fmt::format("ilio: --set expects NAME=VALUE (e.g. knee_normal=75deg), "
                                     "got \"{}\"\n",
                                     s);
            return exit_usage;
        }
        options.overrides.push_back({s.substr(0, eq), s.substr(eq + 1)});
    }
    auto result = ilio::load(path, options);
    if (is_io_error(result)) {
        report(result);
        return exit_usage;
    }
    if (report(result)) return exit_failed;
    rules = std::move(result.rule_set);
    return std::nullopt;
}

struct EvalOptions {
    std::string rules, facts, format = "text";
    std::vector<std::string> settings;
    bool lenient = false;
    bool jsonl = false;
};

std::string render(const ilio::Explanation& x, const std::string& format) {
    if (format == "json") return ilio::render_json(x) + "\n";
    if (format == "markdown") return ilio::render_markdown(x);
    ilio::TextStyle style;
    // Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
    style.color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    return ilio::render_text(x, style);
}

/// Evaluates one facts document; prints the explanation or the problems. False on errors.
bool evaluate_one(const ilio::RuleSet& rules, std::string_view text, const EvalOptions& o,
                  const std::string& where, ilio::Evaluation& evaluation) {
    auto facts = ilio::read_facts_json(rules, text, ilio::FactsOptions{o.lenient});
    if (!facts.ok()) {
        for (const auto& e : facts.errors)
            std::cerr << fmt::format("{}: error: {}{}\n", where,
                                     e.where.empty() ? "" : e.where + ": ", e.message);
        return false;
    }
    rules.evaluate(*facts.facts, evaluation);
    std::cout << render(ilio::explain(evaluation, *facts.facts), o.format);
    return true;
}

int run_eval(const EvalOptions& o) {
    std::optional<ilio::RuleSet> rules;
    if (auto code = load_rules(o.rules, o.settings, rules)) return *code;
    std::string text;
    if (!read_input(o.facts, text)) {
        std::cerr << fmt::format("ilio: cannot read facts file {}\n", o.facts);
        return exit_usage;
    }
    ilio::Evaluation evaluation;
    bool jsonl = o.jsonl || (o.facts.size() > 6 && o.facts.ends_with(".jsonl"));
    if (!jsonl) return evaluate_one(*rules, text, o, o.facts, evaluation) ? exit_ok : exit_failed;
    // JSON Lines: one patient per line; a bad line is reported and the others still run.
    bool all_ok = true;
    std::size_t line_number = 0, start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        ++line_number;
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        if (o.format == "text") std::cout << fmt::format("── {} line {} ──\n", o.facts, line_number);
        all_ok &= evaluate_one(*rules, line, o, fmt::format("{}:{}", o.facts, line_number),
                               evaluation);
    }
    return all_ok ? exit_ok : exit_failed;
}

int run_graph(const std::string& path) {
    std::optional<ilio::RuleSet> rules;
    if (auto code = load_rules(path, {}, rules)) return *code;
    std::cout << rules->to_dot();
    return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ilio: a rule-based clinical decision engine"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(ilio::engine_version));

    std::vector<std::string> check_files;
    auto* check = app.add_subcommand("check", "Check rules files and print their diagnostics");
    check->add_option("FILE", check_files, "Rules files (.ilio)")->required();

    EvalOptions eval_options;
    auto* eval = app.add_subcommand("eval", "Evaluate a patient's facts and explain the result");
    eval->add_option("RULES", eval_options.rules, "Rules file (.ilio)")->required();
    eval->add_option("--facts", eval_options.facts,
                     "Facts: a JSON object, or JSON Lines (one patient per line) when the file "
                     "ends in .jsonl or --jsonl is given; - reads standard input")
        ->required();
    eval->add_option("--format", eval_options.format, "Output: text, markdown or json")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    eval->add_option("--set", eval_options.settings,
                     "Override a parameter: NAME=VALUE, e.g. --set knee_normal=\"75 deg\"");
    eval->add_flag("--lenient", eval_options.lenient,
                   "Turn each invalid fact into unknown with a warning instead of failing");
    eval->add_flag("--jsonl", eval_options.jsonl, "Read the facts as JSON Lines");

    std::string graph_file;
    auto* graph = app.add_subcommand("graph", "Print the decision graph as GraphViz DOT");
    graph->add_option("RULES", graph_file, "Rules file (.ilio)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }
    try {
        if (*check) return run_check(check_files);
        if (*eval) return run_eval(eval_options);
        if (*graph) return run_graph(graph_file);
    } catch (const std::exception& e) {
        // The library reports bad input as values; this is a last line against the unexpected.
        std::cerr << "ilio: internal error: " << e.what() << "\n";
        return exit_usage;
    }
    return exit_usage;
}
