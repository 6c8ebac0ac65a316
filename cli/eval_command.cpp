// `ilio eval RULES --facts FILE`: evaluate one patient or a JSON Lines batch and explain it.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "ilio/json_lines.hpp"
#include "ilio/status.hpp"
#include "progress_line.hpp"

namespace ilio::cli {
namespace {

struct EvalOptions {
    std::string rules, facts, format = "text";
    std::vector<std::string> settings;
    bool lenient = false;
    bool jsonl = false;
    bool why = false;
    bool pretty = false;
    std::string why_not;
    std::size_t max_line_bytes = default_max_line_bytes;
    unsigned threads = 0;
};

/// What renders every patient of a run, set up once.
struct Renderer {
    const RuleSet& rules;
    const EvalOptions& o;
    StatusWriter status;
    // Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
    bool color = o.format == "text" && isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;

    Renderer(const RuleSet& r, const EvalOptions& options) : rules(r), o(options), status(r) {}

    bool machine_lines() const { return o.format == "json" || o.format == "status"; }

    /// Where a patient comes from, as errors and summaries name it: the file, and in a JSON
    /// Lines batch the line. Formatted only where it is shown, not for every status line.
    std::string where(std::size_t line) const {
        return line == 0 ? o.facts : fmt::format("{}:{}", o.facts, line);
    }

