// evaluate_json_lines: every line that is not blank reaches the renderer once, outputs arrive in
// input order on any number of threads, a line over the limit is a problem of its own, and the
// status line says what the evaluation says.

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::psoas;
using ilio::testing::read_file;

namespace {

/// The example patients, one compact JSON document each.
std::vector<std::string> example_lines() {
    std::vector<std::string> lines;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(ILIO_SOURCE_DIR) + "/examples/patients"))
        if (entry.path().extension() == ".json")
            lines.push_back(nlohmann::json::parse(read_file(entry.path().string())).dump());
    std::sort(lines.begin(), lines.end());
    REQUIRE(lines.size() >= 10);
    return lines;
}

/// A batch of `count` lines: the examples in turn, with blank lines, a fact that does not exist,
/// broken JSON and a line over `max_line` bytes mixed in.
std::string batch_text(std::size_t count, std::size_t max_line) {
    auto examples = example_lines();
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
        switch (i % 97) {
            case 5:
                text += "   \t\r\n";
                break;
            case 11:
                text += "{\"no_such_fact\": 1}\n";
                break;
            case 23:
                text += "{\"thomas.low_back_flat.left\": tru\n";
                break;
            case 41:
                text += "{\"x\": \"" + std::string(max_line, 'a') + "\"}\n";
                break;
            default:
                text += examples[i % examples.size()] + "\n";
        }
    }
    return text;
}

struct Run {
    std::vector<std::string> outputs;
    JsonLinesResult result;
    std::vector<std::size_t> progress;
};

/// Runs a batch, rendering each patient as its line number and status line (or its problems).
Run run_batch(const std::string& text, unsigned threads, std::size_t max_line) {
    const auto& rules = psoas();
    StatusWriter status(rules);
    std::istringstream in(text);
    JsonLinesOptions options;
    options.threads = threads;
    options.max_line_bytes = max_line;
    Run run;
    run.result = evaluate_json_lines(
        rules, in,
        [&](const JsonLinesPatient& p, std::string& out, std::string& err) {
            if (!p.facts.ok()) {
                err = render_fact_problems_json(p.facts.errors);
                out = std::to_string(p.line) + " error";
                return false;
            }
            status.append(out, *p.evaluation, *p.facts.facts, p.line);
            return true;
        },
        [&](std::string_view out, std::string_view err) {
            run.outputs.push_back(std::string(out) + "|" + std::string(err));
        },
        options, [&](const JsonLinesProgress& p) { run.progress.push_back(p.patients); });
    return run;
}

}  // namespace

TEST_CASE("a JSON Lines batch gives, in input order, what each line evaluated alone gives") {
    // Five blocks (of 256 lines), on one thread and then on several.
    constexpr std::size_t lines = 1100, max_line = 4096;
    auto text = batch_text(lines, max_line);
    auto one = run_batch(text, 1, max_line);

    // Expected, line by line, without the batch machinery.
    const auto& rules = psoas();
    StatusWriter status(rules);
    std::vector<std::string> expected;
    std::size_t number = 0, failed = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.size() > max_line) {
            expected.push_back(std::to_string(number) + " error|");
            ++failed;
            continue;
        }
        auto facts = read_facts_json(rules, line);
        if (!facts.ok()) {
            expected.push_back(std::to_string(number) + " error|" +
                               render_fact_problems_json(facts.errors));
            ++failed;
            continue;
        }
        std::string out;
        status.append(out, rules.evaluate(*facts.facts), *facts.facts, number);
        expected.push_back(out + "|");
    }
    REQUIRE(one.outputs.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        // The line over the limit: its problem names the limit and the line's length.
        if (expected[i].ends_with(" error|")) {
            CHECK_THAT(one.outputs[i], Catch::Contains("over the limit of 4096 bytes"));
            CHECK(one.outputs[i].starts_with(expected[i]));
        } else {
            CHECK(one.outputs[i] == expected[i]);
        }
    }
    CHECK(one.result.lines == lines);
    CHECK(one.result.patients == expected.size());
    CHECK(one.result.failed == failed);
    CHECK_FALSE(one.result.read_error);
    // Progress after every block, growing, ending at every patient.
    REQUIRE(one.progress.size() >= 2);
    CHECK(std::is_sorted(one.progress.begin(), one.progress.end()));
    CHECK(one.progress.back() == one.result.patients);

    for (unsigned threads : {2u, 3u}) {
        auto many = run_batch(text, threads, max_line);
        // The first line that differs, not the whole batch: Catch2 took over ten minutes to
        // print two vectors of thousands of status lines when they differed.
        REQUIRE(many.outputs.size() == one.outputs.size());
        auto [got, wanted] =
            std::mismatch(many.outputs.begin(), many.outputs.end(), one.outputs.begin());
        INFO(threads << " threads: line " << (got - many.outputs.begin()) + 1 << " of "
                     << many.outputs.size() << " differs from one thread's");
        CHECK(got == many.outputs.end());
        if (got != many.outputs.end()) CHECK(*got == *wanted);
        CHECK(many.result.failed == one.result.failed);
    }
}

