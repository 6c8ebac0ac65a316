// Named item lists (`items NAME = (…)`): a use is the same program as the items written out in
// place, in `any of`, `all of`, `at least N of` and a score's `each of`; an item listed twice, a
// list inside itself, and lists nested or expanded beyond the limits are clean errors; fmt lays
// the declaration out; an explanation names the list a condition uses.

#include <string>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "ilio/format.hpp"
#include "ilio/ilio.hpp"
#include "ilio/rule_set.hpp"

namespace {

const std::string head = R"(ruleset t version "1.0.0"
fact a : bool ask "A?"
fact b : bool ask "B?"
fact c : integer count in [0, 10] ask "C?"
fact d : one of {x, y, z} ask "D?"
)";

std::vector<ilio::Diagnostic> errors_of(const std::string& text) {
    std::vector<ilio::Diagnostic> out;
    for (auto& d : ilio::compile(text, {"t.ilio", {}}).diagnostics)
        if (d.severity == ilio::Severity::error) out.push_back(std::move(d));
    return out;
}

bool has_code(const std::vector<ilio::Diagnostic>& ds, std::string_view code) {
    return std::any_of(ds.begin(), ds.end(), [&](const auto& d) { return d.code == code; });
}

}  // namespace

TEST_CASE("a use of an item list compiles to the items written in place", "[items]") {
    auto with_lists = head + R"(
items signs = (a, not b)
items all_signs = (signs, c > 3, d in {x, y})
finding f "F" when at least 2 of all_signs because "x" cite "y"
finding g "G" when any of signs because "x" cite "y"
finding h "H" when all of (all_signs, c < 9) because "x" cite "y"
score s "S"
  +1.5 each of all_signs
  -1 when a
  cite "z"
finding k "K" when s >= 2 because "x" cite "y"
)";
    auto written_out = head + R"(
finding f "F" when at least 2 of (a, not b, c > 3, d in {x, y}) because "x" cite "y"
finding g "G" when any of (a, not b) because "x" cite "y"
finding h "H" when all of (a, not b, c > 3, d in {x, y}, c < 9) because "x" cite "y"
score s "S"
  +1.5 when a
  +1.5 when not b
  +1.5 when c > 3
  +1.5 when d in {x, y}
  -1 when a
  cite "z"
finding k "K" when s >= 2 because "x" cite "y"
)";
    REQUIRE(ilio::compile(with_lists).ok());
    REQUIRE(ilio::compile(written_out).ok());
    CHECK(ilio::program_difference(with_lists, written_out).empty());
}

TEST_CASE("an item listed twice is an error unless weighted on purpose in a score", "[items]") {
    CHECK(has_code(errors_of(head + "finding f \"F\" when at least 2 of (a, a, b)\n"), "E079"));
    // The same test written two ways is the same item.
    CHECK(has_code(errors_of(head + "finding f \"F\" when any of (c > 3, c>3)\n"), "E079"));
    CHECK(has_code(errors_of(head + "items p = (a, b)\nitems q = (b, c > 1)\n"
                                    "finding f \"F\" when any of (p, q)\n"),
                   "E079"));
    CHECK(has_code(errors_of(head + "items p = (a, b)\nfinding f \"F\" when any of (p, p)\n"),
                   "E079"));
    CHECK(has_code(errors_of(head + "score s \"S\" +1 each of (a, a)\n"
                                    "finding f \"F\" when s >= 1\n"),
                   "E079"));
    // A score may give an item of a list more points with a part of its own.
    auto weighted = errors_of(head +
                              "items p = (a, b)\nscore s \"S\" +1 each of p +1 when a\n"
                              "finding f \"F\" when s >= 1\n");
    CHECK(weighted.empty());
    // Reported once, where the list is declared, however often it is used.
    auto repeated = errors_of(head +
                              "items p = (a, a)\nfinding f \"F\" when any of p\n"
                              "finding g \"G\" when all of p\n");
    CHECK(std::count_if(repeated.begin(), repeated.end(),
                        [](const auto& d) { return d.code == "E079"; }) == 1);
}

