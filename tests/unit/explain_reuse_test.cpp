// explain() into a reused Explanation: patient after patient, in either detail, the result must
// equal a fresh explanation field by field. A field the reuse forgets to overwrite keeps the
// previous patient's value, which these sequences of varied patients would show.

#include <filesystem>

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