TEST_CASE("a JSON Lines block ends once 4 MiB of text is read, so long lines bound memory") {
    // 200 patients of 100 kB each (an empty object padded with blanks): blocks of at most
    // 42 lines, each followed by a progress call.
    std::string line = "{" + std::string(100'000, ' ') + "}\n";
    std::string text;
    for (int i = 0; i < 200; ++i) text += line;
    auto run = run_batch(text, 2, 1 << 20);
    CHECK(run.result.patients == 200);
    CHECK(run.result.failed == 0);
    REQUIRE(run.progress.size() >= 200 / 42);
    std::size_t before = 0;
    for (auto done : run.progress) {
        CHECK(done - before <= 42);
        before = done;
    }
}

TEST_CASE("an empty batch has no patients, and a renderer's exception ends the batch") {
    auto empty = run_batch("\n \n\t\n", 2, 4096);
    CHECK(empty.result.patients == 0);
    CHECK(empty.result.lines == 3);
    CHECK(empty.outputs.empty());

    const auto& rules = psoas();
    std::istringstream in(batch_text(3000, 4096));
    std::size_t written = 0;
    CHECK_THROWS_WITH(evaluate_json_lines(
                          rules, in,
                          [&](const JsonLinesPatient& p, std::string&, std::string&) -> bool {
                              if (p.line == 1500)
                                  throw std::runtime_error("renderer failed at line 1500");
                              return true;
                          },
                          [&](std::string_view, std::string_view) { ++written; }, {2, 4096, {}}),
                      "renderer failed at line 1500");
    // The block holding line 1500 is never written, nor any after it.
    CHECK(written < 1500);
}

TEST_CASE(
    "a status line holds every status, the fired conclusions, the facts needed next "
    "and the audit") {
    const auto& rules = psoas();
    StatusWriter status(rules);
    for (const auto& line : example_lines()) {
        auto facts = read_facts_json(rules, line);
        REQUIRE(facts.ok());
        auto evaluation = rules.evaluate(*facts.facts);
        std::string out;
        status.append(out, evaluation, *facts.facts, 7);
        INFO(out);
        CHECK(out.find('\n') == std::string::npos);
        auto j = nlohmann::json::parse(out);
        CHECK(j.at("line") == 7);
        std::vector<std::string> fired;
        REQUIRE(j.at("statuses").size() == rules.conclusions().size());
        for (ConclusionIndex c = 0; c < rules.conclusions().size(); ++c) {
            const auto& name = rules.conclusions()[c].name;
            CHECK(j.at("statuses").at(name) == std::string(to_string(evaluation.status(c))));
            if (evaluation.status(c) == ConclusionStatus::fired) fired.push_back(name);
        }
        CHECK(j.at("fired") == fired);
        std::vector<std::string> needed;
        for (auto f : evaluation.needed()) needed.push_back(rules.facts()[f].name);
        CHECK(j.at("needed") == needed);
        CHECK(j.at("source_sha256") == rules.source_hash());
        CHECK(j.at("rule_set") == rules.name());
        CHECK(j.at("version") == rules.version());
        CHECK_FALSE(j.contains("overrides"));
        CHECK_FALSE(j.contains("warnings"));
    }
}

TEST_CASE("a status line names overridden parameters and the facts lenient reading dropped") {
    CompileOptions options;
    options.overrides.push_back({"knee_flexion_min", "75 deg"});
    auto compiled = load(ilio::testing::psoas_rules_path(), options);
    REQUIRE(compiled.ok());
    const auto& rules = *compiled.rule_set;
    auto facts = read_facts_json(rules, R"({"thomas.knee_flexion.left": 9000})", {true});
    REQUIRE(facts.ok());
    std::string out;
    StatusWriter(rules).append(out, rules.evaluate(*facts.facts), *facts.facts);
    auto j = nlohmann::json::parse(out);
    CHECK_FALSE(j.contains("line"));
    REQUIRE(j.contains("overrides"));
    CHECK(j.at("overrides").size() == 1);
    CHECK(j.at("overrides")[0].at("name") == "knee_flexion_min");
    CHECK(j.at("overrides")[0].at("value") == "75 deg");
    REQUIRE(j.contains("warnings"));
    CHECK(j.at("warnings")[0].at("fact") == "thomas.knee_flexion.left");
    // The dropped fact is unknown, never a pass: it is among the facts needed next.
    auto needed = j.at("needed").get<std::vector<std::string>>();
    CHECK(std::find(needed.begin(), needed.end(), "thomas.knee_flexion.left") != needed.end());
}
