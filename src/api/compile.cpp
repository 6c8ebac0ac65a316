// compile() and load(): the pipeline parse → check → graph, behind the public API.

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "check/checker.hpp"
#include "common/one_line.hpp"
#include "common/sha256.hpp"
#include "common/source_text.hpp"
#include "evaluate/case_split.hpp"
#include "evaluate/truth_plan.hpp"
#include "graph/decision_graph.hpp"
#include "ilio/rule_set.hpp"
#include "parse/parser.hpp"
#include "parse/source_check.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

/// compile() over a text it owns: load() hands over the text it read, so a large file is held
/// twice while compiled (the result's copy for diagnostics, the program's for its texts), not
/// three times.
CompileResult compile_text(std::string text, const CompileOptions& options) {
    CompileResult result;
    result.source = std::move(text);
    std::string_view text_view = result.source;
    auto program = std::make_shared<detail::Program>();
    program->source_text = result.source;
    // Slices of the source (node texts) point into the program's own copy.
    detail::SourceText source(options.file_name, program->source_text);

    auto parsed = parse::parse_rules(source, options.max_source_bytes);
    result.diagnostics = std::move(parsed.diagnostics);
    // A file that could not be read as text (size, NUL, UTF-8, empty) has nothing to check.
    if (has_errors(result.diagnostics) && parsed.file.declarations.empty()) return result;

    program->file_name = options.file_name;
    program->overrides = options.overrides;
    program->source_hash = detail::sha256_hex(text_view);
    // The declarations that parsed are checked even when others did not, so one run reports
    // every mistake; names whose declaration failed are known to the checker.
    check::check_rules(parsed.file, source, options.overrides, parsed.unparsed_names, *program,
                       result.diagnostics);
    // Read top to bottom, as the author reads the file; file-level ones (no line) come first.
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.span.begin.line, a.span.begin.column) <
                                std::pair(b.span.begin.line, b.span.begin.column);
                     });
    if (has_errors(result.diagnostics)) return result;
    if (!graph::order_program(*program, source, result.diagnostics)) return result;
    detail::prepare_case_split(*program);
    detail::build_truth_plan(*program);
    program->node_text_one_line.resize(program->nodes.size());
    for (std::size_t n = 0; n < program->nodes.size(); ++n)
        program->node_text_one_line[n] = detail::is_one_line(program->nodes[n].text);
    program->fact_names.build(program->facts);
    program->parameter_names.build(program->parameters);
    program->criterion_names.build(program->criteria);
    program->conclusion_names.build(program->conclusions);
    program->step_names.build(program->steps);
    program->population_names.build(program->populations);
    program->score_names.build(program->scores);
    result.rule_set.emplace(std::move(program));
    return result;
}

}  // namespace

CompileResult compile(std::string_view text, const CompileOptions& options) {
    return compile_text(std::string(text), options);
}

CompileResult load(const std::filesystem::path& path, CompileOptions options) {
    if (options.file_name == "<input>") options.file_name = path.string();
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
        CompileResult result;
        result.diagnostics.push_back(
            Diagnostic{Severity::error,
                       "E001",
                       options.file_name,
                       {},
                       fmt::format("cannot read rules file: {}",
                                   ec ? ec.message() : std::string("cannot open it")),
                       {}});
        return result;
    }
    if (size > parse::effective_source_limit(options.max_source_bytes)) {
        // Reject before reading: a huge file costs nothing but this message.
        CompileResult result;
        result.diagnostics.push_back(
            parse::source_too_large(options.file_name, size, options.max_source_bytes));
        return result;
    }
    // Read straight into one string of the file's size: a stream buffer and its copy would
    // hold the text twice more while a large file is compiled.
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(in.gcount()));
    // A file that grew since its size was taken (a log being written) is read to its end.
    if (in) {
        std::ostringstream rest;
        rest << in.rdbuf();
        text += rest.str();
    }
    return compile_text(std::move(text), options);
}

}  // namespace ilio