TEST_CASE("an item list inside itself is a cycle error with its path", "[items]") {
    auto ds = errors_of(head +
                        "items p = (a, q)\nitems q = (b, r)\nitems r = (c > 1, p)\n"
                        "finding f \"F\" when any of p\n");
    REQUIRE(has_code(ds, "E090"));
    auto cycle = std::find_if(ds.begin(), ds.end(), [](const auto& d) { return d.code == "E090"; });
    CHECK_THAT(cycle->message, Catch::Contains("item list `p` → item list `q` → item list `r` → "
                                               "item list `p`"));
    CHECK(cycle->notes.size() == 2);
    // No spurious duplicates from going round the cycle.
    CHECK_FALSE(has_code(ds, "E079"));
    // A list used inside one of its own items is a cycle too, not an empty list.
    ds = errors_of(head + "items p = (a, any of p)\nfinding f \"F\" when all of p\n");
    REQUIRE(has_code(ds, "E090"));
    CHECK_THAT(ds.front().message, Catch::Contains("item list `p` → item list `p`"));
}

TEST_CASE("item lists nested or expanded beyond the limits are clean errors", "[items]") {
    auto chain = [](int lists) {
        std::string text = head;
        for (int i = 0; i < lists; ++i)
            text += fmt::format("items l{} = (c = {}, l{})\n", i, i % 11, i + 1);
        text += fmt::format("items l{} = (a)\nfinding f \"F\" when any of l0\n", lists);
        return text;
    };
    // Lists nested 300 deep, and a chain of 5,000: E006, and no stack exhausted.
    CHECK(has_code(errors_of(chain(300)), "E006"));
    CHECK(has_code(errors_of(chain(5000)), "E006"));
    // A large list used many times: E007, once, rather than memory exhausted.
    std::string big =
        "ruleset t version \"1.0.0\"\nfact x : integer count in [0, 5000] ask \"X?\"\n"
        "items big = (x = 0";
    for (int i = 1; i < 2000; ++i) big += fmt::format(", x = {}", i);
    big += ")\n";
    for (int i = 0; i < 60; ++i) big += fmt::format("finding f{} \"F\" when any of big\n", i);
    auto ds = errors_of(big);
    CHECK(std::count_if(ds.begin(), ds.end(), [](const auto& d) { return d.code == "E007"; }) == 1);
    // Lists that each name the one before twice double at every level: 2^40 items. E007 once,
    // and the walk stops at the limit rather than visiting every copy (found by fuzzing).
    std::string doubling = head + "items l0 = (a, b)\n";
    for (int i = 1; i < 40; ++i)
        doubling += fmt::format("items l{} = (l{}, l{})\n", i, i - 1, i - 1);
    doubling += "finding f \"F\" when any of l39\n";
    ds = errors_of(doubling);
    CHECK(std::count_if(ds.begin(), ds.end(), [](const auto& d) { return d.code == "E007"; }) == 1);
}

TEST_CASE("the name after `of` must be an item list of the right kind", "[items]") {
    auto ds = errors_of(head + "items signs = (a, b)\nfinding f \"F\" when any of sign\n");
    REQUIRE(has_code(ds, "E030"));
    CHECK_THAT(ds.front().message, Catch::Contains("did you mean `signs`?"));
    ds = errors_of(head + "finding f \"F\" when all of a\n");
    REQUIRE(has_code(ds, "E050"));
    CHECK_THAT(ds.front().message, Catch::Contains("`a` is a fact, not an item list"));
    ds = errors_of(head + "items signs = (a, b)\nfinding f \"F\" when signs\n");
    REQUIRE(has_code(ds, "E050"));
    CHECK_THAT(ds.front().message, Catch::Contains("`signs` is an item list, not a condition"));
}

TEST_CASE("a suggestion for an undefined name offers only a name that fits the place",
          "[diagnostics]") {
    auto ds = errors_of(
        "ruleset t version \"1.0.0\"\nstep s \"S\"\n"
        "fact pain : bool ask \"P?\"\ncriterion b \"B\" when a = yes\n");
    REQUIRE(has_code(ds, "E030"));
    CHECK_THAT(ds.front().message, !Catch::Contains("did you mean `s`"));
    CHECK_THAT(ds.front().message, !Catch::Contains("did you mean `b`"));
    // A condition is offered a bool fact, never a number fact or a step of the same spelling.
    ds = errors_of(
        "ruleset t version \"1.0.0\"\nstep pian \"S\"\n"
        "fact paint : integer count in [0, 9] ask \"P?\"\n"
        "fact pain : bool ask \"P?\"\nfinding f \"F\" when pani\n");
    REQUIRE(has_code(ds, "E030"));
    CHECK_THAT(ds.front().message, Catch::Contains("did you mean `pain`?"));
    // The step is the closer spelling, but only the fact fits.
    ds = errors_of(
        "ruleset t version \"1.0.0\"\nstep stride \"S\"\n"
        "fact stridor : bool ask \"S?\"\nfinding f \"F\" when strid\n");
    REQUIRE(has_code(ds, "E030"));
    CHECK_THAT(ds.front().message, Catch::Contains("did you mean `stridor`?"));
}

