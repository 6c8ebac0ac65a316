// explain() into a reused Explanation: patient after patient, in either detail, the result must
// equal a fresh explanation field by field. A field the reuse forgets to overwrite keeps the
// previous patient's value, which these sequences of varied patients would show.

#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "explain/derivation_reuse.hpp"
#include "random_facts.hpp"
#include "random_rules.hpp"
#include "test_support.hpp"

using namespace ilio;
namespace fs = std::filesystem;

namespace {

/// Explains `cases` random patients of `rules` into `reused`, alternating the detail at random,
/// and checks each against a fresh one; returns how many conclusions were compared.
std::size_t check_reuse(const RuleSet& rules, std::uint64_t seed, int cases, Explanation& reused) {
    ilio::testing::RandomFacts random(rules, seed);
    Evaluation evaluation;
    std::size_t compared = 0;
    for (int i = 0; i < cases; ++i) {
        auto facts = random.partial(random.probability());
        rules.evaluate(facts, evaluation);
        auto detail = random.probability() < 0.5 ? ExplainDetail::summary : ExplainDetail::full;
        explain(evaluation, facts, detail, reused);
        auto fresh = explain(evaluation, facts, detail);
        INFO("patient " << i << (detail == ExplainDetail::full ? " (full)" : " (summary)"));
        if (!(reused == fresh)) {
            // Name the first conclusion that differs, then fail on the whole.
            for (std::size_t c = 0; c < fresh.conclusions.size(); ++c)
                if (!(reused.conclusions[c] == fresh.conclusions[c])) {
                    INFO("first conclusion that differs: " << fresh.conclusions[c].name);
                    if (detail == ExplainDetail::full)
                        INFO(render_json(reused) << "\nfresh:\n" << render_json(fresh));
                    break;
                }
            REQUIRE(reused == fresh);
        }
        compared += fresh.conclusions.size();
    }
    return compared;
}

}  // namespace

TEST_CASE("an explanation reused from patient to patient equals a fresh one: shipped rule sets") {
    int cases = ilio::testing::property_cases(300);
    std::uint64_t seed = 21;
    // One Explanation for every rule set in turn: what an earlier rule set's explanation left
    // (more conclusions, other steps) must not show through either.
    Explanation reused;
    for (const char* rules_file : ilio::testing::shipped_rule_set_files) {
        auto compiled = load(fs::path(ILIO_SOURCE_DIR) / rules_file);
        REQUIRE(compiled.ok());
        INFO(rules_file);
        CHECK(check_reuse(*compiled.rule_set, seed++, cases, reused) >=
              static_cast<std::size_t>(cases) * compiled.rule_set->conclusions().size());
    }
}

TEST_CASE("an explanation reused from patient to patient equals a fresh one: random rule sets") {
    int rule_sets = std::max(4, ilio::testing::property_cases(3000) / 100), compiled_sets = 0;
    for (int seed = 1; seed <= rule_sets; ++seed) {
        ilio::testing::RandomRules generator(static_cast<unsigned>(seed) + 2000);
        auto text = generator.rules();
        auto compiled = compile(text);
        if (!compiled.ok()) continue;  // e.g. a comparison the checker rejects
        ++compiled_sets;
        INFO(text);
        Explanation reused;
        check_reuse(*compiled.rule_set, static_cast<std::uint64_t>(seed), 20, reused);
    }
    CHECK(compiled_sets * 2 > rule_sets);
}

namespace {

/// Explains `cases` random patients of `rules` in full with derivations copied from earlier
/// trees and with every one built, which must be equal; returns the derivations copied.
std::size_t check_copied_derivations(const RuleSet& rules, std::uint64_t seed, int cases) {
    auto& reuse = detail::thread_derivation_reuse();
    ilio::testing::RandomFacts random(rules, seed);
    Evaluation evaluation;
    Explanation copied, built;
    std::size_t copies = 0;
    for (int i = 0; i < cases; ++i) {
        auto facts = random.partial(random.probability());
        rules.evaluate(facts, evaluation);
        reuse.enable(false);
        explain(evaluation, facts, ExplainDetail::full, built);
        CHECK(reuse.copies() == 0);
        reuse.enable(true);
        explain(evaluation, facts, ExplainDetail::full, copied);
        copies += reuse.copies();
        INFO("patient " << i);
        if (!(copied == built)) {
            INFO(render_json(copied, 2) << "\nbuilt:\n" << render_json(built, 2));
            REQUIRE(copied == built);
        }
    }
    return copies;
}

/// Criteria in a chain twenty deep (deeper than the sixteen expansions a tree shows), and
/// conclusions reading them so that a criterion is met again after one it reads, and at other
/// depths: where a copy must not be taken.
std::string chained_rules() {
    std::string out =
        "ruleset chain version \"1.0.0\" title \"chain\" source \"s\"\n"
        "fact x : number deg in [0, 30] \"x\" ask \"x?\"\n"
        "fact b : bool \"b\" ask \"b?\"\n"
        "criterion c0 \"c0\" when x > 1 deg\n  pass \"p\" fail \"f\" cite \"g\"\n";
    for (int c = 1; c < 20; ++c)
        out += fmt::format(
            "criterion c{} \"c{}\" when {} c{} or x > {} deg\n  pass \"p\" fail \"f\" cite \"g\"\n",
            c, c, c % 3 == 0 ? "b and" : "", c - 1, c + 1);
    // c5 first: derived whole at the top of its tree, then met fourteen deep under c19, where
    // the depth limit cuts it short.
    const char* conditions[] = {"c5",         "c19",       "c3 and c7", "c7",
                                "c7 and c3",  "c18 or c2", "not c12",   "c2",
                                "c12 and c4", "c19 or b",  "c16"};
    int k = 0;
    for (const char* condition : conditions)
        out += fmt::format("finding k{} \"k{}\" when {} because \"b\" cite \"c\"\n", k, k++,
                           condition);
    return out;
}

}  // namespace

TEST_CASE("a criterion's derivation copied from an earlier tree equals one built there") {
    int cases = ilio::testing::property_cases(300);
    std::uint64_t seed = 41;
    std::size_t psoas_copies = 0;
    for (const char* rules_file : ilio::testing::shipped_rule_set_files) {
        auto compiled = load(fs::path(ILIO_SOURCE_DIR) / rules_file);
        REQUIRE(compiled.ok());
        INFO(rules_file);
        auto copies = check_copied_derivations(*compiled.rule_set, seed++, cases);
        if (std::string_view(rules_file).find("psoas") != std::string_view::npos)
            psoas_copies += copies;
    }
    // Most of a psoas explanation's criteria are read by several trees.
    CHECK(psoas_copies > static_cast<std::size_t>(cases) * 10);

    auto chain = compile(chained_rules());
    INFO(chained_rules());
    REQUIRE(chain.ok());
    CHECK(check_copied_derivations(*chain.rule_set, seed++, cases) > 0);

    int rule_sets = std::max(4, ilio::testing::property_cases(3000) / 100);
    for (int s = 1; s <= rule_sets; ++s) {
        ilio::testing::RandomRules generator(static_cast<unsigned>(s) + 3000);
        for (const auto& text : {generator.rules(), generator.visits_and_sides()}) {
            auto compiled = compile(text);
            if (!compiled.ok()) continue;  // e.g. a comparison the checker rejects
            INFO(text);
            check_copied_derivations(*compiled.rule_set, static_cast<std::uint64_t>(s), 20);
        }
    }
}
