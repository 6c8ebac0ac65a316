// The `ilio` command line: a thin shell over the library. Exit codes: 0 success, 1 the rules or
// facts have errors (or a test failed), 2 usage or I/O error.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "ilio/ilio.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

/// Prints every diagnostic; returns whether there was an error.
bool report(const ilio::CompileResult& result) {
    for (const auto& d : result.diagnostics) std::cerr << ilio::render_diagnostic(d, result.source);
    return ilio::has_errors(result.diagnostics);
}

bool is_io_error(const ilio::CompileResult& result) {
    return result.diagnostics.size() == 1 && result.diagnostics[0].code == "E001";
}

void print_summary(const ilio::RuleSet& rules) {
    std::cout << fmt::format(
        "{} {} — {}\n  {} facts, {} parameters, {} criteria, {} "
        "conclusions in {} steps; sha256 {}\n",
        rules.name(), rules.version(), rules.title(), rules.facts().size(),
        rules.parameters().size(), rules.criteria().size(), rules.conclusions().size(),
        rules.steps().size(), rules.source_hash());
    for (const auto& step : rules.steps()) {
        std::cout << fmt::format("  {}{}\n", step.title, step.gated ? "  (gated)" : "");
        for (auto c : step.conclusions)
            std::cout << fmt::format("    {:<10} {}\n",
                                     ilio::to_string(rules.conclusions()[c].kind),
                                     rules.conclusions()[c].title);
    }
}

int run_check(const std::vector<std::string>& files, bool summary) {
    int status = exit_ok;
    for (const auto& file : files) {
        auto result = ilio::load(file);
        if (is_io_error(result)) {
            // Report it and go on: the other files still get checked.
            report(result);
            status = exit_usage;
            continue;
        }
        if (report(result)) {
            if (status == exit_ok) status = exit_failed;
        } else if (summary) {
            print_summary(*result.rule_set);
        }
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
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

/// Loads rules for a command that needs them; prints diagnostics. Exit code on failure.
std::optional<int> load_rules(const std::string& path, const std::vector<std::string>& settings,
                              std::optional<ilio::RuleSet>& rules) {
    ilio::CompileOptions options;
    for (const auto& s : settings) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << fmt::format(
                "ilio: --set expects NAME=VALUE (e.g. knee_normal=75deg), "
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
/// `line` is the JSON Lines line number, 0 for a single document.
bool evaluate_one(const ilio::RuleSet& rules, std::string_view text, const EvalOptions& o,
                  const std::string& where, std::size_t line, ilio::Evaluation& evaluation) {
    auto facts = ilio::read_facts_json(rules, text, ilio::FactsOptions{o.lenient});
    if (!facts.ok()) {
        for (const auto& e : facts.errors)
            std::cerr << fmt::format("{}: error: {}{}\n", where,
                                     e.where.empty() ? "" : e.where + ": ", e.message);
        // In JSON Lines output every input line gets an output line, so results stay matched
        // to their patients.
        if (line != 0 && o.format == "json")
            std::cout << fmt::format("{{\"line\":{},\"error\":{}}}\n", line,
                                     ilio::render_fact_problems_json(facts.errors));
        return false;
    }
    rules.evaluate(*facts.facts, evaluation);
    auto explanation = ilio::explain(evaluation, *facts.facts);
    if (line != 0 && o.format == "json")
        std::cout << fmt::format("{{\"line\":{},\"explanation\":{}}}\n", line,
                                 ilio::render_json(explanation));
    else
        std::cout << render(explanation, o.format);
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
    if (!jsonl)
        return evaluate_one(*rules, text, o, o.facts, 0, evaluation) ? exit_ok : exit_failed;
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
        if (o.format == "text")
            std::cout << fmt::format("── {} line {} ──\n", o.facts, line_number);
        all_ok &= evaluate_one(*rules, line, o, fmt::format("{}:{}", o.facts, line_number),
                               line_number, evaluation);
    }
    return all_ok ? exit_ok : exit_failed;
}

/// `NAME.tests.json` beside `NAME.ilio`.
std::string cases_path(const std::string& rules) {
    std::filesystem::path path(rules);
    return (path.parent_path() / (path.stem().string() + ".tests.json")).string();
}

int run_test(std::vector<std::string> files, bool full) {
    if (files.empty()) {
        // Default: every rule set in ./rules, as a rule author runs it from the project root.
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator("rules", ec))
            if (entry.path().extension() == ".ilio") files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            std::cerr << "ilio test: no RULES given and no rules/*.ilio here\n";
            return exit_usage;
        }
    }
    int status = exit_ok;
    for (const auto& file : files) {
        std::optional<ilio::RuleSet> rules;
        if (auto code = load_rules(file, {}, rules)) return *code;
        std::string cases;
        if (!read_input(cases_path(file), cases)) {
            std::cerr << fmt::format("ilio test: {} has no test cases: expected {}\n", file,
                                     cases_path(file));
            return exit_usage;
        }
        auto report = ilio::run_rule_tests(*rules, cases);
        std::cout << ilio::render_rule_test_report(report, file, full);
        if (!report.ok()) status = exit_failed;
    }
    return status;
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
    bool check_summary = false;
    check->add_flag("--summary", check_summary,
                    "Also print each rule set's facts, steps and conclusions");

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

    std::vector<std::string> test_files;
    bool full_coverage = false;
    auto* test = app.add_subcommand(
        "test", "Run the rule tests beside each rules file (NAME.tests.json) with coverage");
    test->add_option("RULES", test_files, "Rules files (default: rules/*.ilio)");
    test->add_flag("--full", full_coverage, "List the coverage of every sub-condition");

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
        if (*check) return run_check(check_files, check_summary);
        if (*eval) return run_eval(eval_options);
        if (*test) return run_test(test_files, full_coverage);
        if (*graph) return run_graph(graph_file);
    } catch (const std::exception& e) {
        // The library reports bad input as values; this is a last line against the unexpected.
        std::cerr << "ilio: internal error: " << e.what() << "\n";
        return exit_usage;
    }
    return exit_usage;
}