TEST_CASE("messages name a kind with an article that agrees", "[diagnostics]") {
    auto ds = errors_of(head + "finding f \"F\" when c\n");
    REQUIRE(!ds.empty());
    CHECK_THAT(ds.front().message, Catch::Contains("`c` is an integer fact"));
    ds = errors_of(head + "items signs = (a, b)\nfact signs : bool\n");
    REQUIRE(has_code(ds, "E031"));
    CHECK_THAT(ds.front().message, Catch::Contains("already defined as an item list"));
}

TEST_CASE("fmt lays out an item list, aligned or hanging", "[items]") {
    auto text = head +
                "items   signs=(a,\n not b,c > 3)\n"
                "items hanging = (\n        a,  # first\n  b\n    )\n"
                "finding f \"F\" when any of signs\nfinding g \"G\" when all of hanging\n";
    auto once = ilio::format_rules(text, "t.ilio");
    REQUIRE(once.ok());
    CHECK_THAT(*once.text, Catch::Contains("items signs=(a,\n             not b, c > 3)\n"));
    CHECK_THAT(*once.text, Catch::Contains("items hanging = (\n    a,  # first\n    b\n)\n"));
    auto twice = ilio::format_rules(*once.text, "t.ilio");
    REQUIRE(twice.ok());
    CHECK(*twice.text == *once.text);
    CHECK(ilio::program_difference(text, *once.text).empty());
}

TEST_CASE("the explanation names the item list a condition uses, with its items below", "[items]") {
    auto loaded = ilio::load(std::string(ILIO_SOURCE_DIR) + "/tests/language/sore_throat.ilio");
    REQUIRE(loaded.ok());
    const auto& rules = *loaded.rule_set;
    // Young, two Centor criteria and no cough: at least 3 of strep_pointers holds; trismus
    // makes an airway red flag fire.
    auto facts =
        *ilio::read_facts_json(rules, R"({"throat.exudate": true, "throat.tender_nodes": true,
                                 "throat.fever": false, "throat.cough": false, "patient.age": 12,
                                 "airway.stridor": false, "airway.drooling": false,
                                 "airway.trismus": true})")
             .facts;
    auto explanation = ilio::explain(rules.evaluate(facts), facts);
    auto text = ilio::render_text(explanation);
    // The use as written, then the list's items one level deeper.
    CHECK_THAT(text, Catch::Contains("✓ at least 3 of strep_pointers\n"
                                     "    ✓ throat.exudate is true\n"));
    CHECK_THAT(text, Catch::Contains("✓ any of airway_red_flags\n"));
    auto markdown = ilio::render_markdown(explanation);  // which escapes `_`
    CHECK_THAT(markdown, Catch::Contains("at least 3 of strep\\_pointers\n"
                                         "  - ✓ throat.exudate is true"));
    CHECK_THAT(markdown, Catch::Contains("any of airway\\_red\\_flags"));
    auto json = ilio::render_json(explanation);
    CHECK_THAT(json, Catch::Contains(R"("text":"at least 3 of strep_pointers")"));
    CHECK_THAT(json, Catch::Contains(R"("text":"any of airway_red_flags")"));
    // A list written in place keeps the bare quantifier: its items are right below.
    auto inline_list = ilio::compile(head + R"(
finding f "F" when at least 2 of (a, not b, c > 3) because "x" cite "y"
)");
    REQUIRE(inline_list.ok());
    ilio::Facts some(*inline_list.rule_set);
    some.set_bool("a", true);
    some.set_bool("b", false);
    CHECK_THAT(ilio::render_text(ilio::explain(inline_list.rule_set->evaluate(some), some)),
               Catch::Contains("✓ at least 2 of\n"));
}