    /// One patient: the result on `out`, the problems on `err`; false when the facts could
    /// not be read. `line` is the JSON Lines line number, 0 for a single document.
    bool render(const FactsResult& facts, const Evaluation* evaluation, std::size_t line,
                std::string& out, std::string& err) const {
        if (line != 0 && o.format == "text")
            out += fmt::format("── {} line {} ──\n", o.facts, line);
        if (!facts.ok()) {
            for (const auto& e : facts.errors)
                err += fmt::format("{}: error: {}{}\n", where(line),
                                   e.where.empty() ? "" : e.where + ": ", e.message);
            // In JSON Lines output every input line gets an output line, so results stay
            // matched to their patients.
            if (line != 0 && machine_lines())
                out += fmt::format("{{\"line\":{},\"error\":{}}}\n", line,
                                   render_fact_problems_json(facts.errors));
            return false;
        }
        if (o.format == "status") {
            status.append(out, *evaluation, *facts.facts, line);
            out += '\n';
            return true;
        }
        // A summary without its derivations builds only the trees it shows.
        bool summary_only =
            (o.format == "text" || o.format == "markdown") && !o.why && o.why_not.empty();
        // One explanation per worker thread, overwritten patient after patient: its strings
        // and trees keep their memory (a fresh one allocates for each of hundreds of strings).
        thread_local Explanation explanation;
        explain(*evaluation, *facts.facts,
                summary_only ? ExplainDetail::summary : ExplainDetail::full, explanation);
        if (line != 0 && o.format == "json") {
            out += fmt::format("{{\"line\":{},\"explanation\":", line);
            render_json(explanation, out);
            out += "}\n";
        } else if (o.format == "json") {
            render_json(explanation, out, o.pretty ? 2 : -1);
            out += '\n';
        } else if (o.format == "cds-hooks") {
            out += render_cds_cards(explanation, o.pretty ? 2 : -1) + "\n";
        } else {
            SummaryOptions summary;
            summary.format = o.format == "markdown" ? SummaryFormat::markdown : SummaryFormat::text;
            summary.color = color;
            summary.patient = where(line);
            summary.why = o.why;
            out += o.why_not.empty() ? render_summary(explanation, summary)
                                     : render_why(explanation, o.why_not, summary);
        }
        return true;
    }
};

/// A JSON Lines batch, streamed and evaluated on every core; outputs in input order.
int run_batch(const RuleSet& rules, const EvalOptions& o, const Renderer& renderer) {
    std::error_code ec;
    // /dev/stdin rather than std::cin: a file stream reads in blocks.
    const bool standard_input = o.facts == "-";
    std::ifstream in(standard_input ? std::string("/dev/stdin") : o.facts, std::ios::binary);
    if (!in || std::filesystem::is_directory(o.facts, ec)) {
        std::cerr << fmt::format("ilio: cannot read facts file {}\n", o.facts);
        return exit_usage;
    }
    std::uint64_t size = 0;
    if (!standard_input && std::filesystem::is_regular_file(o.facts, ec))
        size = std::filesystem::file_size(o.facts, ec);
    ProgressLine progress(ec ? 0 : size);

    JsonLinesOptions options;
    options.threads = o.threads;
    options.max_line_bytes = o.max_line_bytes;
    options.facts.lenient = o.lenient;
    auto result = evaluate_json_lines(
        rules, in,
        [&](const JsonLinesPatient& p, std::string& out, std::string& err) {
            return renderer.render(p.facts, p.evaluation, p.line, out, err);
        },
        [&](std::string_view out, std::string_view err) {
            if (!err.empty()) {
                progress.clear();
                std::cerr << err;
            }
            std::cout << out;
        },
        options, [&](const JsonLinesProgress& p) { progress.update(p.patients, p.bytes_read); });
    progress.clear();
    if (result.read_error) {
        std::cerr << fmt::format("ilio: reading facts file {} failed after line {}\n", o.facts,
                                 result.lines);
        return exit_usage;
    }
    if (result.patients == 0) {
        std::cerr << fmt::format("ilio: {} holds no patients: it is empty or every line is blank\n",
                                 o.facts);
        return exit_failed;
    }
    return result.failed == 0 ? exit_ok : exit_failed;
}

int run_eval(const EvalOptions& o) {
    std::optional<RuleSet> rules;
    if (auto code = load_rules(o.rules, o.settings, rules)) return *code;
    if (!o.why_not.empty() && !rules->find_conclusion(o.why_not)) {
        std::cerr << fmt::format("ilio: --why-not: {} has no conclusion named \"{}\"\n", o.rules,
                                 o.why_not);
        return exit_usage;
    }
    Renderer renderer(*rules, o);
    if (o.jsonl || (o.facts.size() > 6 && o.facts.ends_with(".jsonl")))
        return run_batch(*rules, o, renderer);
    std::string text;
    if (!read_input(o.facts, text)) {
        std::cerr << fmt::format("ilio: cannot read facts file {}\n", o.facts);
        return exit_usage;
    }
    auto facts = read_facts_json(*rules, text, FactsOptions{o.lenient});
    Evaluation evaluation;
    if (facts.ok()) rules->evaluate(*facts.facts, evaluation);
    std::string out, err;
    bool ok = renderer.render(facts, facts.ok() ? &evaluation : nullptr, 0, out, err);
    std::cerr << err;
    std::cout << out;
    return ok ? exit_ok : exit_failed;
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
    eval->add_option("--format", o->format,
                     "Output: text (the summary, default), markdown (the same), or json "
                     "(schema ilio.explanation/2), or cds-hooks (a CDS Hooks response, {\"cards\": "
                     "[...]}), or status (one compact JSON line per patient, schema ilio.status/1: "
                     "statuses, fired conclusions, facts needed next, the audit hash)")
        ->check(CLI::IsMember({"text", "markdown", "json", "cds-hooks", "status"}));
    eval->add_flag("--why", o->why, "Add the derivation of every fired conclusion");
    eval->add_option("--why-not", o->why_not,
                     "Explain one conclusion by name: why it fired, or why it did not");
    eval->add_flag("--pretty", o->pretty, "Indent JSON output (one document, not JSON Lines)");
    eval->add_option("--set", o->settings,
                     "Override a parameter: NAME=VALUE, e.g. --set knee_normal=\"75 deg\"");
    eval->add_flag("--lenient", o->lenient,
                   "Turn each invalid fact into unknown with a warning instead of failing");
    eval->add_flag("--jsonl", o->jsonl, "Read the facts as JSON Lines");
    eval->add_option("--threads", o->threads,
                     "JSON Lines: threads evaluating the batch; 0 (default) uses every core. "
                     "Output is in input order whatever the number")
        ->check(CLI::Range(0u, 1024u));
    eval->add_option("--max-line-bytes", o->max_line_bytes,
                     "JSON Lines: the longest line (one patient) accepted, in bytes; a longer "
                     "line is reported and skipped")
        ->default_val(default_max_line_bytes)
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    return {eval, [o] { return run_eval(*o); }};
}

}  // namespace ilio::cli
