// `ilio eval RULES --facts FILE`: evaluate one patient or a JSON Lines batch and explain it.

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "line_reader.hpp"

namespace ilio::cli {
namespace {

struct EvalOptions {
    std::string rules, facts, format = "text";
    std::vector<std::string> settings;
    bool lenient = false;
    bool jsonl = false;
    std::size_t max_line_bytes = default_max_line_bytes;
};

std::string render(const Explanation& x, const std::string& format) {
    if (format == "json") return render_json(x) + "\n";
    if (format == "markdown") return render_markdown(x);
    TextStyle style;
    // Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
    style.color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    return render_text(x, style);
}

/// Evaluates one facts document; prints the explanation or the problems. False on errors.
/// `line` is the JSON Lines line number, 0 for a single document.
bool evaluate_one(const RuleSet& rules, std::string_view text, const EvalOptions& o,
                  const std::string& where, std::size_t line, Evaluation& evaluation) {
    auto facts = read_facts_json(rules, text, FactsOptions{o.lenient});
    if (!facts.ok()) {
        for (const auto& e : facts.errors)
            std::cerr << fmt::format("{}: error: {}{}\n", where,
                                     e.where.empty() ? "" : e.where + ": ", e.message);
        // In JSON Lines output every input line gets an output line, so results stay matched
        // to their patients.
        if (line != 0 && o.format == "json")
            std::cout << fmt::format("{{\"line\":{},\"error\":{}}}\n", line,
                                     render_fact_problems_json(facts.errors));
        return false;
    }
    rules.evaluate(*facts.facts, evaluation);
    auto explanation = explain(evaluation, *facts.facts);
    if (line != 0 && o.format == "json")
        std::cout << fmt::format("{{\"line\":{},\"explanation\":{}}}\n", line,
                                 render_json(explanation));
    else
        std::cout << render(explanation, o.format);
    return true;
}

int run_eval(const EvalOptions& o) {
    std::optional<RuleSet> rules;
    if (auto code = load_rules(o.rules, o.settings, rules)) return *code;
    Evaluation evaluation;
    bool jsonl = o.jsonl || (o.facts.size() > 6 && o.facts.ends_with(".jsonl"));
    if (jsonl) {
        // JSON Lines, streamed: one patient per line; a bad line is reported and the others
        // still run.
        return for_each_json_line(
            o.facts, o.max_line_bytes, o.format == "json",
            [&](std::string_view line, std::size_t line_number) {
                if (o.format == "text")
                    std::cout << fmt::format("── {} line {} ──\n", o.facts, line_number);
                return evaluate_one(*rules, line, o, fmt::format("{}:{}", o.facts, line_number),
                                    line_number, evaluation);
            });
    }
    std::string text;
    if (!read_input(o.facts, text)) {
        std::cerr << fmt::format("ilio: cannot read facts file {}\n", o.facts);
        return exit_usage;
    }
    return evaluate_one(*rules, text, o, o.facts, 0, evaluation) ? exit_ok : exit_failed;
}

}  // namespace

Command add_eval_command(CLI::App& app) {
    auto o = std::make_shared<EvalOptions>();
    auto* eval = app.add_subcommand("eval", "Evaluate a patient's facts and explain the result");
    eval->add_option("RULES", o->rules, "Rules file (.ilio)")->required();
    eval->add_option("--facts", o->facts,
                     "Facts: a JSON object, or JSON Lines (one patient per line) when the file "
                     "ends in .jsonl or --jsonl is given; - reads standard input")
        ->required();
    eval->add_option("--format", o->format, "Output: text, markdown or json")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    eval->add_option("--set", o->settings,
                     "Override a parameter: NAME=VALUE, e.g. --set knee_normal=\"75 deg\"");
    eval->add_flag("--lenient", o->lenient,
                   "Turn each invalid fact into unknown with a warning instead of failing");
    eval->add_flag("--jsonl", o->jsonl, "Read the facts as JSON Lines");
    eval->add_option("--max-line-bytes", o->max_line_bytes,
                     "JSON Lines: the longest line (one patient) accepted, in bytes; a longer "
                     "line is reported and skipped")
        ->default_val(default_max_line_bytes)
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    return {eval, [o] { return run_eval(*o); }};
}

}  // namespace ilio::cli
